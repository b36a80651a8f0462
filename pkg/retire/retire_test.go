package retire

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/plan"
)

func TestComparePointers(t *testing.T) {
	tests := []struct {
		a, b []string
		want int // sign
	}{
		{[]string{"risks", "2"}, []string{"risks", "10"}, -1},
		{[]string{"objectives", "0", "key_results", "1"}, []string{"objectives", "0"}, 1},
		{[]string{"themes", "0"}, []string{"initiatives", "0"}, 1},
		{[]string{"risks", "1"}, []string{"risks", "1"}, 0},
	}
	for _, tt := range tests {
		got := comparePointers(tt.a, tt.b)
		if got > 0 {
			got = 1
		} else if got < 0 {
			got = -1
		}
		if got != tt.want {
			t.Errorf("comparePointers(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestRemove covers what rm removes and refuses: nested records go with
// their parent, referrers among the removed do not count.
func TestRemove(t *testing.T) {
	files := map[string]string{
		"roadlog.yaml":    "version: 1\n",
		"objectives.yaml": "objectives:\n  - id: O-1\n    title: O\n    key_results:\n      - id: K-1\n        title: K\n      - id: K-2\n        title: K\n  - id: O-2\n    title: P\n",
		"risks.yaml":      "risks:\n  - id: R-1\n    title: R\n    likelihood: 1\n    impact: 1\n    status: open\n    links: [K-2, O-2]\n",
	}
	tests := []struct {
		name     string
		ids      []string
		drop     bool
		removed  []string
		refusals []string
	}{
		{name: "key result referred to", ids: []string{"O-1"}, refusals: []string{"risks.yaml:7:13: R-1 links K-2"}},
		{name: "referrer removed too", ids: []string{"K-2", "R-1", "O-2"}, removed: []string{"K-2", "R-1", "O-2"}},
		{name: "nested asked for after", ids: []string{"O-1", "K-1", "R-1"}, removed: []string{"O-1", "R-1"}},
		{name: "nested asked for first", ids: []string{"K-1", "O-1"}, drop: true, removed: []string{"O-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for p, c := range files {
				if err := os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
			s, err := change.Begin(t.Context(), dir, now)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			res, err := Remove(s, plan.New(s.WS, now), tt.ids, tt.drop)
			var refd *ReferencedError
			if errors.As(err, &refd) {
				var got []string
				for _, r := range refd.Referrers {
					got = append(got, r.String())
				}
				if diff := cmp.Diff(tt.refusals, got); diff != "" {
					t.Errorf("referrers (-want +got)\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res.Records {
				got = append(got, r.ID())
			}
			if diff := cmp.Diff(tt.removed, got); diff != "" {
				t.Errorf("removed (-want +got)\n%s", diff)
			}
			if err := s.Commit(t.Context(), false); err != nil {
				t.Fatal(err)
			}
		})
	}
}
