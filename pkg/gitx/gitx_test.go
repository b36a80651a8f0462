package gitx

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/gittest"
)

// repo makes a repository with files (path → content) committed on main,
// with git's identity and config isolated from the machine's.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := gittest.New(t)
	gittest.Write(t, dir, files)
	gittest.Commit(t, dir, "one")
	return dir
}

func TestCheckRev(t *testing.T) {
	for _, ok := range []string{"main", "HEAD~2", "origin/main", "v1.2.0", "a1b2c3d", "HEAD^{commit}", "@{u}", "feature/x-1"} {
		if err := CheckRev(ok); err != nil {
			t.Errorf("CheckRev(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "-x", "--upload-pack=x", "main..HEAD", "a b", "a;b", "$(x)", "main\n", "a:b"} {
		if err := CheckRev(bad); err == nil {
			t.Errorf("CheckRev(%q) = nil, want an error", bad)
		}
	}
}

// The tree of a commit is a proper fs.FS, relative to the client's folder,
// and serves what was committed, not the working tree.
func TestTree(t *testing.T) {
	ctx := context.Background()
	dir := repo(t, map[string]string{
		"plan/roadlog.yaml":       "version: 1\n",
		"plan/backlog/A-1-x.md":   "---\nid: A-1\n---\n",
		"plan/backlog/sub/A-2.md": "two\n",
		"other/file.txt":          "not in the plan\n",
	})
	if err := os.Symlink("../other/file.txt", filepath.Join(dir, "plan", "link.md")); err != nil {
		t.Fatal(err)
	}
	gittest.Commit(t, dir, "link")
	gittest.Write(t, dir, map[string]string{"plan/roadlog.yaml": "version: 2\n"}) // not committed

	c, err := New(ctx, filepath.Join(dir, "plan"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Prefix != "plan/" {
		t.Errorf("Prefix = %q, want plan/", c.Prefix)
	}
	tree, err := c.Tree(ctx, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := tree.Close(); err != nil {
			t.Error(err)
		}
	}()
	if err := fstest.TestFS(tree, "roadlog.yaml", "backlog/A-1-x.md", "backlog/sub/A-2.md", "link.md"); err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(tree, "roadlog.yaml")
	if err != nil || string(got) != "version: 1\n" {
		t.Errorf("roadlog.yaml = %q, %v; want the committed version", got, err)
	}
	if _, err := fs.Stat(tree, "other/file.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file outside the folder: %v, want not found", err)
	}
	fi, err := fs.Stat(tree, "link.md")
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("link.md: %v, %v; want a symlink that is not followed", fi, err)
	}
	if target, err := tree.ReadLink("link.md"); err != nil || target != "../other/file.txt" {
		t.Errorf("ReadLink = %q, %v", target, err)
	}
	if err := tree.Err(); err != nil {
		t.Errorf("Err = %v", err)
	}
}

func TestRevisions(t *testing.T) {
	ctx := context.Background()
	dir := repo(t, map[string]string{"a.txt": "1\n"})
	c, err := New(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	first := strings.TrimSpace(gittest.Git(t, dir, "rev-parse", "HEAD"))
	gittest.Git(t, dir, "checkout", "-q", "-b", "topic")
	gittest.Write(t, dir, map[string]string{"a.txt": "2\n"})
	gittest.Git(t, dir, "commit", "-q", "-am", "two")

	if got, err := c.Resolve(ctx, "main"); err != nil || got != first {
		t.Errorf("Resolve(main) = %q, %v; want %s", got, err, first)
	}
	if _, err := c.Resolve(ctx, "nope"); err == nil || !strings.Contains(err.Error(), `"nope" is not a commit`) {
		t.Errorf("Resolve(nope) = %v", err)
	}
	if _, err := c.Resolve(ctx, "--all"); err == nil || !strings.Contains(err.Error(), "is not a revision") {
		t.Errorf("Resolve(--all) = %v", err)
	}
	if b, err := c.DefaultBranch(ctx); err != nil || b != "main" {
		t.Errorf("DefaultBranch = %q, %v; want main", b, err)
	}
	head, _ := c.Resolve(ctx, "HEAD")
	if mb, err := c.MergeBase(ctx, first, head); err != nil || mb != first {
		t.Errorf("MergeBase = %q, %v; want %s", mb, err, first)
	}
	if c.Shallow(ctx) {
		t.Error("Shallow = true for a full repository")
	}

	gittest.Write(t, dir, map[string]string{"b.txt": "new\n", "ignored.log": "x\n", ".gitignore": "*.log\n"})
	got, err := c.Changed(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{".gitignore", "a.txt", "b.txt"}, got); diff != "" {
		t.Errorf("Changed (-want +got):\n%s", diff)
	}
}

func TestNotARepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
	dir := t.TempDir()
	_, err := New(context.Background(), dir)
	if !errors.Is(err, ErrNoGit) || !strings.Contains(err.Error(), "is not in a Git repository") {
		t.Errorf("New outside a repository = %v", err)
	}
}
