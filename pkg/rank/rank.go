// Package rank makes fractional-index ranks: strings that sort between two
// others, so that moving one backlog item rewrites one file only.
package rank

import (
	"errors"
	"fmt"
	"strings"
)

// Digits are the characters of a rank, in byte order.
const Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// ErrNoRoom is returned when nothing sorts between two ranks ("a" and "a0").
var ErrNoRoom = errors.New("no rank fits between them")

// Between returns a short rank r with a < r < b in byte order. An empty a
// means no lower bound, an empty b no upper bound. Ranks it makes never end
// in "0", so that there is always room before them.
func Between(a, b string) (string, error) {
	if err := check(a); err != nil {
		return "", err
	}
	if err := check(b); err != nil {
		return "", err
	}
	if b != "" && a >= b {
		return "", fmt.Errorf("rank %q is not before %q", a, b)
	}
	r := midpoint(a, b)
	if r <= a || (b != "" && r >= b) {
		return "", fmt.Errorf("between %q and %q: %w", a, b, ErrNoRoom)
	}
	return r, nil
}

func check(s string) error {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(Digits, s[i]) < 0 {
			return fmt.Errorf("rank %q: %q is not a letter or digit", s, s[i])
		}
	}
	return nil
}

func digit(s string, i int) int {
	if i < len(s) {
		return strings.IndexByte(Digits, s[i])
	}
	return 0
}

// midpoint treats a and b as base-62 fractions 0.a and 0.b (b empty: 1) and
// returns a short fraction between them.
func midpoint(a, b string) string {
	if b != "" {
		// Skip the common prefix, reading a missing digit of a as 0.
		n := 0
		for n < len(b) && digit(a, n) == digit(b, n) {
			n++
		}
		if n > 0 {
			rest := ""
			if n < len(a) {
				rest = a[n:]
			}
			if n == len(b) {
				return b // no room; Between reports it
			}
			return b[:n] + midpoint(rest, b[n:])
		}
	}
	da := digit(a, 0)
	db := len(Digits)
	if b != "" {
		db = digit(b, 0)
	}
	if db-da > 1 {
		return string(Digits[(da+db+1)/2])
	}
	// Consecutive first digits: a longer b leaves room at its first digit;
	// else keep a's first digit and go deeper.
	if b != "" && len(b) > 1 {
		return b[:1]
	}
	rest := ""
	if len(a) > 1 {
		rest = a[1:]
	}
	return string(Digits[da]) + midpoint(rest, "")
}
