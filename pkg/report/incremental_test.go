package report

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// trustCache makes every cached stamp count, however recent, for the
// length of a test: its runs follow each other within the racy window.
func trustCache(t *testing.T) {
	t.Helper()
	old := racyWindow
	racyWindow = -time.Hour
	t.Cleanup(func() { racyWindow = old })
}

// countMakes counts the files each run makes, by path.
func countMakes(t *testing.T) *[]string {
	t.Helper()
	var made []string
	mu := make(chan struct{}, 1)
	onMake = func(p string) {
		mu <- struct{}{}
		made = append(made, p)
		<-mu
	}
	t.Cleanup(func() { onMake = nil })
	return &made
}

// inodes returns the inode of every file under dir: a file written again
// (to a temporary file renamed over it) gets a new one.
func inodes(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = fi.Sys().(*syscall.Stat_t).Ino
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWriteSkipsUnchanged checks, on a made-up site, that a file whose key
// and stamp match the cache is neither made nor written, that a changed
// key makes the file again (and writes it only when its bytes changed),
// and that a corrupt or wrong cache only makes files again. Issue 13,
// item 4.
func TestWriteSkipsUnchanged(t *testing.T) {
	trustCache(t)
	made := countMakes(t)
	dir := t.TempDir()
	site, cache := filepath.Join(dir, "site"), filepath.Join(dir, "state")
	if err := os.Mkdir(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"a.html": "A", "b.html": "B", "records/c.html": "C", "records/d.html": "D", "style.css": "S"}
	keys := map[string]string{"a.html": "ka", "b.html": "kb", "records/c.html": "kc", "records/d.html": "kd"}
	opts := WriteOptions{CacheRoot: cache, CacheName: "cache/report/x"}
	run := func(what string, wantMade []string, want WriteStats) {
		t.Helper()
		*made = nil
		src := siteSource(toSite(files))
		src.key = func(i int) string { return keys[src.paths[i]] }
		st, err := writeSource(context.Background(), site, src, opts)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		slices.Sort(*made)
		if d := cmp.Diff(wantMade, *made); d != "" {
			t.Errorf("%s: files made (-want +got):\n%s", what, d)
		}
		if d := cmp.Diff(want, st); d != "" {
			t.Errorf("%s: stats (-want +got):\n%s", what, d)
		}
		got := readFiles(t, site)
		delete(got, manifestName)
		if d := cmp.Diff(files, got); d != "" {
			t.Errorf("%s: folder (-want +got):\n%s", what, d)
		}
	}
	all := slices.Sorted(maps.Keys(files))
	run("first run", all, WriteStats{Written: 5})
	before := inodes(t, site)
	run("nothing changed", []string{"style.css"}, WriteStats{Unchanged: 5})
	if d := cmp.Diff(before, inodes(t, site)); d != "" {
		t.Errorf("a run with nothing changed wrote files (-before +after):\n%s", d)
	}
	files["records/c.html"], keys["records/c.html"] = "C2", "kc2"
	run("one page changed", []string{"records/c.html", "style.css"}, WriteStats{Written: 1, Unchanged: 4})
	keys["records/d.html"] = "kd2"
	run("new key, same bytes", []string{"records/d.html", "style.css"}, WriteStats{Unchanged: 5})

	name := filepath.Join(cache, "cache", "report", "x")
	good, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for what, bad := range map[string]string{
		"garbage":       "not a cache\x00\xff",
		"cut short":     string(good[:len(good)/2]),
		"no cache":      "",
		"hashes wrong":  strings.ReplaceAll(string(good), hashOf([]byte("A")), hashOf([]byte("Z"))),
		"another build": strings.ReplaceAll(string(good), "ka ", "kz "),
	} {
		if err := os.WriteFile(name, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		want := all
		if what == "hashes wrong" {
			want = []string{"a.html", "style.css"}
		}
		if what == "another build" {
			want = []string{"a.html", "style.css"}
		}
		run("cache "+what, want, WriteStats{Unchanged: 5})
		if err := os.WriteFile(name, good, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func toSite(files map[string]string) Site {
	s := Site{}
	for p, c := range files {
		s[p] = []byte(c)
	}
	return s
}

// TestWriteIncremental checks on a generated workspace that the site
// written page by page is byte for byte the one Build makes; that a rerun
// with nothing changed makes no record page and writes no file; that after
// one item's title changes, the pages made and written are that item's
// and those that show its title; and that a corrupt cache gives the same
// folder. Issue 13, item 4.
func TestWriteIncremental(t *testing.T) {
	trustCache(t)
	made := countMakes(t)
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	if err := os.Mkdir(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := testws.Generate(ws, 60); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	opts := Options{Version: "test"}
	wopts := WriteOptions{CacheRoot: dir, CacheName: "cache/report/site"}
	load := func() *plan.Plan {
		t.Helper()
		w, err := workspace.Open(context.Background(), ws)
		if err != nil {
			t.Fatal(err)
		}
		return plan.New(w, now)
	}
	build := func(p *plan.Plan) map[string]string {
		t.Helper()
		s, err := Build(context.Background(), p, opts)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for k, v := range s {
			out[k] = string(v)
		}
		return out
	}
	write := func(what string, p *plan.Plan) WriteStats {
		t.Helper()
		*made = nil
		st, err := Write(context.Background(), site, p, opts, wopts)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		got := readFiles(t, site)
		delete(got, manifestName)
		if d := cmp.Diff(build(p), got); d != "" {
			t.Errorf("%s: the folder is not the site Build makes (-want +got):\n%s", what, d)
		}
		return st
	}
	p := load()
	first := build(p)
	if st := write("first run", p); st.Written != len(first) {
		t.Errorf("first run: %+v, want %d written", st, len(first))
	}
	before := inodes(t, site)
	if st := write("nothing changed", p); st.Written != 0 {
		t.Errorf("nothing changed: %+v", st)
	}
	for _, m := range *made {
		if strings.HasPrefix(m, "records/") {
			t.Errorf("nothing changed, yet %s was made", m)
		}
	}
	if d := cmp.Diff(before, inodes(t, site)); d != "" {
		t.Errorf("a run with nothing changed wrote files (-before +after):\n%s", d)
	}

	// One item's title changes: its page, the pages that show its title
	// and the site-wide pages change, and only those are written.
	item := filepath.Join(ws, "backlog", "B-7-item-number-7.md")
	data, err := os.ReadFile(item)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "title: Item number 7 of the generated backlog", "title: A new title", 1)
	if edited == string(data) {
		t.Fatalf("%s has no title to change:\n%s", item, data)
	}
	if err := os.WriteFile(item, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	p = load()
	second := build(p)
	var changed []string
	for k, v := range second {
		if first[k] != v {
			changed = append(changed, k)
		}
	}
	slices.Sort(changed)
	if !slices.Contains(changed, "records/B-7.html") || len(changed) > len(second)/2 {
		t.Fatalf("the edit changed %v", changed)
	}
	before = inodes(t, site)
	st := write("one title changed", p)
	if st.Written != len(changed) {
		t.Errorf("one title changed: %+v, want %d written (%v)", st, len(changed), changed)
	}
	after := inodes(t, site)
	var rewritten []string
	for k, ino := range after {
		if k != manifestName && before[k] != ino {
			rewritten = append(rewritten, k)
		}
	}
	slices.Sort(rewritten)
	if d := cmp.Diff(changed, rewritten); d != "" {
		t.Errorf("files written (-changed +written):\n%s", d)
	}
	var madeRecords []string
	for _, m := range *made {
		if strings.HasPrefix(m, "records/") {
			madeRecords = append(madeRecords, m)
		}
	}
	slices.Sort(madeRecords)
	var changedRecords []string
	for _, c := range changed {
		if strings.HasPrefix(c, "records/") {
			changedRecords = append(changedRecords, c)
		}
	}
	if d := cmp.Diff(changedRecords, madeRecords); d != "" {
		t.Errorf("record pages made (-changed +made):\n%s", d)
	}

	// A corrupt cache: every page is made again, none written.
	if err := os.WriteFile(filepath.Join(dir, "cache", "report", "site"), []byte("roadlog report cache 1 x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st := write("corrupt cache", p); st.Written != 0 || len(*made) != len(second) {
		t.Errorf("corrupt cache: %+v, %d made, want none written and %d made", st, len(*made), len(second))
	}
}

// TestParseManifestUnfinishedLine checks that a line a killed run was
// adding to the manifest, cut short, names no file: half a path could be
// one of the user's files.
func TestParseManifestUnfinishedLine(t *testing.T) {
	h := hashOf([]byte("a"))
	got := parseManifest([]byte(manifestHeader + h + "  index.html\n" + h + "  records/A-1"))
	want := map[string]manifestEntry{"index.html": {hashes: []string{h}}}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(manifestEntry{})); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
