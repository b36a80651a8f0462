// Package safetext makes text that comes from files, file names or Git
// safe to print: nothing in it can move the cursor, clear the screen, set a
// window title, or reorder what the reader sees. It is the one sanitizer
// every output (tables, diagnostics, show, diff, annotations) goes through.
package safetext

import (
	"strings"
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
// spaces, every other unsafe character becomes U+FFFD, so that a reader
// sees that something was there.
func Line(s string) string {
	if !strings.ContainsFunc(s, Unsafe) {
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
// character becomes U+FFFD.
func Text(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && Unsafe(r) }) {
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
