package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = root.Close() }()

	if err := WriteFile(root, "a/b/new.md", []byte("one\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "a/b/new.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(root, "a/b/new.md", []byte("two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "a/b/new.md"))
	if err != nil || string(got) != "two\n" {
		t.Fatalf("content = %q, %v", got, err)
	}
	fi, err := os.Stat(filepath.Join(dir, "a/b/new.md"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v, %v; want 0600 kept", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "a/b"))
	if len(entries) != 1 {
		t.Fatalf("left %d files, want only new.md", len(entries))
	}

	// A symlink out of the root is not followed.
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(root, "out/x.md", []byte("x\n"), 0o644); err == nil {
		t.Fatal("wrote through a symlink out of the root")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("created %d files outside the root", len(entries))
	}
}

func TestIsTemp(t *testing.T) {
	for name, want := range map[string]bool{
		".ACME-1-x.md.roadlog-0a1b2c3d4e5f.tmp":  true,
		".roadmap.yaml.roadlog-abcdef012345.tmp": true,
		"ACME-1-x.md":                            false,
		".hidden.tmp":                            false,
		"x.roadlog-1.tmp":                        false,
	} {
		if got := IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v, want %v", name, got, want)
		}
	}
}
