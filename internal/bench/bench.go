package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	rlworkspace "github.com/roadlog/roadlog/pkg/workspace"
)

// readAllEnv, when set to a folder, makes this program read every file
// under it and exit: the "read all files" row runs it as its own process,
// so that its time and memory compare with a roadlog command's.
const readAllEnv = "ROADLOG_BENCH_READ_ALL"

// baseTag is the Git tag of a cached workspace's generated state.
const baseTag = "bench-base"

// options are the flags of a suite run.
type options struct {
	sizes   []int  // items per workspace, in the order of the table's columns
	runs    int    // timed runs of each command
	warmup  int    // untimed runs before them
	dir     string // the cache: workspaces, outputs and the roadlog binary
	issues  int    // GitHub issues that the import row brings in
	roadlog string // a roadlog binary to measure instead of building this tree
}

// run is the program: it returns its exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if dir := os.Getenv(readAllEnv); dir != "" {
		if _, err := readAll(ctx, dir); err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			return 1
		}
		return 0
	}
	if len(args) > 0 && args[0] == "generate" {
		return generate(args[1:], stderr)
	}
	if len(args) > 0 && args[0] == "serve" {
		return serveCmd(ctx, args[1:], stdout, stderr)
	}
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 2
	}
	t, err := suite(ctx, opts, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 1
	}
	if err := t.write(stdout); err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 1
	}
	return 0
}

// generate is `bench generate DIR N`: a workspace of N items in DIR.
func generate(args []string, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: go run ./internal/bench generate DIR N")
		return 2
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n < 1 {
		fmt.Fprintf(stderr, "bench: generate: N is a number of items, at least 1, not %q\n", args[1])
		return 2
	}
	err = os.MkdirAll(args[0], 0o755)
	if err == nil {
		err = testws.Generate(args[0], n)
	}
	if err != nil {
		fmt.Fprintf(stderr, "bench: generate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "generated %d items in %s\n", n, args[0])
	return 0
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	opts := options{}
	fset := flag.NewFlagSet("bench", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/bench [flags]\n       go run ./internal/bench generate DIR N\n       go run ./internal/bench serve [flags]\n\nflags:")
		fset.PrintDefaults()
	}
	sizes := fset.String("sizes", "1000,10000", "items of each workspace, comma-separated (100000 takes minutes)")
	fset.IntVar(&opts.runs, "runs", 5, "timed runs of each command; the table shows their median")
	fset.IntVar(&opts.warmup, "warmup", 1, "untimed runs of each command before the timed ones")
	fset.StringVar(&opts.dir, "dir", filepath.Join(os.TempDir(), "roadlog-bench"), "folder that caches the generated workspaces between runs")
	fset.IntVar(&opts.issues, "issues", 5000, "GitHub issues that the import row imports")
	fset.StringVar(&opts.roadlog, "roadlog", "", "measure this roadlog binary instead of building the tree")
	if err := fset.Parse(args); err != nil {
		return opts, err
	}
	if fset.NArg() > 0 {
		return opts, fmt.Errorf("unexpected argument %q; the sizes go in -sizes", fset.Arg(0))
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return opts, fmt.Errorf("-sizes: %q is not a number of items (at least 1)", s)
		}
		if slices.Contains(opts.sizes, n) {
			return opts, fmt.Errorf("-sizes: %d is there twice", n)
		}
		opts.sizes = append(opts.sizes, n)
	}
	switch {
	case opts.runs < 1:
		return opts, fmt.Errorf("-runs: %d; at least 1", opts.runs)
	case opts.warmup < 0:
		return opts, fmt.Errorf("-warmup: %d; 0 or more", opts.warmup)
	case opts.issues < 1:
		return opts, fmt.Errorf("-issues: %d; at least 1", opts.issues)
	}
	dir, err := filepath.Abs(opts.dir)
	opts.dir = dir
	return opts, err
}

// suite measures every step on a workspace of each size.
func suite(ctx context.Context, opts options, stderr io.Writer) (*table, error) {
	if err := os.MkdirAll(opts.dir, 0o755); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	roadlog := opts.roadlog
	if roadlog == "" {
		roadlog = filepath.Join(opts.dir, "bin", "roadlog")
		fmt.Fprintf(stderr, "building roadlog into %s\n", roadlog)
		if err := buildRoadlog(ctx, roadlog); err != nil {
			return nil, err
		}
	}
	issues := filepath.Join(opts.dir, fmt.Sprintf("issues-%d.json", opts.issues))
	if err := writeGitHubIssues(issues, opts.issues); err != nil {
		return nil, err
	}
	t := &table{sizes: opts.sizes, runs: opts.runs, warmup: opts.warmup, issues: opts.issues}
	for col, n := range opts.sizes {
		w := newWorkspace(opts.dir, n, roadlog, self, issues)
		if err := w.prepare(ctx, stderr); err != nil {
			return nil, fmt.Errorf("%s items: %w", label(n), err)
		}
		for row, s := range w.steps(opts.issues) {
			m, err := w.measure(ctx, s, opts)
			if err != nil {
				return nil, fmt.Errorf("%s items: %s: %w", label(n), s.name, err)
			}
			t.set(row, col, s.name, m)
			fmt.Fprintf(stderr, "%s: %s: %s\n", label(n), s.name, m.cell())
		}
	}
	return t, nil
}

// buildRoadlog builds roadlog from the module the current folder is in.
func buildRoadlog(ctx context.Context, path string) error {
	build := exec.CommandContext(ctx, "go", "build", "-o", path, "github.com/roadlog/roadlog/cmd/roadlog")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build (run the suite from a clone of roadlog): %w\n%s", err, out)
	}
	return nil
}

// newWorkspace is the workspace of n items in the cache folder dir.
func newWorkspace(dir string, n int, roadlog, self, issues string) *workspace {
	return &workspace{
		n: n, dir: filepath.Join(dir, fmt.Sprintf("ws-%d", n)), out: filepath.Join(dir, fmt.Sprintf("out-%d", n)),
		roadlog: roadlog, self: self, issues: issues, env: benchEnv(),
	}
}

// benchEnv is the environment of every command the suite runs: the
// user's, without their Git configuration (hooks, signing, fsmonitor) and
// with a fixed identity and clock, so that runs compare.
func benchEnv() []string {
	return append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=Bench", "GIT_AUTHOR_EMAIL=bench@example.invalid",
		"GIT_COMMITTER_NAME=Bench", "GIT_COMMITTER_EMAIL=bench@example.invalid",
		"GIT_AUTHOR_DATE=2026-12-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-12-01T00:00:00Z",
		"NO_COLOR=1", "ROADLOG_BENCH_READ_ALL=", // not inherited by the commands
	)
}

// workspace is one generated workspace of the suite, a Git repository
// whose tag bench-base is its generated state.
type workspace struct {
	n       int
	dir     string // the workspace
	out     string // outputs written outside it (site, export)
	roadlog string
	self    string // this program, for the read-all row
	issues  string // the GitHub issues JSON to import
	env     []string
}

// prepare generates the workspace, unless the cache holds it from the same
// generator already, and puts it back to its generated state.
func (w *workspace) prepare(ctx context.Context, stderr io.Writer) error {
	want, err := fingerprint(w.n)
	if err != nil {
		return err
	}
	marker := w.dir + ".ok"
	if got, err := os.ReadFile(marker); err == nil && string(got) == want && w.git(ctx, "rev-parse", "-q", "--verify", baseTag) == nil {
		fmt.Fprintf(stderr, "%s: reusing %s\n", label(w.n), w.dir)
		return w.reset(ctx)
	}
	fmt.Fprintf(stderr, "%s: generating %s\n", label(w.n), w.dir)
	for _, d := range []string{w.dir, w.out} {
		if err := os.RemoveAll(d); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(w.dir, 0o755); err != nil {
		return err
	}
	if err := testws.Generate(w.dir, w.n); err != nil {
		return err
	}
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"add", "-A"},
		{"commit", "-q", "--no-verify", "-m", "generated"},
		{"tag", baseTag},
	} {
		if err := w.git(ctx, args...); err != nil {
			return err
		}
	}
	return os.WriteFile(marker, []byte(want), 0o644)
}

// fingerprint identifies what the generator writes for n items, so that a
// cached workspace from another version of it is generated again: the
// hash of a small workspace it makes, and n.
func fingerprint(n int) (string, error) {
	dir, err := os.MkdirTemp("", "roadlog-bench-fp-")
	if err != nil {
		return "", err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if err := testws.Generate(dir, 120); err != nil {
		return "", err
	}
	h := sha256.New()
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		fmt.Fprintf(h, "%s %d\n", strings.TrimPrefix(path, dir), len(b))
		h.Write(b)
		return err
	})
	return fmt.Sprintf("%x %d\n", h.Sum(nil), n), err
}

// reset puts the workspace back to its generated state: what a step
// changed, committed or added is undone (ignored files, such as a cache
// of roadlog's, stay).
func (w *workspace) reset(ctx context.Context) error {
	if err := w.git(ctx, "reset", "-q", "--hard", baseTag); err != nil {
		return err
	}
	return w.git(ctx, "clean", "-q", "-f", "-d")
}

func (w *workspace) git(ctx context.Context, args ...string) error {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", w.dir}, args...)...)
	cmd.Env = w.env
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// step is one row of the table: a command run on the workspace.
type step struct {
	name    string
	prepare func(ctx context.Context) error              // once, before its runs (untimed)
	before  func(ctx context.Context) error              // before each run (untimed); may be nil
	cmd     func(ctx context.Context, run int) *exec.Cmd // the command of run i
}

// steps are the rows of the table, in order.
func (w *workspace) steps(issues int) []step {
	one := fmt.Sprintf("B-%d", (w.n+1)/2)
	rl := func(args ...string) func(ctx context.Context, run int) *exec.Cmd {
		return func(ctx context.Context, _ int) *exec.Cmd { return w.command(ctx, args...) }
	}
	return []step{
		{name: "read all files", cmd: func(ctx context.Context, _ int) *exec.Cmd {
			cmd := exec.CommandContext(ctx, w.self)
			cmd.Env = append(slices.Clone(w.env), readAllEnv+"="+w.dir)
			return cmd
		}},
		{name: "validate, cold (no index)", before: w.dropIndex, cmd: rl("validate")},
		{name: "validate", cmd: rl("validate")},
		{name: "backlog", cmd: rl("backlog")},
		{name: "show ONE record", cmd: rl("show", one)},
		{name: "set ONE field", cmd: func(ctx context.Context, run int) *exec.Cmd {
			return w.command(ctx, "set", one, fmt.Sprintf("estimate=%d", 10+run)) // a new value every run
		}},
		{name: "new", cmd: func(ctx context.Context, run int) *exec.Cmd {
			return w.command(ctx, "new", fmt.Sprintf("Benchmark item %d", run))
		}},
		{name: "report -o", cmd: rl("report", "-o", filepath.Join(w.out, "site"))},
		{name: "diff HEAD~1 (small change)", prepare: w.smallChange, cmd: rl("diff", "HEAD~1")},
		{name: "export json -o", cmd: rl("export", "json", "-o", filepath.Join(w.out, "export.json"))},
		{name: fmt.Sprintf("import github (%s issues)", thousands(issues)), before: w.reset, cmd: rl("import", "github", w.issues)},
	}
}

// dropIndex removes the workspace's index, so that the command reads and
// checks every file as the first one after a clone does.
func (w *workspace) dropIndex(context.Context) error {
	return os.RemoveAll(filepath.Join(w.dir, filepath.FromSlash(rlworkspace.CacheDir)))
}

// command is roadlog run on the workspace.
func (w *workspace) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, w.roadlog, append([]string{"-C", w.dir}, args...)...)
	cmd.Env = w.env
	return cmd
}

// smallChange commits a new title of one item on top of the generated
// state, for diff HEAD~1.
func (w *workspace) smallChange(ctx context.Context) error {
	k := (w.n + 1) / 2
	path := filepath.Join(w.dir, "backlog", fmt.Sprintf("B-%d-item-number-%d.md", k, k))
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	old := fmt.Sprintf("title: Item number %d of", k)
	if !bytes.Contains(b, []byte(old)) {
		return fmt.Errorf("%s has no %q: the generator changed; update smallChange", path, old)
	}
	b = bytes.Replace(b, []byte(old), []byte(fmt.Sprintf("title: Item number %d, renamed, of", k)), 1)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	return w.git(ctx, "commit", "-q", "--no-verify", "-a", "-m", "a small change")
}

// measure runs a step opts.warmup times, then opts.runs times timed, on
// the workspace put back to its generated state first.
func (w *workspace) measure(ctx context.Context, s step, opts options) (measurement, error) {
	if err := w.start(ctx, s); err != nil {
		return measurement{}, err
	}
	var walls []time.Duration
	var rss int64
	for i := range opts.warmup + opts.runs {
		wall, peak, err := w.runOnce(ctx, s, i)
		if err != nil {
			return measurement{}, err
		}
		if i >= opts.warmup {
			walls = append(walls, wall)
			rss = max(rss, peak)
		}
	}
	return measurement{wall: median(walls), rss: rss}, nil
}

// start puts the workspace back to its generated state and prepares it
// for the step.
func (w *workspace) start(ctx context.Context, s step) error {
	if err := w.reset(ctx); err != nil {
		return err
	}
	if s.prepare != nil {
		return s.prepare(ctx)
	}
	return nil
}

// runOnce runs a step's command for run i, after its untimed before, and
// returns its wall time and peak memory.
func (w *workspace) runOnce(ctx context.Context, s step, i int) (time.Duration, int64, error) {
	if s.before != nil {
		if err := s.before(ctx); err != nil {
			return 0, 0, err
		}
	}
	return timed(s.cmd(ctx, i))
}

// timed runs cmd and returns its wall time and peak memory.
func timed(cmd *exec.Cmd) (time.Duration, int64, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // stdout goes to the null device
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, tail(stderr.String(), 2000))
	}
	return wall, maxRSS(cmd.ProcessState), nil
}

// tail is the end of s, at most n bytes.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// median is the middle duration, or the mean of the two middle ones.
func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
