package report

import (
	"bufio"
	"strconv"
	"strings"
	"sync"

	"github.com/roadlog/roadlog/pkg/mdbound"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// markdown renders record bodies: GitHub-flavoured (tables, task lists,
// strikethrough, autolinks), raw HTML and dangerous links left out (no
// html.WithUnsafe), headings with anchors unique in the whole site, IDs of
// records turned into links and IDs of records the site leaves out
// replaced (see [mentions]).
type markdown struct {
	md goldmark.Markdown
}

// baseKey carries the page's base ("" or "../") to the ID linker.
var baseKey = parser.NewContextKey()

func newMarkdown(rules mentionRules) *markdown {
	m := &markdown{}
	m.md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(
			// Heading anchors are made by mentions, from the text as shown
			// after what must not be shown is taken out.
			parser.WithASTTransformers(util.Prioritized(&mentions{rules}, 500)),
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(taskBoxes{}, 100),
			util.Prioritized(redactedRenderers{}, 100),
		)),
	)
	return m
}

// taskBoxes renders task-list boxes with a label that says what they mean,
// which GFM's bare disabled checkboxes lack.
type taskBoxes struct{}

func (taskBoxes) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(east.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.(*east.TaskCheckBox).IsChecked {
			_, _ = w.WriteString(`<input checked="" disabled="" type="checkbox" aria-label="done"> `)
		} else {
			_, _ = w.WriteString(`<input disabled="" type="checkbox" aria-label="not done"> `)
		}
		return ast.WalkContinue, nil
	})
}

// render turns Markdown into HTML for a page at base; prefix keeps heading
// anchors apart from those of other records on the same page. It takes
// time linear in len(src): mdbound bounds what goldmark is given.
func (m *markdown) render(src, prefix, base string) (string, error) {
	var out strings.Builder
	out.Grow(len(src) + len(src)/2)
	// goldmark writes through a buffered writer, and makes one for each
	// call unless it is given one: a site renders a body per record.
	w, _ := bufWriters.Get().(*bufio.Writer)
	if w == nil {
		w = bufio.NewWriter(&out)
	} else {
		w.Reset(&out)
	}
	defer func() {
		w.Reset(nil)
		bufWriters.Put(w)
	}()
	ctx := parser.NewContext(parser.WithIDs(&prefixedIDs{prefix: prefix, used: map[string]bool{}, next: map[string]int{}}))
	ctx.Set(baseKey, base)
	if err := m.md.Convert(mdbound.Bound([]byte(src)), w, parser.WithContext(ctx)); err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	return out.String(), nil
}

// bufWriters are the buffered writers [markdown.render] hands goldmark.
var bufWriters sync.Pool

// prefixedIDs makes heading anchors "<prefix>-<slug>", unique per record.
type prefixedIDs struct {
	prefix string
	used   map[string]bool
	next   map[string]int // the suffix to try next for a base, so that n headings alike take O(n)
}

func (p *prefixedIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	slug := slugWords(string(value))
	base := p.prefix + "-" + slug
	if slug == "" {
		base = p.prefix + "-heading"
	}
	id := base
	if p.used[id] {
		i := max(p.next[base], 1)
		for id = base + "-" + strconv.Itoa(i); p.used[id]; id = base + "-" + strconv.Itoa(i) {
			i++
		}
		p.next[base] = i + 1
	}
	p.used[id] = true
	return []byte(id)
}

func (p *prefixedIDs) Put(value []byte) { p.used[string(value)] = true }

// slugWords is the words of s — runs of ASCII letters and digits — lower
// case, joined by '-': what a heading's anchor is made of.
func slugWords(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
