package retire

import (
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/plan"
)

// BenchmarkArchive archives one closed item of a generated 10,000-item
// workspace and brings it back: two whole edits, each locking, loading,
// validating the workspace before and after, and moving the file through
// the journal, as `roadlog archive` and `roadlog archive --undo` do.
// Run it with: go test ./pkg/retire -run '^$' -bench Archive -benchtime 5x
func BenchmarkArchive(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	edit := func(fn func(*change.Session, *plan.Plan) error) {
		s, err := change.Begin(b.Context(), dir, now)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		if err := fn(s, plan.New(s.WS, now)); err != nil {
			b.Fatal(err)
		}
		if err := s.Commit(b.Context(), false); err != nil {
			b.Fatal(err)
		}
	}
	var id string
	edit(func(_ *change.Session, p *plan.Plan) error {
		for _, it := range p.Items() {
			if p.Closed(it) {
				id = it.ID
				break
			}
		}
		return nil
	})
	if id == "" {
		b.Fatal("no closed item")
	}
	b.ReportAllocs()
	for b.Loop() {
		edit(func(s *change.Session, p *plan.Plan) error { _, err := Archive(s, p, []string{id}); return err })
		edit(func(s *change.Session, p *plan.Plan) error { _, err := Unarchive(s, p, []string{id}); return err })
	}
}

// BenchmarkRemoveRefused finds the referrers of an epic in a generated
// 10,000-item workspace: the work `roadlog rm` does before it refuses.
func BenchmarkRemoveRefused(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	s, err := change.Begin(b.Context(), dir, now)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	p := plan.New(s.WS, now)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Remove(s, p, []string{"B-1"}, false); err == nil {
			b.Fatal("B-1 has children: want a refusal")
		}
	}
}
