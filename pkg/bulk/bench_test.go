package bulk

import (
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/plan"
)

// BenchmarkSetWhere is `roadlog set --where EXPR labels+=… --dry-run` on a
// generated 10,000-item workspace: lock, load, select with an expression,
// and stage the change on every item selected (about one in ten).
// Run it with: go test ./pkg/bulk -run '^$' -bench SetWhere -benchtime 5x
func BenchmarkSetWhere(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	c, err := change.ParseChange("labels+=bulk")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s, err := change.Begin(b.Context(), dir, now)
		if err != nil {
			b.Fatal(err)
		}
		recs, err := Select(plan.New(s.WS, now), `status == "ready"`, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(recs) == 0 {
			b.Fatal("nothing selected")
		}
		if _, err := Set(s, recs, []change.Change{c}, nil, false); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
