// Package fold folds text for matching: lower case, accents and other
// combining marks dropped, compatibility forms spelled plainly (ﬁ → fi,
// full-width Ａ → a), and the Latin letters that carry no separable mark
// spelled out (ß → ss, æ → ae, ø → o), so that "Société", "SOCIETE" and
// "société" compare equal. Letters of other scripts stay themselves
// (lower-cased), so that Cyrillic, Greek or Han text can still be found.
//
// It decomposes with golang.org/x/text/unicode/norm (NFKD) and drops the
// marks, rather than keeping a transliteration table of every accented
// letter: the decomposition covers every accented letter Unicode has,
// and the table below is left with only the dozen letters it cannot
// split.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// special spells the letters that NFKD leaves whole.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	'þ': "th", 'Þ': "th", 'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŧ': "t", 'Ŧ': "t",
}

// latin caches the folds of U+0080–U+024F (Latin-1 and Latin Extended A
// and B), the non-ASCII letters most text holds.
var latin = func() []string {
	out := make([]string, 0x250-0x80)
	for r := rune(0x80); r < 0x250; r++ {
		out[r-0x80] = slow(r)
	}
	return out
}()

// Rune returns the folded form of r: for ASCII its lower case; "" for a
// combining mark; for other runes, lower case without marks, which may be
// several letters (ß → "ss") or a rune of another script.
func Rune(r rune) string {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return string(r)
	case r < 0x250:
		return latin[r-0x80]
	}
	return slow(r)
}

func slow(r rune) string {
	if s, ok := special[r]; ok {
		return s
	}
	if unicode.Is(unicode.Mn, r) {
		return ""
	}
	d := norm.NFKD.String(string(r))
	var b strings.Builder
	for _, c := range d {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if s, ok := special[c]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// String folds every rune of s.
func String(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteString(Rune(r))
	}
	return b.String()
}
