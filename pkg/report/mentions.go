package report

import (
	"bufio"
	"bytes"
	"html"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mentionRules say what becomes of the IDs that text mentions.
type mentionRules struct {
	ids    *model.IDSet                 // every ID of the workspace
	hidden func(id string) bool         // a record the site leaves out: nil when none is
	links  func(id, base string) string // URL of a record's page, or "" when the site has none
}

// isHidden reports whether id, as text mentions it, names a record the
// site leaves out.
func (r mentionRules) isHidden(id string) bool { return r.hidden != nil && r.hidden(id) }

// redact replaces in s every mention of a hidden record's ID with repl,
// and reports whether it replaced any. Mentions are found by the one rule
// of [model.IDSet.Find].
func (r mentionRules) redact(s, repl string) (string, bool) {
	if r.hidden == nil {
		return s, false
	}
	var b strings.Builder
	last := 0
	for _, m := range r.ids.Find(s) {
		if !r.hidden(s[m.Start:m.End]) {
			continue
		}
		b.WriteString(s[last:m.Start])
		b.WriteString(repl)
		last = m.End
	}
	if last == 0 {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// mentions is the AST transformer that deals with the IDs Markdown
// mentions. It works on the syntax tree, on text as a reader sees it —
// entities and backslash escapes decoded, the pieces of a paragraph that
// emphasis, links and code split joined again — so that no spelling of a
// hidden record's ID gets through: in a public site each is replaced by
// [redacted] in text, code spans and blocks, a code block's language, link
// and image addresses and titles, image descriptions and autolinks. IDs of
// records the site shows, in plain text, become links to their pages.
// Last, it gives every heading its anchor, made from its text as shown.
type mentions struct {
	mentionRules
}

// Transform implements parser.ASTTransformer.
func (t *mentions) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	base, _ := pc.Get(baseKey).(string)
	src := reader.Source()
	var flows, codes, headings []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeBlock, ast.KindFencedCodeBlock:
			codes = append(codes, n)
			return ast.WalkSkipChildren, nil
		case ast.KindHeading:
			headings = append(headings, n)
		}
		if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
			flows = append(flows, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, n := range flows {
		// A redaction can make a new word: the text after an autolink
		// whose label was replaced is read apart from it ("<x:ZQ-9>Q"
		// shows "x:‹internal›Q", where Q stands alone). Read the block
		// again until nothing more is hidden; each pass only takes text
		// away, so a few settle any input.
		for range 4 {
			if !t.flow(n, src, base) {
				break
			}
		}
	}
	for _, n := range codes {
		t.code(n, src)
	}
	for _, h := range headings {
		// The anchor is made of the heading's words, which may join into
		// a hidden ID ("P 2" gives p-2): that is replaced too.
		words, _ := t.redact(slugWords(readFlow(h, src).text), "internal")
		h.SetAttribute([]byte("id"), pc.IDs().Generate([]byte(words), ast.KindHeading))
	}
}

// leaf is a node of a block's inline content that shows text.
type leaf struct {
	node       ast.Node // *ast.Text, *ast.String, *ast.CodeSpan or *ast.AutoLink
	start, end int      // its text in flow.text
	plain      bool     // outside links, images and code: an ID in it may become a link
}

// flow is the text of a block (paragraph, heading, table cell) as a reader
// sees it, and where each piece of it comes from.
type flow struct {
	text    string
	leaves  []leaf
	targets []ast.Node // links and images: their addresses and titles are not in text
}

// readFlow reads the inline content of a block.
func readFlow(block ast.Node, src []byte) *flow {
	f := &flow{}
	var b strings.Builder
	add := func(n ast.Node, s string, plain bool) {
		f.leaves = append(f.leaves, leaf{node: n, start: b.Len(), end: b.Len() + len(s), plain: plain})
		b.WriteString(s)
	}
	var walk func(n ast.Node, plain bool)
	walk = func(n ast.Node, plain bool) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch x := c.(type) {
			case *ast.Text:
				add(c, textOf(x, src), plain)
				if x.SoftLineBreak() || x.HardLineBreak() {
					b.WriteByte('\n')
				}
			case *ast.String:
				add(c, stringOf(x), plain)
			case *ast.CodeSpan:
				add(c, codeSpanOf(x, src), false)
			case *ast.AutoLink:
				add(c, string(x.Label(src)), false)
			case *ast.RawHTML:
				// Not shown: raw HTML is left out of pages.
			case *ast.Image:
				// Its text is the alt attribute, read apart from the text
				// around it: a byte no ID holds keeps words from joining
				// across it ("00![Q]()0" mentions Q in the alt).
				f.targets = append(f.targets, c)
				b.WriteByte(0)
				walk(c, false)
				b.WriteByte(0)
			case *ast.Link:
				f.targets = append(f.targets, c)
				walk(c, false)
			default:
				walk(c, plain)
			}
		}
	}
	walk(block, true)
	f.text = b.String()
	return f
}

// edit replaces leaf text [from, to) with text, a link to url when url is
// not "".
type edit struct {
	from, to  int
	text, url string
}

// flow redacts and links the IDs in a block's inline content, and
// reports whether it redacted any.
func (t *mentions) flow(block ast.Node, src []byte, base string) bool {
	f := readFlow(block, src)
	edits := make([][]edit, len(f.leaves))
	hid := false
	li := 0
	for _, m := range t.ids.Find(f.text) {
		for li < len(f.leaves) && f.leaves[li].end <= m.Start {
			li++
		}
		id := f.text[m.Start:m.End]
		if t.isHidden(id) {
			// The mention may span several pieces ("P*-*2" is P, an
			// emphasised -, and 2): the first gets the replacement, the
			// others lose their part.
			repl := redacted
			hid = true
			for j := li; j < len(f.leaves) && f.leaves[j].start < m.End; j++ {
				l := f.leaves[j]
				if from, to := max(m.Start, l.start)-l.start, min(m.End, l.end)-l.start; from < to {
					edits[j] = append(edits[j], edit{from: from, to: to, text: repl})
					repl = ""
				}
			}
			continue
		}
		if li == len(f.leaves) || !strings.ContainsAny(id, "0123456789") {
			continue // ordinary words are never links
		}
		if l := f.leaves[li]; l.plain && l.start <= m.Start && m.End <= l.end {
			if url := t.links(id, base); url != "" {
				edits[li] = append(edits[li], edit{from: m.Start - l.start, to: m.End - l.start, text: id, url: url})
			}
		}
	}
	for j, l := range f.leaves {
		s := f.text[l.start:l.end]
		if a, ok := l.node.(*ast.AutoLink); ok {
			hid = t.autoLink(a, s, edits[j], src) || hid
		} else if len(edits[j]) > 0 {
			t.rewrite(l.node, edited(s, edits[j]))
		}
	}
	for _, n := range f.targets {
		t.target(n)
	}
	return hid
}

// edited returns the nodes that show s with the edits made.
func edited(s string, es []edit) []ast.Node {
	var nodes []ast.Node
	last := 0
	for _, e := range es {
		nodes = appendText(nodes, s[last:e.from])
		if e.url == "" {
			nodes = appendText(nodes, e.text)
		} else {
			link := ast.NewLink()
			link.Destination = []byte(e.url)
			link.AppendChild(link, rawString(e.text))
			nodes = append(nodes, link)
		}
		last = e.to
	}
	return appendText(nodes, s[last:])
}

// rewrite replaces a text, string or code span with nodes.
func (t *mentions) rewrite(n ast.Node, nodes []ast.Node) {
	parent := n.Parent()
	switch x := n.(type) {
	case *ast.CodeSpan:
		x.RemoveChildren(x)
		for _, c := range nodes {
			x.AppendChild(x, c)
		}
		return
	case *ast.Text:
		if x.SoftLineBreak() || x.HardLineBreak() {
			// The line break stays, with an empty text that carries it.
			brk := ast.NewTextSegment(text.NewSegment(x.Segment.Stop, x.Segment.Stop))
			brk.SetSoftLineBreak(x.SoftLineBreak())
			brk.SetHardLineBreak(x.HardLineBreak())
			nodes = append(nodes, brk)
		}
	}
	for _, c := range nodes {
		parent.InsertBefore(parent, n, c)
	}
	parent.RemoveChild(parent, n)
}

// autoLink replaces an autolink with a link when its label (edited by es)
// or its address mentions a hidden record's ID, and reports whether they
// did.
func (t *mentions) autoLink(n *ast.AutoLink, label string, es []edit, src []byte) bool {
	url := string(n.URL(src))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	// As goldmark writes an autolink's address: %XX kept, no escape or
	// entity read.
	dest := strings.NewReplacer(`\`, `\\`, "&", "&amp;").Replace(url)
	red, changed := t.redactAddress(url)
	if changed {
		dest = urlLiteral(red)
	}
	nodes := edited(label, es)
	if red, ok := t.redactAddress(label); ok {
		// The label is the address as written: replaced whole, %XX
		// decoded.
		nodes, changed = []ast.Node{rawString(red)}, true
	} else if len(es) == 0 && !changed {
		return false
	}
	link := ast.NewLink()
	link.Destination = []byte(dest)
	for _, c := range nodes {
		link.AppendChild(link, c)
	}
	n.Parent().ReplaceChild(n.Parent(), n, link)
	return changed || hiddenEdit(es)
}

// hiddenEdit reports whether edits redact: an edit without a URL
// replaces a hidden ID.
func hiddenEdit(es []edit) bool {
	for _, e := range es {
		if e.url == "" {
			return true
		}
	}
	return false
}

func appendText(nodes []ast.Node, s string) []ast.Node {
	if s == "" {
		return nodes
	}
	return append(nodes, rawString(s))
}

// rawString is text shown as it is: HTML-escaped, with no entity or
// backslash escape read in it.
func rawString(s string) *ast.String {
	n := ast.NewString([]byte(s))
	n.SetRaw(true)
	return n
}

// target redacts the address and title of a link or image.
func (t *mentions) target(n ast.Node) {
	switch x := n.(type) {
	case *ast.Link:
		if d, ok := t.redactURL(x.Destination); ok {
			x.Destination = d
		}
		x.Title = t.redactTitle(x.Title)
	case *ast.Image:
		if d, ok := t.redactURL(x.Destination); ok {
			x.Destination = d
		}
		x.Title = t.redactTitle(x.Title)
	}
}

// redactURL returns a link's or image's address with the IDs of hidden
// records replaced, and whether it mentioned any: read with backslash
// escapes and entities decoded, as goldmark writes it, then as
// redactAddress reads it.
func (t *mentions) redactURL(dest []byte) ([]byte, bool) {
	if t.hidden == nil {
		return nil, false
	}
	s := util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest)))
	red, ok := t.redactAddress(string(s))
	if !ok {
		return nil, false
	}
	return []byte(urlLiteral(red)), true
}

// redactAddress returns an address with the IDs of hidden records
// replaced, and whether it mentioned any. It is read as a browser or
// server may read it: with %XX decoded, up to three times over, so that
// P%2D2 and P%252D2 are P-2 too; an address that mentions one is returned
// so decoded, with the mentions replaced.
func (t *mentions) redactAddress(addr string) (string, bool) {
	if t.hidden == nil {
		return addr, false
	}
	plain := addr
	for range 3 {
		plain = percentDecode(plain)
	}
	return t.redact(plain, redacted)
}

// redactTitle returns a link's or image's title with the IDs of hidden
// records replaced.
func (t *mentions) redactTitle(title []byte) []byte {
	if title == nil || t.hidden == nil {
		return title
	}
	red, ok := t.redact(display(title), redacted)
	if !ok {
		return title
	}
	return []byte(markdownLiteral(red))
}

// code redacts a code block and its language.
func (t *mentions) code(n ast.Node, src []byte) {
	if t.hidden == nil {
		return
	}
	var b strings.Builder
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	value, changed := t.redact(b.String(), redacted)
	c := &redactedCode{value: value}
	if fc, ok := n.(*ast.FencedCodeBlock); ok {
		if lang := fc.Language(src); lang != nil {
			var langChanged bool
			c.hasLanguage = true
			c.language, langChanged = t.redact(display(lang), redacted)
			changed = changed || langChanged
		}
	}
	if changed {
		n.Parent().ReplaceChild(n.Parent(), n, c)
	}
}

// textOf is a text node's text as shown.
func textOf(n *ast.Text, src []byte) string {
	v := n.Segment.Value(src)
	if n.IsRaw() {
		return string(v)
	}
	return display(v)
}

// stringOf is a string node's text as shown.
func stringOf(n *ast.String) string {
	if n.IsRaw() || n.IsCode() {
		return string(n.Value)
	}
	return display(n.Value)
}

// codeSpanOf is a code span's text as shown: a line break is a space.
func codeSpanOf(n *ast.CodeSpan, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch x := c.(type) {
		case *ast.Text:
			v := x.Segment.Value(src)
			if bytes.HasSuffix(v, []byte("\n")) {
				b.Write(v[:len(v)-1])
				b.WriteByte(' ')
			} else {
				b.Write(v)
			}
		case *ast.String:
			b.Write(x.Value)
		}
	}
	return b.String()
}

// display is Markdown text as a reader sees it: backslash escapes and
// entities decoded exactly as goldmark's renderer decodes them (by having
// it write the text, and reading the HTML back).
func display(v []byte) string {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, 0) < 0 {
		return string(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	ghtml.DefaultWriter.Write(w, v)
	_ = w.Flush() // into a bytes.Buffer
	return html.UnescapeString(buf.String())
}

// markdownLiteral writes s so that goldmark's renderer shows it as it is:
// every ASCII punctuation character backslash-escaped, so that no entity
// or escape is read in it.
func markdownLiteral(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if util.IsPunct(s[i]) {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// urlLiteral writes s as a link destination that goldmark's renderer
// turns back into s (then %-encodes): it reads backslash escapes, then
// numeric references, then entity names, and keeps %XX as it is.
func urlLiteral(s string) string {
	return strings.NewReplacer(`\`, `\\`, "&", "&amp;", "%", "%25").Replace(s)
}

// percentDecode decodes the %XX escapes of s, and leaves a '%' not
// followed by two hex digits as it is.
func percentDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && util.IsHexDecimal(s[i+1]) && util.IsHexDecimal(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// redactedCode is a code block whose text (or language) had the IDs of
// hidden records replaced; it renders as goldmark renders code blocks.
type redactedCode struct {
	ast.BaseBlock
	value, language string
	hasLanguage     bool
}

var kindRedactedCode = ast.NewNodeKind("RedactedCode")

// Kind implements ast.Node.
func (n *redactedCode) Kind() ast.NodeKind { return kindRedactedCode }

// IsRaw implements ast.Node: the block has no inline content.
func (n *redactedCode) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *redactedCode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// redactedRenderers render what mentions makes: code blocks it rewrote,
// and code spans whose text it replaced with a string (goldmark's own code
// span renderer takes only text segments).
type redactedRenderers struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (redactedRenderers) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(kindRedactedCode, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		c := n.(*redactedCode)
		_, _ = w.WriteString("<pre><code")
		if c.hasLanguage {
			_, _ = w.WriteString(` class="language-`)
			_, _ = w.Write(util.EscapeHTML([]byte(c.language)))
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
		_, _ = w.Write(util.EscapeHTML([]byte(c.value)))
		_, _ = w.WriteString("</code></pre>\n")
		return ast.WalkContinue, nil
	})
	r.Register(ast.KindCodeSpan, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_, _ = w.WriteString("</code>")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("<code>")
		_, _ = w.Write(util.EscapeHTML([]byte(codeSpanOf(n.(*ast.CodeSpan), src))))
		return ast.WalkSkipChildren, nil
	})
}
