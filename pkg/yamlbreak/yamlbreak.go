// Package yamlbreak knows YAML's line breaks: LF, CRLF, a lone CR, NEL
// (U+0085), LS (U+2028) and PS (U+2029), which yaml.v3 counts lines by.
// Git, grep and most editors end lines at LF only, so a file with the
// other breaks needs care wherever roadlog finds or reports a line.
package yamlbreak

import "bytes"

// Len returns the length of the YAML line break at src[i], or 0.
func Len(src []byte, i int) int {
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

// StartsLine reports whether src[i] starts a line: i is 0 or follows a
// line break. (0xC2 and 0xE2 lead UTF-8 sequences, so the bytes of NEL,
// LS and PS are never the tail of another character.)
func StartsLine(src []byte, i int) bool {
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

// HasOdd reports whether src has a line break other than LF and CRLF.
func HasOdd(src []byte) bool {
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
		if n := Len(src, i); n > 0 {
			return string(src[i : i+n])
		}
	}
	return "\n"
}
