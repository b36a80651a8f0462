package render

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMarkdownSections: a board as Markdown, a heading and a list per
// status, with text that would otherwise nest a list, start a quote or a
// heading, or turn into markup (issue 12, item 8).
func TestMarkdownSections(t *testing.T) {
	sections := []Section{
		{Heading: "in-progress (2/2)", Items: [][]string{
			{"A-1", "Zoë's café"},
			{"A-2", "", "*bold* | pipe"},
		}},
		{Heading: "review #"},
		{Heading: "done (3)", Items: [][]string{
			{"- dash"}, {"+ plus"}, {"# hash"}, {"12. twelve"}, {"3) three"}, {"2027 plan"}, {"<b>x\x1b[2J"},
		}, Note: "+ 1 older"},
	}
	want := `### in-progress (2/2)

- A-1 · Zoë's café
- A-2 · \*bold\* \| pipe

### review \#

### done (3)

- \- dash
- \+ plus
- \# hash
- 12\. twelve
- 3\) three
- 2027 plan
- &lt;b&gt;x�\[2J
- _+ 1 older_
`
	var b strings.Builder
	if err := WriteMarkdownSections(&b, 3, sections); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, b.String()); d != "" {
		t.Errorf("WriteMarkdownSections (-want +got):\n%s", d)
	}
}

// TestJSONLine: one compact line, < > & as they are, terminal controls
// escaped, a final newline.
func TestJSONLine(t *testing.T) {
	got, err := JSONLine(map[string]any{"kind": "item", "title": "a <b> & c\x1b[2J\u202e", "n": []int{1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"kind":"item","n":[1,2],"title":"a <b> & c\u001b[2J\u202e"}` + "\n"
	if d := cmp.Diff(want, string(got)); d != "" {
		t.Errorf("JSONLine (-want +got):\n%s", d)
	}
}
