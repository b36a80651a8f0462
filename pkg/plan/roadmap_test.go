package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/model"
)

func TestByHorizon(t *testing.T) {
	type in struct{ id, horizon string }
	names := func(groups []Group[in]) map[string][]string {
		out := map[string][]string{}
		for _, g := range groups {
			out[g.Name] = []string{}
			for _, m := range g.Members {
				out[g.Name] = append(out[g.Name], m.id)
			}
		}
		return out
	}
	horizon := func(i in) string { return i.horizon }
	got := names(ByHorizon([]in{{"A", "later"}, {"B", "now"}, {"C", ""}, {"D", "now"}, {"E", "soon"}}, horizon))
	want := map[string][]string{"now": {"B", "D"}, "next": {}, "later": {"A"}, "unscheduled": {"C", "E"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ByHorizon (-want +got)\n%s", diff)
	}
	if groups := ByHorizon([]in{{"A", "now"}}, horizon); len(groups) != 3 {
		t.Errorf("unscheduled without members: %d groups", len(groups))
	}
}

func TestByTheme(t *testing.T) {
	themes := []*model.Theme{{Meta: model.Meta{ID: "t1"}}, {Meta: model.Meta{ID: "t2"}}}
	records := []string{"t2:A", "x:B", "t2:C", ":D"}
	groups := ByTheme(themes, records, func(r string) string { return r[:len(r)-2] })
	if len(groups) != 3 || groups[0].Theme.ID != "t1" || len(groups[0].Members) != 0 ||
		!cmp.Equal(groups[1].Members, []string{"t2:A", "t2:C"}) || groups[2].Theme != nil ||
		!cmp.Equal(groups[2].Members, []string{"x:B", ":D"}) {
		t.Errorf("ByTheme = %+v", groups)
	}
}

func TestTimeline(t *testing.T) {
	tl := NewTimeline([][2]string{
		{"2027-02-01", "2027-08-31"}, // Q1 to Q3
		{"", ""},                     // undated
		{"2026-11-01", ""},           // one date: that quarter
		{"2027-12-01", "2027-04-01"}, // swapped
		{"bad", "2027-05-05"},
	})
	var quarters []string
	for _, q := range tl.Quarters {
		quarters = append(quarters, q.String())
	}
	if diff := cmp.Diff([]string{"2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"}, quarters); diff != "" {
		t.Errorf("quarters (-want +got)\n%s", diff)
	}
	cover := func(i int) string {
		s := ""
		for _, q := range tl.Quarters {
			if tl.Spans[i].Covers(q) {
				s += "x"
			} else {
				s += "."
			}
		}
		return s
	}
	for i, want := range []string{".xxx.", ".....", "x....", "..xxx", "..x.."} {
		if got := cover(i); got != want {
			t.Errorf("span %d covers %s, want %s", i, got, want)
		}
	}
	if from, to := tl.Columns(tl.Spans[3]); from != 2 || to != 4 {
		t.Errorf("Columns = %d, %d", from, to)
	}
	long := NewTimeline([][2]string{{"2020-01-01", "2099-01-01"}})
	if len(long.Quarters) != maxQuarters {
		t.Errorf("a long span gives %d quarters", len(long.Quarters))
	}
	if from, to := long.Columns(long.Spans[0]); from != 0 || to != maxQuarters-1 {
		t.Errorf("a long span is drawn in columns %d..%d", from, to)
	}
}
