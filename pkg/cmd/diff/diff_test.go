package diffcmd

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
)

// BenchmarkDiff runs `roadlog diff main` on a generated workspace of 10,000
// items in a Git repository with one item changed in the working tree:
// both sides loaded (one from Git objects) and validated, then compared.
// Run it with: go test ./pkg/cmd/diff -run '^$' -bench Diff -benchtime 5x
func BenchmarkDiff(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("no git")
	}
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	home := b.TempDir()
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "plan"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=B",
			"GIT_AUTHOR_EMAIL=b@example.com", "GIT_COMMITTER_NAME=B", "GIT_COMMITTER_EMAIL=b@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "backlog", "*-1-*.md"))
	if err != nil || len(files) != 1 {
		b.Fatalf("the first item: %v %v", files, err)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(files[0], []byte(strings.Replace(string(raw), "title: ", "title: Renamed ", 1)), 0o644); err != nil {
		b.Fatal(err)
	}
	ios, _, out, _ := iostreams.Test()
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		f := cmdutil.New(ios, cmdutil.Build{}) // no workspace cached from the last run
		f.Dir = dir
		f.Now = func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
		if err := run(b.Context(), &options{factory: f, base: "main", format: "text", top: 10}); err != nil {
			b.Fatal(err)
		}
	}
	if !bytes.Contains(out.Bytes(), []byte(": 1 changed\n")) {
		b.Fatalf("output:\n%s", out.Bytes())
	}
}
