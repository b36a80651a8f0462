package show

import (
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
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

func renderMarkdown(src string, width int, st style) string {
	if width <= 0 {
		width = 80
	}
	r := &terminalMarkdown{src: []byte(src), width: width, style: st}
	doc := markdown.Parser().Parse(text.NewReader(r.src))
	r.blocks(doc, "", "")
	return strings.TrimRight(r.out.String(), "\n") + "\n"
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
			r.blocks(item, first+bullet, rest+pad)
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
		r.blocks(n, first+"│ ", rest+"│ ")
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
func (r *terminalMarkdown) inline(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(safetext.Line(string(c.Value(r.src))))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteString(" ")
			}
		case *ast.String:
			b.WriteString(safetext.Line(string(c.Value)))
		case *ast.CodeSpan:
			b.WriteString("`" + r.inline(c) + "`")
		case *ast.Emphasis:
			if c.Level >= 2 {
				b.WriteString(r.style.bold(r.inline(c)))
			} else {
				b.WriteString(r.style.italic(r.inline(c)))
			}
		case *ast.Link:
			label := r.inline(c)
			dest := safetext.Line(string(c.Destination))
			b.WriteString(label)
			if dest != "" && dest != label {
				b.WriteString(" (" + dest + ")")
			}
		case *ast.AutoLink:
			b.WriteString(safetext.Line(string(c.URL(r.src))))
		case *ast.Image:
			b.WriteString("[image: " + r.inline(c) + "] (" + safetext.Line(string(c.Destination)) + ")")
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
			b.WriteString("~" + r.inline(c) + "~")
		default:
			b.WriteString(r.inline(c))
		}
	}
	return strings.TrimSpace(b.String())
}

// wrap writes text wrapped at the width, the first line after first and the
// others after rest (which are as wide).
func (r *terminalMarkdown) wrap(t, first, rest string) {
	for i, l := range render.Wrap(t, r.width-render.Width(first)) {
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
