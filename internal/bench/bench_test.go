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
		{[]string{"serve", "-size", "5"}, "-size: 5; at least 6"},
		{[]string{"serve", "-requests", "0"}, "-requests: 0; 1 to 100,000"},
		{[]string{"serve", "-edits", "1001"}, "-edits: 1001; 0 to 1,000"},
		{[]string{"serve", "-size", "60", "-edits", "11"}, "-edits: 11; a workspace of 60 items has 10 in idea"},
		{[]string{"serve", "-timeout", "10ms"}, "-timeout: 10ms; at least 1s"},
		{[]string{"serve", "10000"}, `unexpected argument "10000"; the size goes in -size`},
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

// TestServeTiny runs the load test of roadlog serve on a workspace of 50
// items, 20 page requests and 3 edits, and checks the table's shape: every
// row, its count of requests and that every one was answered as expected
// (200, the move made and shown), a time in every cell, and the server's
// figures. The times themselves are not checked.
func TestServeTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("builds roadlog and starts roadlog serve")
	}
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the load test needs %s: %v", tool, err)
		}
	}
	var stdout, stderr bytes.Buffer
	args := []string{"serve", "-size", "50", "-requests", "20", "-edits", "3", "-dir", t.TempDir()}
	if code := run(t.Context(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != 20 || !strings.HasPrefix(lines[0], "roadlog serve on a workspace of 50 items: 20 page requests and 3 edits, one at a time over loopback, on ") {
		t.Fatalf("the table does not start with what it shows, or has %d lines, not 20:\n%s", len(lines), stdout.String())
	}
	if want := "| request | count | ok | median ms | p95 ms | max ms |"; lines[2] != want {
		t.Errorf("header = %q, want %q", lines[2], want)
	}
	var got []string
	ms := regexp.MustCompile(`^\d+\.\d$`)
	for _, line := range lines[4:16] {
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "| "), " |"), " | ")
		if len(cells) != 6 {
			t.Errorf("%q: %d cells, want 6", line, len(cells))
			continue
		}
		got = append(got, cells[0]+": "+cells[1]+" "+cells[2])
		for _, c := range cells[3:] {
			if !ms.MatchString(c) {
				t.Errorf("%q: cell %q is not milliseconds", line, c)
			}
		}
	}
	// 8 of the 20 requests are views, each asked twice; 12 are the pages
	// of 6 records, each asked twice.
	want := []string{
		"GET / (overview), first: 1 1", "GET / (overview), again: 1 1",
		"GET /board.html, first: 1 1", "GET /board.html, again: 1 1",
		"GET /backlog.html, first: 1 1", "GET /backlog.html, again: 1 1",
		"GET /roadmap.html, first: 1 1", "GET /roadmap.html, again: 1 1",
		"GET /records/ID.html, first: 6 6", "GET /records/ID.html, again: 6 6",
		"POST /_edit/move: 3 3", "POST /_edit/move → page shows it: 3 3",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if !regexp.MustCompile(`^- server start to first answer: \d+\.\d+ s$`).MatchString(lines[17]) {
		t.Errorf("line %q: not the server's start", lines[17])
	}
	if !regexp.MustCompile(`^- server peak memory \(VmHWM\): (\d+ MB|n/a)$`).MatchString(lines[18]) {
		t.Errorf("line %q: not the server's peak memory", lines[18])
	}
	if !regexp.MustCompile(`^- SIGINT: exit 0 within \d\.\d+ s$`).MatchString(lines[19]) {
		t.Errorf("line %q: the server did not exit 0 within 2 s of SIGINT", lines[19])
	}
	// The three items moved, in the workspace the suite keeps.
	out, err := exec.Command("git", "-C", filepath.Join(args[len(args)-1], "ws-50"), "diff", "--stat", "--", "backlog").Output() //nolint:noctx // a test
	if err != nil || !strings.Contains(string(out), "3 files changed") {
		t.Errorf("git diff --stat: %q, %v; want 3 files changed", out, err)
	}
}

// TestLoadTable pins the load test's table for given figures.
func TestLoadTable(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var d []time.Duration
		for _, v := range n {
			d = append(d, time.Duration(v)*time.Millisecond)
		}
		return d
	}
	r := newLoadResult(loadOptions{size: 10000, requests: 300, edits: 20, timeout: 5 * time.Minute})
	r.goos, r.goarch, r.cores = "linux", "amd64", 2
	r.ready, r.peak, r.exitAfter = 900*time.Millisecond, 187<<20, 40*time.Millisecond
	first := r.row("GET /board.html, first")
	first.n, first.ok, first.times = 1, 1, ms(412)
	again := r.row("GET /records/ID.html, again")
	again.n, again.ok, again.times = 4, 3, ms(3, 1, 2)
	var b bytes.Buffer
	if err := r.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "roadlog serve on a workspace of 10,000 items: 300 page requests and 20 edits, one at a time over loopback, on linux/amd64 with 2 cores.\n" +
		"\n" +
		"| request | count | ok | median ms | p95 ms | max ms |\n" +
		"| --- | --- | --- | --- | --- | --- |\n" +
		"| GET / (overview), first | 0 | 0 | - | - | - |\n" +
		"| GET / (overview), again | 0 | 0 | - | - | - |\n" +
		"| GET /board.html, first | 1 | 1 | 412.0 | 412.0 | 412.0 |\n" +
		"| GET /board.html, again | 0 | 0 | - | - | - |\n" +
		"| GET /backlog.html, first | 0 | 0 | - | - | - |\n" +
		"| GET /backlog.html, again | 0 | 0 | - | - | - |\n" +
		"| GET /roadmap.html, first | 0 | 0 | - | - | - |\n" +
		"| GET /roadmap.html, again | 0 | 0 | - | - | - |\n" +
		"| GET /records/ID.html, first | 0 | 0 | - | - | - |\n" +
		"| GET /records/ID.html, again | 4 | 3 | 2.0 | 3.0 | 3.0 |\n" +
		"| POST /_edit/move | 0 | 0 | - | - | - |\n" +
		"| POST /_edit/move → page shows it | 0 | 0 | - | - | - |\n" +
		"\n" +
		"- server start to first answer: 0.90 s\n" +
		"- server peak memory (VmHWM): 187 MB\n" +
		"- SIGINT: exit 0 within 0.040 s\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
	if r.failed() != 1 {
		t.Errorf("failed() = %d, want 1", r.failed())
	}

	// Killed after the grace, stopped by the deadline, no memory figure.
	r.peak, r.exitCode, r.stopped, r.pagesDone, r.editsDone = 0, -1, true, 120, 0
	b.Reset()
	if err := r.write(&b); err != nil {
		t.Fatal(err)
	}
	wantEnd := "- server peak memory (VmHWM): n/a\n" +
		"- SIGINT: still running after 2.00 s, killed\n" +
		"- stopped at the deadline (-timeout 5m0s) after 120 of 300 page requests and 0 of 20 edits\n"
	if !strings.HasSuffix(b.String(), wantEnd) {
		t.Errorf("table ends\n%s\nwant\n%s", b.String(), wantEnd)
	}
}

// TestPageMix: the mix of page requests and the items the edits move are
// fixed, spread over the workspace.
func TestPageMix(t *testing.T) {
	want := []string{
		"/", "/records/B-1.html", "/board.html", "/records/B-6.html", "/records/B-1.html",
		"/backlog.html", "/records/B-6.html", "/roadmap.html", "/records/B-11.html", "/records/B-16.html",
		"/", "/records/B-11.html", "/board.html", "/records/B-16.html", "/records/B-21.html",
		"/backlog.html", "/records/B-26.html", "/roadmap.html", "/records/B-21.html", "/records/B-26.html",
	}
	if diff := cmp.Diff(want, pageMix(20, 30)); diff != "" {
		t.Errorf("pageMix(20, 30) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"B-6", "B-3336", "B-6666"}, editItems(3, 10000)); diff != "" {
		t.Errorf("editItems(3, 10000) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"B-6", "B-12", "B-18"}, editItems(3, 18)); diff != "" {
		t.Errorf("editItems(3, 18) (-want +got):\n%s", diff)
	}
	s := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	if got := percentile(s, 95); got != 19 {
		t.Errorf("p95 of 1..20 = %d, want 19", got)
	}
	if got := percentile(s[:1], 95); got != 1 {
		t.Errorf("p95 of one = %d, want 1", got)
	}
}
