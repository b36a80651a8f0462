package workspace

import (
	"sort"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/yamlbreak"
)

// YAML ends a line at LF, CRLF, a lone CR, NEL (U+0085), LS (U+2028) and
// PS (U+2029), and yaml.v3 counts lines and columns that way. Git, grep,
// GitHub annotations and most editors end lines at LF only. Positions are
// reported in LF lines, so that none points past the end of a file whose
// lines end in lone CRs; a lineMap converts.

// oddBreak is a YAML line break that does not end an LF line.
type oddBreak struct {
	line int // the YAML line that starts after it, 1-based
	col  int // the runes before that line's start on its LF line
}

// lineMap converts YAML lines and columns of a text to LF lines and
// columns. It is nil, and converts nothing, when the text has no odd
// breaks: the common case.
type lineMap []oddBreak

// newLineMap maps the lines of src, a YAML text.
func newLineMap(src []byte) lineMap {
	if !yamlbreak.HasOdd(src) {
		return nil
	}
	var m lineMap
	line, col := 1, 0 // YAML line; runes since the last LF
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line, col = line+1, 0
			i++
		case c == '\r' && i+1 < len(src) && src[i+1] == '\n':
			line, col = line+1, 0
			i += 2
		case c == '\r':
			line, col = line+1, col+1
			m = append(m, oddBreak{line: line, col: col})
			i++
		case c < utf8.RuneSelf:
			col++
			i++
		default:
			r, size := utf8.DecodeRune(src[i:])
			col++
			i += size
			if r == 0x85 || r == 0x2028 || r == 0x2029 {
				line++
				m = append(m, oddBreak{line: line, col: col})
			}
		}
	}
	return m
}

// pos converts a YAML line and column (1-based, in runes) to an LF line
// and column.
func (m lineMap) pos(line, col int) (int, int) {
	if len(m) == 0 {
		return line, col
	}
	// k odd breaks start lines at or before line: line is k LF lines fewer.
	k := sort.Search(len(m), func(i int) bool { return m[i].line > line })
	if k > 0 && m[k-1].line == line {
		col += m[k-1].col
	}
	return line - k, col
}
