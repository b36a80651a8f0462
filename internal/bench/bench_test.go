package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestMain lets the test binary stand in for the program in the "read all
// files" row, which runs the program itself with ROADLOG_BENCH_READ_ALL.
func TestMain(m *testing.M) {
	if os.Getenv(readAllEnv) != "" {
		os.Exit(run(context.Background(), nil, os.Stdout, os.Stderr)) //nolint:forbidigo // the program's exit status, as its main gives it
	}
	m.Run()
}

// TestSuiteTiny runs the whole suite on a workspace of 50 items, once per
// command, and checks the table's shape: every row and column, and a time
// and a memory figure in every cell (TestTable pins the columns of more
// sizes). The figures themselves are not
// checked: no test asserts a time.
func TestSuiteTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("builds roadlog and runs every command of the suite")
	}
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the suite needs %s: %v", tool, err)
		}
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"-sizes", "50", "-runs", "1", "-warmup", "0", "-issues", "20", "-dir", dir}
	if code := run(t.Context(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[0], "Median wall time of 1 run (no warm-up run) ") || lines[1] != "" {
		t.Fatalf("the table does not start with what it shows:\n%s", stdout.String())
	}
	if want := "| command (wall s / max RSS MB) | 50 | 50 ÷ read all files |"; lines[2] != want {
		t.Errorf("header = %q, want %q", lines[2], want)
	}
	var names []string
	cell := regexp.MustCompile(`^\d+\.\d+ / (\d+|-)$`)
	times := regexp.MustCompile(`^(\d+\.\d×|\d+×|-)$`)
	for _, line := range lines[4:] {
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "| "), " |"), " | ")
		if len(cells) != 3 {
			t.Errorf("%q: %d cells, want 3", line, len(cells))
			continue
		}
		names = append(names, cells[0])
		for _, c := range cells[1:2] {
			if !cell.MatchString(c) {
				t.Errorf("%q: cell %q is not \"wall s / max RSS MB\"", line, c)
			}
		}
		for _, c := range cells[2:] {
			if !times.MatchString(c) {
				t.Errorf("%q: cell %q is not a ratio", line, c)
			}
		}
	}
	want := []string{
		"read all files", "validate, cold (no index)", "validate", "backlog", "show ONE record", "set ONE field", "new",
		"report -o", "diff HEAD~1 (small change)", "export json -o", "import github (20 issues)",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}

	// A second run reuses the cached workspace, back in its generated
	// state, and measures the given roadlog without building one.
	stdout.Reset()
	stderr.Reset()
	args = []string{"-sizes", "50", "-runs", "1", "-warmup", "0", "-issues", "20", "-dir", dir, "-roadlog", filepath.Join(dir, "bin", "roadlog")}
	if code := run(t.Context(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "50: reusing "+filepath.Join(dir, "ws-50")) || strings.Contains(stderr.String(), "building roadlog") {
		t.Errorf("the second run did not reuse the workspace and the roadlog it was given:\n%s", stderr.String())
	}
}

// TestTable pins the table's layout for given figures.
func TestTable(t *testing.T) {
	ms := func(d time.Duration, mb int64) measurement {
		return measurement{wall: d * time.Millisecond, rss: mb << 20}
	}
	tb := &table{sizes: []int{1000, 10000}, runs: 5, warmup: 1, goos: "linux", goarch: "amd64", cores: 2}
	tb.set(0, 0, "read all files", ms(4, 9))
	tb.set(0, 1, "read all files", ms(41, 12))
	tb.set(1, 0, "validate", ms(44, 26))
	tb.set(1, 1, "validate", ms(310, 112))
	tb.set(2, 0, "report -o", ms(170, 0))
	tb.set(2, 1, "report -o", ms(15600, 0))
	var b bytes.Buffer
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "Median wall time of 5 runs (after 1 warm-up run) and the largest peak memory (max RSS), on linux/amd64 with 2 cores.\n" +
		"\n" +
		"| command (wall s / max RSS MB) | 1k | 10k | 10k ÷ 1k | 10k ÷ read all files |\n" +
		"| --- | --- | --- | --- | --- |\n" +
		"| read all files | 0.004 / 9 | 0.041 / 12 | 10.2× | 1.0× |\n" +
		"| validate | 0.044 / 26 | 0.31 / 112 | 7.0× | 7.6× |\n" +
		"| report -o | 0.17 / - | 15.6 / - | 91.8× | 380× |\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

func TestLabels(t *testing.T) {
	for n, want := range map[int]string{50: "50", 1000: "1k", 2500: "2.5k", 1050: "1050", 100000: "100k"} {
		if got := label(n); got != want {
			t.Errorf("label(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{5: "5", 5000: "5,000", 100000: "100,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
	ms := time.Millisecond
	if got := median([]time.Duration{5 * ms, 1 * ms, 3 * ms}); got != 3*ms {
		t.Errorf("median of 3 = %v", got)
	}
	if got := median([]time.Duration{4 * ms, 1 * ms, 2 * ms, 8 * ms}); got != 3*ms {
		t.Errorf("median of 4 = %v", got)
	}
}

// TestBadFlags: wrong flags and arguments are usage errors, exit 2, that
// say what is wrong.
func TestBadFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-sizes", "1000,x"}, `-sizes: "x" is not a number of items`},
		{[]string{"-sizes", "0"}, `-sizes: "0" is not a number of items`},
		{[]string{"-sizes", "10,10"}, "-sizes: 10 is there twice"},
		{[]string{"-runs", "0"}, "-runs: 0; at least 1"},
		{[]string{"-warmup", "-1"}, "-warmup: -1; 0 or more"},
		{[]string{"-issues", "0"}, "-issues: 0; at least 1"},
		{[]string{"1000"}, `unexpected argument "1000"`},
		{[]string{"-nope"}, "flag provided but not defined: -nope"},
		{[]string{"generate", "dir"}, "usage: go run ./internal/bench generate DIR N"},
		{[]string{"generate", "dir", "ten"}, `N is a number of items, at least 1, not "ten"`},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(t.Context(), tt.args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr.String(), tt.want)
		}
	}
}

// TestGenerate: generate writes a workspace of N items.
func TestGenerate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"generate", dir, "30"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	items, err := filepath.Glob(filepath.Join(dir, "backlog", "*.md"))
	if err != nil || len(items) != 30 {
		t.Errorf("%d items (%v), want 30", len(items), err)
	}
	n, err := readAll(t.Context(), dir)
	if err != nil || n == 0 {
		t.Errorf("readAll = %d, %v", n, err)
	}
}

// BenchmarkCommands runs each command of the suite, as its own process, on
// a generated workspace of 1,000 items, for benchstat: the time of one
// command (process start included) and its peak memory, the metric
// maxRSS-MB. The workspace is generated in a temporary folder; the import
// brings in 5,000 issues.
func BenchmarkCommands(b *testing.B) {
	ctx := b.Context()
	dir := b.TempDir()
	roadlog := filepath.Join(dir, "bin", "roadlog")
	if err := buildRoadlog(ctx, roadlog); err != nil {
		b.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	const issues = 5000
	path := filepath.Join(dir, "issues.json")
	if err := writeGitHubIssues(path, issues); err != nil {
		b.Fatal(err)
	}
	w := newWorkspace(dir, 1000, roadlog, self, path)
	if err := w.prepare(ctx, io.Discard); err != nil {
		b.Fatal(err)
	}
	for _, s := range w.steps(issues) {
		b.Run(s.name, func(b *testing.B) {
			b.StopTimer()
			if err := w.start(ctx, s); err != nil {
				b.Fatal(err)
			}
			var rss int64
			for i := range b.N {
				if s.before != nil {
					if err := s.before(ctx); err != nil {
						b.Fatal(err)
					}
				}
				cmd := s.cmd(ctx, i)
				b.StartTimer()
				_, peak, err := timed(cmd)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				rss = max(rss, peak)
			}
			b.ReportMetric(float64(rss)/(1<<20), "maxRSS-MB")
		})
	}
}
