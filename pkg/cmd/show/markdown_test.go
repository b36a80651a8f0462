package show

import (
	"strings"
	"testing"

	"github.com/roadlog/roadlog/internal/hostilemd"
)

// TestRenderMarkdownLinear checks that the terminal renderer takes time
// linear in the size of hostile Markdown (issue 9: a 50 KB body of '>'
// took 44 s to show).
func TestRenderMarkdownLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("measures time")
	}
	hostilemd.CheckLinear(t, func(s string) { renderMarkdown(s, 80, style{}) })
}

// TestRenderMarkdownLarge renders hostile Markdown of the sizes in issue
// 9 once each; quadratic time shows as a test that does not finish.
func TestRenderMarkdownLarge(t *testing.T) {
	for name, src := range hostilemd.Large() {
		t.Run(name, func(t *testing.T) {
			if out := renderMarkdown(src, 80, style{}); out == "" {
				t.Error("no output")
			}
		})
	}
}

// TestRenderMarkdownDeep pins how deep nesting is shown: indentation grows
// up to 32 columns, the rest of a line past 32 block quote markers (28 "- ")
// is text, and inline markup nested too deeply is plain text.
func TestRenderMarkdownDeep(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"quotes", strings.Repeat(">", 40) + " x", strings.Repeat("│ ", 16) + ">>>>>>>> x\n"},
		{"lists", strings.Repeat("- ", 40) + "x", strings.Repeat("• ", 16) + strings.Repeat("- ", 12) + "x\n"},
		{"emphasis", strings.Repeat("*a ", 40) + strings.Repeat(" a*", 40), "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderMarkdown(tt.src, 400, style{}); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestRenderMarkdownEscapes checks that backslash escapes and entities
// show as what they stand for, outside code only, and that an entity
// cannot smuggle a control character to the terminal.
func TestRenderMarkdownEscapes(t *testing.T) {
	got := renderMarkdown("\\*not emphasis\\* &amp; &copy; &#27;[2J `\\*code\\*` &bogus;", 80, style{})
	want := "*not emphasis* & © \ufffd[2J `\\*code\\*` &bogus;\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
