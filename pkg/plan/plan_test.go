package plan

import (
	"os"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

func TestCountCriteria(t *testing.T) {
	for _, tt := range []struct {
		body        string
		done, total int
	}{
		{"- [x] a\n- [ ] b\n* [X] c\n+ [ ] d\n", 2, 4},
		{"1. [x] a\n2) [ ] b\n", 1, 2},
		{"```\n- [x] in code\n```\n- [ ] real\n~~~\n- [x] also code\n~~~\n", 0, 1},
		{"  - [x] nested\n- [] not a box\n- [x]no space\n", 1, 1},
		{"", 0, 0},
		// An empty box is a placeholder to fill in, not a criterion.
		{"- [ ] \n- [ ]\n- [x]   \r\n- [ ] real\r\n", 0, 1},
	} {
		got := countCriteria(tt.body)
		if got.Done != tt.done || got.Total != tt.total {
			t.Errorf("countCriteria(%q) = %d/%d, want %d/%d", tt.body, got.Done, got.Total, tt.done, tt.total)
		}
	}
}

func load(t *testing.T, files map[string]string) *Plan {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, c := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
	}
	ws, err := workspace.Load(t.Context(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	return New(ws, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
}

func TestPlan(t *testing.T) {
	p := load(t, map[string]string{
		"roadlog.yaml":     "version: 1\n",
		"roadmap.yaml":     "initiatives:\n  - {id: INIT-1, title: I}\n",
		"backlog/E-1.md":   "---\nid: E-1\ntitle: Epic\nstatus: in-progress\ntype: epic\ninitiative: INIT-1\n---\n",
		"backlog/S-1.md":   "---\nid: S-1\ntitle: Story\nstatus: done\nparent: E-1\n---\n",
		"backlog/S-2.md":   "---\nid: S-2\ntitle: Story\nstatus: ready\nparent: E-1\ndepends_on: [S-3]\nrank: a\n---\n- [x] one\n- [ ] two\n",
		"backlog/S-3.md":   "---\nid: S-3\ntitle: Story\nstatus: idea\nparent: S-2\nscore: {reach: 1200, impact: 2, confidence: 0.8, effort: 3}\n---\n",
		"backlog/L-1.md":   "---\nid: L-1\ntitle: Loop\nstatus: idea\nparent: L-2\n---\n",
		"backlog/L-2.md":   "---\nid: L-2\ntitle: Loop\nstatus: idea\nparent: L-1\n---\n",
		"insights/I-1.md":  "---\nid: I-1\ntitle: I\n---\n",
		"decisions/D-1.md": "---\nid: D-1\ntitle: D\nstatus: accepted\nlinks: [S-2, INIT-1]\n---\n",
	})
	item := func(id string) *model.Item { return p.Record(id).Model.(*model.Item) }
	var ids []string
	for _, it := range p.Items() {
		ids = append(ids, it.ID)
	}
	if diff := cmp.Diff([]string{"S-2", "E-1", "L-1", "L-2", "S-1", "S-3"}, ids); diff != "" {
		t.Errorf("backlog order (-want +got)\n%s", diff)
	}
	if got := p.InitiativeOf(item("S-3")); got != "INIT-1" {
		t.Errorf("InitiativeOf(S-3) = %q, want INIT-1 through S-2 and E-1", got)
	}
	if got := p.InitiativeOf(item("L-1")); got != "" {
		t.Errorf("InitiativeOf(L-1) = %q on a parent cycle", got)
	}
	if got := p.Progress("INIT-1"); got != (Share{Done: 1, Total: 4}) {
		t.Errorf("Progress(INIT-1) = %+v, want 1/4", got)
	}
	if !p.Blocked(item("S-2")) || p.Blocked(item("S-3")) || p.Blocked(item("S-1")) {
		t.Errorf("Blocked wrong")
	}
	if got := p.Criteria(item("S-2")); got != (Share{Done: 1, Total: 2}) {
		t.Errorf("Criteria(S-2) = %+v", got)
	}
	if got := p.ExplainScore(item("S-3")); got != "reach 1200 × impact 2 × confidence 0.8 ÷ effort 3 = 640" {
		t.Errorf("ExplainScore = %q", got)
	}
	if got := p.ExplainScore(item("S-2")); got != "no rice score: missing reach, impact, confidence, effort" {
		t.Errorf("ExplainScore = %q", got)
	}
	row := p.Row(p.Record("S-2"))
	want := map[string]any{
		"id": "S-2", "title": "Story", "status": "ready", "parent": "E-1", "depends_on": []any{"S-3"}, "rank": "a",
		"kind": "item", "file": "backlog/S-2.md", "open": true, "blocked": true, "overdue": false, "archived": false, "progress": 0.5,
		"criteria_done": int64(1), "criteria_total": int64(2), "children": int64(1),
		"body": "- [x] one\n- [ ] two\n", // for --where 'body contains "…"'
	}
	if diff := cmp.Diff(want, row); diff != "" {
		t.Errorf("Row(S-2) (-want +got)\n%s", diff)
	}
	var refs []string
	for _, r := range p.ReferencedBy("S-2") {
		refs = append(refs, r.From.ID()+"."+r.Field)
	}
	if diff := cmp.Diff([]string{"S-3.parent", "D-1.links"}, refs); diff != "" {
		t.Errorf("ReferencedBy(S-2) (-want +got)\n%s", diff)
	}
}

func TestExplainScoreModels(t *testing.T) {
	for name, want := range map[string]string{
		"ice":     "impact 8 × confidence 5 × ease 2 = 80",
		"wsjf":    "(value 8 + time_criticality 5 + risk_reduction 2) ÷ job_size 3 = 5",
		"formula": "value * 2 / estimate with value 9, estimate 3 = 6",
	} {
		cfg := "version: 1\nscoring: {model: " + name + ", formula: 'value * 2 / estimate'}\n"
		p := load(t, map[string]string{
			"roadlog.yaml": cfg,
			"backlog/A-1.md": "---\nid: A-1\ntitle: A\nstatus: ready\nestimate: 3\n" +
				"score: {impact: 8, confidence: 5, ease: 2, value: 8, time_criticality: 5, risk_reduction: 2, job_size: 3}\n---\n",
		})
		it := p.Record("A-1").Model.(*model.Item)
		if name == "formula" {
			it.Score = map[string]float64{"value": 9}
		}
		if got := p.ExplainScore(it); got != want {
			t.Errorf("%s: ExplainScore = %q, want %q", name, got, want)
		}
	}
}

func TestEnumOrder(t *testing.T) {
	p := load(t, map[string]string{
		"roadlog.yaml": "version: 1\nworkflow: {statuses: [todo, doing, done], closed: [done]}\ntypes: [epic, story]\n" +
			"fields:\n  segment: {type: string, enum: [smb, mid, enterprise]}\n  note: {type: string}\n",
	})
	for _, tt := range []struct {
		kind  model.Kind
		field string
		want  []string
	}{
		{model.KindItem, "status", []string{"todo", "doing", "done"}},
		{model.KindItem, "type", []string{"epic", "story"}},
		{model.KindItem, "moscow", []string{"must", "should", "could", "wont"}},
		{model.KindItem, "visibility", []string{"public", "internal"}},
		{model.KindItem, "segment", []string{"smb", "mid", "enterprise"}},
		{model.KindDecision, "segment", []string{"smb", "mid", "enterprise"}},
		{model.KindInitiative, "horizon", []string{"now", "next", "later"}},
		{model.KindInitiative, "status", []string{"planned", "in-progress", "done", "dropped"}},
		{model.KindInitiative, "confidence", []string{"low", "medium", "high"}},
		{model.KindRisk, "status", []string{"open", "mitigated", "closed"}},
		{model.KindInsight, "source", []string{"interview", "survey", "support", "analytics", "market", "other"}},
		{model.KindItem, "note", nil},
		{model.KindItem, "title", nil},
		{model.KindRisk, "segment", nil},
	} {
		if diff := cmp.Diff(tt.want, p.EnumOrder(tt.kind, tt.field)); diff != "" {
			t.Errorf("EnumOrder(%s, %s) (-want +got)\n%s", tt.kind, tt.field, diff)
		}
	}
}

func TestReferenceGroupsScopesPlaces(t *testing.T) {
	p := load(t, map[string]string{
		"roadlog.yaml":     "version: 1\n",
		"roadmap.yaml":     "initiatives:\n  - {id: INIT-1, title: I}\n",
		"releases.yaml":    "releases:\n  - {id: R-1, title: R}\n",
		"backlog/E-1.md":   "---\nid: E-1\ntitle: Epic\nstatus: ready\ntype: epic\ninitiative: INIT-1\nrank: c\n---\n",
		"backlog/S-2.md":   "---\nid: S-2\ntitle: Story\nstatus: done\nparent: E-1\nrelease: R-1\nrank: b\n---\n",
		"backlog/S-1.md":   "---\nid: S-1\ntitle: Story\nstatus: idea\nparent: E-1\ndepends_on: [E-1]\nrelease: R-9\nrank: a\n---\n",
		"decisions/D-2.md": "---\nid: D-2\ntitle: D\nstatus: accepted\nlinks: [E-1]\n---\n",
		"decisions/D-1.md": "---\nid: D-1\ntitle: D\nstatus: accepted\nlinks: [E-1]\n---\n",
	})
	groups := func(id string) []string {
		var out []string
		for _, g := range p.ReferenceGroups(p.Record(id)) {
			s := g.Name + ":"
			for _, r := range g.Records {
				s += " " + r.ID()
			}
			out = append(out, s)
		}
		return out
	}
	if diff := cmp.Diff([]string{"Children: S-1 S-2", "Depended on by: S-1", "Linked from: D-1 D-2"}, groups("E-1")); diff != "" {
		t.Errorf("ReferenceGroups(E-1) (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Items: S-1 S-2 E-1"}, groups("INIT-1")); diff != "" {
		t.Errorf("ReferenceGroups(INIT-1) (-want +got)\n%s", diff)
	}
	var scopes []string
	for _, s := range p.Scopes() {
		line := string(s.Kind) + " " + s.ID + ":"
		for _, it := range s.Items {
			line += " " + it.ID
		}
		scopes = append(scopes, line)
	}
	if diff := cmp.Diff([]string{"initiative INIT-1: S-1 S-2 E-1", "release R-1: S-2", "release R-9: S-1"}, scopes); diff != "" {
		t.Errorf("Scopes (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"S-1": 1, "E-1": 2}, p.Places()); diff != "" {
		t.Errorf("Places (-want +got)\n%s", diff)
	}
}

func TestPeopleAndOverdue(t *testing.T) {
	p := load(t, map[string]string{
		"roadlog.yaml":   "version: 1\npeople:\n  ana: {name: Ana}\n  bo: {name: Bo}\n",
		"roadmap.yaml":   "initiatives:\n  - {id: INIT-1, title: I, owner: bo}\n  - {id: INIT-2, title: J, owner: bo, status: done}\n",
		"backlog/A-1.md": "---\nid: A-1\ntitle: A\nstatus: idea\nowner: ana\ndue: 2026-11-01\n---\n",
		"backlog/A-2.md": "---\nid: A-2\ntitle: A\nstatus: idea\nowner: ana\ndue: 2026-12-01\n---\n",
		"backlog/A-3.md": "---\nid: A-3\ntitle: A\nstatus: done\nowner: ana\ndue: 2026-11-01\n---\n",
		"backlog/A-4.md": "---\nid: A-4\ntitle: A\nstatus: idea\nowner: cy\n---\n",
	})
	want := map[string]Ownership{"ana": {Open: 2, Overdue: 1}, "bo": {Initiatives: 1}, "cy": {Open: 1}}
	if diff := cmp.Diff(want, p.People()); diff != "" {
		t.Errorf("People (-want +got)\n%s", diff)
	}
}

// TestScannedReferencesAreTheLookups shows that the first references asked
// for, found by a pass over the records, are those the lookup built for
// every record holds: for every ID of the example workspace, and one no
// record has.
func TestScannedReferencesAreTheLookups(t *testing.T) {
	ws, err := workspace.Load(t.Context(), os.DirFS("../../examples/acme-checkout"))
	if err != nil {
		t.Fatal(err)
	}
	p := New(ws, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	ids := append(ws.IDs(), "NOPE-1")
	scanned := 0
	for _, id := range ids {
		want := p.references()[id]
		got := p.scanReferences(id)
		if !slices.Equal(want, got) {
			t.Errorf("references to %s: the lookup has %v, the scan %v", id, want, got)
		}
		if len(got) > 0 {
			scanned++
		}
	}
	if scanned < 10 {
		t.Fatalf("only %d IDs of the example are referenced: the test shows little", scanned)
	}
	// The first calls scan, the later ones look up: both give the same.
	q := New(ws, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	for range 2 {
		for _, id := range ids {
			if want, got := p.references()[id], q.ReferencedBy(id); !slices.Equal(want, got) {
				t.Fatalf("ReferencedBy(%s) = %v, want %v", id, got, want)
			}
		}
	}
}
