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

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/cli"
	"github.com/roadlog/roadlog/pkg/cmd/root"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

// The checks here read the README without running it: what its YAML and
// Markdown blocks show, its tables of rules, commands, flags and fuzz
// targets, and the commands TestREADME leaves out.

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

// readmeFileBlocks says, for each section of the README that shows YAML or
// Markdown, what the block is and how it is checked. A block under any
// other heading fails TestREADMEExamples, so that a new example file cannot
// go unchecked.
var readmeFileBlocks = map[string]func(t *testing.T, b readmeBlock){
	// A whole backlog item: the sample's ACME-4 as the README shows it
	// must leave the sample valid, with no finding at all.
	"A backlog item": func(t *testing.T, b readmeBlock) {
		t.Helper()
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS("../../examples/acme-checkout")); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "backlog", "ACME-4-guest-checkout-without-an-account.md"), blockText(b))
		checkValid(t, b, dir, "no problems in 45 files\n")
	},
	// A whole roadlog.yaml: a workspace of it alone is valid.
	"roadlog.yaml": func(t *testing.T, b readmeBlock) {
		t.Helper()
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "roadlog.yaml"), blockText(b))
		checkValid(t, b, dir, "no problems in 1 file\n")
	},
	// A workflow that uses the action, and the steps that do without it.
	"GitHub Actions": func(t *testing.T, b readmeBlock) {
		t.Helper()
		var workflow struct {
			Jobs map[string]struct {
				Steps []map[string]any `yaml:"steps"`
			} `yaml:"jobs"`
		}
		var steps []map[string]any
		if strings.HasPrefix(blockText(b), "# .github/workflows/") {
			unmarshalBlock(t, b, &workflow)
			for _, j := range workflow.Jobs {
				steps = append(steps, j.Steps...)
			}
		} else {
			unmarshalBlock(t, b, &steps)
		}
		a := readAction(t)
		used := false
		for _, s := range steps {
			uses, _ := s["uses"].(string)
			if !strings.HasPrefix(uses, "roadlog/roadlog@") {
				run, _ := s["run"].(string)
				checkCommand(t, b, run)
				continue
			}
			used = true
			with, _ := s["with"].(map[string]any)
			for k := range with {
				if _, ok := a.Inputs[k]; !ok {
					t.Errorf("README.md:%d: the action has no input %q", b.line, k)
				}
			}
		}
		if len(steps) == 0 || (len(workflow.Jobs) > 0 && !used) {
			t.Errorf("README.md:%d: no steps, or a workflow that does not use the action", b.line)
		}
	},
	"GitLab CI": func(t *testing.T, b readmeBlock) {
		t.Helper()
		var jobs map[string]struct {
			Script []string `yaml:"script"`
		}
		unmarshalBlock(t, b, &jobs)
		for _, j := range jobs {
			for _, c := range j.Script {
				checkCommand(t, b, c)
			}
		}
	},
	// The hooks it names are the repository's.
	"pre-commit": func(t *testing.T, b readmeBlock) {
		t.Helper()
		var config struct {
			Repos []struct {
				Repo, Rev string
				Hooks     []struct{ ID string }
			}
		}
		unmarshalBlock(t, b, &config)
		raw, err := os.ReadFile("../../.pre-commit-hooks.yaml")
		if err != nil {
			t.Fatal(err)
		}
		var hooks []struct{ ID string }
		if err := yaml.Unmarshal(raw, &hooks); err != nil {
			t.Fatal(err)
		}
		if len(config.Repos) != 1 || config.Repos[0].Repo != "https://github.com/roadlog/roadlog" || config.Repos[0].Rev != "<commit>" {
			t.Errorf("README.md:%d: want one repo, https://github.com/roadlog/roadlog at rev <commit>: %+v", b.line, config.Repos)
		}
		for _, r := range config.Repos {
			for _, h := range r.Hooks {
				if !slices.ContainsFunc(hooks, func(x struct{ ID string }) bool { return x.ID == h.ID }) {
					t.Errorf("README.md:%d: .pre-commit-hooks.yaml has no hook %q", b.line, h.ID)
				}
			}
		}
	},
}

// TestREADMEExamples checks what the README's YAML and Markdown blocks
// show: a whole plan file validates, CI configuration names what exists.
func TestREADMEExamples(t *testing.T) {
	r := readREADME(t)
	seen := map[string]bool{}
	for _, b := range r.blocks {
		if b.lang != "yaml" && b.lang != "markdown" {
			continue
		}
		check, ok := readmeFileBlocks[b.heading]
		if !ok {
			t.Errorf("README.md:%d: a %s block under %q, which readmeFileBlocks does not know; say there how to check it", b.line, b.lang, b.heading)
			continue
		}
		seen[b.heading] = true
		check(t, b)
	}
	for h := range readmeFileBlocks {
		if !seen[h] {
			t.Errorf("readmeFileBlocks: the README has no YAML or Markdown block under %q", h)
		}
	}
}

// TestREADMEPins: there is no release and no tag, so the README and the
// files it points to pin roadlog by commit only, never by a version.
func TestREADMEPins(t *testing.T) {
	pin := regexp.MustCompile(`roadlog/roadlog(?:/cmd/roadlog)?@([^\s` + "`" + `"']+)`)
	for _, name := range []string{"README.md", "action.yml", ".pre-commit-hooks.yaml", ".goreleaser.yaml"} {
		raw, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\n") {
			for _, m := range pin.FindAllStringSubmatch(line, -1) {
				if m[1] != "<commit>" {
					t.Errorf("%s:%d: %s names a version that does not exist; pin a commit: @<commit>", name, i+1, m[0])
				}
			}
		}
	}
}

// TestREADMERules: the README's table of rules is validate's, with the same
// default severities, in the same order.
func TestREADMERules(t *testing.T) {
	r := readREADME(t)
	rows := readmeTable(t, r, "| rule | default | finds |")
	var got, want []string
	for _, row := range rows {
		got = append(got, row[0]+" "+row[1])
	}
	for _, rule := range validate.Rules {
		want = append(want, rule.Name+" "+rule.Default.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the README's rules (-validate.Rules +README):\n%s", diff)
	}
}

// TestREADMEActionInputs: the README's table of the action's inputs lists
// every input of action.yml, and only those, with the defaults it has.
func TestREADMEActionInputs(t *testing.T) {
	r := readREADME(t)
	a := readAction(t)
	code := regexp.MustCompile("`([^`]*)`")
	var got []string
	for _, row := range readmeTable(t, r, "| input | default | does |") {
		names, defaults := code.FindAllStringSubmatch(row[0], -1), code.FindAllStringSubmatch(row[1], -1)
		for i, n := range names {
			got = append(got, n[1])
			in, ok := a.Inputs[n[1]]
			switch {
			case !ok:
				t.Errorf("README: the action has no input %q", n[1])
			case in.Default != "" && (i >= len(defaults) || defaults[i][1] != in.Default):
				t.Errorf("README: input %q: action.yml's default is %q; the README's %q", n[1], in.Default, row[1])
			}
		}
	}
	for name := range a.Inputs {
		if !slices.Contains(got, name) {
			t.Errorf("README: the table of inputs has no %q", name)
		}
	}
}

// TestREADMEFuzzTargets: the README lists every fuzz target of the module
// under its package, as `go test -list '^Fuzz' ./...` finds them. With
// UPDATE_SCRIPTS set it writes the list.
func TestREADMEFuzzTargets(t *testing.T) {
	const marker = "<!-- fuzz targets: checked by TestREADMEFuzzTargets -->"
	src, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	at := slices.Index(lines, marker)
	if at < 0 {
		t.Fatalf("README.md has no line %q", marker)
	}
	from := at + 3 // the marker, the header and the rule
	to := from
	for to < len(lines) && strings.HasPrefix(lines[to], "|") {
		to++
	}
	var want []string
	for _, p := range testFuncs(t) {
		if len(p.fuzz) > 0 {
			want = append(want, fmt.Sprintf("| `%s` | `%s` |", p.dir, strings.Join(p.fuzz, "`, `")))
		}
	}
	if len(want) == 0 {
		t.Fatal("no fuzz targets found")
	}
	if diff := cmp.Diff(want, lines[from:to]); diff != "" {
		if os.Getenv("UPDATE_SCRIPTS") == "" {
			t.Fatalf("README.md:%d: the fuzz targets differ (-want +README); UPDATE_SCRIPTS=1 writes them:\n%s", from+1, diff)
		}
		lines = slices.Concat(lines[:from], want, lines[to:])
		if err := os.WriteFile(readmePath, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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

// readmeTable returns the cells of the rows of the README table whose
// header line is header.
func readmeTable(t *testing.T, r *readme, header string) [][]string {
	t.Helper()
	at := slices.Index(r.lines, header)
	if at < 0 {
		t.Fatalf("README.md has no table %q", header)
	}
	var rows [][]string
	for _, line := range r.lines[at+2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), " | ") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows = append(rows, cells)
	}
	return rows
}

// checkCommand checks a command that a CI example runs: a roadlog command
// parses (its flags exist), and roadlog is installed from a commit.
func checkCommand(t *testing.T, b readmeBlock, line string) {
	t.Helper()
	line = strings.TrimSpace(line)
	if line == "" {
		return
	}
	args, err := shellWords(stripComment(line))
	if err != nil {
		t.Errorf("README.md:%d: %q: %v", b.line, line, err)
		return
	}
	if i := slices.IndexFunc(args, func(a string) bool { return a != "" && strings.ContainsAny(a[:1], "<>|") }); i >= 0 {
		args = args[:i] // a redirection or a pipe
	}
	switch {
	case len(args) == 0:
		t.Errorf("README.md:%d: %q: no command", b.line, line)
	case args[0] == "roadlog":
		ios, _, _, errOut := iostreams.Test()
		if code := cli.Main(buildInfo(), append(args[1:], "--help"), ios); code != 0 {
			t.Errorf("README.md:%d: %q: exit %d: %s", b.line, line, code, errOut)
		}
	case len(args) == 3 && args[0] == "go" && args[1] == "install":
		if args[2] != "github.com/roadlog/roadlog/cmd/roadlog@<commit>" {
			t.Errorf("README.md:%d: %q: want go install github.com/roadlog/roadlog/cmd/roadlog@<commit>", b.line, line)
		}
	default:
		t.Errorf("README.md:%d: %q: checkCommand knows roadlog and go install", b.line, line)
	}
}

// checkValid runs roadlog validate in dir and wants no finding at all.
func checkValid(t *testing.T, b readmeBlock, dir, summary string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	if code := cli.Main(buildInfo(), []string{"-C", dir, "validate"}, ios); code != 0 || out.Len() > 0 || errOut.String() != summary {
		t.Errorf("README.md:%d: the example does not validate: exit %d\n%s%s", b.line, code, out, errOut)
	}
}

func unmarshalBlock(t *testing.T, b readmeBlock, v any) {
	t.Helper()
	if err := yaml.Unmarshal([]byte(blockText(b)), v); err != nil {
		t.Fatalf("README.md:%d: %v", b.line, err)
	}
}

func blockText(b readmeBlock) string { return strings.Join(b.body, "\n") + "\n" }

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
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

// viewFlagsLeftOut are the shared view flags that the README says a view
// does not take ("stats takes --where and --format, objectives all but
// --columns").
var viewFlagsLeftOut = map[string][]string{
	"stats":      {"--sort", "--columns", "--limit"},
	"objectives": {"--columns"},
}

// TestREADMECommands: the README's table of commands lists every command
// of roadlog and no other, and each flag its tables name exists on the
// commands they are for.
func TestREADMECommands(t *testing.T) {
	r := readREADME(t)
	ios, _, _, _ := iostreams.Test()
	rootCmd := root.NewCmd(cmdutil.New(ios, buildInfo()))
	code := regexp.MustCompile("`([^`]*)`")
	flag := regexp.MustCompile("(^|[\\s\\[`])(--?[a-z][a-z-]*)")
	hasFlags := func(cmd *cobra.Command, text string) {
		t.Helper()
		for _, m := range flag.FindAllStringSubmatch(text, -1) {
			name := m[2]
			var found bool
			if long, ok := strings.CutPrefix(name, "--"); ok {
				found = cmd.Flags().Lookup(long) != nil || cmd.InheritedFlags().Lookup(long) != nil
			} else {
				found = cmd.Flags().ShorthandLookup(name[1:]) != nil || cmd.InheritedFlags().ShorthandLookup(name[1:]) != nil
			}
			if !found {
				t.Errorf("README: roadlog %s has no flag %s", cmd.Name(), name)
			}
		}
	}
	find := func(name string) *cobra.Command {
		t.Helper()
		for _, c := range rootCmd.Commands() {
			if c.Name() == name {
				return c
			}
		}
		t.Errorf("README: roadlog has no command %q", name)
		return nil
	}

	var listed []string
	for _, row := range readmeTable(t, r, "| command | does |") {
		for _, m := range code.FindAllStringSubmatch(row[0], -1) {
			words := strings.Fields(strings.TrimPrefix(m[1], "roadlog "))
			listed = append(listed, words[0])
			if c := find(words[0]); c != nil {
				// `config set …`, `people add …`: the flags are the subcommand's.
				if len(words) > 1 {
					if sub, _, err := c.Find(words[1:2]); err == nil && sub != c {
						c = sub
					}
				}
				hasFlags(c, m[1])
			}
		}
	}
	var want []string
	for _, c := range rootCmd.Commands() {
		if c.Name() != "help" {
			want = append(want, c.Name())
		}
	}
	slices.Sort(listed)
	listed = slices.Compact(listed) // a command and its subcommands may each have a row
	if diff := cmp.Diff(want, listed); diff != "" {
		t.Errorf("the README's commands (-roadlog +README):\n%s", diff)
	}

	// The flags of the views, and of report.
	for _, tt := range []struct {
		header string
		cmds   []string
	}{
		{"| flag | does |", []string{"backlog", "list", "board", "roadmap", "objectives", "stats"}},
		{"| `-o DIR` | where to write the site (default `site`) |", []string{"report"}},
	} {
		at := slices.Index(r.lines, tt.header)
		if at < 0 {
			t.Fatalf("README.md has no line %q", tt.header)
		}
		for _, line := range r.lines[at:] {
			if !strings.HasPrefix(line, "|") {
				break
			}
			cell := strings.Split(strings.Trim(line, "|"), " | ")[0]
			if !strings.HasPrefix(strings.TrimSpace(cell), "`-") {
				continue
			}
			for _, name := range tt.cmds {
				c := find(name)
				if c == nil {
					continue
				}
				long := flag.FindStringSubmatch(cell)[2]
				if slices.Contains(viewFlagsLeftOut[name], long) {
					if c.Flags().Lookup(strings.TrimPrefix(long, "--")) != nil {
						t.Errorf("README says roadlog %s has no %s, but it has", name, long)
					}
					continue
				}
				hasFlags(c, cell)
			}
		}
	}
}
