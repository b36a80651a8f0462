//go:build unix

package flow

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// benchRepo makes a repository whose first commit is a generated workspace
// of items and whose next commits each move one item a step along the
// workflow or to another release, written with one git fast-import (as
// pkg/history's benchmark does).
func benchRepo(b *testing.B, items, commits int) string {
	b.Helper()
	dir := b.TempDir()
	if err := testws.Generate(dir, items); err != nil {
		b.Fatal(err)
	}
	files := map[string][]byte{}
	var paths []string
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join(dir, p))
		files[p] = data
		paths = append(paths, p)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	var in bytes.Buffer
	blob := func(p string, data []byte) {
		fmt.Fprintf(&in, "M 100644 inline %s\ndata %d\n%s\n", p, len(data), data)
	}
	commit := func(n int, msg string) {
		ts := 1790000000 + n*3*3600 // three hours apart: 125 days
		fmt.Fprintf(&in, "commit refs/heads/main\nauthor Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\ndata %d\n%s\n", ts, ts, len(msg), msg)
	}
	commit(0, "the plan")
	for _, p := range paths {
		blob(p, files[p])
	}
	status := regexp.MustCompile(`(?m)^status: .*$`)
	release := regexp.MustCompile(`(?m)^release: .*$`)
	flow := []string{"ready", "in-progress", "review", "done"}
	for n := 1; n < commits; n++ {
		id := n*7%items + 1
		p := fmt.Sprintf("backlog/B-%d-item-number-%d.md", id, id)
		data := files[p]
		if n%5 == 0 {
			data = release.ReplaceAll(data, fmt.Appendf(nil, "release: R-%d", n%50+1))
		} else {
			data = status.ReplaceAll(data, []byte("status: "+flow[n/7%4]))
		}
		files[p] = data
		commit(n, fmt.Sprintf("change B-%d", id))
		blob(p, data)
	}
	repo := filepath.Join(b.TempDir(), "repo")
	for _, args := range [][]string{{"init", "-q", "-b", "main", repo}, {"-C", repo, "fast-import", "--quiet"}} {
		cmd := exec.Command("git", args...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
		if args[0] == "-C" {
			cmd.Stdin = &in
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return repo
}

// BenchmarkHistory builds the timelines of a history of 1,000 commits
// over a workspace of 10,000 items and computes their metrics: cold
// (walking Git, the cache removed before each run) and cached (issue 16:
// under 3 s cold, under 0.3 s cached). Run it with:
// go test ./pkg/flow -run '^$' -bench History -benchtime 3x
func BenchmarkHistory(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("no git")
	}
	repo := benchRepo(b, 10000, 1000)
	if d := os.Getenv("KEEP_REPO"); d != "" {
		_ = os.Rename(repo, d)
		repo = d
	}
	git, err := gitx.New(b.Context(), repo)
	if err != nil {
		b.Fatal(err)
	}
	rules := NewRules(workspace.DefaultConfig())
	run := func(b *testing.B, wantCached bool) {
		b.Helper()
		h, cached, err := Load(b.Context(), git, repo, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if cached != wantCached {
			b.Fatalf("cached %v", cached)
		}
		m := Compute(h, rules, Query{})
		if len(h.Items) != 10000 || m.Summary.Done == 0 || len(m.Releases) != 50 {
			b.Fatalf("%d items, %d done, %d releases", len(h.Items), m.Summary.Done, len(m.Releases))
		}
	}
	cache := filepath.Join(repo, filepath.FromSlash(CacheFile))
	b.Run("cold", func(b *testing.B) {
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			_ = os.Remove(cache)
			cpu0 := cpuTime()
			b.StartTimer()
			run(b, false)
			cpu += cpuTime() - cpu0
		}
		// On a shared machine the wall time says little: the CPU time of
		// roadlog and git together says what a run costs.
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	})
	b.Run("cached", func(b *testing.B) {
		_ = os.Remove(cache)
		run(b, false) // writes the cache
		cpu0 := cpuTime()
		for b.Loop() {
			run(b, true)
		}
		b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	})
}

// cpuTime is the user and system time of this process and of the children
// it has waited for (git).
func cpuTime() time.Duration {
	var self, children syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	total := time.Duration(0)
	for _, r := range []syscall.Rusage{self, children} {
		total += time.Duration(r.Utime.Nano() + r.Stime.Nano())
	}
	return total
}
