package script

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// BenchmarkJSONJQ is `roadlog backlog --json id,title,score --jq ...` past
// loading: every item of a generated 10,000-item workspace picked, made
// generic and filtered.
// Run it with: go test ./pkg/script -run '^$' -bench JSONJQ -benchtime 5x -count 5
func BenchmarkJSONJQ(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	ws, err := workspace.Open(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	p := plan.New(ws, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	var rows []map[string]any
	for _, it := range p.Items() {
		rows = append(rows, p.Row(p.WS.RecordOf(it)))
	}
	if len(rows) < 10000 || p.FieldNames(model.KindItem) == nil {
		b.Fatalf("%d rows", len(rows))
	}
	fields := []string{"id", "title", "score", "status"}
	f, err := Compile(`.[] | select(.status == "ready") | .id`)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		picked := make([]map[string]any, len(rows))
		for i, r := range rows {
			picked[i] = Pick(r, fields)
		}
		g, err := Generic(picked)
		if err != nil {
			b.Fatal(err)
		}
		if err := f.Run(context.Background(), io.Discard, g, nil); err != nil {
			b.Fatal(err)
		}
	}
}
