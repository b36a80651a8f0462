package atomicfile

import (
	"crypto/rand"
	"errors"
	"io"
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

// TestStage checks the first half of WriteFile: the content is in a
// temporary file beside the target, which is untouched until the rename.
func TestStage(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = root.Close() }()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	tmp, err := Stage(root, "a.md", []byte("new\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if target, ok := TempTarget(tmp); !ok || target != "a.md" {
		t.Errorf("TempTarget(%q) = %q, %v", tmp, target, ok)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a.md")); string(got) != "old\n" {
		t.Errorf("target changed before the rename: %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, tmp)); string(got) != "new\n" {
		t.Errorf("staged %q", got)
	}
	if fi, err := os.Stat(filepath.Join(dir, tmp)); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("staged mode %v, %v; want the target's 0640", fi.Mode(), err)
	}
	if err := SyncDir(root, "."); err != nil {
		t.Errorf("SyncDir: %v", err)
	}
}

// TestStageDoesNotFollowSymlinks checks that a symlink planted where a
// temporary file goes is never written through: the random part of the
// name is drawn so that the first name is the symlink's (the names were
// random, so the test could not fail), and the write goes to the next.
func TestStageDoesNotFollowSymlinks(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = root.Close() }()
	if err := os.Symlink("victim", filepath.Join(dir, ".a.md.roadlog-000000000000.tmp")); err != nil {
		t.Skip(err)
	}
	draws := 0
	randRead = func(b []byte) (int, error) {
		for i := range b {
			b[i] = byte(draws)
		}
		draws++
		return len(b), nil
	}
	t.Cleanup(func() { randRead = rand.Read })
	if err := WriteFile(root, "a.md", []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "victim")); err == nil {
		t.Error("wrote through a symlink")
	}
	if b, err := os.ReadFile(filepath.Join(dir, "a.md")); err != nil || string(b) != "x\n" {
		t.Errorf("a.md: %q, %v", b, err)
	}
	if draws != 2 {
		t.Errorf("%d names drawn, want 2: the first was the symlink's", draws)
	}
}

func TestTempTarget(t *testing.T) {
	for name, want := range map[string]string{
		".ACME-1-x.md.roadlog-0a1b2c3d4e5f.tmp":    "ACME-1-x.md",
		".roadmap.yaml.roadlog-abcdef012345.tmp":   "roadmap.yaml",
		".a.roadlog-b.md.roadlog-0a1b2c3d4e5f.tmp": "a.roadlog-b.md",
		"ACME-1-x.md":               "",
		".roadlog-0a1b2c3d4e5f.tmp": "",
	} {
		got, ok := TempTarget(name)
		if got != want || ok != (want != "") {
			t.Errorf("TempTarget(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

// TestWriteOutputFrom shows output written in pieces replacing a file, and
// a write that fails halfway leaving the file as it was, with no
// temporary file beside it.
func TestWriteOutputFrom(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = root.Close() }()
	if err := WriteOutput(root, "c/index", []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = WriteOutputFrom(root, "c/index", 0o644, func(w io.Writer) error {
		for _, piece := range []string{"one ", "two ", "three\n"} {
			if _, err := io.WriteString(w, piece); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "c/index")); err != nil || string(got) != "one two three\n" {
		t.Fatalf("content = %q, %v", got, err)
	}
	failed := errors.New("disk full")
	err = WriteOutputFrom(root, "c/index", 0o644, func(w io.Writer) error {
		_, _ = io.WriteString(w, "half")
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("err = %v, want the write's", err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "c/index")); err != nil || string(got) != "one two three\n" {
		t.Fatalf("after a failed write: content = %q, %v", got, err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "c")); len(entries) != 1 {
		t.Fatalf("left %d files, want only index", len(entries))
	}
}
