package backlog

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// BenchmarkBacklogCSV runs `roadlog backlog --format csv` on a generated
// workspace of 10,000 items: load, plan, filter, sort and write.
// Run it with: go test ./pkg/cmd/backlog -run '^$' -bench BacklogCSV -benchtime 5x
func BenchmarkBacklogCSV(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	ios, _, out, _ := iostreams.Test()
	opts := &options{ViewOptions: &cmdutil.ViewOptions{
		IO:  ios,
		Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) },
		Workspace: func(ctx context.Context) (*workspace.Workspace, error) {
			return workspace.Open(ctx, dir)
		},
		View: cmdutil.ViewFlags{Format: "csv", Where: `status != "idea"`, Sort: "-score"},
	}}
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := run(b.Context(), opts); err != nil {
			b.Fatal(err)
		}
	}
	if n := bytes.Count(out.Bytes(), []byte("\n")); n < 5000 {
		b.Fatalf("%d lines", n)
	}
	b.ReportMetric(float64(out.Len()), "csv-bytes")
}
