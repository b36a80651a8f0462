package search

import (
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// BenchmarkSearch builds the index of a generated workspace of 10,000
// items and runs a query on it, snippets of the best 30 included: what
// `roadlog search` does after loading.
// Run it with: go test ./pkg/search -run '^$' -bench Search -benchtime 20x
func BenchmarkSearch(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	ws, err := workspace.Open(b.Context(), dir)
	if err != nil {
		b.Fatal(err)
	}
	p := plan.New(ws, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	for _, query := range []string{"account", `"guest can pay" item*`, "number 4242"} {
		b.Run(query, func(b *testing.B) {
			q, err := Parse(query)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				ix, err := New(b.Context(), p)
				if err != nil {
					b.Fatal(err)
				}
				hits, err := ix.Search(b.Context(), q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(hits)
				for _, h := range hits[:min(30, len(hits))] {
					_ = h.Snippet()
				}
			}
			if n == 0 {
				b.Fatal("no hits")
			}
			b.ReportMetric(float64(n), "hits")
		})
	}
}
