package main

import (
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/atomicfile"
)

// crashWorkspace is renumbered from by the crash test: the
// item's file moves and three other files change, so that a crash can fall
// between any two of five file operations.
var crashWorkspace = map[string]string{
	"roadlog.yaml":     "version: 1\n",
	"risks.yaml":       "risks:\n  - id: RISK-1\n    title: Late\n    likelihood: 2\n    impact: 3\n    status: open\n    links: [A-4]\n",
	"backlog/A-1-x.md": "---\nid: A-1\ntitle: X\ntype: story\nstatus: idea\nparent: A-4\n---\n",
	"backlog/A-2-y.md": "---\nid: A-2\ntitle: Y\ntype: story\nstatus: idea\nparent: A-4\ndepends_on: [A-4]\n---\n",
	"backlog/A-4-z.md": "---\nid: A-4\ntitle: Z\ntype: epic\nstatus: idea\n---\nThe epic.\n",
}

// TestRenumberCrash kills `roadlog renumber A-4 A-400` (SIGKILL, as kill -9)
// at every step of its write and at random moments, 200 times within a
// bounded time (and, on some runs, the command that finishes it as well),
// and checks each time that the next command leaves the
// workspace exactly as before or exactly as after the renumber, that
// validate is clean, and that no journal or temporary file remains
// (issue 9, items 16 and 17).
//
// The binary is built with the roadlog_crashtest tag, which compiles in the
// hooks that stop (ROADLOG_CRASH_AT) or pause (ROADLOG_CRASH_PAUSE) the
// write between files; a released binary has no such hook.
func TestRenumberCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds roadlog and runs it hundreds of times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is Unix")
	}
	bin := filepath.Join(t.TempDir(), "roadlog")
	build := exec.Command("go", "build", "-tags", "roadlog_crashtest", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "NO_COLOR=1", "TZ=UTC", "SOURCE_DATE_EPOCH=1796083200"}
	run := func(dir string, extra []string, args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = dir, append(slices.Clone(env), extra...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	fresh := func() string {
		dir := t.TempDir()
		for p, c := range crashWorkspace {
			p = filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}

	// The two states a renumber may leave, and how long one takes.
	dir := fresh()
	before := planFiles(t, dir)
	if out, err := run(dir, nil, "validate"); err != nil || !strings.Contains(out, "no problems") {
		t.Fatalf("the workspace does not validate clean before: %v\n%s", err, out)
	}
	start := time.Now()
	if out, err := run(dir, nil, "renumber", "A-4", "A-400"); err != nil {
		t.Fatalf("renumber: %v\n%s", err, out)
	}
	took := time.Since(start)
	after := planFiles(t, dir)
	if cmp.Equal(before, after) {
		t.Fatal("renumber changed nothing")
	}
	// Two stages for four files, the journal, four renames, a removal, the
	// sync: 11 crash points; 12 lets the write finish.
	const points = 11

	const runs = 200
	deadline := time.Now().Add(2 * time.Minute)
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[string]int{}
	for i := range runs {
		if time.Now().After(deadline) {
			t.Logf("stopped after %d runs: time is up", i)
			break
		}
		dir := fresh()
		var extra []string
		cmd := exec.Command(bin, "renumber", "A-4", "A-400")
		cmd.Dir = dir
		if i%2 == 0 {
			// Stop at each step in turn.
			extra = []string{"ROADLOG_CRASH_AT=" + strconv.Itoa(i/2%(points+1)+1)}
		} else {
			// Kill from outside at a random moment; the pauses widen the
			// write so that the kill lands between its steps as often as
			// before or after it.
			extra = []string{"ROADLOG_CRASH_PAUSE=2ms"}
		}
		cmd.Env = append(slices.Clone(env), extra...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			delay := time.Duration(float64(took) * (0.3 + rng.Float64()))
			delay += time.Duration(rng.IntN(int(points * 2 * time.Millisecond)))
			time.Sleep(delay)
			_ = cmd.Process.Signal(syscall.SIGKILL)
		}
		_ = cmd.Wait()

		// The next command that edits (fmt here, which has nothing to
		// format) finishes an interrupted edit; on some runs it is killed
		// too, at its first step, and the one after it finishes the edit.
		// Reads only say that an edit is pending.
		if i%3 == 0 {
			if _, err := run(dir, []string{"ROADLOG_CRASH_AT=1"}, "fmt"); err != nil && strings.Contains(err.Error(), "killed") {
				seen["recovery killed"]++
			}
		}
		if out, err := run(dir, nil, "fmt"); err != nil {
			t.Fatalf("run %d (%s): fmt: %v\n%s", i, extra, err, out)
		}
		out, err := run(dir, nil, "validate")
		got := planFiles(t, dir)
		state := "neither"
		switch {
		case cmp.Equal(got, before):
			state = "before"
		case cmp.Equal(got, after):
			state = "after"
		}
		seen[state]++
		if state == "neither" {
			t.Fatalf("run %d (%s): the workspace is neither as before nor as after the renumber (-after +got):\n%s\nvalidate said:\n%s",
				i, extra, cmp.Diff(after, got), out)
		}
		if err != nil || !strings.Contains(out, "no problems") {
			t.Fatalf("run %d (%s): validate: %v\n%s", i, extra, err, out)
		}
		// The next edit deletes what a kill before the journal left.
		if out, err := run(dir, nil, "fmt"); err != nil {
			t.Fatalf("run %d (%s): fmt: %v\n%s", i, extra, err, out)
		}
		if left := leftovers(t, dir); len(left) > 0 {
			t.Fatalf("run %d (%s): left %q", i, extra, left)
		}
	}
	t.Logf("states after the kills: %v", seen)
	if seen["before"] == 0 || seen["after"] == 0 {
		t.Errorf("the kills left only one state (%v): they did not land inside the write", seen)
	}
}

// planFiles reads the workspace's files (path → content), leaving out what
// roadlog keeps for itself in .roadlog and temporary files.
func planFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".roadlog" {
			return filepath.SkipDir
		}
		if d.IsDir() || atomicfile.IsTemp(d.Name()) {
			return nil
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// leftovers lists temporary files anywhere in dir, and the journal.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if atomicfile.IsTemp(d.Name()) || d.Name() == "journal" {
			out = append(out, p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}
