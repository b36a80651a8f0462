//go:build unix

package workspace

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// openSoon opens the workspace at root, failing the test if that does not
// finish: opening a FIFO blocks until something writes to it.
func openSoon(t *testing.T, root string) (*Workspace, error) {
	t.Helper()
	type result struct {
		ws  *Workspace
		err error
	}
	done := make(chan result, 1)
	go func() {
		ws, err := Open(context.Background(), root)
		done <- result{ws, err}
	}()
	select {
	case r := <-done:
		return r.ws, r.err
	case <-time.After(30 * time.Second):
		t.Fatal("Open did not return: it opened a FIFO or a device")
		return nil, nil
	}
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, c := range files {
		f := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSpecialFiles checks that FIFOs, sockets and symlinks to devices in
// the workspace are reported without being opened (issue 9: a FIFO as a
// record or plan file hung every command).
func TestSpecialFiles(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"roadlog.yaml":     "version: 1\n",
		"backlog/A-1-x.md": "---\nid: A-1\ntitle: X\nstatus: idea\n---\n",
	})
	for _, p := range []string{"backlog/A-2-pipe.md", "roadmap.yaml"} {
		if err := syscall.Mkfifo(filepath.Join(root, filepath.FromSlash(p)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("A-2-pipe.md", filepath.Join(root, "backlog", "A-3-to-pipe.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(root, "backlog", "A-4-zero.md")); err != nil {
		t.Fatal(err)
	}
	// A socket's path must be short: bind it from inside the folder.
	t.Chdir(filepath.Join(root, "backlog"))
	l, err := net.Listen("unix", "A-5-socket.md")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Close() }()

	ws, err := openSoon(t, root)
	if err != nil {
		t.Fatal(err)
	}
	if ws.Find("A-1") == nil {
		t.Error("A-1 was not read")
	}
	var got []string
	for _, d := range ws.Diagnostics {
		got = append(got, d.String())
	}
	const notFile = "; roadlog reads only regular files; remove it, or move it out of the workspace [parse]"
	want := []string{
		"backlog/A-2-pipe.md:1:1: error: is a named pipe (FIFO), not a file" + notFile,
		"backlog/A-3-to-pipe.md:1:1: error: is a named pipe (FIFO), not a file" + notFile,
		"backlog/A-4-zero.md:1:1: error: symlink points outside the workspace; roadlog reads nothing outside the folder of roadlog.yaml; copy the file in instead [parse]",
		"backlog/A-5-socket.md:1:1: error: is a socket, not a file" + notFile,
		"roadmap.yaml:1:1: error: is a named pipe (FIFO), not a file" + notFile,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got)\n%s", diff)
	}
}

// TestUnreadableConfig checks that a roadlog.yaml that exists but cannot
// be read is an error naming it, never a panic (issue 9: every command
// dereferenced a nil file).
func TestUnreadableConfig(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, root string)
		want  string
	}{
		{"symlink outside", func(t *testing.T, root string) {
			t.Helper()
			outside := filepath.Join(t.TempDir(), "roadlog.yaml")
			writeFiles(t, filepath.Dir(outside), map[string]string{"roadlog.yaml": "version: 1\n"})
			symlink(t, outside, filepath.Join(root, ConfigFile))
		}, "roadlog.yaml: symlink points outside the workspace; roadlog reads nothing outside the folder of roadlog.yaml; copy the file in instead"},
		{"broken symlink", func(t *testing.T, root string) {
			t.Helper()
			symlink(t, "nowhere.yaml", filepath.Join(root, ConfigFile))
		}, "roadlog.yaml: cannot read: broken symlink"},
		{"symlink loop", func(t *testing.T, root string) {
			t.Helper()
			symlink(t, ConfigFile, filepath.Join(root, ConfigFile))
		}, "roadlog.yaml: cannot read: too many levels of symbolic links"},
		{"directory", func(t *testing.T, root string) {
			t.Helper()
			writeFiles(t, filepath.Join(root, ConfigFile), map[string]string{"x": ""})
		}, "roadlog.yaml: is a directory, not a file; roadlog.yaml must be a file; rename or remove the folder"},
		{"fifo", func(t *testing.T, root string) {
			t.Helper()
			if err := syscall.Mkfifo(filepath.Join(root, ConfigFile), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "roadlog.yaml: is a named pipe (FIFO), not a file; roadlog reads only regular files; remove it, or move it out of the workspace"},
		{"too large", func(t *testing.T, root string) {
			t.Helper()
			writeFiles(t, root, map[string]string{ConfigFile: "version: 1\n" + strings.Repeat("# padding\n", 9<<20/10)})
		}, "roadlog.yaml: file is 9.0 MB, larger than the 8.0 MB limit; split it, or move it out of the workspace"},
		{"not readable", func(t *testing.T, root string) {
			t.Helper()
			if os.Geteuid() == 0 {
				t.Skip("root reads files whatever their mode")
			}
			writeFiles(t, root, map[string]string{ConfigFile: "version: 1\n"})
			if err := os.Chmod(filepath.Join(root, ConfigFile), 0); err != nil {
				t.Fatal(err)
			}
		}, "roadlog.yaml: permission denied; make the file readable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			tt.setup(t, root)
			if found, err := Find(root); err != nil || found != root {
				t.Errorf("Find = %q, %v; want the folder holding roadlog.yaml", found, err)
			}
			ws, err := openSoon(t, root)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("Open = %v, %v; want a *ConfigError", ws, err)
			}
			if err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
		})
	}
}

// TestFindStopsAtAnyConfig checks that whatever is named roadlog.yaml
// marks the workspace, even one that cannot be read: loading it then says
// why, rather than a workspace further up being used instead.
func TestFindStopsAtAnyConfig(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{ConfigFile: "version: 1\n", "a/b/" + ConfigFile + "/x": ""})
	if err := syscall.Mkfifo(filepath.Join(dir, "a", ConfigFile), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(dir, "a", "b"), filepath.Join(dir, "a")} {
		if got, err := Find(d); err != nil || got != d {
			t.Errorf("Find(%s) = %q, %v; want itself", d, got, err)
		}
	}
}

// endlessFS serves roadmap.yaml as a regular file of size 0 that never
// ends, as a file growing while read (or one in /proc) can look.
type endlessFS struct{ fstest.MapFS }

type endlessFile struct{ fs.File }

func (endlessFile) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}

func (e endlessFS) Open(name string) (fs.File, error) {
	f, err := e.MapFS.Open(name)
	if err == nil && name == "roadmap.yaml" {
		return endlessFile{f}, nil
	}
	return f, err
}

// TestEndlessFile checks that reading stops past the size limit whatever
// the file's size said.
func TestEndlessFile(t *testing.T) {
	ws, err := Load(t.Context(), endlessFS{fstest.MapFS{
		"roadlog.yaml": {Data: []byte("version: 1\n")},
		"roadmap.yaml": {Data: nil},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "roadmap.yaml:1:1: error: file is larger than the 8.0 MB limit; split it, or move it out of the workspace [parse]"
	if len(ws.Diagnostics) != 1 || ws.Diagnostics[0].String() != want {
		t.Errorf("got %v\nwant %s", ws.Diagnostics, want)
	}
}
