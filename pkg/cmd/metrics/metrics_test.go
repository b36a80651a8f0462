package metrics

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/render"
)

func fp(f float64) *float64 { return &f }

// The text keeps to 40 columns over a long window with large counts, a
// long release ID and key results with long values.
func TestTextFits40Columns(t *testing.T) {
	since, _ := flow.ParseDay("2026-08-01")
	until, _ := flow.ParseDay("2026-09-29")
	due, _ := flow.ParseDay("2026-10-31")
	m := &flow.Metrics{
		Since: since, Until: until,
		Rules: flow.Rules{Statuses: []string{"idea", "in-progress", "done"}, Active: []string{"in-progress"}, Done: "done"},
		CFD:   []flow.CFDDay{{Day: until, Counts: []int{1, 2, 3}}},
		Releases: []flow.ReleaseFlow{
			{ID: "R-2026.10-the-spring-launch-of-everything", Date: &due, Planned: since, Scope: 3, Done: 1},
			{ID: "R-2026.11-the-autumn-launch-of-everything", Planned: since},
		},
		KeyResults: []flow.KeyResultFlow{{ID: "KR-1", Values: []flow.Value{
			{Day: since, Value: fp(1234567.125)}, {Day: since + 1, Value: fp(2345678.25)}, {Day: since + 2, Value: fp(3456789.5)},
		}}},
	}
	for d := since; d <= until; d++ {
		m.WIP = append(m.WIP, flow.DayCount{Day: d, Count: 1000 + int(d-since)})
	}
	var b strings.Builder
	if err := writeText(&b, m); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if render.Width(l) > 40 {
			t.Errorf("%d cells: %q", render.Width(l), l)
		}
	}
	want := `WIP a day
  ▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇█
  now 1059, max 1059

In each status on 2026-09-29
  idea            1 ██████
  in-progress     2 █████████████
  done            3 ████████████████████

Release R-2026.10-the-… (due 2026-10-31)
  done 1 of 3  █████
  since 2026-08-01: +0 −0
  said 0, did 0 by its date

Release R-2026.11-the-autumn-launch-of-…
  done 0 of 0
  since 2026-08-01: +0 −0
  said 0, did 0 by its date

Key results
  KR-1       2345678.25 → 3456789.5
`
	got := b.String()
	if i := strings.Index(got, "WIP a day"); i >= 0 {
		got = got[i:]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}
