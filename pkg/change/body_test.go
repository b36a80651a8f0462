package change

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/testws"
)

// TestBodyEdits checks that each body edit keeps the front matter and
// everything else byte for byte, and the file's line endings.
func TestBodyEdits(t *testing.T) {
	front := "---\r\n# keep\r\nid: A-1\r\ntitle:  'Pay'\r\nstatus: idea\r\nrank: i\r\n---\r\n"
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"roadlog.yaml":     workspaceFiles["roadlog.yaml"],
		"backlog/A-1-p.md": front + "Text.\r\n\r\n- [ ] One\r\n- [ ] Two\r\n",
		"roadmap.yaml":     workspaceFiles["roadmap.yaml"],
	})
	s, err := Begin(t.Context(), dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := Find(s.WS, "A-1")
	if err != nil {
		t.Fatal(err)
	}
	tick, err := s.Check(r, "two", true)
	if err != nil || tick.N != 2 || tick.Already {
		t.Fatalf("Check = %+v, %v", tick, err)
	}
	note := Note{Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Author: "Zoë", Text: "it's done\nreally"}
	if err := s.AddNote(r, note); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Content("backlog/A-1-p.md")
	want := front + "Text.\r\n\r\n- [ ] One\r\n- [x] Two\r\n\r\n## Notes\r\n\r\n- 2026-12-01, Zoë: it's done\r\n  really\r\n"
	if d := cmp.Diff(want, string(got)); d != "" {
		t.Errorf("after check and note (-want +got):\n%s", d)
	}
	if err := s.SetBody(r, "New\nbody"); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Content("backlog/A-1-p.md")
	if want := front + "New\r\nbody\r\n"; string(got) != want {
		t.Errorf("after SetBody: %q, want %q", got, want)
	}
	if err := s.Commit(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	init1, _ := Find(s.WS, "INIT-1")
	var input *InputError
	for name, err := range map[string]error{
		"body of a list entry": s.SetBody(init1, "x"),
		"not UTF-8":            s.SetBody(r, "caf\xe9"),
		"empty note":           s.AddNote(r, Note{Text: " \n"}),
		"author with a break":  s.AddNote(r, Note{Author: "a\nb", Text: "x"}),
		"check a list entry":   second(s.Check(init1, "1", true)),
		"no such criterion":    second(s.Check(r, "9", true)),
	} {
		if !errors.As(err, &input) {
			t.Errorf("%s: %v, want an InputError", name, err)
		}
	}
}

// TestBodyEditReadOnlyFolder checks that a body edit in a folder that
// cannot be written fails with the permission error and leaves the file
// as it was. Root writes anyway: CI runs it again as nobody (.ci/run).
func TestBodyEditReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to read-only folders")
	}
	dir := t.TempDir()
	writeTree(t, dir, workspaceFiles)
	want := tree(t, dir)
	backlog := filepath.Join(dir, "backlog")
	if err := os.Chmod(backlog, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(backlog, 0o755) })
	s, err := Begin(t.Context(), dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, _ := Find(s.WS, "A-2")
	if err := s.AddNote(r, Note{Author: "a", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(t.Context(), false); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Commit: %v, want a permission error", err)
	}
	got := tree(t, dir)
	delete(got, ".roadlog/lock")
	delete(want, ".roadlog/lock")
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changed the workspace (-want +got):\n%s", d)
	}
}

// BenchmarkNote adds a note to one item of a generated workspace of
// 10,000 items: lock, load, edit, validate before and after, write.
// Run it with: go test ./pkg/change -run '^$' -bench Note -benchtime 5x
func BenchmarkNote(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s, err := Begin(b.Context(), dir, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		id := s.WS.Items[len(s.WS.Items)/2].ID
		r, err := Find(s.WS, id)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.AddNote(r, Note{Date: s.Now, Author: "bench", Text: strings.Repeat("x", 40)}); err != nil {
			b.Fatal(err)
		}
		if err := s.Commit(b.Context(), false); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
