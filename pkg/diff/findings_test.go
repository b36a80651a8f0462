package diff

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// bareSide loads files exactly as given: without a roadlog.yaml unless
// files has one.
func bareSide(t *testing.T, files map[string]string) Side {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, c := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
	}
	ws, err := workspace.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	findings, err := validate.Run(context.Background(), ws, validate.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return Side{Plan: plan.New(ws, now), Findings: findings}
}

// NewFindings matches findings by file after renames, rule, record after
// renames and message, never by line; a finding more severe than before is
// new.
func TestNewFindings(t *testing.T) {
	const cfg = "version: 1\n"
	roadmap := func(inits ...string) string {
		return "initiatives:\n" + strings.Join(inits, "")
	}
	initiative := func(id, horizon string) string {
		return "  - id: " + id + "\n    title: Initiative " + id + "\n    horizon: " + horizon + "\n"
	}
	body := "Line one of a longer body.\nLine two.\nLine three.\nLine four.\n"
	for _, tt := range []struct {
		name       string
		base, head map[string]string
		want       []string // "path:line: message" of the new findings
	}{
		{
			name: "line moved in a file of several records",
			base: map[string]string{"roadlog.yaml": cfg, "roadmap.yaml": roadmap(initiative("I-1", "soon"), initiative("I-2", "now"))},
			head: map[string]string{"roadlog.yaml": cfg, "roadmap.yaml": "# the plan\n\n" + roadmap(initiative("I-1", "soon"), initiative("I-2", "now"))},
		},
		{
			name: "the same message in another record",
			base: map[string]string{"roadlog.yaml": cfg, "roadmap.yaml": roadmap(initiative("I-1", "soon"), initiative("I-2", "now"))},
			head: map[string]string{"roadlog.yaml": cfg, "roadmap.yaml": roadmap(initiative("I-1", "now"), initiative("I-2", "soon"))},
			want: []string{`roadmap.yaml:7: unknown horizon "soon"`},
		},
		{
			name: "a renumbered record keeps its old finding",
			base: map[string]string{"roadlog.yaml": cfg, "backlog/A-1-x.md": item("A-1", "a", "status: redy\ntype: story\n", body)},
			head: map[string]string{"roadlog.yaml": cfg, "backlog/A-7-x.md": item("A-7", "a", "status: redy\ntype: story\n", body)},
		},
		{
			name: "another place of a duplicate ID moved",
			base: map[string]string{
				"roadlog.yaml": cfg, "backlog/A-1-x.md": item("A-1", "a", "", ""),
				"backlog/A-1-y.md": item("A-1", "b", "", ""),
			},
			head: map[string]string{
				"roadlog.yaml": cfg, "backlog/A-1-x.md": item("A-1", "a", "", ""),
				"backlog/A-1-y.md": strings.Replace(item("A-1", "b", "", ""), "---\n", "---\n# moved\n", 1),
			},
		},
		{
			name: "a warning made an error is new, an error made a warning is not",
			base: map[string]string{"roadlog.yaml": cfg + "rules: {duplicate-id: warning, filename-id: error}\n", "backlog/B-1.md": item("A-1", "a", "", ""), "backlog/A-2.md": item("A-2", "a", "", ""), "backlog/A-2-b.md": item("A-2", "a", "", "")},
			head: map[string]string{"roadlog.yaml": cfg + "rules: {duplicate-id: error, filename-id: warning}\n", "backlog/B-1.md": item("A-1", "a", "", ""), "backlog/A-2.md": item("A-2", "a", "", ""), "backlog/A-2-b.md": item("A-2", "a", "", "")},
			want: []string{
				`backlog/A-2-b.md:2: duplicate ID "A-2" (also at backlog/A-2.md:2:5)`,
				`backlog/A-2.md:2: duplicate ID "A-2" (also at backlog/A-2-b.md:2:5)`,
			},
		},
		{
			name: "no roadlog.yaml in base: the workspace did not exist, everything is new",
			base: map[string]string{"backlog/A-1.md": item("A-1", "a", "moscow: maybe\n", "")},
			head: map[string]string{"roadlog.yaml": cfg, "backlog/A-1.md": item("A-1", "a", "moscow: maybe\n", "")},
			want: []string{`backlog/A-1.md:6: unknown moscow "maybe"`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := []string{}
			for _, d := range NewFindings(bareSide(t, tt.base), bareSide(t, tt.head)) {
				got = append(got, findingText(d))
			}
			if diff := cmp.Diff(append([]string{}, tt.want...), got); diff != "" {
				t.Errorf("new findings (-want +got):\n%s", diff)
			}
		})
	}
}

func findingText(d diag.Diagnostic) string {
	return d.Path + ":" + itoaLine(d.Pos.Line) + ": " + d.Message
}

func itoaLine(n int) string { return strings.TrimLeft(itoa(n), "0") }
