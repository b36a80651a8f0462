//go:build unix

package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// How long one command may run before it is looked at as a possible hang:
// in general, for the inputs that are slow by size, and for a case known to
// hang or to be slow, which only has to show that it still is. Past that
// time a command that has used no processor time for idleLimit is waiting
// on something that will not come (a hang); one still working is given up
// to slowFactor times as long, so that a loaded machine does not turn slow
// into "hang", while a loop that never ends still fails.
const (
	caseTimeout  = 10 * time.Second
	heavyTimeout = 30 * time.Second
	knownTimeout = 1 * time.Second
	idleLimit    = 2 * time.Second
	slowFactor   = 6
)

// matrixCmd is one roadlog invocation of the matrix. In args, {ID} is the
// input's record and {OUT} a folder outside the workspace for the report.
type matrixCmd struct {
	name    string
	args    []string
	write   bool // runs on a fresh copy; a failure must leave every file as it was
	machine bool // JSON or XML: only raw control bytes are checked in the output
	// partial: exit 1 means some files were left alone, named on stderr,
	// and the others may have been rewritten (fmt).
	partial bool
	git     bool   // reads the Git history
	out     string // what the report writes into {OUT}; nothing else may appear there
}

// readCommands are every read command: validate in every format, every
// view (each roadmap grouping, every kind of list), show, stats, diff,
// the report in each form, fmt --check, schema and the completion of IDs.
var readCommands = []matrixCmd{
	{name: "validate", args: []string{"validate"}}, // --format auto: text, outside GitHub Actions
	{name: "validate-json", args: []string{"validate", "--format", "json"}, machine: true},
	{name: "validate-github", args: []string{"validate", "--format", "github"}},
	{name: "validate-sarif", args: []string{"validate", "--format", "sarif"}, machine: true},
	{name: "validate-junit", args: []string{"validate", "--format", "junit"}, machine: true},
	{name: "validate-since", args: []string{"validate", "--since", "HEAD~1"}, git: true},
	{name: "backlog", args: []string{"backlog"}},
	{name: "backlog-query", args: []string{"backlog", "--where", `status != "x" && (score > 1 || len(labels) > 0 || open)`, "--sort", "-score,id", "--columns", "id,title,score,labels,score.reach", "--format", "json"}, machine: true},
	{name: "roadmap", args: []string{"roadmap", "--by", "horizon"}},
	{name: "roadmap-quarter", args: []string{"roadmap", "--by", "quarter"}},
	{name: "roadmap-theme", args: []string{"roadmap", "--by", "theme"}},
	{name: "board", args: []string{"board"}},
	{name: "objectives", args: []string{"objectives"}},
	{name: "list-items", args: []string{"list", "items"}},
	{name: "list-themes", args: []string{"list", "themes"}},
	{name: "list-initiatives", args: []string{"list", "initiatives"}},
	{name: "list-objectives", args: []string{"list", "objectives"}},
	{name: "list-key-results", args: []string{"list", "key-results"}},
	{name: "list-releases", args: []string{"list", "releases"}},
	{name: "list-risks", args: []string{"list", "risks"}},
	{name: "list-insights", args: []string{"list", "insights"}},
	{name: "list-decisions", args: []string{"list", "decisions"}},
	{name: "list-personas", args: []string{"list", "personas"}},
	{name: "show", args: []string{"show", "{ID}"}},
	{name: "show-json", args: []string{"show", "{ID}", "--format", "json"}, machine: true},
	{name: "stats", args: []string{"stats"}},
	{name: "search", args: []string{"search", "hostile file", "--format", "json"}, machine: true},
	{name: "search-where", args: []string{"search", "surv*", "--where", `body contains "x"`}},
	{name: "people", args: []string{"people", "--format", "json"}, machine: true},
	{name: "config-get", args: []string{"config", "get", "workflow"}},
	{name: "config-get-json", args: []string{"config", "get", "people", "--format", "json"}, machine: true},
	{name: "log", args: []string{"log", "{ID}"}, git: true},
	{name: "metrics", args: []string{"metrics", "--by", "owner"}, git: true},
	{name: "metrics-json", args: []string{"metrics", "--format", "json"}, git: true, machine: true},
	{name: "forecast", args: []string{"forecast"}, git: true},
	{name: "forecast-json", args: []string{"forecast", "R-1", "--where", "open", "--seed", "7", "--format", "json"}, git: true, machine: true},
	{name: "diff", args: []string{"diff", "HEAD~1"}, git: true},
	{name: "diff-git", args: []string{"diff", "HEAD~1", "HEAD", "--format", "json"}, git: true, machine: true},
	{name: "report", args: []string{"report", "-o", "{OUT}/site"}, out: "site"},
	{name: "report-public", args: []string{"report", "--public", "-o", "{OUT}/site"}, out: "site"},
	{name: "report-single", args: []string{"report", "--single-file", "{OUT}/one.html"}, out: "one.html"},
	{name: "export-csv", args: []string{"export", "csv", "--columns", "id,title,labels,score,progress,blocked,body"}},
	{name: "export-markdown", args: []string{"export", "markdown", "--columns", "id,title,labels,score,progress,blocked"}},
	{name: "export-board", args: []string{"export", "markdown", "--board", "--columns", "id,title,owner,score"}},
	{name: "export-json", args: []string{"export", "json"}, machine: true},
	{name: "export-jsonl", args: []string{"export", "jsonl"}, machine: true},
	{name: "export-where", args: []string{"export", "json", "items", "--where", `status != "x" && (score > 1 || open)`, "--sort", "-score,id"}, machine: true},
	{name: "export-file", args: []string{"export", "csv", "-o", "{OUT}/plan.csv"}, out: "plan.csv"},
	{name: "fmt-check", args: []string{"fmt", "--check"}},
	{name: "schema", args: []string{"schema", "item"}, machine: true},
	{name: "complete-show", args: []string{"__complete", "show", ""}},
}

// writeCommands are every editing command that needs no terminal.
var writeCommands = []matrixCmd{
	{name: "set", args: []string{"set", "{ID}", "status=done", "title=A new title", "labels+=z"}, write: true},
	{name: "set-unset", args: []string{"set", "{ID}", "--unset", "labels.0"}, write: true},
	{name: "move", args: []string{"move", "{ID}", "in-progress"}, write: true},
	{name: "rank", args: []string{"rank", "{ID}", "--top"}, write: true},
	{name: "new", args: []string{"new", "story", "A new story", "--set", "labels=[n]"}, write: true},
	{name: "new-initiative", args: []string{"new", "initiative", "A new initiative", "--set", "horizon=later"}, write: true},
	{name: "renumber", args: []string{"renumber", "{ID}", "B-77"}, write: true},
	{name: "check", args: []string{"check", "{ID}", "1"}, write: true},
	{name: "uncheck", args: []string{"uncheck", "{ID}", "1"}, write: true},
	{name: "note", args: []string{"note", "{ID}", "A note — with «accents» and O'Brien"}, write: true},
	{name: "set-body", args: []string{"set", "{ID}", "--body", "A new body.\n\n- [ ] one"}, write: true},
	{name: "archive", args: []string{"archive", "A-4"}, write: true}, // A-4 is the base's closed item
	{name: "rm", args: []string{"rm", "{ID}", "--drop-refs"}, write: true},
	{name: "config-set", args: []string{"config", "set", "workflow.wip.in-progress", "4"}, write: true},
	{name: "config-unset", args: []string{"config", "set", "--unset", "report.title"}, write: true},
	{name: "people-add", args: []string{"people", "add", "zoe", "--name", "Zoë O'Brien", "--email", "zoe@example.com"}, write: true},
	{name: "fmt", args: []string{"fmt"}, write: true, partial: true},
	{name: "import", args: []string{"import", "backlogmd", testdataPath("backlogmd")}, write: true},
	{name: "import-json", args: []string{"import", "json", testdataPath("roadlog.json")}, write: true},
	{name: "import-jsonl", args: []string{"import", "json", testdataPath("roadlog.jsonl")}, write: true},
}

// testdataPath is the absolute path of a fixture in testdata, for commands
// that run in another folder.
func testdataPath(name string) string {
	p, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		return name
	}
	return p
}

// matrixCase is one command run on one input.
type matrixCase struct {
	in  *preparedInput
	cmd matrixCmd
}

func (c matrixCase) key() string { return c.in.name + "/" + c.cmd.name }

// waits reports whether the case is known to hang waiting (a FIFO): it
// uses no CPU, so it runs beside the worker pool.
func (c matrixCase) waits() bool { return strings.Contains(knownFailures[c.key()], "hang") }

// preparedInput is an input written to disk, with a Git history whose
// last commit holds the hostile files and the one before the base
// workspace.
type preparedInput struct {
	badInput
	dir     string         // holds ws, outside and out
	once    sync.Once      // prepares it, in the worker that takes its first case
	reads   sync.WaitGroup // its read cases that have not ended
	nreads  int            // its read cases
	before  map[string]fileState
	skipped string // why the input could not be made here
}

// outcome is what one case showed.
type outcome struct {
	key      string
	args     []string
	problems []string
	took     time.Duration // wall time
	cpu      time.Duration // user and system time
}

// matrix runs cases and collects their outcomes.
type matrix struct {
	t        *testing.T
	bin      string
	env      []string
	withGit  bool
	progress *os.File // BADINPUT_LOG, or nil

	mu       sync.Mutex
	outcomes []outcome
}

// TestBadInput runs every read and write command on every hostile
// workspace of badInputs and checks that none panics, hangs or exits with
// a code other than 0, 1 or 2; that no output carries a raw control or
// bidi character from a file; that read commands change no file; and that
// a failed edit leaves every file as it was and no edit writes outside the
// workspace (issue 9). On the clean base workspace every command succeeds.
//
// BADINPUT_RUN=regexp runs only the cases whose "input/command" matches,
// BADINPUT_KEEP=1 keeps the generated workspaces and says where, and
// BADINPUT_LOG=file writes every case's outcome there as it ends.
func TestBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("the bad-input matrix runs thousands of commands; not in -short mode")
	}
	if raceEnabled {
		// The commands it runs are built without the race detector anyway;
		// under it, the matrix would only compete for the processor with
		// the other packages' tests. .ci/run runs it in a step of its own.
		t.Skip("the bad-input matrix runs without -race (go test -run TestBadInput ./cmd/roadlog)")
	}
	m := &matrix{t: t, bin: buildRoadlog(t)}
	_, err := exec.LookPath("git")
	m.withGit = err == nil

	var filter *regexp.Regexp
	if s := os.Getenv("BADINPUT_RUN"); s != "" {
		filter = regexp.MustCompile(s)
	}
	root := t.TempDir()
	if os.Getenv("BADINPUT_KEEP") != "" {
		if root, err = os.MkdirTemp("", "badinput"); err != nil { //nolint:usetesting // kept after the test, on purpose
			t.Fatal(err)
		}
		t.Logf("workspaces kept in %s", root)
	}
	if s := os.Getenv("BADINPUT_LOG"); s != "" {
		if m.progress, err = os.Create(s); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = m.progress.Close() }()
	}
	m.env = matrixEnv(root)

	inputs := badInputs()
	if len(inputs) < 100 {
		t.Fatalf("%d hostile inputs, want at least 100", len(inputs))
	}
	checkKnownKeys(t, inputs)
	prepared, cases := planCases(inputs, root, filter, m.withGit)

	start := time.Now()
	var wg sync.WaitGroup
	work := make(chan matrixCase)
	workers := runtime.GOMAXPROCS(0) + 1
	for range workers {
		wg.Go(func() {
			for c := range work {
				m.run(c)
			}
		})
	}
	// After the read commands of an input, no file of it has changed.
	for _, p := range prepared {
		if p.nreads == 0 {
			continue
		}
		wg.Go(func() {
			p.reads.Wait()
			if p.skipped == "" && p.before != nil {
				m.record(outcome{key: p.name + "/read-only", problems: changes("a read command changed", p.before, snapshotPair(p.dir, m.withGit), nil)})
			}
		})
	}
	for _, c := range cases {
		if c.waits() {
			wg.Go(func() { m.run(c) })
			continue
		}
		work <- c
	}
	close(work)
	wg.Wait()
	t.Logf("%d inputs, %d cases in %s with %d workers", len(prepared), len(cases), time.Since(start).Round(time.Millisecond), workers)

	slowest := slices.Clone(m.outcomes)
	slices.SortFunc(slowest, func(a, b outcome) int { return int(b.took - a.took) })
	for _, o := range slowest[:min(10, len(slowest))] {
		t.Logf("slow: %s took %s", o.key, o.took.Round(time.Millisecond))
	}
	for _, p := range prepared {
		if p.skipped != "" {
			t.Logf("input %s skipped: %s", p.name, p.skipped)
		}
	}
	checkOutcomes(t, m.outcomes, filter)
}

// checkKnownKeys fails the test for a key of knownFailures that names no
// case of the matrix.
func checkKnownKeys(t *testing.T, inputs []badInput) {
	t.Helper()
	names := map[string]bool{}
	for _, in := range inputs {
		if names[in.name] {
			t.Fatalf("two inputs named %q", in.name)
		}
		names[in.name] = true
	}
	cmds := map[string]bool{"read-only": true}
	for _, c := range append(slices.Clone(readCommands), writeCommands...) {
		cmds[c.name] = true
	}
	for key := range knownFailures {
		in, cmd, _ := strings.Cut(key, "/")
		if !names[in] || !cmds[cmd] {
			t.Errorf("knownFailures[%q] names no case of the matrix; remove it", key)
		}
	}
}

// planCases returns the inputs to prepare under root and their cases,
// input by input: every command, or the input's only list, less those that
// need Git when there is none and those the filter leaves out.
func planCases(inputs []badInput, root string, filter *regexp.Regexp, withGit bool) ([]*preparedInput, []matrixCase) {
	var prepared []*preparedInput
	var cases []matrixCase
	for _, in := range inputs {
		p := &preparedInput{badInput: in, dir: filepath.Join(root, in.name)}
		if p.id == "" {
			p.id = "A-2"
		}
		var mine []matrixCase
		for _, cmd := range append(slices.Clone(readCommands), writeCommands...) {
			c := matrixCase{in: p, cmd: cmd}
			switch {
			case filter != nil && !filter.MatchString(c.key()):
			case cmd.git && !withGit:
			case in.only != nil && !slices.Contains(in.only, cmd.name):
			default:
				mine = append(mine, c)
				if !cmd.write {
					p.reads.Add(1)
					p.nreads++
				}
			}
		}
		if len(mine) > 0 {
			prepared = append(prepared, p)
			cases = append(cases, mine...)
		}
	}
	return prepared, cases
}

// run prepares the case's input if it is the first, runs the case and
// records what it showed.
func (m *matrix) run(c matrixCase) {
	if !c.cmd.write {
		defer c.in.reads.Done()
	}
	c.in.once.Do(func() {
		if err := prepareInput(c.in, m.env, m.withGit); err != nil {
			c.in.skipped = err.Error()
		}
	})
	if c.in.skipped == "" {
		m.record(runCase(m.t, m.bin, m.env, c))
	}
}

func (m *matrix) record(o outcome) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.outcomes = append(m.outcomes, o)
	if m.progress != nil {
		fmt.Fprintf(m.progress, "%s\t%d\t%d\t%q\t%s\n", o.key, o.took.Milliseconds(), o.cpu.Milliseconds(), o.problems, quoteArgs(o.args))
	}
}

// checkOutcomes fails the test for every failing case not in
// knownFailures, and for every known failure that now passes.
func checkOutcomes(t *testing.T, outcomes []outcome, filter *regexp.Regexp) {
	t.Helper()
	slices.SortFunc(outcomes, func(a, b outcome) int { return strings.Compare(a.key, b.key) })
	seen := map[string]bool{}
	var unexpected []string
	for _, o := range outcomes {
		seen[o.key] = true
		known, isKnown := knownFailures[o.key]
		switch {
		case len(o.problems) > 0 && !isKnown:
			unexpected = append(unexpected, fmt.Sprintf("%s: %s\n\tin the input's workspace: roadlog %s", o.key, strings.Join(o.problems, "; "), quoteArgs(o.args)))
		case len(o.problems) == 0 && isKnown:
			t.Errorf("%s passes now (%s): remove it from knownFailures", o.key, known)
		}
	}
	for _, u := range unexpected {
		t.Errorf("new failure:\n%s", u)
	}
	for _, key := range slices.Sorted(maps.Keys(knownFailures)) {
		if !seen[key] && (filter == nil || filter.MatchString(key)) && !strings.HasSuffix(key, "/read-only") {
			t.Logf("known failure %s did not run", key)
		}
	}
}

// runCase runs one case and returns what it showed.
func runCase(t *testing.T, bin string, env []string, c matrixCase) outcome {
	t.Helper()
	p := c.in
	o := outcome{key: c.key()}
	dir := p.dir
	if c.cmd.write {
		// Each edit gets a fresh copy, without Git history: a .git in it
		// is the input's, and no edit may change it.
		dir = filepath.Join(p.dir, "w-"+c.cmd.name)
		if err := writeWorkspace(filepath.Join(dir, "ws"), filepath.Join(dir, "outside"), p.badInput); err != nil {
			t.Errorf("%s: write workspace: %v", o.key, err)
			return o
		}
		defer func() { _ = removeAll(dir) }()
	}
	out := filepath.Join(p.dir, "out", c.cmd.name)
	args := make([]string, len(c.cmd.args))
	for i, a := range c.cmd.args {
		args[i] = strings.NewReplacer("{ID}", p.id, "{OUT}", out).Replace(a)
	}
	o.args = args

	var before map[string]fileState
	if c.cmd.write {
		before = snapshotPair(dir, false)
	}
	began := time.Now()
	timeout := caseTimeout
	switch reason := knownFailures[o.key]; {
	case strings.Contains(reason, "hang"), strings.Contains(reason, "slow"):
		timeout = knownTimeout
	case p.only != nil:
		timeout = heavyTimeout
	}
	res := execRoadlog(bin, filepath.Join(dir, "ws"), env, args, timeout)
	o.took, o.cpu = time.Since(began), res.cpu
	o.problems = res.problems(c.cmd)

	if c.cmd.write {
		after := snapshotPair(dir, false)
		o.problems = append(o.problems, changes("wrote outside the workspace", only(before, "outside/"), only(after, "outside/"), nil)...)
		o.problems = append(o.problems, changes("wrote into .git", only(before, "ws/.git/"), only(after, "ws/.git/"), nil)...)
		switch {
		case res.code == 1 && c.cmd.partial:
			for _, m := range leftAlone.FindAllSubmatch(res.stderr, -1) {
				p := "ws/" + string(m[1])
				o.problems = append(o.problems, changes("said it left alone but changed", only(before, p), only(after, p), nil)...)
			}
		case res.code != 0:
			o.problems = append(o.problems, changes(fmt.Sprintf("failed (exit %d) but changed", res.code), only(before, "ws/"), only(after, "ws/"), lockFiles)...)
		}
		for _, p := range slices.Sorted(maps.Keys(after)) {
			if _, ok := before[p]; !ok && atomicfile.IsTemp(filepath.Base(p)) {
				o.problems = append(o.problems, "left a temporary file "+p)
			}
		}
	}
	if c.cmd.out != "" {
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if e.Name() != c.cmd.out {
				o.problems = append(o.problems, fmt.Sprintf("wrote %q beside its output %s", e.Name(), c.cmd.out))
			}
		}
		_ = removeAll(out)
	}
	if p.name == "base" && res.code != 0 && len(o.problems) == 0 {
		o.problems = append(o.problems, fmt.Sprintf("exit %d on the clean workspace: %s", res.code, firstLine(res.stderr)))
	}
	return o
}

// leftAlone finds the files fmt names as not rewritten.
var leftAlone = regexp.MustCompile(`(?m)^roadlog: left alone: (.+?) \(`)

// lockFiles may appear when an edit fails: the lock and what marks the
// folder as roadlog's.
var lockFiles = []string{"ws/.roadlog", "ws/.roadlog/lock", "ws/.roadlog/.gitignore"}

// result is how one run ended.
type result struct {
	code           int
	cpu            time.Duration
	hung           bool
	timeout        time.Duration
	signal         string
	stdout, stderr []byte
}

// execRoadlog runs roadlog in dir in its own process group, killed with
// everything it started when, after timeout, it has stopped using the
// processor (it waits for something that will not come) or has run
// slowFactor times as long.
func execRoadlog(bin, dir string, env, args []string, timeout time.Duration) result {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = env
	stdout, stderr := &capped{max: 4 << 20}, &capped{max: 4 << 20}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 2 * time.Second
	res := result{timeout: timeout}
	if err := cmd.Start(); err != nil {
		res.code, res.signal = -1, err.Error()
		return res
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	start := time.Now()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	lastCPU, lastBusy := time.Duration(-1), start
wait:
	for {
		select {
		case err = <-done:
			break wait
		case now := <-tick.C:
			if cpu := processCPU(cmd.Process.Pid); cpu != lastCPU {
				lastCPU, lastBusy = cpu, now
			}
			elapsed := now.Sub(start)
			if elapsed < timeout {
				continue
			}
			if now.Sub(lastBusy) >= idleLimit || elapsed >= slowFactor*timeout {
				res.hung = true
				res.timeout = elapsed.Round(time.Second)
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				err = <-done
				break wait
			}
		}
	}
	res.stdout, res.stderr = stdout.Bytes(), stderr.Bytes()
	if cmd.ProcessState != nil {
		res.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var ee *exec.ExitError
	switch {
	case res.hung:
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			res.signal = ws.Signal().String()
		}
	case err != nil:
		res.code = -1
		res.signal = err.Error()
	}
	return res
}

// processCPU returns the processor time a running process has used so
// far, from /proc; -1 where there is no /proc, so that only the slow limit
// applies.
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -1
	}
	// Fields after the command name, which is in parentheses and may hold
	// spaces: state is field 3, utime 14 and stime 15.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return -1
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is the kernel's USER_HZ, the unit of /proc's times: 100 on
// every Linux system Go runs on.
const clockTicks = 100

var panicMarks = []string{"panic", "goroutine ", "runtime error", "fatal error"}

// problems lists what is wrong with a run.
func (r result) problems(c matrixCmd) []string {
	var out []string
	switch {
	case r.hung:
		return []string{fmt.Sprintf("hang: still running after %s, using no processor time or too much", r.timeout)}
	case r.signal != "":
		out = append(out, "killed: "+r.signal)
	case r.code < 0 || r.code > 2:
		out = append(out, fmt.Sprintf("exit code %d", r.code))
	}
	for _, m := range panicMarks {
		if i := bytes.Index(r.stderr, []byte(m)); i >= 0 {
			out = append(out, fmt.Sprintf("panic: stderr has %q: %s", m, firstLine(r.stderr[max(0, bytes.LastIndexByte(r.stderr[:i], '\n')+1):])))
			break
		}
	}
	for _, s := range []struct {
		name string
		b    []byte
	}{{"stdout", r.stdout}, {"stderr", r.stderr}} {
		machine := c.machine && s.name == "stdout"
		if i, what := unsafeAt(s.b, machine); i >= 0 {
			out = append(out, fmt.Sprintf("unsafe output: %s has %s at byte %d: %q", s.name, what, i, s.b[max(0, i-30):min(len(s.b), i+10)]))
		}
	}
	return out
}

// unsafeAt returns the offset and name of the first character in b that
// must not reach a terminal raw: C0 and C1 controls (but tab, newline and
// the CR of CRLF), DEL, bidi overrides and isolates, line and paragraph
// separators, and bytes that are not UTF-8. Machine output (JSON, XML) is
// only checked for raw C0 controls and invalid UTF-8: its encoders escape
// the rest, and a reader decodes it.
func unsafeAt(b []byte, machine bool) (int, string) {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return i, "invalid UTF-8"
		case r == '\n' || r == '\t':
		case r == '\r' && i+1 < len(b) && b[i+1] == '\n':
		case r < 0x20:
			return i, fmt.Sprintf("control %U", r)
		case machine:
		case r == 0x7f:
			return i, "DEL"
		case r >= 0x80 && r < 0xa0:
			return i, fmt.Sprintf("C1 control %U", r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x061c, r == 0x2028, r == 0x2029:
			return i, fmt.Sprintf("bidi or separator %U", r)
		}
		i += n
	}
	return -1, ""
}

// capped keeps the first max bytes written to it.
type capped struct {
	bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = a
		if a == "" || strings.ContainsAny(a, " \"'|&()<>*$!") {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}

// matrixEnv is the environment of every run: no colour, a fixed clock and
// time zone, a home and Git identity of its own, not GitHub Actions.
func matrixEnv(root string) []string {
	home := filepath.Join(root, "home")
	_ = os.MkdirAll(home, 0o755)
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TMPDIR=" + os.TempDir(),
		"LANG=C.UTF-8",
		"TZ=UTC",
		"NO_COLOR=1",
		"COLUMNS=100",
		"SOURCE_DATE_EPOCH=1796083200",
		"EDITOR=false",
		"VISUAL=false",
		"GIT_AUTHOR_NAME=Test",
		"GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test",
		"GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_AUTHOR_DATE=2026-12-01T00:00:00Z",
		"GIT_COMMITTER_DATE=2026-12-01T00:00:00Z",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=" + filepath.Join(home, ".gitconfig"),
	}
}

// buildRoadlog builds the command once, without the race detector even
// when the test has it, so that thousands of runs stay fast.
func buildRoadlog(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "roadlog")
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build roadlog with: %v", err)
	}
	cmd := exec.Command(gobin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// prepareInput writes the input's workspace: the base workspace committed,
// then the hostile files committed, so that diff and validate --since have
// a history to read.
func prepareInput(p *preparedInput, env []string, withGit bool) error {
	ws, outside := filepath.Join(p.dir, "ws"), filepath.Join(p.dir, "outside")
	git := func(args ...string) error {
		cmd := exec.Command("git", append([]string{"-C", ws}, args...)...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if withGit {
		if err := writeWorkspace(ws, outside, badInput{name: "base"}); err != nil {
			return err
		}
		for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "base"}} {
			if err := git(args...); err != nil {
				return err
			}
		}
		entries, err := os.ReadDir(ws)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.Name() != ".git" {
				if err := os.RemoveAll(filepath.Join(ws, e.Name())); err != nil {
					return err
				}
			}
		}
	}
	// Git holds no FIFO, socket or device: they come after the commit.
	plain, specials := p.split()
	if err := writeWorkspace(ws, outside, plain); err != nil {
		return err
	}
	if withGit {
		if err := git("add", "-A"); err != nil {
			return err
		}
		if err := git("commit", "-q", "--allow-empty", "-m", "hostile"); err != nil {
			return err
		}
	}
	if err := writeFiles(ws, outside, specials); err != nil {
		return err
	}
	p.before = snapshotPair(p.dir, withGit)
	return nil
}

// fileState is what a snapshot keeps of one path.
type fileState struct {
	mode fs.FileMode
	link string
	sum  [32]byte
}

// snapshotPair records ws and outside under dir: the type, permissions,
// link target and content of every path. FIFOs, sockets and devices are
// never opened. withGit leaves out .git, which Git itself may change.
func snapshotPair(dir string, withGit bool) map[string]fileState {
	m := map[string]fileState{}
	defer func() {
		// .roadlog made only to hold the index is no change either.
		if _, ok := m["ws/"+workspace.StateDir]; ok && !slices.ContainsFunc(slices.Collect(maps.Keys(m)), func(p string) bool {
			return strings.HasPrefix(p, "ws/"+workspace.StateDir+"/")
		}) {
			if _, err := os.Lstat(filepath.Join(dir, "ws", workspace.CacheDir)); err == nil {
				delete(m, "ws/"+workspace.StateDir)
			}
		}
	}()
	for _, sub := range []string{"ws", "outside"} {
		_ = filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			if err != nil {
				m[rel] = fileState{link: "error: " + err.Error()}
				return nil
			}
			if withGit && d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			if rel == "ws/"+workspace.CacheDir {
				return filepath.SkipDir // the index: a cache any command may write
			}
			fi, err := d.Info()
			if err != nil {
				return nil
			}
			st := fileState{mode: fi.Mode()}
			switch {
			case fi.Mode()&fs.ModeSymlink != 0:
				st.link, _ = os.Readlink(p)
			case fi.Mode().IsRegular():
				if b, err := os.ReadFile(p); err == nil {
					st.sum = sha256.Sum256(b)
				} else {
					st.link = "unreadable"
				}
			}
			m[rel] = st
			return nil
		})
	}
	return m
}

// only returns the entries of m under prefix.
func only(m map[string]fileState, prefix string) map[string]fileState {
	out := map[string]fileState{}
	for p, s := range m {
		if strings.HasPrefix(p, prefix) {
			out[p] = s
		}
	}
	return out
}

// changes describes how after differs from before, ignoring the paths in
// ignore.
func changes(what string, before, after map[string]fileState, ignore []string) []string {
	var changed []string
	for _, p := range slices.Sorted(maps.Keys(after)) {
		if slices.Contains(ignore, p) {
			continue
		}
		if b, ok := before[p]; !ok {
			changed = append(changed, "+"+p)
		} else if b != after[p] {
			changed = append(changed, "~"+p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(before)) {
		// A temporary file a killed roadlog left is deleted by the next
		// edit, also one that then fails (README: "deleted by the next edit").
		if _, ok := after[p]; !ok && !slices.Contains(ignore, p) && !atomicfile.IsTemp(path.Base(p)) {
			changed = append(changed, "-"+p)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	if len(changed) > 5 {
		changed = append(changed[:5], fmt.Sprintf("and %d more", len(changed)-5))
	}
	return []string{fmt.Sprintf("%s %s", what, strings.Join(changed, ", "))}
}

// removeAll removes dir even when a file in it has mode 000 or a folder
// cannot be listed.
func removeAll(dir string) error {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
	return os.RemoveAll(dir)
}
