package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// latinLetters are the Latin letters that are no base letter with an
// accent, and so keep no letter when accents are dropped: each becomes
// the ASCII letters it is written with.
var latinLetters = map[rune]string{
	'ß': "ss", 'ẞ': "SS", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D",
	'þ': "th", 'Þ': "TH", 'ı': "i", 'ħ': "h", 'Ħ': "H", 'ŧ': "t", 'Ŧ': "T",
	'ŀ': "l", 'Ŀ': "L", 'ĸ': "k", 'ŋ': "ng", 'Ŋ': "NG", 'ſ': "s",
}

// Fold writes the Latin letters of s in ASCII: accents dropped (é → e,
// Ü → U) and letters such as ß, æ, ø and ł spelt out (ss, ae, o, l).
// Letters of other scripts, and their marks, are kept as they are.
func Fold(s string) string {
	var b strings.Builder
	latin := false // the last base letter was Latin: its marks go
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			if !latin {
				b.WriteRune(r)
			}
			continue
		case latinLetters[r] != "":
			b.WriteString(latinLetters[r])
		default:
			b.WriteRune(r)
		}
		latin = unicode.Is(unicode.Latin, r)
	}
	return norm.NFC.String(b.String())
}

// Slug makes a file-name-friendly form of a title: its letters and
// digits, lower-case, Latin ones in ASCII ([Fold]: "Créer un compte
// société" → creer-un-compte-societe), letters of other scripts kept as
// they are; apostrophes dropped ("O'Brien's" → obriens), and runs of
// anything else as one dash; at most limit bytes, never a character cut.
func Slug(title string, limit int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(Fold(title)) {
		switch {
		case r == '\'' || r == '’' || r == 'ʼ':
			continue // within a word: O'Brien
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r) && b.Len() > 0 && !dash:
		default:
			dash = true
			continue
		}
		n := utf8.RuneLen(r)
		if dash && b.Len() > 0 {
			n++
		}
		if b.Len()+n > limit {
			break
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
		dash = false
	}
	return b.String()
}
