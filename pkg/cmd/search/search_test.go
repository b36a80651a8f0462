package search

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/search"
	"github.com/roadlog/roadlog/pkg/workspace"
)

var now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// TestTableBold: on a terminal the matched words are bold, and escape
// sequences from the file still never reach it.
func TestTableBold(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"roadlog.yaml":     "version: 1\n",
		"backlog/A-1-x.md": "---\nid: A-1\ntitle: Cards\nstatus: ready\n---\nPay by \x1b[2J card, any card.\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := workspace.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	p := plan.New(ws, now)
	ix, err := search.New(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := search.Parse("card")
	hits, err := ix.Search(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	for _, bold := range []bool{true, false} {
		var out bytes.Buffer
		if err := render.Write(&out, "table", table(hits, bold), render.Options{}); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		want := "Pay by \uFFFD[2J \x1b[1mcard\x1b[22m, any \x1b[1mcard\x1b[22m."
		if !bold {
			want = "Pay by \uFFFD[2J card, any card."
		}
		if !strings.Contains(got, want) {
			t.Errorf("bold=%v: table\n%s\nwants %q", bold, got, want)
		}
		if n := strings.Count(got, "\x1b"); (bold && n != 4) || (!bold && n != 0) {
			t.Errorf("bold=%v: %d escapes in\n%q", bold, n, got)
		}
	}
	// A cut cell still ends every bold it starts.
	var out bytes.Buffer
	if err := render.Write(&out, "table", table(hits, true), render.Options{Width: 46}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "…") || strings.Count(got, "\x1b[1m") != strings.Count(got, "\x1b[22m") {
		t.Errorf("cut table\n%q", got)
	}
}

// BenchmarkSearchCommand runs `roadlog search` end to end on a generated
// workspace of 10,000 items: load, plan, index, rank, snippets, table.
// Run it with: go test ./pkg/cmd/search -run '^$' -bench SearchCommand -benchtime 10x
func BenchmarkSearchCommand(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	ios, _, out, _ := iostreams.Test()
	opts := &options{
		ViewOptions: &cmdutil.ViewOptions{
			IO:  ios,
			Now: func() time.Time { return now },
			Workspace: func(ctx context.Context) (*workspace.Workspace, error) {
				return workspace.Open(ctx, dir)
			},
			View: cmdutil.ViewFlags{Format: "table", Limit: defaultLimit, Where: `status != "done"`},
		},
		query: `"guest can pay" number`,
	}
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := run(b.Context(), opts); err != nil {
			b.Fatal(err)
		}
	}
	if n := bytes.Count(out.Bytes(), []byte("\n")); n != defaultLimit+4 {
		b.Fatalf("%d lines", n)
	}
}
