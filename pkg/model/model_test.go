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
