package search

import (
	"errors"
	"fmt"
	"strings"
)

// Query is a parsed search: every positive term must match a record, no
// negative one may.
type Query struct {
	Terms []Term
}

// Term is a word, a "quoted phrase" or a prefix (check*), folded into
// words; a phrase matches its words next to each other, in order.
type Term struct {
	Words  []string
	Prefix bool // the last word matches any word it begins
	Not    bool // -word: records that match it are left out
}

// ErrEmpty is the error of a query with no word to find.
var ErrEmpty = errors.New("the query has no word to search for")

// ErrOnlyExcluded is the error of a query whose every term is -excluded.
var ErrOnlyExcluded = errors.New("the query only excludes words (-word); give a word to search for")

// Parse reads a query: words separated by blanks, all of which must match;
// "quoted phrases" whose words must be adjacent; word* for any word that
// begins so; -word (or -"phrase") to leave out records that match. Case
// and accents do not matter. A word that folds into several (e-mail,
// in-progress) is a phrase. An unclosed quote runs to the end.
func Parse(s string) (Query, error) {
	var q Query
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimLeft(s, " \t\r\n") {
		not := false
		if len(s) > 1 && s[0] == '-' {
			not = true
			s = s[1:]
		}
		var raw string
		quoted := s[0] == '"'
		if quoted {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				raw, s = s[1:], ""
			} else {
				raw, s = s[1:end+1], s[end+2:]
			}
		} else {
			end := strings.IndexAny(s, " \t\r\n")
			if end < 0 {
				end = len(s)
			}
			raw, s = s[:end], s[end:]
		}
		t := Term{Not: not}
		if trimmed, ok := strings.CutSuffix(raw, "*"); ok && !quoted {
			t.Prefix = true
			raw = trimmed
		}
		t.Words = words(raw)
		if len(t.Words) == 0 {
			continue
		}
		q.Terms = append(q.Terms, t)
	}
	if len(q.Terms) == 0 {
		return q, ErrEmpty
	}
	if len(q.Terms) > maxTerms {
		return q, fmt.Errorf("the query has %d terms; at most %d are allowed", len(q.Terms), maxTerms)
	}
	for _, t := range q.Terms {
		if !t.Not {
			return q, nil
		}
	}
	return q, ErrOnlyExcluded
}
