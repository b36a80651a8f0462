package gitx

import (
	"context"
	"io/fs"
	"os/exec"
	"strings"
	"testing"

	"github.com/roadlog/roadlog/internal/gittest"
)

// IsBlob hashes as git hash-object does, in either object format.
func TestIsBlob(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	for _, content := range []string{"", "version: 1\n", "---\nid: A-1\n---\nbody\r\n", strings.Repeat("é", 5000)} {
		gittest.Write(t, dir, map[string]string{"f": content})
		oid := strings.TrimSpace(gittest.Git(t, dir, "hash-object", "--no-filters", "f"))
		if !IsBlob(oid, []byte(content)) {
			t.Errorf("IsBlob(%s, %q) = false, want true", oid, content)
		}
		if IsBlob(strings.ToUpper(oid), []byte(content)) != true {
			t.Errorf("IsBlob of an upper-case ID = false, want true")
		}
		if IsBlob(oid, []byte(content+"x")) {
			t.Errorf("IsBlob(%s) of other bytes = true, want false", oid)
		}
	}
	for _, bad := range []string{"", "abc", strings.Repeat("z", 40)} {
		if IsBlob(bad, nil) {
			t.Errorf("IsBlob(%q, nil) = true, want false", bad)
		}
	}
	// A repository in the SHA-256 format, where git supports it.
	sha := t.TempDir()
	if out, err := exec.Command("git", "-C", sha, "init", "-q", "--object-format=sha256").CombinedOutput(); err != nil {
		t.Logf("no SHA-256 repositories here: %v %s", err, out)
		return
	}
	gittest.Write(t, sha, map[string]string{"f": "version: 1\n"})
	oid := strings.TrimSpace(gittest.Git(t, sha, "hash-object", "--no-filters", "f"))
	if len(oid) != 64 || !IsBlob(oid, []byte("version: 1\n")) {
		t.Errorf("IsBlob(%s) in a SHA-256 repository = false, want true", oid)
	}
}

// Prefetch reads the files asked for in one request; reading them then
// asks git for nothing more, and a file not prefetched is read on demand.
func TestTreePrefetch(t *testing.T) {
	ctx := context.Background()
	dir := repo(t, map[string]string{
		"a.md": "same\n", "b.md": "same\n", "c.md": "other\n", "skip.txt": "not wanted\n",
	})
	c, err := New(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := c.Tree(ctx, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tree.Close() }()

	oid, ok := tree.OID("a.md")
	if want := strings.TrimSpace(gittest.Git(t, dir, "rev-parse", "HEAD:a.md")); !ok || oid != want {
		t.Errorf("OID(a.md) = %q, %v; want %s", oid, ok, want)
	}
	if _, ok := tree.OID("."); ok {
		t.Error("OID(.) is given, want none for a folder")
	}
	if _, ok := tree.OID("nope.md"); ok {
		t.Error("OID(nope.md) is given, want none")
	}

	if err := tree.Prefetch(func(p string, size int64) bool { return strings.HasSuffix(p, ".md") && size > 0 }); err != nil {
		t.Fatal(err)
	}
	if n := tree.Fetched(); n != 2 {
		t.Errorf("Fetched after Prefetch = %d, want 2 (a.md and b.md are one blob)", n)
	}
	for p, want := range map[string]string{"a.md": "same\n", "b.md": "same\n", "c.md": "other\n"} {
		got, err := fs.ReadFile(tree, p)
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", p, got, err, want)
		}
	}
	if n := tree.Fetched(); n != 2 {
		t.Errorf("Fetched after reading what was prefetched = %d, want 2", n)
	}
	if got, err := fs.ReadFile(tree, "skip.txt"); err != nil || string(got) != "not wanted\n" {
		t.Errorf("skip.txt = %q, %v", got, err)
	}
	if got, err := fs.ReadFile(tree, "a.md"); err != nil || string(got) != "same\n" {
		t.Errorf("a.md read again = %q, %v", got, err)
	}
	if n := tree.Fetched(); n != 4 {
		t.Errorf("Fetched = %d, want 4: what was not prefetched, or was read already, comes from git", n)
	}
}
