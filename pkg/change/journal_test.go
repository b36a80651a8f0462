package change

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/atomicfile"
)

// before and after are a workspace before and after renumbering A-4 to
// the item's file moves, and a reference in another file changes.
var (
	before = map[string]string{
		"roadlog.yaml":     "version: 1\n",
		"backlog/A-1-x.md": "---\nid: A-1\ntitle: X\nstatus: idea\ndepends_on: [A-4]\n---\n",
		"backlog/A-4-y.md": "---\nid: A-4\ntitle: Y\nstatus: idea\n---\nBody.\n",
	}
	after = map[string]string{
		"roadlog.yaml":       "version: 1\n",
		"backlog/A-1-x.md":   "---\nid: A-1\ntitle: X\nstatus: idea\ndepends_on: [A-400]\n---\n",
		"backlog/A-400-y.md": "---\nid: A-400\ntitle: Y\nstatus: idea\n---\nBody.\n",
	}
)

// interrupted leaves dir as a renumber that a crash stopped would: every
// new content staged, the journal written, and the first applied entries
// of the journal done.
func interrupted(t *testing.T, dir string, applied int) {
	t.Helper()
	writeTree(t, dir, before)
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	j := &journal{Version: 1}
	for _, p := range []string{"backlog/A-1-x.md", "backlog/A-400-y.md"} {
		tmp, err := atomicfile.Stage(r, p, []byte(after[p]), 0o644)
		if err != nil {
			t.Fatal(err)
		}
		e := journalEntry{Path: p, Temp: tmp, New: digest([]byte(after[p]))}
		if old, ok := before[p]; ok {
			e.Old = digest([]byte(old))
		}
		j.Files = append(j.Files, e)
	}
	j.Files = append(j.Files, journalEntry{Path: "backlog/A-4-y.md", Old: digest([]byte(before["backlog/A-4-y.md"]))})
	if err := writeJournal(r, j); err != nil {
		t.Fatal(err)
	}
	if err := apply(r, j.Files[:applied]); err != nil {
		t.Fatal(err)
	}
}

// TestRecoverRollsForward checks that an edit interrupted at any point
// after its journal was written ends as the edit meant, with no journal
// and no temporary file left (issue 9, item 16).
func TestRecoverRollsForward(t *testing.T) {
	for applied := range 4 {
		dir := t.TempDir()
		interrupted(t, dir, applied)
		done, err := Recover(t.Context(), dir)
		if err != nil {
			t.Fatalf("%d applied: %v", applied, err)
		}
		wantDone := []string{"backlog/A-1-x.md", "backlog/A-400-y.md", "backlog/A-4-y.md"}[applied:]
		if !slices.Equal(wantDone, done) {
			t.Errorf("%d applied: recovered %q, want %q", applied, done, wantDone)
		}
		if diff := cmp.Diff(after, tree(t, dir)); diff != "" {
			t.Errorf("%d applied: workspace (-want +got)\n%s", applied, diff)
		}
	}
}

// TestRecoverWithoutJournalWritesNothing checks that a workspace with no
// interrupted edit gets nothing written, not even .roadlog/, so that read
// commands work on a read-only checkout.
func TestRecoverWithoutJournalWritesNothing(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, before)
	done, err := Recover(t.Context(), dir)
	if err != nil || done != nil {
		t.Fatalf("Recover = %v, %v", done, err)
	}
	if _, err := os.Lstat(filepath.Join(dir, ".roadlog")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf(".roadlog was created: %v", err)
	}
}

// TestRecoverRefuses checks journals that must not be acted on: a file
// changed since the crash, a journal that names a path outside what
// roadlog edits, and one that cannot be read. Nothing is changed and the
// journal stays.
func TestRecoverRefuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		change  func(t *testing.T, dir string)
		wantErr string
	}{
		{
			name: "file changed since",
			change: func(t *testing.T, dir string) {
				t.Helper()
				writeTree(t, dir, map[string]string{"backlog/A-1-x.md": "changed by hand\n"})
			},
			wantErr: "an edit of several files was interrupted and cannot be finished: backlog/A-1-x.md changed since; nothing was changed. " +
				"Check the files .roadlog/journal lists (the temporary files beside them hold the new text), then remove .roadlog/journal",
		},
		{
			name: "staged file lost",
			change: func(_ *testing.T, dir string) {
				matches, _ := filepath.Glob(filepath.Join(dir, "backlog", ".A-400-y.md.roadlog-*.tmp"))
				for _, m := range matches {
					_ = os.Remove(m)
				}
			},
			wantErr: "an edit of several files was interrupted and cannot be finished: backlog/A-400-y.md changed since; nothing was changed. " +
				"Check the files .roadlog/journal lists (the temporary files beside them hold the new text), then remove .roadlog/journal",
		},
		{
			name: "path into .git",
			change: func(t *testing.T, dir string) {
				t.Helper()
				writeTree(t, dir, map[string]string{".roadlog/journal": `{"version": 1, "files": [{"path": ".git/config", "old": "x", "new": ""}]}`})
			},
			wantErr: `an edit of several files was interrupted and cannot be finished: .roadlog/journal: ".git/config" is not a path roadlog edits; remove it, then check the files with roadlog validate and git status`,
		},
		{
			name: "path out of the workspace",
			change: func(t *testing.T, dir string) {
				t.Helper()
				writeTree(t, dir, map[string]string{".roadlog/journal": `{"version": 1, "files": [{"path": "../x", "old": "x", "new": ""}]}`})
			},
			wantErr: `an edit of several files was interrupted and cannot be finished: .roadlog/journal: "../x" is not a path roadlog edits; remove it, then check the files with roadlog validate and git status`,
		},
		{
			name: "temporary file elsewhere",
			change: func(t *testing.T, dir string) {
				t.Helper()
				writeTree(t, dir, map[string]string{".roadlog/journal": `{"version": 1, "files": [{"path": "backlog/A-1-x.md", "temp": "roadlog.yaml", "old": "x", "new": "y"}]}`})
			},
			wantErr: `an edit of several files was interrupted and cannot be finished: .roadlog/journal: "roadlog.yaml" is not a temporary file for backlog/A-1-x.md; remove it, then check the files with roadlog validate and git status`,
		},
		{
			name: "removes roadlog.yaml",
			change: func(t *testing.T, dir string) {
				t.Helper()
				writeTree(t, dir, map[string]string{".roadlog/journal": `{"version": 1, "files": [{"path": "roadlog.yaml", "old": "` + digest([]byte(before["roadlog.yaml"])) + `", "new": ""}]}`})
			},
			wantErr: `an edit of several files was interrupted and cannot be finished: .roadlog/journal: "roadlog.yaml" is not a file roadlog removes; remove it, then check the files with roadlog validate and git status`,
		},
		{
			name: "not a plan file",
			change: func(t *testing.T, dir string) {
				t.Helper()
				writeTree(t, dir, map[string]string{".roadlog/journal": `{"version": 1, "files": [{"path": "Makefile", "old": "x", "new": ""}]}`})
			},
			wantErr: `an edit of several files was interrupted and cannot be finished: .roadlog/journal: "Makefile" is not a path roadlog edits; remove it, then check the files with roadlog validate and git status`,
		},
		{
			name: "through a symlinked folder into .git",
			change: func(t *testing.T, dir string) {
				t.Helper()
				writeTree(t, dir, map[string]string{".git/hooks/x.md": "x\n", ".roadlog/journal": `{"version": 1, "files": [{"path": "hooks/x.md", "old": "` + digest([]byte("x\n")) + `", "new": ""}]}`})
				if err := os.Symlink(".git/hooks", filepath.Join(dir, "hooks")); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: `an edit of several files was interrupted and cannot be finished: .roadlog/journal: write hooks/x.md: roadlog does not write plan files into .git or .roadlog (the folder is .git/hooks); remove it, then check the files with roadlog validate and git status`,
		},
		{
			name: "garbage",
			change: func(t *testing.T, dir string) {
				t.Helper()
				writeTree(t, dir, map[string]string{".roadlog/journal": "\x00\x01"})
			},
			wantErr: "an edit of several files was interrupted and cannot be finished: .roadlog/journal cannot be read; remove it, then check the files with roadlog validate and git status",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			interrupted(t, dir, 0)
			tc.change(t, dir)
			want := tree(t, dir)
			_, err := Recover(t.Context(), dir)
			var ie *InterruptedError
			if !errors.As(err, &ie) || err.Error() != tc.wantErr {
				t.Fatalf("error:\n got %v\nwant %s", err, tc.wantErr)
			}
			if diff := cmp.Diff(want, tree(t, dir)); diff != "" {
				t.Errorf("changed the workspace (-want +got)\n%s", diff)
			}
			// Begin refuses the same way: no edit on top of it.
			if s, err := Begin(t.Context(), dir, time.Time{}); err == nil {
				s.Close()
				t.Error("Begin went ahead")
			}
		})
	}
}

// TestCommitSeveralFiles checks that a multi-file edit writes every file,
// removes what it removes, and leaves no journal or temporary file.
func TestCommitSeveralFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, before)
	s, err := Begin(t.Context(), dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for p, c := range after {
		s.Write(p, []byte(c))
	}
	s.Remove("backlog/A-4-y.md")
	if err := s.Commit(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(after, tree(t, dir)); diff != "" {
		t.Errorf("workspace (-want +got)\n%s", diff)
	}
}

// TestReadOnlyCheckout checks a checkout nobody may write to: without a
// journal, Recover writes nothing and succeeds; with one, it says that the
// interrupted edit cannot be finished and changes nothing. As root, file
// modes do not stop writes, so the test does not run.
func TestReadOnlyCheckout(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to read-only folders")
	}
	chmodAll := func(dir string, writable bool) {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			mode := fs.FileMode(0o444)
			if d.IsDir() {
				mode = 0o555
			}
			if writable {
				mode |= 0o200
			}
			return os.Chmod(p, mode)
		})
	}

	clean := t.TempDir()
	writeTree(t, clean, before)
	chmodAll(clean, false)
	t.Cleanup(func() { chmodAll(clean, true) })
	if done, err := Recover(t.Context(), clean); err != nil || done != nil {
		t.Errorf("Recover = %v, %v", done, err)
	}
	if _, err := os.Lstat(filepath.Join(clean, ".roadlog")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf(".roadlog: %v", err)
	}

	dir := t.TempDir()
	interrupted(t, dir, 1)
	_ = os.Remove(filepath.Join(dir, ".roadlog", "lock"))
	want := tree(t, dir)
	chmodAll(dir, false)
	t.Cleanup(func() { chmodAll(dir, true) })
	_, err := Recover(t.Context(), dir)
	var ie *InterruptedError
	if !errors.As(err, &ie) || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Recover: %v, want an InterruptedError for a permission error", err)
	}
	if diff := cmp.Diff(want, tree(t, dir)); diff != "" {
		t.Errorf("changed the workspace (-want +got)\n%s", diff)
	}
}

// TestCommitPutsBack checks that when a rename fails half-way through a
// multi-file edit, the files already renamed are put back, and no journal
// or temporary file is left: a failed edit leaves every file untouched.
func TestCommitPutsBack(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, before)
	// A folder where the edit wants a file: renaming over it fails.
	writeTree(t, dir, map[string]string{"backlog/B-1.md/keep": "x"})
	want := tree(t, dir)
	s, err := Begin(t.Context(), dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Write("backlog/A-1-x.md", []byte(after["backlog/A-1-x.md"]))
	s.Write("backlog/B-1.md", []byte("---\nid: B-1\ntitle: B\nstatus: idea\n---\n"))
	err = s.Commit(t.Context(), true)
	if err == nil || !strings.HasPrefix(err.Error(), "write backlog/B-1.md: ") {
		t.Fatalf("Commit: %v, want a failure to write backlog/B-1.md", err)
	}
	if diff := cmp.Diff(want, tree(t, dir)); diff != "" {
		t.Errorf("workspace (-want +got)\n%s", diff)
	}
}
