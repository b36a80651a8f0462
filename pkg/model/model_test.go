package model

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompareIDs(t *testing.T) {
	ids := []string{"ACME-10", "ACME-2", "ACME-1", "B-1", "ACME-02", "ACME-1a", "ACME", "acme-1", "R-2027.10", "R-2027.9"}
	slices.SortFunc(ids, CompareIDs)
	want := []string{"ACME", "ACME-1", "ACME-1a", "ACME-2", "ACME-02", "ACME-10", "B-1", "R-2027.9", "R-2027.10", "acme-1"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestCompareItems(t *testing.T) {
	mk := func(id, rank string) *Item { return &Item{Meta: Meta{ID: id}, Rank: rank} }
	items := []*Item{mk("A-3", ""), mk("A-10", "b"), mk("A-2", "b"), mk("A-1", ""), mk("A-9", "a")}
	slices.SortFunc(items, CompareItems)
	var got []string
	for _, it := range items {
		got = append(got, it.ID)
	}
	if diff := cmp.Diff([]string{"A-9", "A-2", "A-10", "A-1", "A-3"}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestProgress(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tt := range []struct {
		b, tg, c *float64
		want     float64
		ok       bool
	}{
		{f(2.1), f(3.0), f(2.4), 1.0 / 3, true},
		{f(71), f(60), f(68), 3.0 / 11, true},
		{f(0), f(10), f(12), 1, true},
		{f(0), f(10), f(-1), 0, true},
		{f(5), f(5), f(5), 0, false},
		{nil, f(5), f(5), 0, false},
	} {
		got, ok := (&KeyResult{Baseline: tt.b, Target: tt.tg, Current: tt.c}).Progress()
		if ok != tt.ok || (ok && (got-tt.want > 1e-9 || tt.want-got > 1e-9)) {
			t.Errorf("Progress = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
		}
	}
}
