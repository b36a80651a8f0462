package view

import (
	"errors"
	"io/fs"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/examples"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// examplePlan is the plan of the sample workspace on a fixed day.
func examplePlan(t *testing.T) *plan.Plan {
	t.Helper()
	sub, err := fs.Sub(examples.FS, examples.Default)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.Load(t.Context(), sub)
	if err != nil {
		t.Fatal(err)
	}
	return plan.New(ws, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
}

func TestSplitColumns(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{",", []string{}},
		{" id , title,,score ", []string{"id", "title", "score"}},
	} {
		got := SplitColumns(tc.in)
		if diff := cmp.Diff(tc.want, got); diff != "" || (got == nil) != (tc.want == nil) {
			t.Errorf("SplitColumns(%q) = %#v, want %#v", tc.in, got, tc.want)
		}
	}
}

func TestMine(t *testing.T) {
	for _, tc := range []struct{ where, field, want string }{
		{"", "owner", "owner == me()"},
		{"  ", "id", "id == me()"},
		{`status == "ready" || x`, "owner", `(status == "ready" || x) && owner == me()`},
	} {
		if got := Mine(tc.where, tc.field); got != tc.want {
			t.Errorf("Mine(%q, %q) = %q, want %q", tc.where, tc.field, got, tc.want)
		}
	}
}

func TestCheckLimit(t *testing.T) {
	if err := CheckLimit(0); err != nil {
		t.Errorf("CheckLimit(0) = %v", err)
	}
	err := CheckLimit(-2)
	if !IsFlagError(err) || err.Error() != "--limit: -2 is negative; give 0 for all, or a positive number" {
		t.Errorf("CheckLimit(-2) = %v", err)
	}
}

// ids are the IDs of rows.
func ids(rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Record.ID()
	}
	return out
}

// TestSelectBacklog: the backlog starts from the open items; All adds
// the closed ones; columns default to the items' and are the JSON keys
// only when asked for, even as an empty list.
func TestSelectBacklog(t *testing.T) {
	p := examplePlan(t)
	closed := map[string]bool{}
	for _, it := range p.Items() {
		closed[it.ID] = p.Closed(it)
	}
	open, err := SelectBacklog(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := SelectBacklog(p, Options{All: true})
	if err != nil {
		t.Fatal(err)
	}
	var wantOpen []string
	for _, id := range ids(all.Rows) {
		if !closed[id] {
			wantOpen = append(wantOpen, id)
		}
	}
	if len(wantOpen) == len(all.Rows) {
		t.Fatal("the sample has no closed item to leave out")
	}
	if diff := cmp.Diff(wantOpen, ids(open.Rows)); diff != "" {
		t.Errorf("open items (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff(DefaultColumns(model.KindItem), open.Columns); diff != "" || open.Explicit {
		t.Errorf("default columns (explicit %v): %s", open.Explicit, diff)
	}
	if o := open.JSON().(map[string][]Object)["items"][0]; o["computed"] == nil {
		t.Errorf("without columns, an item has every field and computed: %v", o)
	}
	empty, err := SelectBacklog(p, Options{Query: Query{Columns: []string{}, Limit: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantOpen[:2], ids(empty.Rows)); diff != "" || !empty.Explicit || !cmp.Equal(empty.Columns, open.Columns) {
		t.Errorf("--columns , --limit 2: explicit %v, columns %v, rows (-want +got)\n%s", empty.Explicit, empty.Columns, diff)
	}
	for _, o := range empty.JSON().(map[string][]Object)["items"] {
		keys := slices.Sorted(maps.Keys(o))
		if diff := cmp.Diff([]string{"id", "owner", "score", "status", "title", "type"}, keys); diff != "" {
			t.Errorf("keys of a JSON item with columns (-want +got)\n%s", diff)
		}
	}
	if _, err := SelectBacklog(p, Options{Query: Query{Columns: []string{"nope"}}}); !IsFlagError(err) {
		t.Errorf("an unknown column: %v", err)
	}
}

// TestSelectRoadmapBy: an unknown grouping is a mistake in --by, with the
// groupings to use.
func TestSelectRoadmapBy(t *testing.T) {
	p := examplePlan(t)
	_, err := SelectRoadmap(p, Options{By: "quartr"})
	var fe *FlagError
	if !errors.As(err, &fe) || err.Error() != `--by: unknown grouping "quartr"; did you mean "quarter"?` {
		t.Errorf("SelectRoadmap(quartr) = %v", err)
	}
	m, err := SelectRoadmap(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.By != "horizon" || len(m.Horizons) < 3 || m.Horizons[0].Name != "now" {
		t.Errorf("the default grouping: by %q, horizons %v", m.By, m.Horizons)
	}
}

// TestFind: an unknown ID says which close one was meant, or where the
// IDs are.
func TestFind(t *testing.T) {
	p := examplePlan(t)
	if r, err := Find(p, "ACME-12"); err != nil || r.ID() != "ACME-12" {
		t.Errorf("Find(ACME-12) = %v, %v", r, err)
	}
	for id, want := range map[string]string{
		"ACEM-12":  `no record has the ID "ACEM-12"; did you mean "ACME-12"?`,
		"ZZZ-9999": "no record has the ID \"ZZZ-9999\"; list IDs with `roadlog list KIND`",
	} {
		_, err := Find(p, id)
		var ue *UnknownIDError
		if !errors.As(err, &ue) || err.Error() != want {
			t.Errorf("Find(%s) = %v, want %s", id, err, want)
		}
	}
}
