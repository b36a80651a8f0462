package show

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/safetext"
)

// sgr matches the colour sequences the renderer itself writes.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// FuzzRenderMarkdown renders any UTF-8 Markdown body for the terminal: no panic;
// the output is UTF-8, ends in a newline and, but for the renderer's own
// colour sequences, holds no control, bidi or other unsafe character from
// the body; and rendering again gives the same text.
func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nSome *text* and **bold** and `code`.\n\n- [ ] task\n- [x] done\n",
		"> quote\n>> deeper\n\n```go\nfunc x() {}\n```\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"[link](http://x) <http://y> ![img](z.png) <b>raw</b>\n",
		"\x1b[2J\x1b]0;title\x07 \u202eevil\u202c \u0085\r\nline\rcr\t tab\x7f\u009b",
		"<div>\n\x1b[31mred\n</div>\n\n    \x1b[1mcode\n",
		strings.Repeat(">", 200), strings.Repeat("- ", 100) + "x", strings.Repeat("*a ", 100),
		"1. one\n2. two\n   * nested\n\n---\n\nSetext\n======\n",
	} {
		f.Add(s, uint8(80), false)
		f.Add(s, uint8(20), true)
	}
	f.Fuzz(func(t *testing.T, src string, width uint8, color bool) {
		if !utf8.ValidString(src) {
			return // the loader refuses a file that is not UTF-8
		}
		out := renderMarkdown(src, int(width), style{color: color})
		if out != renderMarkdown(src, int(width), style{color: color}) {
			t.Fatal("two renderings differ")
		}
		if !strings.HasSuffix(out, "\n") {
			t.Fatalf("output %q does not end in a newline", out)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("output %q is not UTF-8", out)
		}
		plain := out
		if color {
			plain = sgr.ReplaceAllString(out, "")
		}
		if i := strings.IndexFunc(plain, func(r rune) bool { return r != '\n' && safetext.Unsafe(r) }); i >= 0 {
			t.Fatalf("unsafe character %U in the output: %q", []rune(plain[i:])[0], plain)
		}
	})
}
