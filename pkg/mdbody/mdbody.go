// Package mdbody reads and edits the Markdown body of a record file, line
// by line, outside fenced code: its acceptance criteria (the one parser of
// them: the read model counts with it, check and uncheck tick with it), its
// sections, and the notes appended under "## Notes". It works on text and
// knows nothing of files; the change layer (pkg/change) writes what it
// returns.
package mdbody

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Criterion is one acceptance criterion: a task-list check box with text
// after it ("- [ ] Pay by card"), outside fenced code.
type Criterion struct {
	Text    string // what follows the box, trimmed
	Checked bool
	Box     int // byte offset, in the body, of the mark inside the brackets (' ', 'x' or 'X')
	Line    int // 1-based line of the body
}

// taskBox matches the start of a task-list line: blanks, a bullet ("-",
// "*", "+") or a number and "." or ")", blanks, then "[ ]", "[x]" or "[X]"
// and a blank (blanks as Go's regexp \s: tab, LF, FF, CR, space). It
// returns the offset of the mark inside the brackets and of the text after
// the blank that follows them. A line without "[" is told apart at once: the
// read model counts the criteria of every item's body, and most lines are
// not task lines.
func taskBox(l string) (box, rest int, ok bool) {
	if strings.IndexByte(l, '[') < 0 {
		return 0, 0, false
	}
	i := skipBlanks(l, 0)
	switch {
	case i < len(l) && (l[i] == '-' || l[i] == '*' || l[i] == '+'):
		i++
	case i < len(l) && l[i] >= '0' && l[i] <= '9':
		for i < len(l) && l[i] >= '0' && l[i] <= '9' {
			i++
		}
		if i == len(l) || l[i] != '.' && l[i] != ')' {
			return 0, 0, false
		}
		i++
	default:
		return 0, 0, false
	}
	j := skipBlanks(l, i)
	if j == i || j+3 >= len(l) || l[j] != '[' || l[j+2] != ']' || !isBlank(l[j+3]) {
		return 0, 0, false
	}
	if m := l[j+1]; m != ' ' && m != 'x' && m != 'X' {
		return 0, 0, false
	}
	return j + 1, j + 4, true
}

func skipBlanks(l string, i int) int {
	for i < len(l) && isBlank(l[i]) {
		i++
	}
	return i
}

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// line is one line of a body, its line ending included.
type line struct {
	text   string
	offset int  // byte offset in the body
	code   bool // inside a fenced code block, fences included
}

// lines splits a body into lines and marks those of fenced code.
func lines(body string) []line {
	var out []line
	fence := ""
	off := 0
	for l := range strings.Lines(body) {
		t := strings.TrimSpace(l)
		code := fence != ""
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			fence = t[:3]
			code = true
		}
		out = append(out, line{text: l, offset: off, code: code})
		off += len(l)
	}
	return out
}

// Criteria returns the acceptance criteria of a body in order. A check box
// with no text after it ("- [ ] ", a placeholder to fill in) is not a
// criterion: it counts for nothing and cannot be ticked.
func Criteria(body string) []Criterion {
	var out []Criterion
	for i, l := range lines(body) {
		if l.code {
			continue
		}
		box, rest, ok := taskBox(l.text)
		if !ok {
			continue
		}
		text := strings.TrimSpace(l.text[rest:])
		if text == "" {
			continue
		}
		out = append(out, Criterion{
			Text: text, Checked: l.text[box] != ' ', Box: l.offset + box, Line: i + 1,
		})
	}
	return out
}

// SetChecked returns the body with the criterion's box ticked ("x") or
// cleared (" "); c comes from [Criteria] of the same body.
func SetChecked(body string, c Criterion, checked bool) string {
	mark := " "
	if checked {
		mark = "x"
	}
	return body[:c.Box] + mark + body[c.Box+1:]
}

// EOL returns the line ending of a file: "\r\n" when its first line ends
// so, else "\n".
func EOL(raw []byte) string {
	if i := strings.IndexByte(string(raw), '\n'); i > 0 && raw[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// WithEOL returns text with every line ending (CRLF, LF or a lone CR)
// made eol, ending in one when it is not empty.
func WithEOL(text, eol string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if eol != "\n" {
		text = strings.ReplaceAll(text, "\n", eol)
	}
	return text
}

// section is where a "## Name" section is in a body: the heading's line,
// the line after its last line that is not blank, and the line where the
// next heading of its level or above starts (or len(lines)).
type section struct {
	heading, lastText, end int
}

var atxHeading = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*\r?\n?$`)

// headingLevel returns the level of an ATX heading line and its text, or 0.
func headingLevel(text string) (int, string) {
	m := atxHeading.FindStringSubmatch(text)
	if m == nil {
		return 0, ""
	}
	return len(m[1]), strings.TrimSpace(m[2])
}

// findSection finds the first level-2 section named name (case-insensitive)
// outside fenced code.
func findSection(ls []line, name string) (section, bool) {
	for i, l := range ls {
		if l.code {
			continue
		}
		if lvl, text := headingLevel(l.text); lvl != 2 || !strings.EqualFold(text, name) {
			continue
		}
		s := section{heading: i, lastText: i + 1, end: len(ls)}
		for j := i + 1; j < len(ls); j++ {
			if lvl, _ := headingLevel(ls[j].text); !ls[j].code && lvl > 0 && lvl <= 2 {
				s.end = j
				break
			}
			if strings.TrimSpace(ls[j].text) != "" {
				s.lastText = j + 1
			}
		}
		return s, true
	}
	return section{}, false
}

// isListItem reports whether a line starts a list item.
func isListItem(text string) bool {
	t := strings.TrimLeft(text, " ")
	return strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ")
}

// AppendToSection returns the body with block (lines ending in eol) added
// at the end of the level-2 section name: right after a list that ends
// it, else after a blank line. When the body has no such section, one is
// added at its end. drop, when not nil, removes lines of the section
// before the block goes in (placeholders the block replaces).
func AppendToSection(body, name, block, eol string, drop func(string) bool) string {
	ls := lines(body)
	s, ok := findSection(ls, name)
	if !ok {
		var b strings.Builder
		b.WriteString(body)
		if body != "" && !strings.HasSuffix(body, "\n") {
			b.WriteString(eol)
		}
		if strings.TrimSpace(body) != "" {
			b.WriteString(eol)
		}
		b.WriteString("## " + name + eol + eol + block)
		return b.String()
	}
	var kept []string
	for _, l := range ls[s.heading+1 : s.lastText] {
		if drop == nil || l.code || !drop(l.text) {
			kept = append(kept, l.text)
		}
	}
	for len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" {
		kept = kept[:len(kept)-1]
	}
	var b strings.Builder
	for _, l := range ls[:s.heading+1] {
		b.WriteString(l.text)
	}
	endLine(&b, ls[s.heading].text, eol)
	if len(kept) == 0 {
		b.WriteString(eol)
	} else {
		for _, l := range kept {
			b.WriteString(l)
		}
		last := kept[len(kept)-1]
		endLine(&b, last, eol)
		if !isListItem(last) && !strings.HasPrefix(last, "  ") {
			b.WriteString(eol)
		}
	}
	b.WriteString(block)
	if s.lastText < len(ls) && s.lastText == s.end {
		b.WriteString(eol) // a blank line before the next heading
	}
	for _, l := range ls[s.lastText:] {
		b.WriteString(l.text)
	}
	return b.String()
}

// endLine ends the line just written when it had no line ending (the last
// line of a body).
func endLine(b *strings.Builder, text, eol string) {
	if !strings.HasSuffix(text, "\n") {
		b.WriteString(eol)
	}
}

// IsPlaceholder reports whether a line is a check box with no text ("- [ ] ").
func IsPlaceholder(text string) bool {
	_, rest, ok := taskBox(text)
	return ok && strings.TrimSpace(text[rest:]) == ""
}

// ListBlock returns "- " + each item on its own line, continuation lines of
// an item indented under it, every line ending in eol.
func ListBlock(items []string, prefix, eol string) string {
	var b strings.Builder
	for _, it := range items {
		for i, l := range strings.Split(strings.ReplaceAll(strings.TrimSpace(it), "\r\n", "\n"), "\n") {
			l = strings.TrimRight(l, " \t\r")
			switch {
			case i == 0:
				b.WriteString("- " + prefix + l)
			case l == "":
			default:
				b.WriteString("  " + l)
			}
			b.WriteString(eol)
		}
	}
	return b.String()
}

// Select returns the index in crits of the criterion that sel names: its
// number, 1-based as `roadlog show` numbers them, or its text — the one
// whose text is sel exactly, else the only one that contains it, ignoring
// case. No match, or several, is an error that says what to give.
func Select(crits []Criterion, sel string) (int, error) {
	sel = strings.TrimSpace(sel)
	if sel == "" {
		return 0, errors.New("give the number of a criterion or a part of its text")
	}
	if len(crits) == 0 {
		return 0, errors.New("it has no acceptance criteria (check boxes with text: - [ ] …)")
	}
	if n, err := strconv.Atoi(sel); err == nil || isDigits(sel) {
		if err != nil || n < 1 || n > len(crits) {
			return 0, fmt.Errorf("there is no criterion %s: give 1 to %d, or a part of its text", sel, len(crits))
		}
		return n - 1, nil
	}
	for i, c := range crits {
		if c.Text == sel {
			return i, nil
		}
	}
	low := strings.ToLower(sel)
	var found []int
	for i, c := range crits {
		if strings.Contains(strings.ToLower(c.Text), low) {
			found = append(found, i)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return 0, fmt.Errorf("no criterion has the text %q; give its number (1 to %d) or a part of its text", sel, len(crits))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d criteria have the text %q; give the number of one:", len(found), sel)
	for _, i := range found {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, crits[i].Text)
	}
	return 0, errors.New(b.String())
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
