package report

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/model"
)

var (
	htmlTag  = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>`)
	htmlAttr = regexp.MustCompile(`\s([A-Za-z-]+)(?:="([^"]*)")?`)
	// omitted is what goldmark writes in place of raw HTML.
	omitted = "<!-- raw HTML omitted -->"
	// The elements a GitHub-flavoured Markdown body may turn into.
	safeTags = []string{
		"a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "input",
		"li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
	}
	safeAttrs = []string{"href", "src", "alt", "title", "id", "class", "style", "start", "checked", "disabled", "type", "aria-label"}
)

// FuzzRenderBody renders any UTF-8 Markdown body for the report: no panic,
// no error; the HTML holds only the elements and attributes Markdown
// makes (no raw HTML passes, no event handler), no link or image address
// that runs script, and heading anchors that are unique and carry the
// record's prefix; rendering again gives the same HTML.
func FuzzRenderBody(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nSee A-1 and B-2, not C-3.\n\n- [ ] task\n- [x] done\n",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n",
		"[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](java\tscript:x) [d](&#106;avascript:x) <javascript:alert(1)>\n",
		"[e](data:text/html,<script>) ![f](data:image/svg+xml,<svg onload=alert(1)>) [g](vbscript:x)\n",
		"| a | b |\n|---|---|\n| <b>x</b> | `y` |\n",
		"# A\n# A\n## A-1\n# \n# !!!\n",
		"``` onload=x\ncode\n```\n\n<!-- c --> <a href='x'>y</a>\n",
		"[ref]\n\n[ref]: javascript:alert(1) \"t\"\n",
		"\x1b[2J \u202e A-1.2_x",
		"ZQ-9 [x](ZQ-9.html \"ZQ&#45;9\") ![ZQ-9](ZQ%2D9.png) <https://e.com/ZQ-9> ZQ*-*9 `ZQ-9` ZQ&#45;9\n\n# ZQ 9\n",
		"```ZQ-9\nZQ-9\n```\n\n    ZQ-9\n\n[r]: ZQ-9.html\n\n[a][r] | www.e.com/zq-9 | zq-9@e.com\n",
	} {
		f.Add(s)
	}
	md := newMarkdown(fuzzRules)
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) {
			return // the loader refuses a file that is not UTF-8
		}
		out, err := md.render(src, "r-a-1", "../")
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		again, _ := md.render(src, "r-a-1", "../")
		if again != out {
			t.Fatal("two renderings differ")
		}
		if leak := hiddenMention(out); leak != "" {
			t.Fatalf("%s in %q", leak, out)
		}
		ids := map[string]bool{}
		for _, m := range htmlTag.FindAllStringSubmatch(out, -1) {
			if !slices.Contains(safeTags, strings.ToLower(m[2])) {
				t.Fatalf("element <%s> in %q", m[2], out)
			}
			for _, a := range htmlAttr.FindAllStringSubmatch(m[3], -1) {
				name, value := strings.ToLower(a[1]), html.UnescapeString(a[2])
				if !slices.Contains(safeAttrs, name) {
					t.Fatalf("attribute %s on <%s> in %q", name, m[2], out)
				}
				switch name {
				case "href", "src":
					if runsScript(value) {
						t.Fatalf("%s=%q in %q", name, value, out)
					}
				case "id":
					if !strings.HasPrefix(value, "r-a-1-") || ids[value] {
						t.Fatalf("heading anchor %q (seen: %v) in %q", value, ids[value], out)
					}
					ids[value] = true
				}
			}
		}
	})
}

// fuzzRules link A-* and B-* and hide ZQ-9 and Q.
var fuzzRules = mentionRules{
	ids:    model.NewIDSet([]string{"A-1", "A-1.2", "B-2", "C-3", "ZQ-9", "Q"}),
	hidden: func(id string) bool { f := model.FoldID(id); return f == "zq-9" || f == "q" },
	links: func(id, base string) string {
		if strings.HasPrefix(id, "A-") || strings.HasPrefix(id, "B-") {
			return base + "records/" + id + ".html"
		}
		return ""
	},
}

// inlineTags are the elements that do not end a word of the text a reader
// sees.
var inlineTags = []string{"a", "code", "del", "em", "strong"}

// hiddenMention returns what in a page rendered with fuzzRules mentions a
// hidden ID, as a reader reads it: in its text (inline elements removed,
// entities decoded) or an attribute (decoded, an address %-decoded too).
func hiddenMention(page string) string {
	// goldmark's comment in place of raw HTML shows nothing and parts no
	// words: "0<!-- raw HTML omitted -->Q" reads 0Q. Any other comment
	// stays, and is read as text.
	page = strings.ReplaceAll(page, omitted, "")
	var texts []string
	textOnly := htmlTag.ReplaceAllStringFunc(page, func(tag string) string {
		m := htmlTag.FindStringSubmatch(tag)
		for _, a := range htmlAttr.FindAllStringSubmatch(m[3], -1) {
			v := html.UnescapeString(a[2])
			texts = append(texts, v)
			// Only an address is %-decoded, by the browser or the
			// server it names: a title shows "%00Q" as written.
			if name := strings.ToLower(a[1]); name == "href" || name == "src" {
				texts = append(texts, percentDecode(percentDecode(v)))
			}
		}
		if slices.Contains(inlineTags, strings.ToLower(m[2])) {
			return ""
		}
		return " "
	})
	texts = append(texts, html.UnescapeString(textOnly))
	for _, s := range texts {
		for _, m := range fuzzRules.ids.Find(s) {
			if fuzzRules.isHidden(s[m.Start:m.End]) {
				return fmt.Sprintf("hidden ID %q", s[m.Start:m.End])
			}
		}
	}
	return ""
}

// runsScript reports whether a browser would run script from a link or
// image address: javascript: or vbscript:, or data: other than a raster
// image. Browsers ignore blanks and control characters in the scheme.
func runsScript(u string) bool {
	u = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u))
	switch {
	case strings.HasPrefix(u, "javascript:"), strings.HasPrefix(u, "vbscript:"):
		return true
	case strings.HasPrefix(u, "data:"):
		return !strings.HasPrefix(u, "data:image/") || strings.HasPrefix(u, "data:image/svg")
	}
	return false
}
