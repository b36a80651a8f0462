package diff

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
)

var now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// side loads files (path → content) as one side of a comparison.
func side(t *testing.T, files map[string]string) Side {
	t.Helper()
	fsys := fstest.MapFS{"roadlog.yaml": {Data: []byte("version: 1\n")}}
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

func item(id, rank, extra, body string) string {
	return "---\nid: " + id + "\ntitle: Item " + id + "\nstatus: idea\nrank: " + rank + "\n" + extra + "---\n" + body
}

// backlog makes n items A-1…A-n ranked in that order.
func backlog(n int) map[string]string {
	out := map[string]string{}
	for i := 1; i <= n; i++ {
		id := "A-" + itoa(i)
		out["backlog/"+id+".md"] = item(id, string(rune('a'+i)), "", "")
	}
	return out
}

// itoa is a two-digit number, so that IDs sort as text the way they sort
// naturally.
func itoa(i int) string { return fmt.Sprintf("%02d", i) }

func TestLongestIncreasing(t *testing.T) {
	for _, tc := range []struct {
		seq  []int
		want int
	}{
		{nil, 0},
		{[]int{1, 2, 3}, 3},
		{[]int{3, 2, 1}, 1},
		{[]int{5, 1, 2, 3, 4}, 4},
		{[]int{1, 7, 2, 3, 8, 4}, 4},
	} {
		got := longestIncreasing(tc.seq)
		if len(got) != tc.want {
			t.Errorf("longestIncreasing(%v) = %v, want length %d", tc.seq, got, tc.want)
		}
		for i := 1; i < len(got); i++ {
			if got[i] <= got[i-1] || tc.seq[got[i]] <= tc.seq[got[i-1]] {
				t.Errorf("longestIncreasing(%v) = %v: not increasing", tc.seq, got)
			}
		}
	}
}

// One item moved up is one move, not every item it passed.
func TestBacklogOneMove(t *testing.T) {
	base := backlog(6)
	head := backlog(6)
	head["backlog/A-05.md"] = item("A-05", "a0", "", "") // before A-01
	d := Compare(side(t, base), side(t, head), Options{})
	want := []Move{{ID: "A-05", Title: "Item A-05", From: 5, To: 1}}
	if diff := cmp.Diff(want, d.Backlog.Moves); diff != "" {
		t.Errorf("moves (-want +got):\n%s", diff)
	}
	if len(d.Changed) != 1 || d.Changed[0].Fields[0].Places == nil || *d.Changed[0].Fields[0].Places != (Places{Old: 5, New: 1}) {
		t.Errorf("changed = %+v, want A-05's rank with places 5 → 1", d.Changed)
	}
}

// An item added at the top pushes the tenth out; nothing else is a move.
func TestBacklogInsertAndLeave(t *testing.T) {
	base := backlog(11)
	head := backlog(11)
	head["backlog/A-20.md"] = item("A-20", "a", "", "")
	d := Compare(side(t, base), side(t, head), Options{Top: 10})
	want := []Move{
		{ID: "A-20", Title: "Item A-20", To: 1, Reason: "added"},
		{ID: "A-10", Title: "Item A-10", From: 10, To: 11},
	}
	if diff := cmp.Diff(want, d.Backlog.Moves); diff != "" {
		t.Errorf("moves (-want +got):\n%s", diff)
	}
}

func TestBacklogClosed(t *testing.T) {
	base := backlog(3)
	head := backlog(3)
	head["backlog/A-01.md"] = strings.Replace(head["backlog/A-01.md"], "status: idea", "status: done", 1)
	d := Compare(side(t, base), side(t, head), Options{})
	want := []Move{{ID: "A-01", Title: "Item A-01", From: 1, To: 0, Reason: "closed"}}
	if diff := cmp.Diff(want, d.Backlog.Moves); diff != "" {
		t.Errorf("moves (-want +got):\n%s", diff)
	}
}

// A renumbered record is recognised by its content even when its title
// changed too; references and mentions that follow the new ID are not
// changes; short unrelated records are not taken for renames.
func TestRenames(t *testing.T) {
	body := "Line one of a longer body.\nLine two.\nLine three.\nLine four.\n"
	base := map[string]string{
		"backlog/A-1.md": item("A-1", "a", "type: story\nestimate: 3\n", body),
		"backlog/A-2.md": item("A-2", "b", "depends_on: [A-1]\n", "See A-1.\n"),
		"backlog/A-3.md": strings.Replace(item("A-3", "c", "", ""), "Item A-3", "Same", 1),
	}
	head := map[string]string{
		"backlog/A-7.md": strings.Replace(item("A-7", "a", "type: story\nestimate: 3\n", body), "Item A-7", "Renamed", 1),
		"backlog/A-2.md": item("A-2", "b", "depends_on: [A-7]\n", "See A-7.\n"),
		"backlog/A-8.md": strings.Replace(item("A-8", "c", "", ""), "Item A-8", "Same", 1),
	}
	d := Compare(side(t, base), side(t, head), Options{})
	if len(d.Renamed) != 2 {
		t.Fatalf("renamed = %+v, want A-1 → A-7 (content) and A-3 → A-8 (same title)", d.Renamed)
	}
	if r := d.Renamed[0]; r.From != "A-1" || r.To != "A-7" {
		t.Errorf("renamed[0] = %+v, want A-1 → A-7", r)
	}
	if r := d.Renamed[1]; r.From != "A-3" || r.To != "A-8" {
		t.Errorf("renamed[1] = %+v, want A-3 → A-8", r)
	}
	var changed []string
	for _, c := range d.Changed {
		changed = append(changed, c.ID)
	}
	if diff := cmp.Diff([]string{"A-7"}, changed); diff != "" {
		t.Errorf("changed (-want +got):\n%s", diff)
	}
	if c := d.Changed[0]; c.WasID != "A-1" || c.Fields[0].Field != "title" {
		t.Errorf("A-7's change = %+v, want its title, was A-1", c)
	}

	// Different records with little content are an add and a remove.
	base = map[string]string{"backlog/A-1.md": item("A-1", "a", "type: story\n", "")}
	head = map[string]string{"backlog/A-2.md": strings.Replace(item("A-2", "a", "type: story\n", ""), "Item A-2", "Other", 1)}
	d = Compare(side(t, base), side(t, head), Options{})
	if len(d.Renamed) != 0 || len(d.Added) != 1 || len(d.Removed) != 1 {
		t.Errorf("renamed %+v added %+v removed %+v, want one added and one removed", d.Renamed, d.Added, d.Removed)
	}
}

// Numbers written another way, key order and list style are not changes;
// list changes say what was added and removed.
func TestFields(t *testing.T) {
	base := map[string]string{"backlog/A-1.md": item("A-1", "a", "estimate: 3\nlabels: [a, b]\ndue: 2027-01-10\n", "x\n")}
	head := map[string]string{"backlog/A-1.md": "---\nrank: a\nlabels:\n  - b\n  - c\nestimate: 3.0\nid: A-1\ndue: 2027-01-03\ntitle: Item A-1\nstatus: idea\n---\nx\ny\n"}
	d := Compare(side(t, base), side(t, head), Options{})
	if len(d.Changed) != 1 {
		t.Fatalf("changed = %+v", d.Changed)
	}
	var got []string
	for _, f := range d.Changed[0].Fields {
		s := f.Field
		if f.Added != nil || f.Removed != nil {
			s += " +" + strings.Join(f.Added, ",") + " -" + strings.Join(f.Removed, ",")
		}
		if f.Days != nil {
			s += " " + itoa(-*f.Days) + " days earlier"
		}
		if f.Lines != nil {
			s += " +" + itoa(f.Lines.Added) + " -" + itoa(f.Lines.Removed)
		}
		got = append(got, s)
	}
	want := []string{"labels +c -a", "due 07 days earlier", "body +01 -00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if len(d.Dates) != 1 || *d.Dates[0].Days != -7 {
		t.Errorf("dates = %+v, want due 7 days earlier", d.Dates)
	}
}

// An error whose line moved is not new; a fixed one is counted.
func TestFindings(t *testing.T) {
	bad := "---\nid: A-1\ntitle: One\nstatus: redy\n---\n"
	base := map[string]string{"backlog/A-1.md": bad, "backlog/A-2.md": strings.ReplaceAll(bad, "A-1", "A-2")}
	head := map[string]string{
		"backlog/A-1.md": strings.Replace(bad, "title: One\n", "title: One\nlabels: [x]\n", 1),
		"backlog/A-2.md": strings.Replace(strings.ReplaceAll(bad, "A-1", "A-2"), "redy", "idea", 1),
		"backlog/A-3.md": strings.ReplaceAll(bad, "A-1", "A-3"),
	}
	d := Compare(side(t, base), side(t, head), Options{})
	if len(d.NewErrors) != 1 || d.NewErrors[0].Path != "backlog/A-3.md" {
		t.Errorf("new errors = %+v, want only A-3's", d.NewErrors)
	}
	if d.FixedErrors != 1 {
		t.Errorf("fixed = %d, want 1 (A-2)", d.FixedErrors)
	}
}

func TestScopeAndKeyResults(t *testing.T) {
	objectives := "objectives:\n  - id: O-1\n    title: O\n    key_results:\n      - {id: KR-1, title: K, unit: \"%\", baseline: 0, target: 10, current: %s}\n"
	roadmap := "initiatives:\n  - {id: I-1, title: One, status: planned}\n  - {id: I-2, title: Two, status: planned}\n"
	base := map[string]string{
		"objectives.yaml": strings.Replace(objectives, "%s", "2", 1), "roadmap.yaml": roadmap,
		"backlog/A-1.md": item("A-1", "a", "initiative: I-1\n", ""),
		"backlog/A-2.md": item("A-2", "b", "parent: A-1\n", ""),
	}
	head := map[string]string{
		"objectives.yaml": strings.Replace(objectives, "%s", "5", 1), "roadmap.yaml": roadmap,
		"backlog/A-1.md": item("A-1", "a", "initiative: I-2\n", ""),
		"backlog/A-2.md": item("A-2", "b", "parent: A-1\n", ""),
	}
	d := Compare(side(t, base), side(t, head), Options{})
	var scope []string
	for _, s := range d.Scope {
		var in, out []string
		for _, r := range s.In {
			in = append(in, r.ID)
		}
		for _, r := range s.Out {
			out = append(out, r.ID)
		}
		scope = append(scope, s.ID+" in "+strings.Join(in, ",")+" out "+strings.Join(out, ","))
	}
	// A-2 follows its parent into I-2.
	if diff := cmp.Diff([]string{"I-1 in  out A-1,A-2", "I-2 in A-1,A-2 out "}, scope); diff != "" {
		t.Errorf("scope (-want +got):\n%s", diff)
	}
	if len(d.KeyResults) != 1 || *d.KeyResults[0].OldProgress != 0.2 || *d.KeyResults[0].NewProgress != 0.5 {
		t.Errorf("key results = %+v, want KR-1 20%% → 50%%", d.KeyResults)
	}
}

func TestNoChange(t *testing.T) {
	files := backlog(3)
	d := Compare(side(t, files), side(t, files), Options{})
	if !d.Empty() {
		t.Errorf("diff of the same files is not empty: %+v", d)
	}
	var b strings.Builder
	d.Base, d.Head = Rev{Name: "main", Commit: strings.Repeat("ab", 20)}, Rev{Name: "working tree"}
	if err := Write(&b, "text", d); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "main (abababa) → working tree: no changes to the plan\n"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

// Hostile titles cannot break a Markdown table or inject HTML into a
// comment, nor put escape sequences on a terminal.
func TestHostileText(t *testing.T) {
	base := map[string]string{"backlog/A-1.md": item("A-1", "a", "", "")}
	head := map[string]string{"backlog/A-1.md": strings.Replace(item("A-1", "a", "", ""), "Item A-1", `"<script>x</script> | \e[31m`+"\x1b[31mred"+`"`, 1)}
	d := Compare(side(t, base), side(t, head), Options{})
	var md, text strings.Builder
	if err := Write(&md, "markdown", d); err != nil {
		t.Fatal(err)
	}
	if err := Write(&text, "text", d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "<script>") || strings.Contains(md.String(), " | \\e") {
		t.Errorf("markdown lets HTML or a cell break through:\n%s", md.String())
	}
	if strings.Contains(text.String(), "\x1b") {
		t.Errorf("text has an escape sequence:\n%q", text.String())
	}
}

// A bulk change (600 records out, 600 in) pairs only records with the same
// title, so that it stays fast; those are still found.
func TestRenamesBulk(t *testing.T) {
	base, head := map[string]string{}, map[string]string{}
	for i := range 600 {
		id, nid := fmt.Sprintf("A-%d", i+1), fmt.Sprintf("B-%d", i+1)
		base["backlog/"+id+".md"] = item(id, "a", "type: story\n", "same body line one\nsame body line two\nsame body line three\n")
		head["backlog/"+nid+".md"] = strings.Replace(item(nid, "a", "type: story\n", "same body line one\nsame body line two\nsame body line three\n"), "Item "+nid, "New "+nid, 1)
	}
	head["backlog/B-1.md"] = strings.Replace(head["backlog/B-1.md"], "New B-1", "Item A-7", 1)
	d := Compare(side(t, base), side(t, head), Options{})
	if len(d.Renamed) != 1 || d.Renamed[0].From != "A-7" || d.Renamed[0].To != "B-1" {
		t.Errorf("renamed = %+v, want only A-7 → B-1 (same title)", d.Renamed)
	}
	if len(d.Added) != 599 || len(d.Removed) != 599 {
		t.Errorf("added %d, removed %d; want 599 each", len(d.Added), len(d.Removed))
	}
}

// TestMapText: a renamed ID is rewritten where the body mentions it as a
// whole word and as written, by the one rule of model.IDSet.
func TestMapText(t *testing.T) {
	c := &comparer{renamed: map[string]string{"A-1": "A-100", "R-2027": "R-9"}}
	for _, tt := range []struct{ in, want string }{
		{"see A-1.", "see A-100."},
		{"A-1.html and (A-1) #A-1", "A-100.html and (A-100) #A-100"},
		{"A-10 and BA-1 and A-1_2", "A-10 and BA-1 and A-1_2"},
		{"a-1 is not A-1", "a-1 is not A-100"},
		{"R-2027.1 and R-2027", "R-9.1 and R-9"}, // "." ends the word, as in the report
		{"nothing here", "nothing here"},
	} {
		if got := c.mapText(tt.in); got != tt.want {
			t.Errorf("mapText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
