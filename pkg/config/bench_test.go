package config_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/config"
)

// BenchmarkConfigSet is `roadlog config set workflow.wip.review N` on a
// generated 10,000-item workspace that keeps editor schemas: lock, load,
// stage the change, validate the workspace before and after, write
// roadlog.yaml and rewrite the schemas. Each run sets another value, so
// that each writes.
// Run it with: go test ./pkg/config -run '^$' -bench ConfigSet -benchtime 5x
func BenchmarkConfigSet(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	s, err := change.Begin(b.Context(), dir, now)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := change.WriteSchemas(dir, s.WS.Config); err != nil {
		b.Fatal(err)
	}
	s.Close()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		s, err := change.Begin(b.Context(), dir, now)
		if err != nil {
			b.Fatal(err)
		}
		c := change.Change{Path: config.Path("workflow.wip.review"), Text: strconv.Itoa(100 + i)}
		if err := s.SetConfig([]change.Change{c}, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := s.CommitConfig(b.Context(), false); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkConfigGet is `roadlog config get people.ana` once the workspace is
// loaded.
func BenchmarkConfigGet(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	s, err := change.Begin(b.Context(), dir, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if _, err := config.Get(s.WS, "people.ana"); err != nil {
			b.Fatal(err)
		}
	}
}
