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

// special spells, in ASCII and in their case, the Latin letters that are
// no base letter with an accent, and so keep no letter when marks are
// dropped.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "SS", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D",
	'þ': "th", 'Þ': "TH", 'ı': "i", 'ħ': "h", 'Ħ': "H", 'ŧ': "t", 'Ŧ': "T",
	'ŀ': "l", 'Ŀ': "L", 'ĸ': "k", 'ŋ': "ng", 'Ŋ': "NG", 'ſ': "s",
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
		return strings.ToLower(s)
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
			b.WriteString(strings.ToLower(s))
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

// Latin writes the Latin letters of s in ASCII, in their case: accents
// dropped (é → e, Ü → U) and letters such as ß, æ, ø and ł spelt out (ss,
// ae, o, l). Unlike [String] it keeps case, and letters of other scripts
// keep their marks: it makes names (slugs), not search keys.
func Latin(s string) string {
	var b strings.Builder
	latin := false // the last base letter was Latin: its marks go
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			if !latin {
				b.WriteRune(r)
			}
			continue
		case special[r] != "":
			b.WriteString(special[r])
		default:
			b.WriteRune(r)
		}
		latin = unicode.Is(unicode.Latin, r)
	}
	return norm.NFC.String(b.String())
}
