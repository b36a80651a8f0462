package report

import (
	"strings"
	"testing"

	"github.com/roadlog/roadlog/internal/hostilemd"
	"github.com/roadlog/roadlog/pkg/model"
)

// TestMarkdownLinear checks that record bodies render to HTML in time
// linear in the size of hostile Markdown (issue 9).
func TestMarkdownLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("measures time")
	}
	m := newMarkdown(mentionRules{
		ids:    model.NewIDSet([]string{"A-1", "B-2", "P-2"}),
		hidden: func(id string) bool { return model.FoldID(id) == "p-2" },
		links:  func(string, string) string { return "x.html" },
	})
	hostilemd.CheckLinear(t, func(s string) {
		if _, err := m.render(s, "rec-A-1", ""); err != nil {
			t.Fatal(err)
		}
	})
}

// TestMarkdownLarge renders hostile Markdown of the sizes in issue 9 once
// each; quadratic time shows as a test that does not finish.
func TestMarkdownLarge(t *testing.T) {
	m := newMarkdown(mentionRules{links: func(string, string) string { return "" }})
	for name, src := range hostilemd.Large() {
		t.Run(name, func(t *testing.T) {
			if html, err := m.render(src, "rec-A-1", ""); err != nil || html == "" {
				t.Errorf("render: %q, %v", html, err)
			}
		})
	}
}

// TestHeadingIDs checks that headings alike get numbered anchors, as many
// as there are, in one pass.
func TestHeadingIDs(t *testing.T) {
	m := newMarkdown(mentionRules{links: func(string, string) string { return "" }})
	html, err := m.render("# a\n# a\n# a 1\n# a\n", "rec-A-1", "")
	if err != nil {
		t.Fatal(err)
	}
	want := `<h1 id="rec-A-1-a">a</h1>
<h1 id="rec-A-1-a-1">a</h1>
<h1 id="rec-A-1-a-1-1">a 1</h1>
<h1 id="rec-A-1-a-2">a</h1>
`
	if html != want {
		t.Errorf("got\n%s\nwant\n%s", html, want)
	}
	if strings.Count(html, "id=") != 4 {
		t.Errorf("ids: %s", html)
	}
}
