// Package safetext makes text that comes from files, file names or Git
// safe to print: nothing in it can move the cursor, clear the screen, set a
// window title, or reorder what the reader sees. It is the one sanitizer
// every output (tables, diagnostics, show, diff, annotations) goes through.
package safetext

import (
	"strings"
	"unicode/utf8"
)

// Unsafe reports whether r must not reach a terminal or a log as it is:
// C0 and C1 control characters, DEL, the bidirectional overrides and
// isolates (U+202A–U+202E, U+2066–U+2069, "Trojan Source"), the Arabic
// letter mark, and the line and paragraph separators.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x061c:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// Line makes s safe for one line of output: line breaks and tabs become
// spaces, every other unsafe character, and every byte that is not UTF-8
// (a lone 0x9b is an 8-bit CSI to some terminals), becomes U+FFFD, so
// that a reader sees that something was there.
func Line(s string) string {
	if !strings.ContainsFunc(s, Unsafe) && utf8.ValidString(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == 0x2028 || r == 0x2029:
			return ' '
		case Unsafe(r):
			return '\uFFFD'
		}
		return r
	}, s)
}

// Text makes s safe for several lines of output: newlines and tabs stay,
// a carriage return before a newline is dropped, every other unsafe
// character, and every byte that is not UTF-8, becomes U+FFFD.
func Text(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && Unsafe(r) }) && utf8.ValidString(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == 0x2028 || r == 0x2029:
			return '\n'
		case Unsafe(r):
			return '\uFFFD'
		}
		return r
	}, s)
}

// JSON makes JSON text safe for a terminal without changing what it says:
// every unsafe character that encoding/json leaves as it is (C1 controls,
// DEL, the bidirectional controls, U+061C) becomes a \uXXXX escape, which
// a JSON parser reads back as the same character, and a byte that is not
// UTF-8 becomes \ufffd (encoding/json writes none). Outside strings JSON
// is ASCII, so such characters can only be inside strings, where the
// escape is valid; line breaks and tabs between tokens stay.
func JSON(data []byte) []byte {
	var out []byte // nil until something changes
	for i := 0; i < len(data); {
		r, n := rune(data[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				r = 0xfffd
			} else if !Unsafe(r) {
				if out != nil {
					out = append(out, data[i:i+n]...)
				}
				i += n
				continue
			}
		} else if r != 0x7f {
			if out != nil {
				out = append(out, data[i])
			}
			i++
			continue
		}
		if out == nil {
			out = append(make([]byte, 0, len(data)+32), data[:i]...)
		}
		const hex = "0123456789abcdef"
		out = append(out, '\\', 'u', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		i += n
	}
	if out == nil {
		return data
	}
	return out
}
