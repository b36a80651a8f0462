//go:build unix

package history

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
)

// benchRepo makes a repository whose first commit is a generated workspace
// of items and whose next commits each change one item (status, rank or
// a body line), written with one git fast-import.
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
		ts := 1790000000 + n*3600
		fmt.Fprintf(&in, "commit refs/heads/main\nauthor Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\ndata %d\n%s\n", ts, ts, len(msg), msg)
	}
	commit(0, "the plan")
	for _, p := range paths {
		blob(p, files[p])
	}
	status := regexp.MustCompile(`(?m)^status: .*$`)
	rank := regexp.MustCompile(`(?m)^rank: .*$`)
	for n := 1; n < commits; n++ {
		id := n*7%items + 1
		if n%10 == 0 {
			id = 42 // the record the benchmark follows
		}
		p := fmt.Sprintf("backlog/B-%d-item-number-%d.md", id, id)
		data := files[p]
		switch n % 3 {
		case 0:
			data = status.ReplaceAll(data, []byte("status: "+[]string{"idea", "ready", "review"}[n%9/3]))
		case 1:
			data = rank.ReplaceAll(data, fmt.Appendf(nil, "rank: a%06d", (n*7919)%items))
		default:
			data = append(data, fmt.Appendf(nil, "Note %d.\n", n)...)
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

// BenchmarkLog runs `roadlog log` on a history of 1,000 commits over a
// workspace of 10,000 items (issue 16: under 3 s cold). Run it with:
// go test ./pkg/history -run '^$' -bench Log -benchtime 5x
func BenchmarkLog(b *testing.B) {
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
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		l, err := Log(b.Context(), git, "B-42", LogOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(l.Entries) < 100 {
			b.Fatalf("%d entries", len(l.Entries))
		}
	}
	// On a shared machine the wall time says little: the CPU time of
	// roadlog and git together says what a run costs.
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
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
