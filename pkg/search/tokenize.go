package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/fold"
)

// token is a word of a text: its folded form, kept in the tokenizer's
// buffer, and where it sits in the original text.
type token struct {
	fs, fe int32 // folded bytes: buf[fs:fe]
	s, e   int32 // original bytes: text[s:e]
	seg    int32 // the segment it comes from
	brk    bool  // a hard break precedes it: a phrase cannot span it
}

// tokenizer splits texts into folded words: runs of letters and digits
// after [fold.Rune]; combining marks join the word they follow. It keeps
// one buffer for every text it is given, so a document costs no
// allocation once the buffers have grown.
type tokenizer struct {
	buf  []byte
	toks []token
}

func (t *tokenizer) reset() {
	t.buf = t.buf[:0]
	t.toks = t.toks[:0]
}

// add appends the words of text, from segment seg; brk says that a phrase
// may not run on from the previous segment into this one.
func (t *tokenizer) add(text string, seg int, brk bool) {
	in := false
	flush := func(end int) {
		if in {
			t.toks[len(t.toks)-1].fe = int32(len(t.buf))
			t.toks[len(t.toks)-1].e = int32(end)
			in = false
		}
	}
	begin := func(i int) {
		if !in {
			t.toks = append(t.toks, token{fs: int32(len(t.buf)), s: int32(i), seg: int32(seg), brk: brk})
			brk = false
			in = true
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				begin(i)
				t.buf = append(t.buf, c)
			case 'A' <= c && c <= 'Z':
				begin(i)
				t.buf = append(t.buf, c+'a'-'A')
			default:
				flush(i)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		f := fold.Rune(r)
		switch {
		case f == "" && in: // a combining mark: part of the word
		case f != "" && wordy(f):
			begin(i)
			t.buf = append(t.buf, f...)
		default:
			flush(i)
		}
		i += n
	}
	flush(len(text))
}

// wordy reports whether a folded rune is part of a word: a letter or a
// digit.
func wordy(f string) bool {
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// words returns the folded words of s, for the query.
func words(s string) []string {
	var t tokenizer
	t.add(s, 0, false)
	out := make([]string, len(t.toks))
	for i, tk := range t.toks {
		out[i] = string(t.buf[tk.fs:tk.fe])
	}
	return out
}
