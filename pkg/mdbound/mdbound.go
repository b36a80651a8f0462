// Package mdbound bounds Markdown before goldmark parses it, so that
// parsing takes time linear in its size whatever the text.
//
// goldmark (v1.8) needs time quadratic in the input on some shapes of
// text, and a record's body is untrusted input: a 50 KB body of '>'
// characters took 44 s to show. The shapes, and what [Bound] does about
// each:
//
//   - Nested containers on one line ("> > > …", "- - - …", "1. 1. …"): each
//     new block quote or list item rescans the line. A line's container
//     prefix may reach 256 units, a marker counting 8 and a column of
//     indentation 1 (32 '>', 28 "- "); the marker that would go past that
//     is escaped ("\>") and the rest of the line is text. Lazy
//     continuation lines and blank lines cost time in the depth of the open
//     blocks, so this bounds them too. The check runs before the structure
//     is known, so such a line in a code block gets its backslash too, and
//     shows it: no document people write has one.
//   - Inline syntax that makes goldmark scan far ahead or walk back over
//     everything before it: emphasis delimiters that do not pair up
//     ("*a_ *a_ …", each closer walks back over every opener), link
//     destinations and titles that never close ("[a](<b [a](<b …"), code
//     span openers without a closer (runs of one, two, three … backticks),
//     brackets that close far from where they open ("[[[[…]]]]"), and many
//     "]" in a paragraph of many lines (each looks up a reference label by
//     walking the paragraph's lines). For each paragraph or heading, Bound
//     estimates from above the work goldmark will do (replaying its
//     delimiter processing, adding up the scans it makes); a paragraph
//     whose estimate
//     exceeds a budget linear in its size has every ASCII punctuation
//     character escaped, so that it is shown as the plain text it is.
//     Paragraphs people write stay well within the budget.
//   - Unclosed link labels: goldmark keeps up to 998 bytes of them open and
//     walks the text after each when a "]" comes. A "[" that would be the
//     129th within 999 bytes is escaped.
//
// Escaped punctuation renders as itself, so what Bound changes is shown as
// typed, only without the structure the hostile part would have had.
package mdbound

import (
	"bytes"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

const (
	// markerUnits is what a container marker ('>', "-", "1.") adds to a
	// line's nesting; a column of indentation adds 1.
	markerUnits = 8
	// maxUnits is the nesting a line may reach: 32 markers, or 256 columns
	// of indentation before a marker.
	maxUnits = 32 * markerUnits
	// labelWindow is the span goldmark keeps link labels open over
	// (CommonMark's 999-character limit on labels).
	labelWindow = 999
	// maxLabels is how many '[' may be open within labelWindow bytes.
	maxLabels = 128
	// costPerByte and costBase make the work budget of a paragraph:
	// costPerByte × its length + costBase.
	costPerByte = 32
	costBase    = 4096
	// backstopPerByte bounds, per byte, the work of emphasis delimiters
	// however goldmark pairs them.
	backstopPerByte = 256
)

// Bound returns src, or a copy of it with backslashes inserted before the
// punctuation that would make goldmark's parse of it take more than linear
// time. It runs in time linear in len(src).
func Bound(src []byte) []byte {
	src = boundContainers(src)
	b := &block{src: src, text: src, segs: []segment{{0, len(src), 0}}, lines: bytes.Count(src, []byte{'\n'}) + 1}
	if over, brackets := b.estimate(); !over && len(brackets) == 0 {
		return src // the whole text as one paragraph is within the budget
	}
	var escapes []int
	doc := blockParser.Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
			escapes = append(escapes, inlineEscapes(src, n.Lines())...)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return insertBackslashes(src, escapes)
}

// blockParser finds the paragraphs and headings: goldmark's block parsers
// without inline parsing, and without the paragraph transformers (link
// reference definitions, tables), whose lines stay paragraphs.
var blockParser = parser.NewParser(parser.WithBlockParsers(parser.DefaultBlockParsers()...))

// boundContainers escapes the container marker that would take a line past
// maxUnits of nesting.
func boundContainers(src []byte) []byte {
	var escapes []int
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if p := containerEscape(src[start:end]); p >= 0 {
			escapes = append(escapes, start+p)
		}
		start = end + 1
	}
	return insertBackslashes(src, escapes)
}

// containerEscape returns the offset in line where a backslash ends its
// container prefix, or -1 when the prefix is within maxUnits.
func containerEscape(line []byte) int {
	units, col := 0, 0
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == ' ':
			units, col, i = units+1, col+1, i+1
		case c == '\t':
			w := 4 - col%4
			units, col, i = units+w, col+w, i+1
		case c == '>':
			if units+markerUnits > maxUnits {
				return i
			}
			units, col, i = units+markerUnits, col+1, i+1
		case c == '-' || c == '+' || c == '*':
			if !markerEnd(line, i+1) {
				return -1
			}
			if units+markerUnits > maxUnits {
				if thematicBreak(line[i:]) {
					return -1 // goldmark takes the break at once
				}
				return i
			}
			units, col, i = units+markerUnits, col+1, i+1
		case '0' <= c && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			if j == len(line) || (line[j] != '.' && line[j] != ')') || !markerEnd(line, j+1) {
				return -1
			}
			if units+markerUnits > maxUnits {
				return j // "1\." is not a list marker
			}
			units, col, i = units+markerUnits, col+j+1-i, j+1
		default:
			return -1
		}
	}
	return -1
}

// markerEnd reports whether a list marker ending before line[i] is one: it
// is followed by a blank or ends the line.
func markerEnd(line []byte, i int) bool {
	return i == len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r'
}

// thematicBreak reports whether s is a thematic break: three or more of
// one of '-', '*', '_' and nothing else but blanks.
func thematicBreak(s []byte) bool {
	c, n := s[0], 0
	for _, b := range s {
		switch b {
		case c:
			n++
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return n >= 3
}

// inlineEscapes returns where backslashes go in the inline text of one
// paragraph or heading (its lines in src).
func inlineEscapes(src []byte, lines *text.Segments) []int {
	b := &block{src: src, lines: lines.Len()}
	for i := range lines.Len() {
		s := lines.At(i)
		b.segs = append(b.segs, segment{s.Start, s.Stop, len(b.text)})
		b.text = append(b.text, src[s.Start:s.Stop]...)
	}
	over, brackets := b.estimate()
	if !over {
		for i, p := range brackets {
			brackets[i] = b.srcPos(p)
		}
		return brackets
	}
	var escapes []int
	for _, s := range b.segs {
		for p := s.start; p < s.stop; p++ {
			switch {
			case src[p] == '\\' && p+1 < s.stop && util.IsPunct(src[p+1]):
				p++ // already escaped
			case util.IsPunct(src[p]):
				escapes = append(escapes, p)
			}
		}
	}
	return escapes
}

// segment is one line of a block: src[start:stop], at text[at:].
type segment struct{ start, stop, at int }

// block is the inline text of a paragraph or heading: its lines, joined.
type block struct {
	src   []byte
	text  []byte
	segs  []segment
	lines int
}

// srcPos returns the offset in src of text[i].
func (b *block) srcPos(i int) int {
	k := sort.Search(len(b.segs), func(k int) bool { return b.segs[k].at > i }) - 1
	return b.segs[k].start + i - b.segs[k].at
}

// before returns the rune before text[i] in src, as goldmark sees it.
func (b *block) before(i int) rune {
	p := b.srcPos(i)
	if p == 0 {
		return '\n'
	}
	r, _ := utf8.DecodeLastRune(b.src[:p])
	return r
}

// after returns the rune at text[j], or a blank past the end.
func (b *block) after(j int) rune {
	if j >= len(b.text) {
		return ' '
	}
	r, _ := utf8.DecodeRune(b.text[j:])
	return r
}

// estimate bounds from above the work goldmark does on the inline text of
// b, and reports whether it exceeds the budget. It also returns the
// offsets in text of the '[' beyond maxLabels within labelWindow bytes.
// Its own work is linear in the length of the text.
func (b *block) estimate() (over bool, brackets []int) {
	t := b.text
	budget := costPerByte*len(t) + costBase
	cost, spans := codeSpans(t)
	if cost > budget {
		return true, nil
	}
	var delims []delimiter // as goldmark's emphasis and strikethrough parsers push them
	closers := 0
	var open []int   // '[' not yet closed, as goldmark pairs them
	var window []int // '[' within the last labelWindow bytes
	escaped := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		if escaped {
			escaped = false
			continue
		}
		switch c {
		case '\\':
			escaped = true
		case '*', '_', '~':
			j := i + 1
			for j < len(t) && t[j] == c {
				j++
			}
			for len(spans) > 0 && spans[0][1] <= i {
				spans = spans[1:]
			}
			inCode := len(spans) > 0 && spans[0][0] <= i
			if !inCode && (c != '~' || j-i <= 2) {
				d := newDelimiter(c, j-i, b.before(i), b.after(j))
				if d.canClose {
					closers += j - i
				}
				delims = append(delims, d)
			}
			i = j - 1
		case '[':
			for len(window) > 0 && window[0] <= i-labelWindow {
				window = window[1:]
			}
			if len(window) >= maxLabels {
				brackets = append(brackets, i)
				continue
			}
			window = append(window, i)
			open = append(open, i)
		case ']':
			var c int
			c, open = b.labelCost(i, open)
			cost += c
		}
		if cost > budget {
			return true, nil
		}
	}
	// Each closer walks back over the delimiters, at most once for each of
	// its characters. The bound is loose, and only stops what the
	// simulation below could miss (text goldmark reads as HTML, say).
	if closers > 0 && len(delims) > (backstopPerByte*len(t)+costBase)/closers {
		return true, nil
	}
	if !processDelimiters(delims, budget-cost) {
		return true, nil
	}
	return false, brackets
}

// labelCost is what goldmark spends on the "]" at i: looking its label up,
// walking the lines; walking and copying the label's text, when a "[" in
// open (the ones not yet closed) pairs with it, which it then closes; and
// scanning a link destination or a second label after it.
func (b *block) labelCost(i int, open []int) (int, []int) {
	t := b.text
	cost := b.lines
	if n := len(open); n > 0 {
		cost += i - open[n-1]
		open = open[:n-1]
	}
	if i+1 < len(t) {
		switch t[i+1] {
		case '(', ':':
			cost += destinationScan(t, i+2)
		case '[':
			cost += scanTo(t, i+2, ']')
		}
	}
	return cost, open
}

// codeSpans returns the work goldmark does looking for the end of each
// run of backticks (up to the next run as long, or the end of the text)
// and the code spans, [start, end) in t, that the runs make.
func codeSpans(t []byte) (cost int, spans [][2]int) {
	var runs [][2]int // offset, length
	escaped := false
	for i := 0; i < len(t); i++ {
		switch {
		case escaped:
			escaped = false
		case t[i] == '\\':
			escaped = true
		case t[i] == '`':
			j := i + 1
			for j < len(t) && t[j] == '`' {
				j++
			}
			runs = append(runs, [2]int{i, j - i})
			i = j - 1
		}
	}
	next := make([]int, len(runs)) // the next run as long, or -1
	last := map[int]int{}
	for k := len(runs) - 1; k >= 0; k-- {
		at, n := runs[k][0], runs[k][1]
		next[k] = -1
		if j, ok := last[n]; ok {
			next[k] = j
			cost += runs[j][0] - at
		} else {
			cost += len(t) - at
		}
		last[n] = k
	}
	for k := 0; k < len(runs); {
		j := next[k]
		if j < 0 {
			k++
			continue
		}
		spans = append(spans, [2]int{runs[k][0], runs[j][0] + runs[j][1]})
		k = j + 1
	}
	return cost, spans
}

// delimiter is an emphasis or strikethrough delimiter run, as goldmark's
// parser.Delimiter.
type delimiter struct {
	char              byte
	length, original  int
	canOpen, canClose bool
	prev, next        int // neighbours in the list, -1 at its ends
}

func newDelimiter(c byte, n int, before, after rune) delimiter {
	// goldmark's ScanDelimiter.
	beforePunct, beforeSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	afterPunct, afterSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	left := !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	right := !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	d := delimiter{char: c, length: n, original: n, canOpen: left, canClose: right}
	if c == '_' {
		d.canOpen = left && (!right || beforePunct)
		d.canClose = right && (!left || afterPunct)
	}
	return d
}

// consumption is goldmark's Delimiter.CalcComsumption: how many characters
// a closer takes from an opener (0: the rule of 3 forbids the match).
func consumption(opener, closer *delimiter) int {
	if (opener.canClose || closer.canOpen) && (opener.original+closer.original)%3 == 0 && closer.original%3 != 0 {
		return 0
	}
	if opener.length >= 2 && closer.length >= 2 {
		return 2
	}
	return 1
}

// processDelimiters runs goldmark's ProcessDelimiters on ds, counting the
// delimiters it walks over, and reports whether that stays within budget.
// Its own work is bounded by the budget.
func processDelimiters(ds []delimiter, budget int) bool {
	for k := range ds {
		ds[k].prev, ds[k].next = k-1, k+1
	}
	if len(ds) > 0 {
		ds[len(ds)-1].next = -1
	}
	remove := func(k int) {
		if p := ds[k].prev; p >= 0 {
			ds[p].next = ds[k].next
		}
		if n := ds[k].next; n >= 0 {
			ds[n].prev = ds[k].prev
		}
	}
	steps := 0
	closer := 0
	if len(ds) == 0 {
		closer = -1
	}
	for closer >= 0 {
		if steps++; steps > budget {
			return false
		}
		c := &ds[closer]
		if !c.canClose {
			closer = c.next
			continue
		}
		found, maybeOpener, consume := false, false, 0
		opener := c.prev
		for ; opener >= 0; opener = ds[opener].prev {
			if steps++; steps > budget {
				return false
			}
			o := &ds[opener]
			if o.canOpen && o.char == c.char {
				maybeOpener = true
				if consume = consumption(o, c); consume > 0 {
					found = true
					break
				}
			}
		}
		if !found {
			next := c.next
			if !maybeOpener && !c.canOpen {
				remove(closer)
			}
			closer = next
			continue
		}
		o := &ds[opener]
		o.length -= consume
		c.length -= consume
		for k := o.next; k != closer; {
			steps++
			next := ds[k].next
			remove(k)
			k = next
		}
		if o.length == 0 {
			remove(opener)
		}
		if c.length == 0 {
			next := c.next
			remove(closer)
			closer = next
		}
	}
	return true
}

// destinationScan returns how far goldmark may read for the destination
// and title of a link or link reference definition whose destination
// starts at t[i]: blanks, a destination up to a blank (or up to '>' when it
// starts with '<'), blanks, then a title up to its closing quote or
// parenthesis, over lines.
func destinationScan(t []byte, i int) int {
	j := skipBlanks(t, i)
	if j < len(t) && t[j] == '<' {
		for j < len(t) && t[j] != '>' && t[j] != '\n' {
			j++
		}
	} else {
		for j < len(t) && !isBlank(t[j]) {
			j++
		}
	}
	j = skipBlanks(t, j)
	if j < len(t) {
		switch t[j] {
		case '"', '\'':
			j += scanTo(t, j+1, t[j]) + 1
		case '(':
			j += scanTo(t, j+1, ')') + 1
		}
	}
	return min(j, len(t)) - i
}

// scanTo returns the distance from t[i] to the next c, or to the end.
func scanTo(t []byte, i int, c byte) int {
	if i >= len(t) {
		return 0
	}
	if k := bytes.IndexByte(t[i:], c); k >= 0 {
		return k
	}
	return len(t) - i
}

func skipBlanks(t []byte, i int) int {
	for i < len(t) && isBlank(t[i]) {
		i++
	}
	return i
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// insertBackslashes returns src with a backslash before each offset in at;
// src itself when at is empty.
func insertBackslashes(src []byte, at []int) []byte {
	if len(at) == 0 {
		return src
	}
	slices.Sort(at)
	at = slices.Compact(at)
	out := make([]byte, 0, len(src)+len(at))
	last := 0
	for _, p := range at {
		out = append(out, src[last:p]...)
		out = append(out, '\\')
		last = p
	}
	return append(out, src[last:]...)
}
