package report

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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
	if st != (WriteStats{Written: 2, Removed: 1}) {
		t.Errorf("stats %+v", st)
	}
	want := map[string]string{
		"index.html": "2", "records/B-1.html": "b", "mine.txt": "mine",
		manifestName: manifestHeader + "index.html\nrecords/B-1.html\n",
	}
	if d := cmp.Diff(want, readFiles(t, dir)); d != "" {
		t.Errorf("folder (-want +got):\n%s", d)
	}
	// Unchanged files are not written again.
	if st, err := WriteDir(context.Background(), dir, next, false); err != nil || st != (WriteStats{Unchanged: 2}) {
		t.Errorf("a run with nothing new: %+v, %v", st, err)
	}
}

// TestWriteDirManifest checks that a manifest names files inside the folder
// only: an entry that points elsewhere is ignored, and nothing outside is
// removed.
func TestWriteDirManifest(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	writeFiles(t, parent, map[string]string{
		"outside.txt":          "keep",
		"site/" + manifestName: manifestHeader + "../outside.txt\n/etc/hostname\n./x\nold.html\n\n# a comment\n",
		"site/old.html":        "old",
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
