package main

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The checks here read the README without running it: the go test
// commands that TestREADME leaves out.

func readREADME(t *testing.T) *readme {
	t.Helper()
	src, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	r, err := parseREADME(string(src))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestREADMEGoTest checks the go test commands of the README, which
// TestREADME leaves out: each names packages that exist, and the tests,
// benchmarks and fuzz target it selects exist in them (-fuzz selects
// exactly one).
func TestREADMEGoTest(t *testing.T) {
	r := readREADME(t)
	pkgs := testFuncs(t)
	n := 0
	for _, s := range r.steps {
		args, err := shellWords(s.cmd)
		if err != nil {
			t.Errorf("README.md:%d: %v", s.line, err)
			continue
		}
		for len(args) > 0 && strings.Contains(args[0], "=") {
			args = args[1:] // VAR=value
		}
		if len(args) < 2 || args[0] != "go" || args[1] != "test" {
			continue
		}
		n++
		flags := map[string]string{}
		var patterns []string
		for i := 2; i < len(args); i++ {
			name, ok := strings.CutPrefix(args[i], "-")
			if !ok {
				patterns = append(patterns, args[i])
				continue
			}
			if i+1 == len(args) {
				t.Errorf("README.md:%d: %s has no value", s.line, args[i])
				break
			}
			flags[name] = args[i+1]
			i++
		}
		var sel []testPackage
		for _, pat := range patterns {
			dir, all := strings.CutSuffix(pat, "/...")
			dir = strings.TrimPrefix(strings.TrimPrefix(dir, "."), "/")
			found := false
			for _, p := range pkgs {
				if p.dir == dir || (all && (dir == "" || strings.HasPrefix(p.dir+"/", dir+"/"))) {
					sel = append(sel, p)
					found = true
				}
			}
			if !found {
				t.Errorf("README.md:%d: no package with tests matches %s", s.line, pat)
			}
		}
		for flag, funcs := range map[string]func(testPackage) []string{
			"run":   func(p testPackage) []string { return p.tests },
			"bench": func(p testPackage) []string { return p.benchmarks },
			"fuzz":  func(p testPackage) []string { return p.fuzz },
		} {
			expr, ok := flags[flag]
			if !ok || expr == "^$" {
				continue
			}
			re, err := regexp.Compile(expr)
			if err != nil {
				t.Errorf("README.md:%d: -%s: %v", s.line, flag, err)
				continue
			}
			var matched []string
			for _, p := range sel {
				for _, f := range funcs(p) {
					if re.MatchString(f) {
						matched = append(matched, p.dir+"."+f)
					}
				}
			}
			if len(matched) == 0 || (flag == "fuzz" && len(matched) > 1) {
				t.Errorf("README.md:%d: -%s %s selects %q", s.line, flag, expr, matched)
			}
		}
	}
	if n == 0 {
		t.Error("the README has no go test command")
	}
}

// testPackage is a package of the module with the tests, benchmarks and
// fuzz targets of its _test.go files.
type testPackage struct {
	dir                     string // relative to the module root, with /
	tests, benchmarks, fuzz []string
}

// testFuncs finds the test functions of every package of the module, as
// go test does: top-level functions named TestX, BenchmarkX or FuzzX (X
// not a lower-case letter) taking *testing.T, *testing.B or *testing.F, in
// the _test.go files that the build constraints select. Packages come
// sorted by folder, and their functions by name.
func testFuncs(t *testing.T) []testPackage {
	t.Helper()
	root := filepath.Join("..", "..")
	var pkgs []testPackage
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		bp, err := build.ImportDir(path, 0)
		if err != nil {
			return nil //nolint:nilerr // not a package: no Go files, or none for this system
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		p := testPackage{dir: filepath.ToSlash(rel)}
		fset := token.NewFileSet()
		for _, name := range slices.Concat(bp.TestGoFiles, bp.XTestGoFiles) {
			f, err := parser.ParseFile(fset, filepath.Join(path, name), nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Recv != nil || len(fn.Type.Params.List) != 1 {
					continue
				}
				star, ok := fn.Type.Params.List[0].Type.(*ast.StarExpr)
				if !ok {
					continue
				}
				sel, ok := star.X.(*ast.SelectorExpr)
				if !ok {
					continue
				}
				name := fn.Name.Name
				switch {
				case sel.Sel.Name == "T" && isTestName(name, "Test") && name != "TestMain":
					p.tests = append(p.tests, name)
				case sel.Sel.Name == "B" && isTestName(name, "Benchmark"):
					p.benchmarks = append(p.benchmarks, name)
				case sel.Sel.Name == "F" && isTestName(name, "Fuzz"):
					p.fuzz = append(p.fuzz, name)
				}
			}
		}
		slices.Sort(p.tests)
		slices.Sort(p.benchmarks)
		slices.Sort(p.fuzz)
		if len(p.tests)+len(p.benchmarks)+len(p.fuzz) > 0 {
			pkgs = append(pkgs, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// isTestName reports whether name is prefix followed by nothing or by a
// character that is not a lower-case letter, as go test requires.
func isTestName(name, prefix string) bool {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !unicode.IsLower(r)
}

// shellWords splits a command line into words as the shell does, for the
// quoting the README uses: '…', "…" (where \ escapes " and \) and \.
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		case c == '\\' && i+1 < len(s):
			i++
			if s[i] != '\n' {
				w.WriteByte(s[i])
				in = true
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unclosed ' in %q", s)
			}
			w.WriteString(s[i+1 : i+1+end])
			i += end + 1
			in = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				w.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, fmt.Errorf("unclosed \" in %q", s)
			}
			in = true
		default:
			w.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words, nil
}

// TestShellWords pins the quoting shellWords understands.
func TestShellWords(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{`go test ./pkg/x -run '^$' -bench LoadValidate`, []string{"go", "test", "./pkg/x", "-run", "^$", "-bench", "LoadValidate"}},
		{`UPDATE_SCRIPTS=1 go test ./cmd/...`, []string{"UPDATE_SCRIPTS=1", "go", "test", "./cmd/..."}},
		{`roadlog -C plan validate --since "origin/$GITHUB_BASE_REF"`, []string{"roadlog", "-C", "plan", "validate", "--since", "origin/$GITHUB_BASE_REF"}},
		{`a "b \"c\" \\" d\ e 'f g'h`, []string{"a", `b "c" \`, "d e", "f gh"}},
		{"a \\\n  b", []string{"a", "b"}},
	} {
		got, err := shellWords(tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("shellWords(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`a 'b`, `a "b`} {
		if _, err := shellWords(bad); err == nil {
			t.Errorf("shellWords(%q): no error", bad)
		}
	}
}
