package flow

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/gittest"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// commitAuthored commits every change in dir as authored at author and
// committed at committed (RFC 3339).
func commitAuthored(t *testing.T, dir, author, committed, msg string) {
	t.Helper()
	t.Setenv("GIT_AUTHOR_DATE", author)
	t.Setenv("GIT_COMMITTER_DATE", committed)
	gittest.Commit(t, dir, msg)
}

// A rebase keeps old author dates: along the history they may go back.
// The days of the walk never do, so no time comes out negative and the
// item done in the window counts in it.
func TestRebasedAuthorDates(t *testing.T) {
	dir := gittest.New(t)
	gittest.Write(t, dir, map[string]string{
		"roadlog.yaml": "version: 1\nproduct: {name: Demo, key: A}\n",
		path("A-1"):    item("A-1", "idea", ""),
	})
	commitAuthored(t, dir, "2026-10-10T12:00:00Z", "2026-10-10T12:00:00Z", "plan")
	gittest.Write(t, dir, map[string]string{path("A-1"): item("A-1", "in-progress", "")})
	commitAuthored(t, dir, "2026-10-05T12:00:00Z", "2026-10-11T12:00:00Z", "start")
	gittest.Write(t, dir, map[string]string{path("A-1"): item("A-1", "done", "")})
	commitAuthored(t, dir, "2026-10-03T12:00:00Z", "2026-10-12T12:00:00Z", "done")
	gittest.Write(t, dir, map[string]string{path("A-2"): item("A-2", "idea", "")})
	commitAuthored(t, dir, "2026-10-13T12:00:00Z", "2026-10-13T12:00:00Z", "more")

	h := build(t, dir)
	var days []string
	for _, c := range h.Commits {
		days = append(days, c.Day.String())
	}
	if got, want := strings.Join(days, " "), "2026-10-10 2026-10-10 2026-10-10 2026-10-13"; got != want {
		t.Errorf("days of the commits: %s, want %s", got, want)
	}
	m := Compute(h, NewRules(workspace.DefaultConfig()), Query{})
	zero := 0
	want := []Finished{{ID: "A-1", Done: true, Closed: day("2026-10-10"), Cycle: &zero, Lead: 0, Status: "done", Type: "story"}}
	if diff := cmp.Diff(want, m.Finished); diff != "" {
		t.Errorf("finished (-want +got):\n%s", diff)
	}
	if m.Summary.Done != 1 || m.Summary.LeadTime != (Percentiles{N: 1}) {
		t.Errorf("summary: %+v", m.Summary)
	}
}

// The closed field dates the last closing. Seen from before the item was
// reopened, it was closed on the day of that commit; and a created field
// after the closing makes no negative lead time.
func TestFactsReopenedAndCreatedLate(t *testing.T) {
	r := NewRules(workspace.DefaultConfig())
	tl := &Timeline{
		ID: "A-1", Added: day("2026-10-01"), ClosedField: day("2026-10-09"),
		Statuses: []Period{
			{Status: "idea", From: day("2026-10-01")},
			{Status: "in-progress", From: day("2026-10-02"), Seq: 1},
			{Status: "done", From: day("2026-10-05"), Seq: 2},
			{Status: "in-progress", From: day("2026-10-07"), Seq: 3},
			{Status: "done", From: day("2026-10-10"), Seq: 4},
		},
	}
	for _, c := range []struct {
		asOf, closed string
	}{{"2026-10-06", "2026-10-05"}, {"", "2026-10-09"}} {
		asOf := Day(0)
		if c.asOf != "" {
			asOf = day(c.asOf)
		}
		if f := r.Facts(tl, asOf); !f.Done || f.ClosedOn != day(c.closed) {
			t.Errorf("as of %q: closed on %s, want %s (%+v)", c.asOf, f.ClosedOn, c.closed, f)
		}
	}
	m := Compute(&History{Commits: []Commit{{Day: day("2026-10-01")}, {Day: day("2026-10-10"), ID: "x"}}, Items: []*Timeline{tl}}, r, Query{Until: day("2026-10-06")})
	if m.Summary.Done != 1 || m.Summary.CycleTime != (Percentiles{N: 1, P50: 3, P85: 3, P95: 3}) {
		t.Errorf("a window that ends before the item was reopened: %+v", m.Summary)
	}

	tl.CreatedField = day("2026-10-20")
	if f := r.Facts(tl, 0); f.Created != day("2026-10-09") {
		t.Errorf("created after closed: created %s, want 2026-10-09", f.Created)
	}
	m = Compute(&History{Items: []*Timeline{tl}}, r, Query{Since: day("2026-10-01"), Until: day("2026-10-31")})
	if m.Summary.LeadTime != (Percentiles{N: 1}) || len(m.Finished) != 1 || m.Finished[0].Lead != 0 {
		t.Errorf("created after closed: lead time %+v, finished %+v", m.Summary.LeadTime, m.Finished)
	}
}

// A date-time in a date field counts on its day in UTC, as commits do.
func TestFieldDayUTC(t *testing.T) {
	for in, want := range map[string]string{
		"2026-10-01":                "2026-10-01",
		" 2026-10-01 ":              "2026-10-01",
		"2026-10-01T23:30:00-05:00": "2026-10-02",
		"2026-10-02T01:00:00+02:00": "2026-10-01",
		"2026-10-01T23:30:00Z":      "2026-10-01",
		"2026-10-01 10:00":          "2026-10-01",
	} {
		if got := fieldDay(map[string]any{"created": in}, "created"); got != day(want) {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
	if got := fieldDay(map[string]any{"created": "soon"}, "created"); got != 0 {
		t.Errorf("not a date: %s", got)
	}
}

// A key result set back, within a day, to the value it had the day
// before has not changed: it gets no second value.
func TestKeyResultBackSameDay(t *testing.T) {
	dir := gittest.New(t)
	gittest.Write(t, dir, map[string]string{"roadlog.yaml": "version: 1\nproduct: {name: Demo, key: A}\n", "objectives.yaml": objectives("1")})
	commitAt(t, dir, "2026-10-01", "plan")
	for i, v := range []string{"2", "3", "1"} {
		gittest.Write(t, dir, map[string]string{"objectives.yaml": objectives(v)})
		commitAt(t, dir, "2026-10-02", "kr "+string(rune('a'+i)))
	}
	gittest.Write(t, dir, map[string]string{"objectives.yaml": objectives("4")})
	commitAt(t, dir, "2026-10-03", "kr d")
	h := build(t, dir)
	want := []Value{{Day: day("2026-10-01"), Value: ptr(1)}, {Day: day("2026-10-03"), Value: ptr(4)}}
	if len(h.KeyResults) != 1 {
		t.Fatalf("key results: %+v", h.KeyResults)
	}
	if diff := cmp.Diff(want, h.KeyResults[0].Values); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

// Zero is a value: a key result whose baseline and current are 0 keeps
// them through the cache (gob alone brings a pointer to 0 back as nil).
func TestCacheKeepsZero(t *testing.T) {
	dir := gittest.New(t)
	gittest.Write(t, dir, map[string]string{
		"roadlog.yaml":    "version: 1\nproduct: {name: Demo, key: A}\n",
		"objectives.yaml": strings.Replace(objectives("0"), "baseline: 1", "baseline: 0", 1),
	})
	commitAt(t, dir, "2026-10-01", "plan")
	gittest.Write(t, dir, map[string]string{"objectives.yaml": strings.Replace(objectives("~"), "baseline: 1", "baseline: 0", 1)})
	commitAt(t, dir, "2026-10-02", "unset")
	git, err := gitx.New(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	built, cached, err := Load(t.Context(), git, dir, Options{})
	if err != nil || cached {
		t.Fatalf("cold: cached %v, %v", cached, err)
	}
	again, cached, err := Load(t.Context(), git, dir, Options{})
	if err != nil || !cached {
		t.Fatalf("warm: cached %v, %v", cached, err)
	}
	want := []*KeyResultLine{{
		ID: "KR-1", Objective: "OBJ-1", Title: "Rate", Baseline: ptr(0), Target: ptr(5),
		Values: []Value{{Day: day("2026-10-01"), Value: ptr(0)}, {Day: day("2026-10-02")}},
	}}
	if diff := cmp.Diff(want, built.KeyResults); diff != "" {
		t.Errorf("built (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, again.KeyResults); diff != "" {
		t.Errorf("from the cache (-want +got):\n%s", diff)
	}
}

// `roadlog renumber` of a release or an initiative rewrites the items'
// references in the same commit, which is no change of theirs: the items
// follow the new ID, and the release's scope, say/do and burn-up count it
// as one release all along.
func TestRenumberedReleaseAndInitiative(t *testing.T) {
	dir := gittest.New(t)
	releases := func(id string) string {
		return "releases:\n  - id: " + id + "\n    title: First\n    date: 2026-10-20\n"
	}
	roadmap := func(id string) string {
		return "initiatives:\n  - id: " + id + "\n    title: Frictionless checkout\n    horizon: now\n    status: in-progress\n"
	}
	gittest.Write(t, dir, map[string]string{
		"roadlog.yaml":  "version: 1\nproduct: {name: Demo, key: A}\n",
		"releases.yaml": releases("R-1"),
		"roadmap.yaml":  roadmap("INIT-1"),
		path("A-1"):     item("A-1", "idea", "R-1", "initiative: INIT-1"),
		path("A-2"):     item("A-2", "idea", "R-1", "initiative: INIT-1"),
	})
	commitAt(t, dir, "2026-10-01", "plan")
	gittest.Write(t, dir, map[string]string{
		"releases.yaml": releases("R-9"),
		"roadmap.yaml":  roadmap("INIT-9"),
		path("A-1"):     item("A-1", "idea", "R-9", "initiative: INIT-9"),
		path("A-2"):     item("A-2", "idea", "R-9", "initiative: INIT-9"),
	})
	commitAt(t, dir, "2026-10-03", "renumber")
	gittest.Write(t, dir, map[string]string{path("A-1"): item("A-1", "done", "R-9", "initiative: INIT-9")})
	commitAt(t, dir, "2026-10-04", "A-1 done")

	h := build(t, dir)
	for _, tl := range h.Items {
		if tl.Release != "R-9" || tl.Initiative != "INIT-9" || len(tl.Releases) != 1 || tl.Releases[0].Value != "R-9" {
			t.Errorf("%s: release %q, initiative %q, releases %+v", tl.ID, tl.Release, tl.Initiative, tl.Releases)
		}
	}
	m := Compute(h, NewRules(workspace.DefaultConfig()), Query{By: "initiative"})
	if len(m.Releases) != 1 {
		t.Fatalf("releases: %+v", m.Releases)
	}
	rf := m.Releases[0]
	if rf.ID != "R-9" || rf.Scope != 2 || rf.Done != 1 || rf.Say != 2 || rf.Do != 1 || len(rf.Added)+len(rf.Removed) != 0 {
		t.Errorf("release: %+v", rf)
	}
	want := []BurnDay{
		{Day: day("2026-10-01"), Scope: 2},
		{Day: day("2026-10-02"), Scope: 2},
		{Day: day("2026-10-03"), Scope: 2},
		{Day: day("2026-10-04"), Scope: 2, Done: 1},
	}
	if diff := cmp.Diff(want, rf.BurnUp); diff != "" {
		t.Errorf("burn-up (-want +got):\n%s", diff)
	}
	if len(m.Groups) != 1 || m.Groups[0].Key != "INIT-9" || m.Groups[0].Done != 1 {
		t.Errorf("groups by initiative: %+v", m.Groups)
	}
}

// Without commits the window is the one day until, not from 1970.
func TestWindowWithoutCommits(t *testing.T) {
	h := &History{}
	until := day("2026-12-02")
	if since, u := h.Window(Query{Until: until}); since != until || u != until {
		t.Errorf("window %s…%s", since, u)
	}
	m := Compute(h, NewRules(workspace.DefaultConfig()), Query{Until: until})
	if len(m.CFD) != 1 || len(m.WIP) != 1 || len(m.Summary.Throughput) != 1 {
		t.Errorf("%d days of cumulative flow, %d of WIP, %d weeks", len(m.CFD), len(m.WIP), len(m.Summary.Throughput))
	}
	if since, _ := h.Window(Query{Since: day("2026-11-01"), Until: until}); since != day("2026-11-01") {
		t.Errorf("since given: %s", since)
	}
}
