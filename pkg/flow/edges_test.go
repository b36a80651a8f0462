package flow

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/gittest"
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
