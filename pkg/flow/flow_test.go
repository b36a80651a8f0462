package flow

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/gittest"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// item is the file of a backlog item.
func item(id, status, release string, extra ...string) string {
	s := "---\nid: " + id + "\ntitle: Item " + id + "\ntype: story\nstatus: " + status + "\n"
	if release != "" {
		s += "release: " + release + "\n"
	}
	for _, e := range extra {
		s += e + "\n"
	}
	return s + "---\nThe text of the item, long enough to be recognised when it is renumbered.\n"
}

func path(id string) string { return "backlog/" + id + "-x.md" }

// commitAt commits every change in dir as made at noon UTC on day.
func commitAt(t *testing.T, dir, day, msg string) {
	t.Helper()
	t.Setenv("GIT_AUTHOR_DATE", day+"T12:00:00Z")
	t.Setenv("GIT_COMMITTER_DATE", day+"T12:00:00Z")
	gittest.Commit(t, dir, msg)
}

func objectives(current string) string {
	return "objectives:\n  - id: OBJ-1\n    title: Grow\n    key_results:\n      - id: KR-1\n        title: Rate\n        baseline: 1\n        target: 5\n        current: " + current + "\n"
}

// flowRepo makes a history whose metrics are known by construction (the
// default workflow: in-progress and review are active):
//
//	10-01 A-1…A-5 created in idea; A-1…A-3 in R-1 (due 10-20); KR-1 = 1
//	10-02 → in-progress
//	10-05 A-1 → done; A-3 → in-progress; A-4 joins R-1
//	10-07 A-2 → review; A-5 → dropped; KR-1 = 2
//	10-09 A-2 → done with closed: 2026-10-08; A-3 renumbered A-30
//	10-12 A-30 → done; A-4 leaves R-1
func flowRepo(t *testing.T) (dir string, commits []string) {
	t.Helper()
	dir = gittest.New(t)
	files := map[string]string{
		"roadlog.yaml":    "version: 1\nproduct: {name: Demo, key: A}\n",
		"releases.yaml":   "releases:\n  - id: R-1\n    title: First\n    date: 2026-10-20\n",
		"objectives.yaml": objectives("1"),
		path("A-1"):       item("A-1", "idea", "R-1"),
		path("A-2"):       item("A-2", "idea", "R-1"),
		path("A-3"):       item("A-3", "idea", "R-1"),
		path("A-4"):       item("A-4", "idea", ""),
		path("A-5"):       item("A-5", "idea", ""),
	}
	step := func(day, msg string, change map[string]string) {
		for p, c := range change {
			if c == "" {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
					t.Fatal(err)
				}
				continue
			}
			files[p] = c
		}
		w := map[string]string{}
		for p := range change {
			if change[p] != "" {
				w[p] = files[p]
			}
		}
		gittest.Write(t, dir, w)
		commitAt(t, dir, day, msg)
		commits = append(commits, strings.TrimSpace(gittest.Git(t, dir, "rev-parse", "HEAD")))
	}
	step("2026-10-01", "the plan", files)
	step("2026-10-02", "start", map[string]string{path("A-1"): item("A-1", "in-progress", "R-1"), path("A-2"): item("A-2", "in-progress", "R-1")})
	step("2026-10-05", "A-1 done", map[string]string{
		path("A-1"): item("A-1", "done", "R-1"), path("A-3"): item("A-3", "in-progress", "R-1"), path("A-4"): item("A-4", "idea", "R-1"),
	})
	step("2026-10-07", "review", map[string]string{
		path("A-2"): item("A-2", "review", "R-1"), path("A-5"): item("A-5", "dropped", ""), "objectives.yaml": objectives("2"),
	})
	step("2026-10-09", "A-2 done, renumber", map[string]string{
		path("A-2"): item("A-2", "done", "R-1", "closed: 2026-10-08"),
		path("A-3"): "", path("A-30"): item("A-30", "in-progress", "R-1"),
	})
	step("2026-10-12", "A-30 done", map[string]string{path("A-30"): item("A-30", "done", "R-1"), path("A-4"): item("A-4", "idea", "")})
	return dir, commits
}

func build(t *testing.T, dir string) *History {
	t.Helper()
	git, err := gitx.New(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := Build(t.Context(), git, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func day(s string) Day {
	d, ok := ParseDay(s)
	if !ok {
		panic(s)
	}
	return d
}

func TestTimelines(t *testing.T) {
	dir, _ := flowRepo(t)
	h := build(t, dir)
	var ids []string
	for _, it := range h.Items {
		ids = append(ids, it.ID)
	}
	if diff := cmp.Diff([]string{"A-1", "A-2", "A-4", "A-5", "A-30"}, ids); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	a30 := h.Items[4]
	want := &Timeline{
		ID: "A-30", FormerIDs: []string{"A-3"}, Type: "story", Release: "R-1", Title: "Item A-30",
		Added: day("2026-10-01"), AddedSeq: 0,
		Statuses: []Period{
			{Status: "idea", From: day("2026-10-01"), Seq: 0},
			{Status: "in-progress", From: day("2026-10-05"), Seq: 2},
			{Status: "done", From: day("2026-10-12"), Seq: 5},
		},
		Releases:    []Membership{{Value: "R-1", From: day("2026-10-01")}},
		Initiatives: []Membership{{From: day("2026-10-01")}},
	}
	if diff := cmp.Diff(want, a30); diff != "" {
		t.Errorf("the renumbered item (-want +got):\n%s", diff)
	}
	if got := h.Items[1].ClosedField; got != day("2026-10-08") {
		t.Errorf("A-2's closed field: %s", got)
	}
	wantKR := []*KeyResultLine{{
		ID: "KR-1", Objective: "OBJ-1", Title: "Rate", Baseline: ptr(1), Target: ptr(5),
		Values: []Value{{Day: day("2026-10-01"), Value: ptr(1)}, {Day: day("2026-10-07"), Value: ptr(2)}},
	}}
	if diff := cmp.Diff(wantKR, h.KeyResults); diff != "" {
		t.Errorf("key results (-want +got):\n%s", diff)
	}
}

func ptr(f float64) *float64 { return &f }

func TestMetrics(t *testing.T) {
	dir, commits := flowRepo(t)
	h := build(t, dir)
	r := NewRules(workspace.DefaultConfig())
	if diff := cmp.Diff([]string{"in-progress", "review"}, r.Active); diff != "" {
		t.Errorf("active statuses (-want +got):\n%s", diff)
	}
	m := Compute(h, r, Query{})
	if m.Since != day("2026-10-01") || m.Until != day("2026-10-12") {
		t.Errorf("window %s…%s", m.Since, m.Until)
	}
	// Cycle times 3, 6 (A-2: its closed field, not the commit) and
	// 7 (A-30, followed through its renumber): nearest rank.
	wantSummary := Summary{
		Done: 3, Dropped: 1,
		CycleTime: Percentiles{N: 3, P50: 6, P85: 7, P95: 7},
		LeadTime:  Percentiles{N: 3, P50: 7, P85: 11, P95: 11},
		WIP:       0,
		Throughput: []WeekCount{
			{Week: "2026-W40"}, {Week: "2026-W41", Done: 2, Dropped: 1}, {Week: "2026-W42", Done: 1},
		},
	}
	if diff := cmp.Diff(wantSummary, m.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	// The cumulative flow on 10-07: A-4 idea, A-3 in progress, A-2 in
	// review, A-1 done, A-5 dropped.
	cfd := map[Day][]int{}
	for _, c := range m.CFD {
		cfd[c.Day] = c.Counts
	}
	for d, want := range map[string][]int{
		"2026-10-01": {5, 0, 0, 0, 0, 0, 0},
		"2026-10-03": {3, 0, 0, 2, 0, 0, 0},
		"2026-10-07": {1, 0, 0, 1, 1, 1, 1},
		"2026-10-12": {1, 0, 0, 0, 0, 3, 1},
	} {
		if diff := cmp.Diff(want, cfd[day(d)]); diff != "" {
			t.Errorf("cfd on %s (-want +got):\n%s", d, diff)
		}
	}
	wip := map[Day]int{}
	for _, w := range m.WIP {
		wip[w.Day] = w.Count
	}
	if wip[day("2026-10-02")] != 2 || wip[day("2026-10-07")] != 2 || wip[day("2026-10-10")] != 1 || wip[day("2026-10-12")] != 0 {
		t.Errorf("wip: %v", m.WIP)
	}
	if len(m.Releases) != 1 {
		t.Fatalf("releases: %+v", m.Releases)
	}
	rf := m.Releases[0]
	due := day("2026-10-20")
	wantRelease := ReleaseFlow{
		ID: "R-1", Title: "First", Date: &due, Planned: day("2026-10-01"), Scope: 3, Done: 3,
		Added:   []ScopeChange{{ID: "A-4", Day: day("2026-10-05")}},
		Removed: []ScopeChange{{ID: "A-4", Day: day("2026-10-12")}},
		Say:     3, Do: 3, OpenIDs: []string{},
	}
	rf.BurnUp = nil
	if diff := cmp.Diff(wantRelease, rf); diff != "" {
		t.Errorf("release (-want +got):\n%s", diff)
	}
	burn := m.Releases[0].BurnUp
	if len(burn) != 12 || burn[4] != (BurnDay{Day: day("2026-10-05"), Scope: 4, Done: 1}) || burn[11] != (BurnDay{Day: day("2026-10-12"), Scope: 3, Done: 3}) {
		t.Errorf("burn-up: %+v", burn)
	}

	// A baseline after A-4 joined: it was planned, and nothing was added.
	m = Compute(h, r, Query{BaselineSeq: 2, BaselineSet: true})
	rf = m.Releases[0]
	if rf.Say != 4 || rf.Do != 3 || len(rf.Added) != 0 || len(rf.Removed) != 1 || rf.Planned != day("2026-10-05") {
		t.Errorf("with a baseline: %+v", rf)
	}
	for i, c := range h.Commits {
		if c.ID != commits[i] {
			t.Errorf("commit %d: %s, want %s", i, c.ID, commits[i])
		}
	}

	// A window that ends on 10-07: are aging.
	m = Compute(h, r, Query{Until: day("2026-10-07")})
	want := []Aging{
		{ID: "A-2", Status: "review", Since: day("2026-10-02"), Age: 5, Over: "p95"},
		{ID: "A-30", Status: "in-progress", Since: day("2026-10-05"), Age: 2},
	}
	if diff := cmp.Diff(Percentiles{N: 1, P50: 3, P85: 3, P95: 3}, m.Summary.CycleTime); diff != "" {
		t.Errorf("cycle time to 10-07 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, m.Aging); diff != "" {
		t.Errorf("aging (-want +got):\n%s", diff)
	}
}

func TestGroups(t *testing.T) {
	dir, _ := flowRepo(t)
	h := build(t, dir)
	r := NewRules(workspace.DefaultConfig())
	m := Compute(h, r, Query{By: "type", Items: func(t *Timeline) bool { return t.ID != "A-1" }})
	if len(m.Groups) != 1 || m.Groups[0].Key != "story" || m.Groups[0].Done != 2 || m.Groups[0].CycleTime != (Percentiles{N: 2, P50: 6, P85: 7, P95: 7}) {
		t.Errorf("groups: %+v", m.Groups)
	}
	if got := h.DoneDays(r, nil); fmt.Sprint(got) != "[2026-10-05 2026-10-08 2026-10-12]" {
		t.Errorf("done days: %v", got)
	}
	if got := h.OpenItems(r, "R-1"); len(got) != 0 {
		t.Errorf("open items of R-1: %v", got)
	}
}

func TestNearestRank(t *testing.T) {
	for _, tc := range []struct {
		sample []int
		want   Percentiles
	}{
		{nil, Percentiles{}},
		{[]int{4}, Percentiles{N: 1, P50: 4, P85: 4, P95: 4}},
		{[]int{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, Percentiles{N: 10, P50: 5, P85: 9, P95: 10}},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, Percentiles{N: 20, P50: 10, P85: 17, P95: 19}},
	} {
		if got := PercentilesOf(tc.sample); got != tc.want {
			t.Errorf("%v: got %+v, want %+v", tc.sample, got, tc.want)
		}
	}
}

func TestCache(t *testing.T) {
	dir, _ := flowRepo(t)
	git, err := gitx.New(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	h, cached, err := Load(t.Context(), git, dir, Options{})
	if err != nil || cached {
		t.Fatalf("cold: cached %v, %v", cached, err)
	}
	again, cached, err := Load(t.Context(), git, dir, Options{})
	if err != nil || !cached {
		t.Fatalf("warm: cached %v, %v", cached, err)
	}
	r := NewRules(workspace.DefaultConfig())
	if diff := cmp.Diff(Compute(h, r, Query{}), Compute(again, r, Query{}), cmp.AllowUnexported(Rules{})); diff != "" {
		t.Errorf("metrics from the cache (-built +cached):\n%s", diff)
	}
	// Verifying a sound cache finds nothing; a cache that parses but says
	// something else than the history is an error when verified.
	if _, cached, err := Load(t.Context(), git, dir, Options{VerifyCache: true}); err != nil || !cached {
		t.Errorf("verify: cached %v, %v", cached, err)
	}
	head := h.Head
	h.Items[0].Owner = "someone"
	wrong, err := encodeCache(cacheKey(head, false, ""), h)
	if err != nil {
		t.Fatal(err)
	}
	writeCache(dir, wrong)
	if _, _, err := Load(t.Context(), git, dir, Options{VerifyCache: true}); err == nil || !strings.Contains(err.Error(), "differs from the history") {
		t.Errorf("verify a wrong cache: %v", err)
	}
	// A damaged cache is not trusted: the history is built again.
	f := filepath.Join(dir, filepath.FromSlash(CacheFile))
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, cached, err := Load(t.Context(), git, dir, Options{}); err != nil || cached {
		t.Errorf("damaged: cached %v, %v", cached, err)
	}
	// A new commit is another key.
	gittest.Write(t, dir, map[string]string{path("A-4"): item("A-4", "in-progress", "")})
	commitAt(t, dir, "2026-10-13", "start A-4")
	h, cached, err = Load(t.Context(), git, dir, Options{})
	if err != nil || cached || h.Items[2].Status() != "in-progress" {
		t.Errorf("new commit: cached %v, %v", cached, err)
	}
	// A cache folder that cannot be made: no cache, no error.
	other, _ := flowRepo(t)
	gittest.Write(t, other, map[string]string{".roadlog": "not a folder"})
	og, err := gitx.New(t.Context(), other)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, cached, err := Load(t.Context(), og, other, Options{}); err != nil || cached {
			t.Errorf("no cache folder: cached %v, %v", cached, err)
		}
	}
	// A read-only checkout: no cache, no error.
	if err := os.Chmod(filepath.Dir(f), 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(filepath.Dir(f), 0o755) })
	if err := os.Remove(f); err == nil {
		t.Skip("the folder is still writable (root?)")
	}
	if _, _, err := Load(t.Context(), git, dir, Options{Rev: "HEAD~1"}); err != nil {
		t.Errorf("read-only: %v", err)
	}
}

// TestFacts: the item's own dates override the commit dates, and a
// window that ends earlier sees the item as it was then.
func TestFacts(t *testing.T) {
	r := NewRules(workspace.DefaultConfig())
	tl := &Timeline{
		ID: "A-1", Added: day("2026-10-01"), CreatedField: day("2026-09-20"),
		StartedField: day("2026-10-03"), ClosedField: day("2026-10-10"),
		Statuses: []Period{
			{Status: "idea", From: day("2026-10-01")},
			{Status: "review", From: day("2026-10-06"), Seq: 1},
			{Status: "done", From: day("2026-10-12"), Seq: 2},
		},
	}
	want := Facts{
		Status: "done", Closed: true, Done: true, ClosedOn: day("2026-10-10"),
		Started: true, StartedOn: day("2026-10-03"), Created: day("2026-09-20"),
	}
	if diff := cmp.Diff(want, r.Facts(tl, 0)); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	want = Facts{Status: "review", Started: true, StartedOn: day("2026-10-03"), Created: day("2026-09-20")}
	if diff := cmp.Diff(want, r.Facts(tl, day("2026-10-11"))); diff != "" {
		t.Errorf("facts on 10-11 (-want +got):\n%s", diff)
	}
	// Closed before the history starts: the day is unknown, unless the
	// closed field gives it.
	before := &Timeline{ID: "A-2", Added: day("2026-10-01"), Statuses: []Period{{Status: "done", From: day("2026-10-01")}}}
	if f := r.Facts(before, 0); !f.Done || f.ClosedOn != 0 {
		t.Errorf("closed before the history: %+v", f)
	}
	before.ClosedField = day("2026-09-01")
	if f := r.Facts(before, 0); f.ClosedOn != day("2026-09-01") {
		t.Errorf("closed before the history, with a date: %+v", f)
	}
	before.AddedSeq, before.ClosedField = 3, 0
	if f := r.Facts(before, 0); f.ClosedOn != day("2026-10-01") {
		t.Errorf("added closed in a later commit: %+v", f)
	}
	// Without ready, every open status but the first is active.
	cfg := workspace.DefaultConfig()
	cfg.Workflow.Statuses = []string{"todo", "doing", "checking", "done", "wontfix"}
	cfg.Workflow.Closed = []string{"done", "wontfix"}
	r = NewRules(cfg)
	if diff := cmp.Diff([]string{"doing", "checking"}, r.Active); diff != "" || r.Done != "done" || fmt.Sprint(r.Dropped) != "[wontfix]" {
		t.Errorf("rules without ready: %+v", r)
	}
}
