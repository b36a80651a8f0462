// Package suggest finds the known name closest to a misspelled one, for
// "did you mean" hints.
package suggest

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Closest returns the option nearest to s by edit distance (ignoring case),
// or "" when none is near enough to be a plausible typo. Ties go to the
// earlier option, so the result is deterministic.
func Closest(s string, options []string) string {
	if s == "" {
		return ""
	}
	ls := strings.ToLower(s)
	limit := max(1, min(3, utf8.RuneCountInString(s)/3))
	best, bestDist := "", limit+1
	for _, o := range options {
		if o == s {
			continue
		}
		lo := strings.ToLower(o)
		if lo == ls {
			return o // differs only in case
		}
		if abs(len(lo)-len(ls)) >= bestDist {
			continue
		}
		if d := distance(ls, lo, bestDist); d < bestDist {
			best, bestDist = o, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b (in runes, with
// transpositions counting once), or a value >= limit when it is at least limit.
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Hint formats a "did you mean" hint for s among options, or "" when nothing
// is close.
func Hint(s string, options []string) string {
	if c := Closest(s, options); c != "" {
		return `did you mean "` + c + `"?`
	}
	return ""
}

// OneOf is the hint for a value that must be one of options: "did you mean
// …?" when one is close, else "use one of: a, b, c"; "" when there are no
// options.
func OneOf(s string, options []string) string {
	if h := Hint(s, options); h != "" {
		return h
	}
	if len(options) == 0 {
		return ""
	}
	return "use one of: " + strings.Join(options, ", ")
}

// Unknown says that s is not one of options, naming what it should have
// been and what to give instead: `unknown status "dnoe"; did you mean
// "done"?`, or `unknown grouping "month"; use one of: horizon, quarter,
// theme`.
func Unknown(what, s string, options []string) string {
	msg := "unknown " + what + " " + strconv.Quote(s)
	if h := OneOf(s, options); h != "" {
		msg += "; " + h
	}
	return msg
}

// IDHint is [Hint] for a record ID, which is a plausible typo only when
// its digits stay the same: "ACEM-5" for ACME-5, "A-1x" for A-1. An ID
// with other digits names another record (A-7, deleted, is not a typo of
// A-1), so suggesting one would point at the wrong record.
func IDHint(id string, ids []string) string {
	want := digits(id)
	var same []string
	for _, c := range ids {
		if digits(c) == want {
			same = append(same, c)
		}
	}
	return Hint(id, same)
}

// digits returns the digits of s, in order.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
