package search

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Term
		err  error
	}{
		{in: "Guest Checkout", want: []Term{{Words: []string{"guest"}}, {Words: []string{"checkout"}}}},
		{in: `"guest  checkout" pay`, want: []Term{{Words: []string{"guest", "checkout"}}, {Words: []string{"pay"}}}},
		{in: "check* -refund", want: []Term{{Words: []string{"check"}, Prefix: true}, {Words: []string{"refund"}, Not: true}}},
		{in: "in-progress", want: []Term{{Words: []string{"in", "progress"}}}},
		{in: `-"hosted fields" card`, want: []Term{{Words: []string{"hosted", "fields"}, Not: true}, {Words: []string{"card"}}}},
		{in: `"unclosed phrase`, want: []Term{{Words: []string{"unclosed", "phrase"}}}},
		{in: "Société STRAßE", want: []Term{{Words: []string{"societe"}}, {Words: []string{"strasse"}}}},
		{in: `"check*"`, want: []Term{{Words: []string{"check"}}}}, // a quoted star is no prefix
		{in: "- x", want: []Term{{Words: []string{"x"}}}},
		{in: "", err: ErrEmpty},
		{in: "  *  !! ", err: ErrEmpty},
		{in: `""`, err: ErrEmpty},
		{in: "-refund", err: ErrOnlyExcluded},
	} {
		q, err := Parse(tc.in)
		if !errors.Is(err, tc.err) {
			t.Errorf("Parse(%q) error = %v, want %v", tc.in, err, tc.err)
			continue
		}
		if err == nil {
			if d := cmp.Diff(tc.want, q.Terms); d != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tc.in, d)
			}
		}
	}
	if _, err := Parse(strings.Repeat("a ", maxTerms+1)); err == nil {
		t.Error("Parse of too many terms: no error")
	}
}

// open loads a workspace of the given files.
func open(t *testing.T, files map[string]string) *plan.Plan {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		writeFile(t, dir, name, text)
	}
	ws, err := workspace.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return plan.New(ws, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
}

func item(id, title, extra, body string) string {
	return "---\nid: " + id + "\ntitle: " + title + "\nstatus: ready\n" + extra + "---\n" + body
}

var files = map[string]string{
	"roadlog.yaml": "version: 1\nproduct: {name: Acme, key: A}\nfields:\n  segment: {type: string}\n",
	"backlog/A-1-x.md": item("A-1", "Guest checkout", "labels: [payments]\n",
		"Shoppers want to pay without an account.\n\n## Acceptance criteria\n- [ ] Guest can pay by card\n"),
	"backlog/A-2-x.md":  item("A-2", "Refund flow", "owner: ana\n", "A refund for a guest order goes back to the card.\n"),
	"backlog/A-10-x.md": item("A-10", "Société générale export", "segment: enterprise\n", "Export for the bank.\n"),
	"backlog/A-3-x.md":  item("A-3", "Checkout speed", "", "Guest pages load slowly; checking the CDN.\n"),
	"backlog/A-4-x.md":  item("A-4", "Straße names", "", "Addresses with ß in them fail.\n"),
	"roadmap.yaml":      "initiatives:\n  - id: INIT-1\n    title: Wallets\n    description: |\n      Apple Pay and Google Pay at checkout.\n",
	"product.md": "---\nname: Acme Checkout\nvision: The checkout shoppers trust.\n---\nIntro text.\n\n" +
		"## Strategy\nWin on guest checkout.\n\n```\n# not a heading\n```\n## Strategy\nAgain.\n",
}

func ids(hits []*Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Doc.ID
	}
	return out
}

func find(t *testing.T, p *plan.Plan, q string) []*Hit {
	t.Helper()
	pq, err := Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	return search(t, p, pq)
}

func search(t *testing.T, p *plan.Plan, q Query) []*Hit {
	t.Helper()
	ix, err := New(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

func TestSearch(t *testing.T) {
	p := open(t, files)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		// A title outranks the body; both words must match.
		{"guest", []string{"A-1", "A-3", "product.md#strategy", "A-2"}}, // a short text outranks a long one
		{"guest card", []string{"A-1", "A-2"}},
		{`"guest order"`, []string{"A-2"}},
		{`"order guest"`, nil},
		{"check*", []string{"A-3", "product.md", "A-1", "INIT-1", "product.md#strategy"}},
		{"guest -refund", []string{"A-1", "A-3", "product.md#strategy"}},
		// Case and accents fold, on both sides.
		{"societe", []string{"A-10"}},
		{"SOCIÉTÉ", []string{"A-10"}},
		{"strasse", []string{"A-4"}},
		{"ss", []string{"A-4"}},
		// Field values: labels, owner, custom fields, the ID; list records' descriptions.
		{"payments", []string{"A-1"}},
		{"ana", []string{"A-2"}},
		{"enterprise", []string{"A-10"}},
		{`"a-10"`, []string{"A-10"}},
		{"apple", []string{"INIT-1"}},
		// product.md: the vision, each section, headings in code fences aside.
		{"trust", []string{"product.md"}},
		{"again", []string{"product.md#strategy-1"}},
		{"heading", []string{"product.md#strategy"}},
		{"nothing", nil},
	} {
		got := ids(find(t, p, tc.query))
		if d := cmp.Diff(tc.want, got, cmpEmpty); d != "" {
			t.Errorf("search %q (-want +got):\n%s", tc.query, d)
		}
	}
}

var cmpEmpty = cmp.Transformer("empty", func(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
})

// TestTies: equal scores go by ID in natural order, so output is stable.
func TestTies(t *testing.T) {
	p := open(t, map[string]string{
		"roadlog.yaml":      "version: 1\n",
		"backlog/A-10-x.md": item("A-10", "Same", "", ""),
		"backlog/A-2-x.md":  item("A-2", "Same", "", ""),
		"backlog/A-1-x.md":  item("A-1", "Same", "", ""),
	})
	if d := cmp.Diff([]string{"A-1", "A-2", "A-10"}, ids(find(t, p, "same"))); d != "" {
		t.Error(d)
	}
}

func TestSnippet(t *testing.T) {
	p := open(t, files)
	for _, tc := range []struct {
		query, id, want string
	}{
		{"card", "A-1", "Guest can pay by [card]"},
		{"guest card", "A-2", "A refund for a [guest] order goes back to the [card]."},
		{"pay*", "A-1", "Shoppers want to [pay] without an account."},
		{"payments", "A-1", "labels: [payments]"},
		{"enterprise", "A-10", "segment: [enterprise]"},
		{"strasse", "A-4", "Addresses with ß in them fail."}, // the title matches, ß alone is "ss"
		{"ss", "A-4", "Addresses with [ß] in them fail."},
		{"societe", "A-10", "Export for the bank."}, // only the title matches: the body's first line
		{"checkout", "INIT-1", "Apple Pay and Google Pay at [checkout]."},
	} {
		var got string
		for _, h := range find(t, p, tc.query) {
			if h.Doc.ID == tc.id {
				got = h.Snippet().Marked("[", "]")
			}
		}
		if got != tc.want {
			t.Errorf("search %q, %s: snippet %q, want %q", tc.query, tc.id, got, tc.want)
		}
	}
}

func TestSnippetWindow(t *testing.T) {
	long := strings.Repeat("filler words here ", 20) + "the needle é is here " + strings.Repeat("more text after ", 20)
	sn := makeSnippet(segment{field: fBody, text: long}, [][2]int{{strings.Index(long, "needle"), strings.Index(long, "needle") + 6}})
	r := []rune(sn.Text)
	if len(r) > snippetRunes+2 || !strings.HasPrefix(sn.Text, "…") || !strings.HasSuffix(sn.Text, "…") {
		t.Fatalf("window %q", sn.Text)
	}
	if len(sn.Marks) != 1 || string(r[sn.Marks[0].Start:sn.Marks[0].End]) != "needle" {
		t.Fatalf("marks %v in %q", sn.Marks, sn.Text)
	}
	// Control characters are cleaned, one for one, so marks still hold.
	sn = makeSnippet(segment{field: fBody, text: "- a\x1b[31m b\tneedle"}, [][2]int{{11, 17}})
	if got := sn.Marked("[", "]"); got != "a\uFFFD[31m b [needle]" {
		t.Fatalf("cleaned %q", got)
	}
}

func TestFilter(t *testing.T) {
	p := open(t, files)
	q, _ := Parse("guest")
	all := search(t, p, q)
	for _, tc := range []struct {
		kind, where string
		want        []string
		err         string
	}{
		{kind: "item", want: []string{"A-1", "A-3", "A-2"}},
		{kind: "product", want: []string{"product.md#strategy"}},
		{where: `body contains "refund"`, want: []string{"A-2"}},
		{where: `kind == "product"`, want: []string{"product.md#strategy"}},
		{kind: "item", where: `owner == "ana"`, want: []string{"A-2"}},
		{where: `status ==`, err: "--where: column 9: unexpected token EOF"},
		{where: `titel == "x"`, err: `--where: column 1: unknown field "titel"; did you mean "title"?`},
		{kind: "item", where: `title > 3`, err: "--where: "},
	} {
		got, err := Filter(p, all, tc.kind, tc.where, nil)
		if tc.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tc.err) || !view.IsFlagError(err) {
				t.Errorf("Filter(%q, %q) error %v, want %q", tc.kind, tc.where, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Filter(%q, %q): %v", tc.kind, tc.where, err)
			continue
		}
		if d := cmp.Diff(tc.want, ids(got)); d != "" {
			t.Errorf("Filter(%q, %q) (-want +got):\n%s", tc.kind, tc.where, d)
		}
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]string{"items": "item", "key-results": "key-result", "Product": "product", "risk": "risk"} {
		if got, ok := ParseKind(in); !ok || got != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := ParseKind("itemz"); ok {
		t.Error("itemz is a kind")
	}
}
