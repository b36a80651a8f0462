package mdbound

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadlog/roadlog/internal/hostilemd"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// TestBoundKeepsMarkdown checks that Markdown people write passes through
// unchanged: the README, the examples, and dense but ordinary shapes.
func TestBoundKeepsMarkdown(t *testing.T) {
	docs := map[string]string{
		"table of contents": strings.Repeat("- [Section](#section)\n", 300),
		"many links":        strings.Repeat("See [the docs](https://example.com/docs) and [more](https://example.com). ", 200),
		"emphasis":          strings.Repeat("Some *emphasis*, **strong**, ~gone~ and snake_case_words. ", 300),
		"code spans":        strings.Repeat("Run `make`, then ``a`b``. ", 300),
		"dense code block":  "```json\n" + strings.Repeat("[[0,1],[2,3],[4,5],[6,7]],", 2000) + "\n```\n",
		"indented code":     strings.Repeat("    *p = a[i][j]; /* **x */\n", 500),
		"nested lists":      "- a\n  - b\n    - c\n      - d\n        > e\n        > > f\n",
		"thematic break":    strings.Repeat("* ", 100) + "\n",
		"deep indentation":  strings.Repeat(" ", 200) + "- x\n",
		"badges":            strings.Repeat("[![build](https://img.example.com/b.svg)](https://ci.example.com) ", 50),
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs["README.md"] = string(readme)
	examples := os.DirFS(filepath.Join("..", "..", "examples"))
	err = fs.WalkDir(examples, ".", func(p string, _ fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			b, err := fs.ReadFile(examples, p)
			docs[p] = string(b)
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range docs {
		if got := Bound([]byte(doc)); !bytes.Equal(got, []byte(doc)) {
			t.Errorf("%s changed:\n%s", name, firstDifference(doc, string(got)))
		}
	}
}

func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return "want …" + a[max(0, i-20):min(len(a), i+40)] + "…\ngot  …" + b[max(0, i-20):min(len(b), i+40)] + "…"
}

// TestBound pins what Bound does to each hostile shape.
func TestBound(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"33 block quotes", strings.Repeat(">", 40) + " x", strings.Repeat(">", 32) + `\` + strings.Repeat(">", 8) + " x"},
		{"28 list items", strings.Repeat("- ", 30) + "x", strings.Repeat("- ", 28) + `\- - x`},
		{"ordered list items", strings.Repeat("1. ", 30) + "x", strings.Repeat("1. ", 28) + `1\. 1. x`},
		{"indentation and a marker", strings.Repeat(" ", 250) + "- x", strings.Repeat(" ", 250) + `\- x`},
		{"each line on its own", "> > x\n" + strings.Repeat(">", 33) + "\n> y", "> > x\n" + strings.Repeat(">", 32) + `\>` + "\n> y"},
		{"unpaired emphasis", strings.Repeat("*a_ ", 1000), strings.Repeat(`\*a\_ `, 1000)},
		{"unclosed destinations", strings.Repeat("[a](b", 1000), strings.Repeat(`\[a\]\(b`, 1000)},
		{"nested brackets", strings.Repeat("[", 1000) + "a" + strings.Repeat("]", 1000), strings.Repeat(`\[`, 1000) + "a" + strings.Repeat(`\]`, 1000)},
		{"only the hostile paragraph", "*a* `b`\n\n" + ticks(300, "") + "\n\n[c](d)\n", "*a* `b`\n\n" + ticks(300, `\`) + "\n\n[c](d)\n"},
		{"escapes kept", strings.Repeat(`\*a_ `, 3) + strings.Repeat("*a_ ", 1000), strings.Repeat(`\*a\_ `, 1003)},
		{"open labels", strings.Repeat("[", 130) + "a", strings.Repeat("[", 128) + `\[\[a`},
		{"reference links over lines", strings.Repeat("[a]\n", 3000) + "\n[a]: u\n", strings.Repeat(`\[a\]`+"\n", 3000) + "\n[a]: u\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Bound([]byte(tt.src))); got != tt.want {
				t.Errorf("got\n%s", firstDifference(tt.want, got))
			}
		})
	}
}

// ticks returns "e`e“e```…" up to n backticks, each escaped with esc.
func ticks(n int, esc string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString("e" + strings.Repeat(esc+"`", i))
	}
	return b.String()
}

// TestBoundRendersText checks that a paragraph Bound escapes renders as
// the text it was written as.
func TestBoundRendersText(t *testing.T) {
	src := strings.Repeat("*a_ ", 1000)
	var out bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(Bound([]byte(src)), &out); err != nil {
		t.Fatal(err)
	}
	if want := "<p>" + strings.TrimSpace(src) + "</p>\n"; out.String() != want {
		t.Errorf("got %.80s…", out.String())
	}
}

// FuzzBound checks that Bound only ever adds backslashes.
func FuzzBound(f *testing.F) {
	for _, in := range hostilemd.Inputs {
		f.Add(in.Make(64))
	}
	f.Fuzz(func(t *testing.T, src string) {
		got := Bound([]byte(src))
		if strings.ReplaceAll(string(got), `\`, "") != strings.ReplaceAll(src, `\`, "") {
			t.Fatalf("Bound(%q) = %q: more than backslashes changed", src, got)
		}
	})
}
