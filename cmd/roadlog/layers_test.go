package main

import (
	"errors"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
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

// modulePackages returns the folders under root, relative and with
// slashes, that hold a Go package, as `go list ./...` finds them: testdata
// and folders starting with "." or "_" are skipped, and so are nested
// modules.
func modulePackages(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if dir != root {
			name := d.Name()
			if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		if _, err := build.ImportDir(dir, build.ImportComment); err != nil {
			var none *build.NoGoError
			if errors.As(err, &none) {
				return nil
			}
			return err
		}
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	slices.Sort(out)
	return out, err
}

// mapEntry is a package line of ARCHITECTURE.md: "- `pkg/x` — one sentence."
var mapEntry = regexp.MustCompile("^- `([^`]+)` — (.+)$")

// architectureMap returns the packages ARCHITECTURE.md names, in order, and
// the lines that look like an entry but say nothing about the package.
func architectureMap(text string) (pkgs, empty []string) {
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if m := mapEntry.FindStringSubmatch(line); m != nil {
			pkgs = append(pkgs, m[1])
			if strings.TrimSpace(m[2]) == "" {
				empty = append(empty, line)
			}
		} else if strings.HasPrefix(line, "- `") {
			empty = append(empty, line)
		}
	}
	return pkgs, empty
}

// mapDrift compares the packages of the module with those of the map:
// missing are packages the map does not name, extra the names of the map
// that are not packages, twice the names the map gives more than once.
func mapDrift(pkgs, named []string) (missing, extra, twice []string) {
	seen := map[string]int{}
	for _, n := range named {
		seen[n]++
		if seen[n] == 2 {
			twice = append(twice, n)
		}
	}
	for _, p := range pkgs {
		if seen[p] == 0 {
			missing = append(missing, p)
		}
		delete(seen, p)
	}
	for n := range seen {
		extra = append(extra, n)
	}
	slices.Sort(extra)
	return missing, extra, twice
}

// TestArchitectureMap: ARCHITECTURE.md names every package of the module,
// once, with a sentence, and nothing else, so that the map cannot drift
// from the code (issue 10, item 8).
func TestArchitectureMap(t *testing.T) {
	pkgs, err := modulePackages("../..")
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile("../../ARCHITECTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	named, bad := architectureMap(string(text))
	for _, l := range bad {
		t.Errorf("ARCHITECTURE.md: %q: write entries as \"- `path` — one sentence.\"", l)
	}
	missing, extra, twice := mapDrift(pkgs, named)
	for _, p := range missing {
		t.Errorf("ARCHITECTURE.md does not name package %s: add it with one sentence on what it does", p)
	}
	for _, p := range extra {
		t.Errorf("ARCHITECTURE.md names %s, which is not a package of the module: remove or rename it", p)
	}
	for _, p := range twice {
		t.Errorf("ARCHITECTURE.md names %s more than once", p)
	}
}

// TestArchitectureMapFindsDrift checks the check: on a made-up module, a
// package the map leaves out, a name that is no package, a name given
// twice and an entry without a sentence are each found.
func TestArchitectureMapFindsDrift(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a/a.go":              "package a\n",
		"b/c/c.go":            "package c\n",
		"b/testdata/x/x.go":   "package x\n",
		"_skip/s.go":          "package s\n",
		"docs/README.md":      "no Go here\n",
		"nested/go.mod":       "module nested\n",
		"nested/n.go":         "package n\n",
		"d/d_test.go":         "package d\n",
		"e/doc.go":            "// Package e.\npackage e\n",
		"ARCHITECTURE.md.txt": "",
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
	pkgs, err := modulePackages(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b/c", "d", "e"}; !slices.Equal(pkgs, want) {
		t.Errorf("packages = %q, want %q", pkgs, want)
	}
	named, bad := architectureMap("# Map\n\n- `a` — A.\r\n- `gone` — was here.\n- `a` — again.\n- `e` —\n- `d`\nsome `b/c` prose\n")
	if want := []string{"a", "gone", "a"}; !slices.Equal(named, want) {
		t.Errorf("named = %q, want %q", named, want)
	}
	if want := []string{"- `e` —", "- `d`"}; !slices.Equal(bad, want) {
		t.Errorf("bad entries = %q, want %q", bad, want)
	}
	missing, extra, twice := mapDrift(pkgs, named)
	if diff := cmp.Diff([][]string{{"b/c", "d", "e"}, {"gone"}, {"a"}}, [][]string{missing, extra, twice}); diff != "" {
		t.Errorf("drift (-want +got)\n%s", diff)
	}
}
