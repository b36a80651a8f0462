package show

import (
	"bytes"
	"html"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/mdbound"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// style adds terminal emphasis when colour is on.
type style struct{ color bool }

func (s style) bold(t string) string {
	if !s.color || t == "" {
		return t
	}
	return "\x1b[1m" + t + "\x1b[0m"
}

func (s style) dim(t string) string {
	if !s.color || t == "" {
		return t
	}
	return "\x1b[2m" + t + "\x1b[0m"
}

func (s style) italic(t string) string {
	if !s.color || t == "" {
		return t
	}
	return "\x1b[3m" + t + "\x1b[0m"
}

// terminalMarkdown renders Markdown (GitHub-flavoured) as plain terminal
// text: headings underlined, lists with bullets, task lists as [x] and [ ],
// code indented, links followed by their address, raw HTML shown as text.
type terminalMarkdown struct {
	src   []byte
	width int
	style style
	out   strings.Builder
}

var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// The renderer stays linear in the size of the Markdown however deeply it
// nests (mdbound keeps goldmark linear; this keeps the output so):
// indentation stops growing at maxIndent columns, and inline markup nested
// deeper than maxInlineDepth is shown as its plain text.
const (
	maxIndent      = 32
	maxInlineDepth = 32
)

// renderMarkdown renders src for a terminal of the given width, in time
// linear in len(src).
func renderMarkdown(src string, width int, st style) string {
	if width <= 0 {
		width = 80
	}
	r := &terminalMarkdown{src: mdbound.Bound([]byte(src)), width: width, style: st}
	doc := markdown.Parser().Parse(text.NewReader(r.src))
	r.blocks(doc, "", "")
	return strings.TrimRight(r.out.String(), "\n") + "\n"
}

// indent returns prefix followed by more, or prefix alone once it is
// maxIndent columns wide.
func indent(prefix, more string) string {
	if render.Width(prefix) >= maxIndent {
		return prefix
	}
	return prefix + more
}

// blocks renders the block children of n. first prefixes the first line of
// the first block (a list bullet), rest every other line.
func (r *terminalMarkdown) blocks(n ast.Node, first, rest string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.block(c, first, rest)
		first = rest
	}
}

func (r *terminalMarkdown) gap() {
	s := r.out.String()
	if s != "" && !strings.HasSuffix(s, "\n\n") {
		r.out.WriteString("\n")
	}
}

func (r *terminalMarkdown) block(n ast.Node, first, rest string) {
	switch n := n.(type) {
	case *ast.Heading:
		r.gap()
		t := r.inline(n)
		lines := render.Wrap(t, r.width-render.Width(first))
		for i, l := range lines {
			if i > 0 {
				first = rest
			}
			r.out.WriteString(first + r.style.bold(l) + "\n")
		}
		if n.Level <= 2 {
			long := 0
			for _, l := range lines {
				long = max(long, render.Width(l))
			}
			r.out.WriteString(rest + strings.Repeat("─", min(max(3, long), max(r.width-render.Width(rest), 1))) + "\n")
		}
		r.out.WriteString("\n")
	case *ast.Paragraph, *ast.TextBlock:
		r.wrap(r.inline(n), first, rest)
		if _, tight := n.(*ast.TextBlock); !tight {
			r.out.WriteString("\n")
		}
	case *ast.List:
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			bullet := "• "
			if n.IsOrdered() {
				bullet = strconv.Itoa(num) + ". "
				num++
			}
			pad := strings.Repeat(" ", render.Width(bullet))
			r.blocks(item, indent(first, bullet), indent(rest, pad))
			first = rest
		}
		if !n.IsTight {
			r.out.WriteString("\n")
		} else {
			r.gap()
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := strings.TrimRight(string(seg.Value(r.src)), "\n")
			r.lines(rest+"    ", safetext.Line(line))
		}
		r.out.WriteString("\n")
	case *ast.Blockquote:
		r.blocks(n, indent(first, "│ "), indent(rest, "│ "))
	case *ast.ThematicBreak:
		r.out.WriteString(rest + strings.Repeat("─", 20) + "\n\n")
	case *ast.HTMLBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			r.lines(rest, safetext.Line(strings.TrimRight(string(seg.Value(r.src)), "\n")))
		}
		r.out.WriteString("\n")
	case *east.Table:
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for c := row.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, r.inline(c))
			}
			line := strings.Join(cells, " │ ")
			if _, header := row.(*east.TableHeader); header {
				line = r.style.bold(line)
			}
			r.lines(rest, line)
		}
		r.out.WriteString("\n")
	default:
		r.blocks(n, first, rest)
	}
}

// inline returns the text of n's inline children.
func (r *terminalMarkdown) inline(n ast.Node) string { return r.inlineAt(n, 0) }

// inlineAt is inline for a node nested depth levels deep in inline markup.
func (r *terminalMarkdown) inlineAt(n ast.Node, depth int) string {
	if depth > maxInlineDepth {
		return r.plain(n)
	}
	depth++
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(safetext.Line(unescape(c.Value(r.src))))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteString(" ")
			}
		case *ast.String:
			b.WriteString(safetext.Line(string(c.Value)))
		case *ast.CodeSpan:
			b.WriteString("`" + r.code(c) + "`")
		case *ast.Emphasis:
			if c.Level >= 2 {
				b.WriteString(r.style.bold(r.inlineAt(c, depth)))
			} else {
				b.WriteString(r.style.italic(r.inlineAt(c, depth)))
			}
		case *ast.Link:
			label := r.inlineAt(c, depth)
			dest := safetext.Line(string(c.Destination))
			b.WriteString(label)
			if dest != "" && dest != label {
				b.WriteString(" (" + dest + ")")
			}
		case *ast.AutoLink:
			b.WriteString(safetext.Line(string(c.URL(r.src))))
		case *ast.Image:
			b.WriteString("[image: " + r.inlineAt(c, depth) + "] (" + safetext.Line(string(c.Destination)) + ")")
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				b.WriteString(safetext.Line(string(seg.Value(r.src))))
			}
		case *east.TaskCheckBox:
			if c.IsChecked {
				b.WriteString("[x] ")
			} else {
				b.WriteString("[ ] ")
			}
		case *east.Strikethrough:
			b.WriteString("~" + r.inlineAt(c, depth) + "~")
		default:
			b.WriteString(r.inlineAt(c, depth))
		}
	}
	return strings.TrimSpace(b.String())
}

// plain returns the text of n's descendants without any markup, for
// inline markup nested too deeply to show.
func (r *terminalMarkdown) plain(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(safetext.Line(unescape(c.Value(r.src))))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteString(" ")
			}
		case *ast.String:
			b.WriteString(safetext.Line(string(c.Value)))
		case *ast.CodeSpan:
			b.WriteString(r.code(c))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// code returns the text of a code span, as written: backslashes and
// entities mean nothing in code.
func (r *terminalMarkdown) code(n *ast.CodeSpan) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b.WriteString(safetext.Line(string(t.Value(r.src))))
		}
	}
	return strings.TrimSpace(b.String())
}

// unescape returns Markdown text as it reads: "\*" is "*", "&amp;" is
// "&", as goldmark's HTML renderer writes them.
func unescape(t []byte) string {
	if bytes.IndexByte(t, '\\') < 0 && bytes.IndexByte(t, '&') < 0 {
		return string(t)
	}
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c == '\\' && i+1 < len(t) && util.IsPunct(t[i+1]):
			b.WriteByte(t[i+1])
			i++
		case c == '&':
			// An entity is at most 32 bytes ("&CounterClockwiseContourIntegral;").
			if j := bytes.IndexByte(t[i:min(len(t), i+40)], ';'); j > 1 {
				ent := string(t[i : i+j+1])
				if u := html.UnescapeString(ent); u != ent {
					b.WriteString(u)
					i += j
					continue
				}
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// wrap writes text wrapped at the width, the first line after first and the
// others after rest (which are as wide).
func (r *terminalMarkdown) wrap(t, first, rest string) {
	// Runs of white space in a paragraph are one space, as Markdown reads.
	for i, l := range render.Wrap(strings.Join(strings.Fields(t), " "), r.width-render.Width(first)) {
		if i > 0 {
			first = rest
		}
		r.out.WriteString(first + l + "\n")
	}
}

// lines writes a line whose spaces matter (code, a table row) after prefix,
// cut into pieces that fit the width.
func (r *terminalMarkdown) lines(prefix, line string) {
	for _, part := range render.Break(line, r.width-render.Width(prefix)) {
		r.out.WriteString(prefix + part + "\n")
	}
}
