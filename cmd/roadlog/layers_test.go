package main

import (
	"errors"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	module  = "github.com/roadlog/roadlog"
	cmdPkgs = module + "/pkg/cmd/"
)

// commandImports returns, for every package under the folder cmdDir
// (pkg/cmd), each import of another package under pkg/cmd, as
// "importer → imported", sorted. pkg/cmd/root, which wires the commands
// together, may import them all. Test files count: a test that reaches
// into another command is the same coupling.
func commandImports(cmdDir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(cmdDir, func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); dir != cmdDir && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(dir, build.ImportComment)
		if err != nil {
			var none *build.NoGoError
			if errors.As(err, &none) {
				return nil
			}
			return err
		}
		rel, err := filepath.Rel(cmdDir, dir)
		if err != nil {
			return err
		}
		self := cmdPkgs + filepath.ToSlash(rel)
		if self == cmdPkgs+"root" {
			return nil
		}
		for _, imp := range slices.Concat(pkg.Imports, pkg.TestImports, pkg.XTestImports) {
			if strings.HasPrefix(imp, cmdPkgs) && imp != self {
				out = append(out, strings.TrimPrefix(self, module+"/")+" → "+strings.TrimPrefix(imp, module+"/"))
			}
		}
		return nil
	})
	slices.Sort(out)
	return slices.Compact(out), err
}

// TestCommandsImportNoCommand: what two commands share lives in a domain
// package (pkg/change, pkg/plan, …) or in pkg/cmdutil, never in another
// command's package (issue 10, item 4). Only pkg/cmd/root wires commands
// together.
func TestCommandsImportNoCommand(t *testing.T) {
	got, err := commandImports("../../pkg/cmd")
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range got {
		t.Errorf("%s: a command package imports another; move what they share down to the domain", imp)
	}
}

// TestCommandImportsFindsOne checks the check: a command importing another
// is found, in code and in tests; root is allowed to.
func TestCommandImportsFindsOne(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a/a.go":            "package a\n\nimport _ \"" + cmdPkgs + "b\"\n",
		"b/b.go":            "package b\n",
		"b/b_test.go":       "package b_test\n\nimport _ \"" + cmdPkgs + "c\"\n",
		"c/c.go":            "package c\n\nimport _ \"" + module + "/pkg/change\"\n",
		"root/root.go":      "package root\n\nimport _ \"" + cmdPkgs + "a\"\n",
		"b/testdata/x.go":   "package x\n\nimport _ \"" + cmdPkgs + "a\"\n",
		"nogo/README.md":    "no Go here\n",
		"a/sub/sub.go":      "package sub\n\nimport _ \"" + cmdPkgs + "a\"\n",
		"a/sub/sub_self.go": "package sub\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := commandImports(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"pkg/cmd/a → pkg/cmd/b", "pkg/cmd/a/sub → pkg/cmd/a", "pkg/cmd/b → pkg/cmd/c"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}
