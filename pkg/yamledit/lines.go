package yamledit

import (
	"bytes"
	"strings"
)

// YAML ends a line at LF, CRLF, a lone CR, NEL (U+0085), LS (U+2028) and
// PS (U+2029), and yaml.v3 counts node lines that way. Edits find bytes by
// those lines, and write new lines with the text's own line ending.

// breakLen returns the length of the YAML line break at src[i], or 0.
func breakLen(src []byte, i int) int {
	switch c := src[i]; {
	case c == '\n':
		return 1
	case c == '\r':
		if i+1 < len(src) && src[i+1] == '\n' {
			return 2
		}
		return 1
	case c == 0xC2 && i+1 < len(src) && src[i+1] == 0x85:
		return 2
	case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
		return 3
	}
	return 0
}

// afterBreak reports whether src[i] starts a line: i is 0 or follows a
// line break. (0xC2 and 0xE2 lead UTF-8 sequences, so the bytes of NEL,
// LS and PS are never the tail of another character.)
func afterBreak(src []byte, i int) bool {
	switch {
	case i == 0:
		return true
	case src[i-1] == '\n' || src[i-1] == '\r' && (i == len(src) || src[i] != '\n'):
		return true
	case src[i-1] == 0x85:
		return i >= 2 && src[i-2] == 0xC2
	case src[i-1] == 0xA8 || src[i-1] == 0xA9:
		return i >= 3 && src[i-2] == 0x80 && src[i-3] == 0xE2
	}
	return false
}

// hasOddBreak reports whether src has a line break other than LF and CRLF.
func hasOddBreak(src []byte) bool {
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if i+1 >= len(src) || src[i+1] != '\n' {
			return true
		}
		next := bytes.IndexByte(src[i+1:], '\r')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return bytes.Contains(src, []byte("\u0085")) || bytes.Contains(src, []byte("\u2028")) || bytes.Contains(src, []byte("\u2029"))
}

// LineEnding returns the line break a YAML text uses, for the lines an
// edit (or roadlog fmt) adds: CRLF when it has one, else LF when it has
// one, else the first other break (a lone CR, NEL, LS or PS), else LF.
func LineEnding(src []byte) string {
	switch {
	case bytes.Contains(src, []byte("\r\n")):
		return "\r\n"
	case bytes.IndexByte(src, '\n') >= 0:
		return "\n"
	}
	for i := range src {
		if n := breakLen(src, i); n > 0 {
			return string(src[i : i+n])
		}
	}
	return "\n"
}

// breakAfter returns the offset of the first line break at or after off
// and its length; len(src) and 0 when there is none.
func (d *Doc) breakAfter(off int) (int, int) {
	if !d.odd {
		i := bytes.IndexByte(d.src[off:], '\n')
		if i < 0 {
			return len(d.src), 0
		}
		if end := off + i; end > off && d.src[end-1] == '\r' {
			return end - 1, 2
		}
		return off + i, 1
	}
	for i := off; i < len(d.src); i++ {
		if n := breakLen(d.src, i); n > 0 {
			return i, n
		}
	}
	return len(d.src), 0
}

// lineStart and lineEnd return the offsets of the start of the line holding
// off and of its end (before the line break).
func (d *Doc) lineStart(off int) int {
	if !d.odd {
		return bytes.LastIndexByte(d.src[:off], '\n') + 1
	}
	for i := off; i > 0; i-- {
		if afterBreak(d.src, i) {
			return i
		}
	}
	return 0
}

func (d *Doc) lineEnd(off int) int {
	end, _ := d.breakAfter(off)
	return end
}

// nextLine returns the offset where the line after the one holding off
// starts, or len(src).
func (d *Doc) nextLine(off int) int {
	end, n := d.breakAfter(off)
	return end + n
}

// lineOffset returns the offset where the YAML line (1-based) starts, or
// len(src) when the text has fewer lines.
func (d *Doc) lineOffset(line int) int {
	off := 0
	for l := 1; l < line; l++ {
		end, n := d.breakAfter(off)
		if n == 0 {
			return len(d.src)
		}
		off = end + n
	}
	return off
}

// countBreaks counts the line breaks in b.
func countBreaks(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		if l := breakLen(b, i); l > 0 {
			n++
			i += l
			continue
		}
		i++
	}
	return n
}

// splice replaces src[start:end] with text, whose line breaks (LF, or
// d.eol already) become the text's own line ending.
func (d *Doc) splice(start, end int, text string) []byte {
	if d.eol != "\n" && strings.Contains(text, "\n") {
		text = strings.ReplaceAll(strings.ReplaceAll(text, d.eol, "\n"), "\n", d.eol)
	}
	return splice(d.src, start, end, text)
}
