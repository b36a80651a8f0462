package people

import (
	"strings"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

func TestMe(t *testing.T) {
	cfg := &workspace.Config{People: map[string]workspace.Person{"ana": {Email: "Ana@Example.com"}, "bo": {}}}
	if id, err := Me(cfg, "ana@example.com"); err != nil || id != "ana" {
		t.Errorf("Me = %q, %v", id, err)
	}
	if _, err := Me(cfg, "zed@example.com"); err == nil || !strings.Contains(err.Error(), "people: {ID: {name: NAME, email: zed@example.com}}") {
		t.Errorf("Me of a stranger: %v", err)
	}
	if _, err := Me(cfg, ""); err == nil || !strings.Contains(err.Error(), "not set") {
		t.Errorf("Me without an email: %v", err)
	}
}

// BenchmarkPeople is `roadlog people --where 'open > 0' --sort -open` on a
// generated workspace of 10,000 items, after loading and planning.
// Run it with: go test ./pkg/people -run '^$' -bench People -benchtime 20x
func BenchmarkPeople(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	ws, err := workspace.Open(b.Context(), dir)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	p := plan.New(ws, now)
	for b.Loop() {
		if _, err := Select(Rows(p), p.Today, Query{Where: "open > 0", Sort: "-open"}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSelectMeUnavailable: me() without a way to know the user is a
// mistake in --where, not a filter that silently matches no one.
func TestSelectMeUnavailable(t *testing.T) {
	rows := []map[string]any{{"id": "ana"}, {"id": "ben"}}
	_, err := Select(rows, "2026-12-01", Query{Where: "id == me()"})
	if err == nil || err.Error() != "--where: me() is not available here" {
		t.Errorf("Select without Me = %v", err)
	}
	got, err := Select(rows, "2026-12-01", Query{Where: "id == me()", Me: func() (string, error) { return "ben", nil }})
	if err != nil || len(got) != 1 || got[0]["id"] != "ben" {
		t.Errorf("Select with Me = %v, %v", got, err)
	}
}
