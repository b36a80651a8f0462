package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/fold"
)

// Slug makes a file-name-friendly form of a title: its letters and
// digits, lower-case, Latin ones in ASCII ([fold.Latin]: "Créer un compte
// société" → creer-un-compte-societe), letters of other scripts kept as
// they are; apostrophes dropped ("O'Brien's" → obriens), and runs of
// anything else as one dash; at most limit bytes, never a character cut.
func Slug(title string, limit int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(fold.Latin(title)) {
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
