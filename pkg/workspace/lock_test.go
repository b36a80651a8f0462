package workspace

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/roadlog/roadlog/examples"
)

// mkfiles writes files (path → content) under dir.
func mkfiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, c := range files {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLockRefusesSymlinks checks that the lock never follows a symlink: a
// symlinked .roadlog or .roadlog/lock is refused with a message that says
// what to remove, and nothing is created where it points (issue 9, item 15).
func TestLockRefusesSymlinks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, ws, outside string)
		wantErr string
	}{
		{
			name: "symlinked .roadlog out of the workspace",
			setup: func(t *testing.T, ws, outside string) {
				t.Helper()
				symlink(t, outside, filepath.Join(ws, ".roadlog"))
			},
			wantErr: ".roadlog is a symlink; roadlog keeps its lock, journal and backups in a plain folder there: remove .roadlog and run the command again",
		},
		{
			name: "symlinked .roadlog inside the workspace",
			setup: func(t *testing.T, ws, _ string) {
				t.Helper()
				mkfiles(t, ws, map[string]string{"backlog/keep": ""})
				symlink(t, "backlog", filepath.Join(ws, ".roadlog"))
			},
			wantErr: ".roadlog is a symlink; roadlog keeps its lock, journal and backups in a plain folder there: remove .roadlog and run the command again",
		},
		{
			name: "dangling lock symlink",
			setup: func(t *testing.T, ws, outside string) {
				t.Helper()
				mkfiles(t, ws, map[string]string{".roadlog/.gitignore": "lock\n"})
				symlink(t, filepath.Join(outside, "made-by-lock"), filepath.Join(ws, ".roadlog", "lock"))
			},
			wantErr: ".roadlog/lock is a symlink; roadlog does not follow it: remove it and run the command again",
		},
		{
			name: "dangling lock symlink inside the workspace",
			setup: func(t *testing.T, ws, _ string) {
				t.Helper()
				mkfiles(t, ws, map[string]string{".roadlog/.gitignore": "lock\n"})
				symlink(t, "../made-by-lock", filepath.Join(ws, ".roadlog", "lock"))
			},
			wantErr: ".roadlog/lock is a symlink; roadlog does not follow it: remove it and run the command again",
		},
		{
			name: "lock symlink to a plan file",
			setup: func(t *testing.T, ws, _ string) {
				t.Helper()
				mkfiles(t, ws, map[string]string{".roadlog/.gitignore": "lock\n", "roadmap.yaml": "themes: []\n"})
				symlink(t, "../roadmap.yaml", filepath.Join(ws, ".roadlog", "lock"))
			},
			wantErr: ".roadlog/lock is a symlink; roadlog does not follow it: remove it and run the command again",
		},
		{
			name: ".roadlog is a file",
			setup: func(t *testing.T, ws, _ string) {
				t.Helper()
				mkfiles(t, ws, map[string]string{".roadlog": "x"})
			},
			wantErr: ".roadlog is not a folder; roadlog keeps its lock, journal and backups in a plain folder there: remove .roadlog and run the command again",
		},
		{
			name: "lock is a folder",
			setup: func(t *testing.T, ws, _ string) {
				t.Helper()
				mkfiles(t, ws, map[string]string{".roadlog/lock/x": ""})
			},
			wantErr: ".roadlog/lock is not a regular file: remove it and run the command again",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ws, outside := filepath.Join(dir, "ws"), filepath.Join(dir, "outside")
			mkfiles(t, ws, map[string]string{"roadlog.yaml": "version: 1\n"})
			mkfiles(t, outside, map[string]string{"keep": ""})
			tc.setup(t, ws, outside)
			unlock, err := Lock(t.Context(), ws, time.Second)
			if err == nil {
				unlock()
				t.Fatal("locked through a symlink")
			}
			if err.Error() != tc.wantErr {
				t.Errorf("error:\n got %s\nwant %s", err, tc.wantErr)
			}
			for _, p := range []string{
				filepath.Join(outside, "lock"), filepath.Join(outside, ".gitignore"), filepath.Join(outside, "made-by-lock"),
				filepath.Join(ws, "made-by-lock"), filepath.Join(ws, "backlog", "lock"),
			} {
				if _, err := os.Lstat(p); err == nil {
					t.Errorf("created %s", p)
				}
			}
			if b, err := os.ReadFile(filepath.Join(ws, "roadmap.yaml")); err == nil && string(b) != "themes: []\n" {
				t.Errorf("roadmap.yaml changed to %q", b)
			}
		})
	}
}

// TestLockLeavesGitIgnoreSymlink checks that a dangling .roadlog/.gitignore
// symlink is left alone, not written through (issue 9, item 15), and that
// a missing .gitignore is written.
func TestLockLeavesGitIgnoreSymlink(t *testing.T) {
	dir := t.TempDir()
	ws, outside := filepath.Join(dir, "ws"), filepath.Join(dir, "outside")
	mkfiles(t, ws, map[string]string{"roadlog.yaml": "version: 1\n", ".roadlog/keep": ""})
	mkfiles(t, outside, map[string]string{"keep": ""})
	symlink(t, filepath.Join(outside, "gi"), filepath.Join(ws, ".roadlog", ".gitignore"))
	unlock, err := Lock(t.Context(), ws, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	if _, err := os.Lstat(filepath.Join(outside, "gi")); err == nil {
		t.Error("wrote .gitignore through a dangling symlink")
	}

	fresh := filepath.Join(dir, "fresh")
	mkfiles(t, fresh, map[string]string{"roadlog.yaml": "version: 1\n"})
	unlock, err = Lock(t.Context(), fresh, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	got, err := os.ReadFile(filepath.Join(fresh, ".roadlog", ".gitignore"))
	if want := "lock\njournal\nbackup/\n.*.roadlog-*.tmp\n"; err != nil || string(got) != want {
		t.Errorf(".gitignore = %q, %v; want %q", got, err, want)
	}
}

// TestLockExcludes checks that a second lock waits for the first and gives
// up with ErrLocked, and is granted once the first is released.
func TestLockExcludes(t *testing.T) {
	ws := t.TempDir()
	mkfiles(t, ws, map[string]string{"roadlog.yaml": "version: 1\n"})
	unlock, err := Lock(t.Context(), ws, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if u, err := Lock(t.Context(), ws, 50*time.Millisecond); !errors.Is(err, ErrLocked) {
		if err == nil {
			u()
		}
		t.Fatalf("second lock: %v, want ErrLocked", err)
	}
	unlock()
	u, err := Lock(t.Context(), ws, time.Second)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	u()
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
}

// TestExampleGitIgnore checks that the sample workspace, which `roadlog init
// --example` writes, ignores what a lock would write into a new one.
func TestExampleGitIgnore(t *testing.T) {
	got, err := fs.ReadFile(examples.FS, examples.Default+"/.roadlog/.gitignore")
	if err != nil || string(got) != GitIgnore {
		t.Errorf("examples/%s/.roadlog/.gitignore = %q, %v; want %q", examples.Default, got, err, GitIgnore)
	}
}
