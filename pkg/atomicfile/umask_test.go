//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestNewFileUmask: a new file gets its mode less the umask, as
// os.WriteFile gives it; an existing file keeps its own.
func TestNewFileUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = root.Close() }()
	if err := WriteFile(root, "new.csv", []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "new.csv")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("new file: mode %v, %v; want 0600 under umask 077", fi.Mode(), err)
	}
	if err := os.Chmod(filepath.Join(dir, "new.csv"), 0o664); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(root, "new.csv", []byte("b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "new.csv")); err != nil || fi.Mode().Perm() != 0o664 {
		t.Errorf("existing file: mode %v, %v; want its 0664 kept", fi.Mode(), err)
	}
}
