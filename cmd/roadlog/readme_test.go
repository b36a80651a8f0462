package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// readmePath is the README, relative to this package.
const readmePath = "../../README.md"

// readmeExceptions are the README's commands that TestREADME does not run,
// each with the reason. They are matched exactly (comments stripped); one
// that matches no command of the README fails the test, so that the list
// cannot outlive the commands. The go test commands among them are checked
// by TestREADMEGoTest instead: their packages, tests, benchmarks and fuzz
// targets exist.
var readmeExceptions = map[string]string{
	"go test ./...":                      "it is the command that runs this test",
	"UPDATE_SCRIPTS=1 go test ./cmd/...": "it runs this test, and rewrites the expected output in the tree",
	"bash .ci/run":                       "it is CI: it installs packages as root and runs the linters, this test with -race and the fuzzers, for up to 15 minutes",
	// These measure or search rather than check, for minutes or until
	// stopped; a test cannot give them that time.
	"go test ./pkg/validate -run '^$' -bench LoadValidate -benchtime 5x":     "a benchmark: minutes of generating and validating up to 100,000 items",
	"go test ./pkg/cmd/backlog -run '^$' -bench BacklogCSV -benchtime 5x":    "a benchmark: tens of seconds on 10,000 generated items",
	"go test ./pkg/report -run '^$' -bench Report -benchtime 3x":             "a benchmark: tens of seconds on 10,000 generated items",
	"go test ./pkg/cmd/diff -run '^$' -bench Diff -benchtime 3x":             "a benchmark: tens of seconds on 10,000 generated items",
	"go test ./pkg/cmd/search -run '^$' -bench SearchCommand -benchtime 10x": "a benchmark: tens of seconds on 10,000 generated items",
	"go test ./pkg/yamledit -run '^$' -fuzz FuzzEdit -fuzztime 1m":           "fuzzing for a minute",
	"UPDATE_GOLDEN=1 go test ./pkg/report -run Golden":                       "it rewrites the report's golden pages in the tree",
	// The benchmark suite: minutes of runs (internal/bench's own test runs
	// it tiny).
	"go run ./internal/bench":                                      "the benchmark suite on 1,000 and 10,000 generated items: minutes",
	"go run ./internal/bench -sizes 1000,10000,100000 -runs 3":     "the benchmark suite up to 100,000 generated items: tens of minutes",
	"go test ./internal/bench -run '^$' -bench Commands -count 10": "the benchmark suite as a Go benchmark, ten times: minutes",
	"go run ./internal/bench serve":                                "the load test of roadlog serve on 10,000 generated items: a minute",
	// A server: it runs until stopped (TestServe runs it, and pkg/serve's
	// tests drive it).
	"roadlog serve --open": "a server that runs until Ctrl-C, and opens a browser",
	// Needs the network.
	"gh issue list --state all --limit 10000 --json number,title,body,state,stateReason,labels,assignees,milestone,author,createdAt,closedAt,url > issues.json": "it needs gh and a GitHub login; the test writes an issues.json as gh would",
}

// readmeBlock is a fenced code block of the README.
type readmeBlock struct {
	lang    string   // the info string: sh, console, yaml, markdown
	line    int      // README line of the opening fence
	heading string   // the heading the block is under
	body    []string // the lines between the fences
}

// readmeStep is one command of the README, in the order it runs.
type readmeStep struct {
	line   int    // README line of the command
	cmd    string // the command: comments stripped, continuation lines joined
	hidden bool   // a <!-- test: … --> directive, not shown by the README

	// Console commands show their output: want, on the README lines
	// [wantFrom, wantTo) (0-based), is the exact expected stdout+stderr.
	console          bool
	want             string
	wantFrom, wantTo int

	// mayFail: the next command is `echo $?`, which shows this one's status.
	mayFail bool
}

// readme is the README, parsed.
type readme struct {
	lines  []string
	blocks []readmeBlock
	steps  []readmeStep
}

var (
	readmeDirective = regexp.MustCompile(`^<!-- test: (.+) -->$`)
	readmeHeading   = regexp.MustCompile(`^#{1,6} (.+)$`)
)

// parseREADME finds the fenced blocks of a README and the commands of its
// sh and console blocks and hidden directives, in order.
//
// In a sh block every line is a command, but for blank lines and comments;
// a line ending in a backslash continues on the next. In a console block
// the lines starting with "$ " are commands, and the lines after one, up to
// the next command or the end of the block, are its exact output. A
// directive, `<!-- test: COMMAND -->` on a line of its own, runs COMMAND
// where it stands: it does by hand what the prose asks the reader to do.
func parseREADME(src string) (*readme, error) {
	r := &readme{lines: strings.Split(strings.TrimSuffix(src, "\n"), "\n")}
	heading := ""
	for i := 0; i < len(r.lines); i++ {
		line := r.lines[i]
		if m := readmeDirective.FindStringSubmatch(line); m != nil {
			r.steps = append(r.steps, readmeStep{line: i + 1, cmd: stripComment(m[1]), hidden: true})
			continue
		}
		if strings.HasPrefix(line, "<!-- test:") {
			return nil, fmt.Errorf("README.md:%d: a test directive is one line: <!-- test: COMMAND -->", i+1)
		}
		if m := readmeHeading.FindStringSubmatch(line); m != nil {
			heading = m[1]
			continue
		}
		if !strings.HasPrefix(line, "```") {
			continue
		}
		b := readmeBlock{lang: strings.TrimSpace(strings.TrimPrefix(line, "```")), line: i + 1, heading: heading}
		start := i + 1
		for i++; i < len(r.lines) && r.lines[i] != "```"; i++ {
			b.body = append(b.body, r.lines[i])
		}
		if i == len(r.lines) {
			return nil, fmt.Errorf("README.md:%d: the block is not closed", b.line)
		}
		r.blocks = append(r.blocks, b)
		var steps []readmeStep
		var err error
		switch b.lang {
		case "sh":
			steps, err = shSteps(b.body, start)
		case "console":
			steps, err = consoleSteps(b.body, start)
		}
		if err != nil {
			return nil, err
		}
		r.steps = append(r.steps, steps...)
	}
	return r, nil
}

// shSteps returns the commands of a sh block whose first line is README
// line first+1.
func shSteps(body []string, first int) ([]readmeStep, error) {
	var steps []readmeStep
	for i := 0; i < len(body); i++ {
		cmd := stripComment(body[i])
		if cmd == "" {
			continue
		}
		s := readmeStep{line: first + i + 1}
		for strings.HasSuffix(cmd, `\`) {
			if i+1 == len(body) {
				return nil, fmt.Errorf("README.md:%d: the command continues past the end of its block", s.line)
			}
			i++
			cmd += "\n" + stripComment(body[i])
		}
		s.cmd = cmd
		steps = append(steps, s)
	}
	return steps, nil
}

// consoleSteps returns the commands of a console block, with the output
// each shows, and marks a command followed by `echo $?` as allowed to fail.
func consoleSteps(body []string, first int) ([]readmeStep, error) {
	var steps []readmeStep
	for i := 0; i < len(body); {
		cmd, ok := strings.CutPrefix(body[i], "$ ")
		if !ok {
			return nil, fmt.Errorf("README.md:%d: a console block starts with a command: \"$ \"", first+i+1)
		}
		s := readmeStep{line: first + i + 1, console: true, cmd: stripComment(cmd)}
		for strings.HasSuffix(s.cmd, `\`) && i+1 < len(body) {
			i++
			s.cmd += "\n" + stripComment(body[i])
		}
		i++
		s.wantFrom = first + i
		for i < len(body) && !strings.HasPrefix(body[i], "$ ") {
			s.want += body[i] + "\n"
			i++
		}
		s.wantTo = first + i
		if s.cmd == "" {
			return nil, fmt.Errorf("README.md:%d: an empty command", s.line)
		}
		if s.cmd == "echo $?" && len(steps) > 0 {
			steps[len(steps)-1].mayFail = true
		}
		steps = append(steps, s)
	}
	return steps, nil
}

// stripComment removes what follows an unquoted # that starts a word, as
// the shell does, and the blanks around the command.
func stripComment(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			}
		case c == '\\':
			i++
		case quote == '"':
			if c == '"' {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return strings.TrimSpace(line[:i])
		}
	}
	return strings.TrimSpace(line)
}

// TestParseREADME pins how commands, outputs, comments, continuation lines
// and directives are read.
func TestParseREADME(t *testing.T) {
	src := "# title\n" +
		"```sh\n" +
		"go run ./x -o \"$PWD/site\"   # prints # where\n" +
		"\n" +
		"  # only a comment\n" +
		"echo '#not' a#b \\\n" +
		"  c   # the end\n" +
		"```\n" +
		"<!-- test: sed -i 's/a/b/' f.md -->\n" +
		"## Section\n" +
		"```console\n" +
		"$ roadlog validate\n" +
		"x.md:1:1: error\n" +
		"1 error\n" +
		"$ echo $?\n" +
		"1\n" +
		"$ true\n" +
		"```\n" +
		"```yaml\n" +
		"a: 1 # not a command\n" +
		"```\n"
	r, err := parseREADME(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []readmeStep{
		{line: 3, cmd: `go run ./x -o "$PWD/site"`},
		{line: 6, cmd: "echo '#not' a#b \\\nc"},
		{line: 9, cmd: "sed -i 's/a/b/' f.md", hidden: true},
		{line: 12, cmd: "roadlog validate", console: true, want: "x.md:1:1: error\n1 error\n", wantFrom: 12, wantTo: 14, mayFail: true},
		{line: 15, cmd: "echo $?", console: true, want: "1\n", wantFrom: 15, wantTo: 16},
		{line: 17, cmd: "true", console: true, wantFrom: 17, wantTo: 17},
	}
	if diff := cmp.Diff(want, r.steps, cmp.AllowUnexported(readmeStep{})); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	var langs []string
	for _, b := range r.blocks {
		langs = append(langs, fmt.Sprintf("%s:%d:%s", b.lang, b.line, b.heading))
	}
	if want := []string{"sh:2:title", "console:11:Section", "yaml:19:Section"}; !slices.Equal(langs, want) {
		t.Errorf("blocks = %q, want %q", langs, want)
	}
	for _, bad := range []string{"```sh\necho\n", "```console\nno command\n```\n", "<!-- test: x\n-->\n", "```sh\na \\\n```\n"} {
		if _, err := parseREADME(bad); err == nil {
			t.Errorf("parseREADME(%q): no error", bad)
		}
	}
}

// TestREADME runs every command of the README, in order, as a reader would
// in one shell: the first block in a copy of this repository, and the rest
// with the roadlog that the README's own `go install` builds from it. It
// fails when a command exits non-zero (unless the next one is `echo $?`,
// which shows the status) or when a console block's shown output differs
// from what the command writes to stdout and stderr. Refresh the shown
// output with UPDATE_SCRIPTS=1 go test ./cmd/roadlog -run TestREADME and
// review the diff.
func TestREADME(t *testing.T) {
	if testing.Short() {
		t.Skip("builds roadlog from a copy of the tree")
	}
	for _, tool := range []string{"bash", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the README's commands need %s: %v", tool, err)
		}
	}
	src, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	r, err := parseREADME(string(src))
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, s := range r.steps {
		if _, ok := readmeExceptions[s.cmd]; ok {
			used[s.cmd] = true
		}
	}
	for cmd := range readmeExceptions {
		if !used[cmd] {
			t.Errorf("readmeExceptions: the README has no command %q", cmd)
		}
	}

	tmp := t.TempDir()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	clone := filepath.Join(tmp, "roadlog")
	copyTree(t, root, clone)
	rl := filepath.Join(tmp, ".readme-test")
	if err := os.MkdirAll(rl, 0o755); err != nil {
		t.Fatal(err)
	}
	script := readmeScript(r, rl)
	if err := os.WriteFile(filepath.Join(rl, "script.sh"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx := t.Context()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-30*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", filepath.Join(rl, "script.sh"))
	cmd.Dir = clone
	cmd.Env = readmeEnv(t, tmp)
	cmd.WaitDelay = 10 * time.Second
	out, shellErr := cmd.CombinedOutput() // the shell's own messages, such as a syntax error

	results := readResults(t, r, rl)
	update := os.Getenv("UPDATE_SCRIPTS") != ""
	for i, s := range r.steps {
		res := results[i]
		where := fmt.Sprintf("README.md:%d: %s", s.line, s.cmd)
		if res.skipped {
			continue
		}
		if !res.ran {
			t.Fatalf("%s: did not run; the shell stopped before it (%v)\n%s", where, shellErr, out)
		}
		if !res.finished {
			t.Fatalf("%s: ended the shell (%v)\n%s%s", where, shellErr, res.out, out)
		}
		if s.console && res.out != s.want && !update {
			t.Errorf("%s: the output differs from the README's (-README +got):\n%s", where, cmp.Diff(strings.Split(s.want, "\n"), strings.Split(res.out, "\n")))
		}
		if res.status != 0 && !s.mayFail {
			t.Fatalf("%s: exit status %d\n%s", where, res.status, res.out)
		}
	}
	if shellErr != nil {
		t.Fatalf("the README's shell: %v\n%s", shellErr, out)
	}
	if update {
		updateREADME(t, r, results)
	}

	// The README's first block: the site of the example, and where its
	// index.html is.
	first := r.steps[0]
	if !strings.HasPrefix(first.cmd, "go run ./cmd/roadlog ") || first.line > 10 {
		t.Fatalf("README.md:%d: the first command is %q; want the go run that makes the example's site", first.line, first.cmd)
	}
	if want := filepath.Join(clone, "site", "index.html"); !slices.Contains(strings.Split(results[0].out, "\n"), want) {
		t.Errorf("README.md:%d: %s printed %q; want a line with the path of index.html, %q", first.line, first.cmd, results[0].out, want)
	}
	if _, err := os.Stat(filepath.Join(clone, "site", "index.html")); err != nil {
		t.Errorf("README.md:%d: %s: %v", first.line, first.cmd, err)
	}
}

// readmeScript is the shell script that runs the README's commands. Each
// command runs in the script's own shell (so that cd and variables carry
// over), with $? set to the previous command's status, its stdout and
// stderr going to one file as on a terminal; its status is written next to
// it. The script stops at the first command that fails, unless the README
// shows that status with `echo $?` next.
func readmeScript(r *readme, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "set -o pipefail\nrl=%s\nst=0\nret() { return \"$1\"; }\n%s", shellQuote(dir), readmeReplace)
	for i, s := range r.steps {
		fmt.Fprintf(&b, "\n# README.md:%d\n", s.line)
		if _, ok := readmeExceptions[s.cmd]; ok {
			fmt.Fprintf(&b, "echo skipped > \"$rl/status.%d\"\n", i)
			continue
		}
		fmt.Fprintf(&b, "echo %d > \"$rl/ran\"\nret \"$st\"\n{\n%s\n} > \"$rl/out.%d\" 2>&1 < /dev/null\nst=$?\necho \"$st\" > \"$rl/status.%d\"\n", i, s.cmd, i, i)
		if !s.mayFail {
			b.WriteString("[ \"$st\" -eq 0 ] || exit 0\n")
		}
	}
	return b.String()
}

// readmeReplace defines `replace FILE OLD NEW` for the README's directives:
// it changes the one place where FILE holds the text OLD into NEW, as the
// prose asks the reader to, and fails when OLD is not there exactly once.
// It is plain bash, the same on every system (unlike sed -i).
const readmeReplace = `replace() {
  local s rest
  if [ "$#" -ne 3 ]; then echo "usage: replace FILE OLD NEW" >&2; return 2; fi
  s="$(cat -- "$1"; printf x)" || return
  s="${s%x}"
  rest="${s#*"$2"}"
  if [ "$rest" = "$s" ]; then echo "replace: $1 has no \"$2\"" >&2; return 1; fi
  case "$rest" in *"$2"*) echo "replace: $1 has \"$2\" more than once" >&2; return 1 ;; esac
  printf '%s' "${s%%"$2"*}$3$rest" > "$1"
}
`

// readmeResult is what one command of the README did.
type readmeResult struct {
	ran, finished, skipped bool
	status                 int
	out                    string
}

func readResults(t *testing.T, r *readme, dir string) []readmeResult {
	t.Helper()
	last := -1
	if b, err := os.ReadFile(filepath.Join(dir, "ran")); err == nil {
		last, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	results := make([]readmeResult, len(r.steps))
	for i := range r.steps {
		res := &results[i]
		st, err := os.ReadFile(filepath.Join(dir, "status."+strconv.Itoa(i)))
		switch {
		case err == nil && string(st) == "skipped\n":
			res.skipped = true
			continue
		case err == nil:
			res.finished = true
			res.status, err = strconv.Atoi(strings.TrimSpace(string(st)))
			if err != nil {
				t.Fatal(err)
			}
		case !errors.Is(err, fs.ErrNotExist):
			t.Fatal(err)
		}
		res.ran = i <= last
		out, err := os.ReadFile(filepath.Join(dir, "out."+strconv.Itoa(i)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		res.out = string(out)
	}
	return results
}

// updateREADME writes what the console commands printed into the README,
// in place of the output it shows.
func updateREADME(t *testing.T, r *readme, results []readmeResult) {
	t.Helper()
	var out []string
	next := 0
	for i, s := range r.steps {
		if !s.console || !results[i].finished {
			continue
		}
		out = append(out, r.lines[next:s.wantFrom]...)
		if got := strings.TrimSuffix(results[i].out, "\n"); results[i].out != "" {
			out = append(out, strings.Split(got, "\n")...)
		}
		next = s.wantTo
	}
	out = append(out, r.lines[next:]...)
	if err := os.WriteFile(readmePath, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readmeEnv is the environment of the README's shell: a reader's, made
// repeatable. HOME is empty (so Go's GOPATH is $HOME/go, where the README's
// go install puts roadlog); the fixed clock, time zone, width, Git identity
// and commit dates make the output (commit IDs among it) the same on every
// run; EDITOR is an editor that saves the file as it was. Go uses the module
// and build caches of the machine, offline, and -trimpath, so that building
// a fresh copy of the tree hits the cache.
func readmeEnv(t *testing.T, tmp string) []string {
	t.Helper()
	home := filepath.Join(tmp, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	goenv, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOFLAGS").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	g := strings.Split(string(goenv), "\n")
	// Leave out the folders that hold another roadlog (the one testscript
	// puts on PATH for the scripts among them): only the README's go
	// install may put one there.
	var path []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(dir, "roadlog")); err != nil && dir != "" {
			path = append(path, dir)
		}
	}
	env := []string{
		"PATH=" + strings.Join(path, string(filepath.ListSeparator)),
		"HOME=" + home,
		"TMPDIR=" + tmp,
		"LANG=C.UTF-8",
		"TZ=UTC",
		"NO_COLOR=1",
		"COLUMNS=100",
		"EDITOR=true",
		"SOURCE_DATE_EPOCH=1796083200", // 2026-12-01T00:00:00Z
		"GIT_AUTHOR_NAME=Ana Ruiz",
		"GIT_AUTHOR_EMAIL=ana@acme.example",
		"GIT_COMMITTER_NAME=Ana Ruiz",
		"GIT_COMMITTER_EMAIL=ana@acme.example",
		"GIT_AUTHOR_DATE=2026-12-01T00:00:00Z",
		"GIT_COMMITTER_DATE=2026-12-01T00:00:00Z",
		"GIT_CONFIG_NOSYSTEM=1",
		"GOCACHE=" + g[0],
		"GOMODCACHE=" + g[1],
		"GOFLAGS=" + strings.TrimSpace(g[2]+" -trimpath"),
		"GOPROXY=off",
		"GOTOOLCHAIN=local",
		"GOENV=off",
	}
	for _, k := range []string{"CGO_ENABLED", "GOROOT"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// copyTree copies the repository at root to dst as a clone would have it:
// the files Git tracks or would track, without .git.
func copyTree(t *testing.T, root, dst string) {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, name := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		from, to := filepath.Join(root, name), filepath.Join(dst, filepath.FromSlash(name))
		fi, err := os.Lstat(from)
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(from)
			if err == nil {
				err = os.Symlink(target, to)
			}
			if err != nil {
				t.Fatal(err)
			}
		case fi.Mode().IsRegular():
			data, err := os.ReadFile(from)
			if err == nil {
				err = os.WriteFile(to, data, fi.Mode().Perm())
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

// shellQuote quotes s for the shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
