package report

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/mdbound"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders record bodies: GitHub-flavoured (tables, task lists,
// strikethrough, autolinks), raw HTML and dangerous links left out (no
// html.WithUnsafe), headings with anchors unique in the whole site, and IDs
// of records turned into links.
type markdown struct {
	md    goldmark.Markdown
	links func(id, base string) string // URL of a record, or "" when it is not shown
}

// baseKey carries the page's base ("" or "../") to the ID linker.
var baseKey = parser.NewContextKey()

func newMarkdown(links func(id, base string) string) *markdown {
	m := &markdown{links: links}
	m.md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(&idLinker{links: links}, 500)),
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(taskBoxes{}, 100))),
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
	var buf bytes.Buffer
	ctx := parser.NewContext(parser.WithIDs(&prefixedIDs{prefix: prefix, used: map[string]bool{}, next: map[string]int{}}))
	ctx.Set(baseKey, base)
	if err := m.md.Convert(mdbound.Bound([]byte(src)), &buf, parser.WithContext(ctx)); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// prefixedIDs makes heading anchors "<prefix>-<slug>", unique per record.
type prefixedIDs struct {
	prefix string
	used   map[string]bool
	next   map[string]int // the suffix to try next for a base, so that n headings alike take O(n)
}

func (p *prefixedIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(string(value)) {
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
	base := p.prefix + "-" + b.String()
	if b.Len() == 0 {
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

// idCandidate finds words that could be record IDs: a letter, then
// letters, digits, '.', '_' or '-', ending in a letter or digit, with a
// digit somewhere (so that ordinary words are never links).
var idCandidate = regexp.MustCompile(`[A-Za-z][A-Za-z0-9._-]*[A-Za-z0-9]`)

// idLinker turns IDs mentioned in text into links to their records.
type idLinker struct {
	links func(id, base string) string
}

func (l *idLinker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	base, _ := pc.Get(baseKey).(string)
	src := reader.Source()
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindAutoLink, ast.KindCodeSpan, ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock, ast.KindRawHTML, ast.KindImage:
			return ast.WalkSkipChildren, nil
		case ast.KindText:
			texts = append(texts, n.(*ast.Text))
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		l.link(t, src, base)
	}
}

func (l *idLinker) link(t *ast.Text, src []byte, base string) {
	seg := t.Segment
	value := src[seg.Start:seg.Stop]
	matches := idCandidate.FindAllIndex(value, -1)
	parent := t.Parent()
	if parent == nil {
		return
	}
	last := 0
	var pieces []ast.Node
	for _, m := range matches {
		word := string(value[m[0]:m[1]])
		if !strings.ContainsAny(word, "0123456789") {
			continue
		}
		// Whole words only: not inside a longer run of ID characters.
		if m[0] > 0 && isIDByte(value[m[0]-1]) || m[1] < len(value) && isIDByte(value[m[1]]) {
			continue
		}
		url := l.links(word, base)
		if url == "" {
			continue
		}
		if m[0] > last {
			pieces = append(pieces, ast.NewTextSegment(text.NewSegment(seg.Start+last, seg.Start+m[0])))
		}
		link := ast.NewLink()
		link.Destination = []byte(url)
		link.AppendChild(link, ast.NewTextSegment(text.NewSegment(seg.Start+m[0], seg.Start+m[1])))
		pieces = append(pieces, link)
		last = m[1]
	}
	if len(pieces) == 0 {
		return
	}
	rest := ast.NewTextSegment(text.NewSegment(seg.Start+last, seg.Stop))
	rest.SetSoftLineBreak(t.SoftLineBreak())
	rest.SetHardLineBreak(t.HardLineBreak())
	pieces = append(pieces, rest)
	for _, p := range pieces {
		parent.InsertBefore(parent, t, p)
	}
	parent.RemoveChild(parent, t)
}

func isIDByte(c byte) bool {
	return c == '_' || c == '-' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
