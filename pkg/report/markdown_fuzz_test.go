package report

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var (
	htmlTag  = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>`)
	htmlAttr = regexp.MustCompile(`\s([A-Za-z-]+)(?:="([^"]*)")?`)
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
	} {
		f.Add(s)
	}
	md := newMarkdown(func(id, base string) string {
		if strings.HasPrefix(id, "A-") || strings.HasPrefix(id, "B-") {
			return base + "records/" + id + ".html"
		}
		return ""
	})
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
