package search

import (
	"testing"
	"unicode/utf8"
)

// FuzzSearch parses any query and runs it on any text: nothing panics, a
// parsed query has words, and every snippet's marks lie inside its text,
// in order, without overlap.
// Run it with: go test ./pkg/search -run '^$' -fuzz FuzzSearch -fuzztime 1m
func FuzzSearch(f *testing.F) {
	f.Add(`guest "pay by" check* -refund`, "Guest can pay by card.\n- [ ] checking é")
	f.Add(`"unclosed`, "Straße\x1b[31m\tß")
	f.Add("-", "")
	f.Add("a\u0301*", "á a\u0301 \xff")
	f.Fuzz(func(t *testing.T, query, text string) {
		q, err := Parse(query)
		if err != nil {
			return
		}
		for _, term := range q.Terms {
			if len(term.Words) == 0 {
				t.Fatalf("term without words in %q", query)
			}
		}
		d := &Doc{ID: "A-1", Kind: "item", Title: text}
		d.segs = append(d.segs, segment{field: fTitle, text: text})
		d.addBody(text)
		d.segs = append(d.segs, segment{field: fValue, label: "labels", text: text})
		ix := &Index{Docs: []*Doc{d, {ID: "A-2", Kind: "item"}}}
		hits, err := ix.Search(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			sn := h.Snippet()
			if !utf8.ValidString(sn.Text) {
				t.Fatalf("snippet %q is not UTF-8", sn.Text)
			}
			n, end := utf8.RuneCountInString(sn.Text), 0
			for _, m := range sn.Marks {
				if m.Start < end || m.End <= m.Start || m.End > n {
					t.Fatalf("marks %v in %q (%d characters)", sn.Marks, sn.Text, n)
				}
				end = m.End
			}
		}
	})
}
