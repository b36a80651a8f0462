package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/safetext"
)

// snippetRunes is the most characters a snippet shows of its line.
const snippetRunes = 120

// snippetLead is how many characters before the first match a long line's
// snippet starts.
const snippetLead = 30

// Snippet is the line of a hit that matches best: a body line, a
// description, or "field: value"; cleaned with [safetext.Line], so that
// it is safe on a terminal, and cut to a window around its first match.
type Snippet struct {
	Text string
	// Marks are the matched words, as [start, end) offsets in characters
	// (Unicode code points) of Text, in order and not overlapping.
	Marks []Mark
}

// Mark is a matched passage of a snippet: characters [Start, End).
type Mark struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Marked returns the snippet's text with before and after around each
// mark.
func (s Snippet) Marked(before, after string) string {
	if len(s.Marks) == 0 {
		return s.Text
	}
	r := []rune(s.Text)
	var b strings.Builder
	at := 0
	for _, m := range s.Marks {
		b.WriteString(string(r[at:m.Start]))
		b.WriteString(before)
		b.WriteString(string(r[m.Start:m.End]))
		b.WriteString(after)
		at = m.End
	}
	b.WriteString(string(r[at:]))
	return b.String()
}

// Snippet returns the hit's best line: the one, title aside, with the most
// different terms matched, then the most matches, then the first. When
// only the title matches, it is the first line of the body that is not a
// heading, unmarked.
func (h *Hit) Snippet() Snippet {
	type score struct{ terms, count int }
	best, bestScore := -1, score{}
	counts := map[int32]*score{}
	seen := map[[2]int32]bool{}
	for _, sp := range h.spans {
		if h.Doc.segs[sp.seg].field == fTitle {
			continue
		}
		c := counts[sp.seg]
		if c == nil {
			c = &score{}
			counts[sp.seg] = c
		}
		c.count++
		if !seen[[2]int32{sp.seg, sp.term}] {
			seen[[2]int32{sp.seg, sp.term}] = true
			c.terms++
		}
	}
	for seg, c := range counts {
		better := c.terms > bestScore.terms ||
			(c.terms == bestScore.terms && c.count > bestScore.count) ||
			(c.terms == bestScore.terms && c.count == bestScore.count && int(seg) < best)
		if best < 0 || better {
			best, bestScore = int(seg), *c
		}
	}
	if best < 0 {
		for _, seg := range h.Doc.segs {
			if seg.field == fBody && !strings.HasPrefix(strings.TrimSpace(seg.text), "#") {
				return makeSnippet(seg, nil)
			}
		}
		return Snippet{}
	}
	var marks [][2]int
	for _, sp := range h.spans {
		if int(sp.seg) == best {
			marks = append(marks, [2]int{int(sp.s), int(sp.e)})
		}
	}
	return makeSnippet(h.Doc.segs[best], marks)
}

// makeSnippet cleans a segment's text into a snippet; marks are byte
// ranges of the text.
func makeSnippet(seg segment, marks [][2]int) Snippet {
	text := seg.text
	for i := range marks {
		marks[i][0], marks[i][1] = min(marks[i][0], len(text)), min(marks[i][1], len(text))
	}
	if seg.field == fBody {
		p := markdownPrefix(text)
		text = text[p:]
		for i := range marks {
			marks[i][0] = max(marks[i][0]-p, 0)
			marks[i][1] = max(marks[i][1]-p, 0)
		}
	}
	if seg.label != "" {
		p := len(seg.label) + 2
		text = seg.label + ": " + text
		for i := range marks {
			marks[i][0] += p
			marks[i][1] += p
		}
	}
	// Byte ranges to character ranges, merged.
	slices.SortFunc(marks, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	var ms []Mark
	for _, m := range marks {
		if m[1] <= m[0] {
			continue
		}
		start, end := utf8.RuneCountInString(text[:m[0]]), utf8.RuneCountInString(text[:m[1]])
		if n := len(ms); n > 0 && start <= ms[n-1].End {
			ms[n-1].End = max(ms[n-1].End, end)
			continue
		}
		ms = append(ms, Mark{start, end})
	}
	// safetext.Line maps one character to one, so the offsets hold.
	r := []rune(safetext.Line(text))
	lo, hi := 0, len(r)
	for lo < hi && r[lo] == ' ' {
		lo++
	}
	for hi > lo && r[hi-1] == ' ' {
		hi--
	}
	prefix, suffix := "", ""
	if hi-lo > snippetRunes {
		if len(ms) > 0 && ms[0].Start-snippetLead > lo {
			lo = ms[0].Start - snippetLead
			// Start at a word when one begins near.
			for k := lo; k < lo+10 && k < ms[0].Start; k++ {
				if r[k] == ' ' {
					lo = k + 1
					break
				}
			}
			prefix = "…"
		}
		if hi-lo > snippetRunes {
			hi = lo + snippetRunes
			suffix = "…"
		}
	}
	shift := lo - utf8.RuneCountInString(prefix)
	out := Snippet{Text: prefix + string(r[lo:hi]) + suffix}
	for _, m := range ms {
		s, e := max(m.Start, lo), min(m.End, hi)
		if s < e {
			out.Marks = append(out.Marks, Mark{s - shift, e - shift})
		}
	}
	return out
}

// markdownPrefix returns how many bytes of a Markdown line are block
// markup: indentation, a heading's #s, a quote's >, a list's bullet or
// number, a task's checkbox.
func markdownPrefix(line string) int {
	i := 0
	for {
		start := i
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		rest := line[i:]
		switch {
		case strings.HasPrefix(rest, "#"):
			n := len(rest) - len(strings.TrimLeft(rest, "#"))
			if n <= 6 && (n == len(rest) || rest[n] == ' ') {
				i += n
			}
		case strings.HasPrefix(rest, ">"):
			i++
		case len(rest) > 1 && strings.ContainsRune("-*+", rune(rest[0])) && rest[1] == ' ':
			i++
		case strings.HasPrefix(rest, "[ ] "), strings.HasPrefix(rest, "[x] "), strings.HasPrefix(rest, "[X] "):
			i += 3
		default:
			if n := len(rest) - len(strings.TrimLeft(rest, "0123456789")); n > 0 && n < 10 && len(rest) > n+1 &&
				(rest[n] == '.' || rest[n] == ')') && rest[n+1] == ' ' {
				i += n + 1
			}
		}
		if i == start {
			return i
		}
	}
}
