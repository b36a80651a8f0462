package main

import (
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
)

// TestReportKilled kills `roadlog report -o site` with SIGKILL at random
// moments, over and over while the plan changes, and checks that no kill
// leaves a folder the next run refuses, that the user's own files in the
// folder survive every run, and that one run that completes leaves exactly
// the site a fresh folder gets: the same files with the same bytes, no
// stale page, no temporary file. Issue 9, item 18.
func TestReportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a few dozen reports")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := testws.Generate(ws, 200); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	report := func(out string) *exec.Cmd {
		cmd := exec.Command("roadlog", "-C", ws, "report", "-o", out)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1796083200", "XDG_CACHE_HOME="+filepath.Join(dir, "cache")) // the report's page cache, not the user's
		return cmd
	}
	complete := func(what string) {
		t.Helper()
		if out, err := report(site).CombinedOutput(); err != nil {
			t.Fatalf("%s: report: %v\n%s", what, err, out)
		}
	}
	// How long a run takes, in a folder of its own.
	start := time.Now()
	if out, err := report(filepath.Join(dir, "timing")).CombinedOutput(); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	took := time.Since(start)
	t.Logf("a report takes %v", took)
	// The first run into the folder is killed too.
	first := report(site)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(took / 2)
	_ = first.Process.Kill()
	_ = first.Wait()
	complete("the run after the first was killed")
	own := map[string]string{"blog/post.html": "<p>mine</p>\n", "custom.css": "body { color: teal }\n", "records/notes.txt": "mine\n"}
	for p, c := range own {
		f := filepath.Join(site, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Items that come and go between runs, so that runs remove pages too.
	items, err := filepath.Glob(filepath.Join(ws, "backlog", "*.md"))
	if err != nil || len(items) < 20 {
		t.Fatalf("%d items: %v", len(items), err)
	}
	parked := filepath.Join(dir, "parked")
	if err := os.MkdirAll(parked, 0o755); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 18))
	for i := range 9 {
		// Park or restore a few items, and retitle one.
		for _, f := range items[i%4*5 : i%4*5+5] {
			p := filepath.Join(parked, filepath.Base(f))
			if _, err := os.Stat(f); err == nil {
				_ = os.Rename(f, p)
			} else {
				_ = os.Rename(p, f)
			}
		}
		cmd := report(site)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took + took/4))))
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if i%3 == 2 {
			complete(fmt.Sprintf("run %d, after a kill", i))
		}
	}
	complete("last run")

	fresh := filepath.Join(dir, "fresh")
	if out, err := report(fresh).CombinedOutput(); err != nil {
		t.Fatalf("fresh report: %v\n%s", err, out)
	}
	got, want := files(t, site), files(t, fresh)
	for p, c := range own {
		if got[p] != c {
			t.Errorf("the user's %s is %q, want %q", p, got[p], c)
		}
		delete(got, p)
	}
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if got[p] != want[p] {
			t.Errorf("%s differs from a fresh site's", p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[p]; !ok {
			t.Errorf("%s is left over (stale page or temporary file)", p)
		}
	}
}

// files reads every file under dir, by slash-separated relative path.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
