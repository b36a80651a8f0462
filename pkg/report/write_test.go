package report

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, c := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWriteDirStopped checks that a run stopped after it recorded what it
// is about to write (here: cancelled before writing any page) leaves a
// folder that the next run accepts and completes, removing the pages of
// the run before that the new site lacks.
func TestWriteDirStopped(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteDir(context.Background(), dir, Site{"index.html": []byte("1"), "records/A-1.html": []byte("a")}, false); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"mine.txt": "mine"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	next := Site{"index.html": []byte("2"), "records/B-1.html": []byte("b")}
	if _, err := WriteDir(ctx, dir, next, false); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled run: %v", err)
	}
	st, err := WriteDir(context.Background(), dir, next, false)
	if err != nil {
		t.Fatalf("the run after a stopped one: %v", err)
	}
	if d := cmp.Diff(WriteStats{Written: 2, Removed: 1}, st); d != "" {
		t.Errorf("stats (-want +got):\n%s", d)
	}
	want := map[string]string{
		"index.html": "2", "records/B-1.html": "b", "mine.txt": "mine",
		manifestName: manifestHeader + hashOf([]byte("2")) + "  index.html\n" + hashOf([]byte("b")) + "  records/B-1.html\n",
	}
	if d := cmp.Diff(want, readFiles(t, dir)); d != "" {
		t.Errorf("folder (-want +got):\n%s", d)
	}
	// Unchanged files are not written again.
	if st, err := WriteDir(context.Background(), dir, next, false); err != nil || !cmp.Equal(st, WriteStats{Unchanged: 2}) {
		t.Errorf("a run with nothing new: %+v, %v", st, err)
	}
}

// TestWriteDirManifest checks that a manifest names files inside the folder
// only: an entry that points elsewhere is ignored, and nothing outside is
// removed.
func TestWriteDirManifest(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	keep := hashOf([]byte("keep"))
	writeFiles(t, parent, map[string]string{
		"outside.txt": "keep",
		"site/" + manifestName: manifestHeader + keep + "  ../outside.txt\n" + keep + "  /etc/hostname\n" + keep + "  ./x\n" +
			hashOf([]byte("old")) + "  old.html\n\n# a comment\n",
		"site/old.html": "old",
	})
	if _, err := WriteDir(context.Background(), dir, Site{"index.html": []byte("1")}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(parent, "outside.txt")); err != nil {
		t.Error("a file outside the folder was removed")
	}
	if _, err := os.Stat(filepath.Join(dir, "old.html")); err == nil {
		t.Error("a listed file the site no longer has is still there")
	}
}

// TestWriteDirRemovesOnlyItsOwn checks that a file the last site had and
// this one lacks is removed only while its bytes are those roadlog wrote
// (review P2-10): a user's file added to the manifest by hand, a listed
// file someone changed, a file listed with no hash (an older roadlog) and
// a symlink stay, are reported, and leave the manifest; a page the site
// would replace that someone changed is not replaced without force.
func TestWriteDirRemovesOnlyItsOwn(t *testing.T) {
	dir := t.TempDir()
	first := Site{"index.html": []byte("1"), "records/A-1.html": []byte("a"), "records/A-2.html": []byte("a2")}
	if _, err := WriteDir(context.Background(), dir, first, false); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{
		"blog/post.html":   "my post",
		"records/A-2.html": "a2, edited by hand",
		"old.html":         "listed with no hash",
	})
	if err := os.Symlink("index.html", filepath.Join(dir, "link.html")); err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	// The hand-edit: the user's post listed, with a made-up hash and with
	// the hash of other bytes; an old-style line; the symlink with the
	// hash of what it points to.
	manifest = append(manifest, strings.Repeat("0", 64)+"  blog/post.html\n"+hashOf([]byte("a"))+"  blog/post.html\nold.html\n"+
		hashOf([]byte("1"))+"  link.html\n"...)
	writeFiles(t, dir, map[string]string{manifestName: string(manifest)})

	next := Site{"index.html": []byte("2")}
	st, err := WriteDir(context.Background(), dir, next, false)
	if err != nil {
		t.Fatal(err)
	}
	want := WriteStats{Written: 1, Removed: 1, Kept: []string{"blog/post.html", "link.html", "old.html", "records/A-2.html"}}
	if d := cmp.Diff(want, st); d != "" {
		t.Errorf("stats (-want +got):\n%s", d)
	}
	got := readFiles(t, dir)
	wantFiles := map[string]string{
		"index.html": "2", "blog/post.html": "my post", "records/A-2.html": "a2, edited by hand",
		"old.html": "listed with no hash", "link.html": "2",
		manifestName: manifestHeader + hashOf([]byte("2")) + "  index.html\n",
	}
	if d := cmp.Diff(wantFiles, got); d != "" {
		t.Errorf("folder (-want +got):\n%s", d)
	}

	// A page the site would replace, changed since roadlog wrote it, is
	// the user's now: refused without force, replaced with it.
	writeFiles(t, dir, map[string]string{"index.html": "2, edited"})
	var fe *ForeignError
	if _, err := WriteDir(context.Background(), dir, next, false); !errors.As(err, &fe) || !cmp.Equal(fe.Changed, []string{"index.html"}) || fe.Paths != nil {
		t.Fatalf("a changed page: %v", err)
	}
	if got := readFiles(t, dir)["index.html"]; got != "2, edited" {
		t.Fatalf("a refused run replaced index.html: %q", got)
	}
	if _, err := WriteDir(context.Background(), dir, next, true); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if got := readFiles(t, dir)["index.html"]; got != "2" {
		t.Errorf("--force left index.html %q", got)
	}
}

// TestWriteDirForeign checks what a folder roadlog did not write gets.
func TestWriteDirForeign(t *testing.T) {
	site := Site{"index.html": []byte("new")}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.html": "theirs", "notes.txt": "theirs"})
	var fe *ForeignError
	if _, err := WriteDir(context.Background(), dir, site, false); !errors.As(err, &fe) || fe.Paths != nil {
		t.Fatalf("a folder with no manifest: %v", err)
	}
	if got := readFiles(t, dir)["index.html"]; got != "theirs" {
		t.Fatalf("a refused run wrote index.html: %q", got)
	}
	if _, err := WriteDir(context.Background(), dir, site, true); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if got := readFiles(t, dir); got["index.html"] != "new" || got["notes.txt"] != "theirs" {
		t.Errorf("--force: %v", got)
	}
	// A folder holding only a killed run's temporary file counts as empty.
	dir = t.TempDir()
	writeFiles(t, dir, map[string]string{".roadlog-site.roadlog-0123456789ab.tmp": "half"})
	if _, err := WriteDir(context.Background(), dir, site, false); err != nil {
		t.Fatalf("a folder with a temporary file only: %v", err)
	}
	if _, ok := readFiles(t, dir)[".roadlog-site.roadlog-0123456789ab.tmp"]; ok {
		t.Error("the temporary file is left")
	}
}
