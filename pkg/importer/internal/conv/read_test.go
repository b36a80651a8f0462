//go:build unix

package conv

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadFile: a source reads a regular file, and refuses what is not one
// (a folder, a device, a pipe that would wait for a writer forever) or is
// not there, naming it.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "issues.json")
	if err := os.WriteFile(file, []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	if raw, err := ReadFile(file); err != nil || string(raw) != "[]" {
		t.Errorf("ReadFile(file) = %q, %v", raw, err)
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		dir:                           dir + ": is a folder; give the exported file",
		os.DevNull:                    os.DevNull + ": is not a regular file (a device or a pipe); save the export to a file and give that",
		fifo:                          fifo + ": is not a regular file (a device or a pipe); save the export to a file and give that",
		filepath.Join(dir, "missing"): filepath.Join(dir, "missing") + ": cannot read it: no such file or directory",
	} {
		if _, err := ReadFile(name); err == nil || err.Error() != want {
			t.Errorf("ReadFile(%s) = %v, want %q", name, err, want)
		}
	}
}
