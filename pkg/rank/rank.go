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

// Step is the length at which ranks at either end of the order are made:
// [Between] with no upper bound adds one to the lower bound's last of Step
// digits ("V" → "V1" → "V2" …), and with no lower bound takes one from the
// upper bound's ("V" → "Uz" → "Uy" …), so that about 1,900 appends or
// insertions at the top fit in Step characters and ranks then grow by one
// character per 61, instead of one per six as halving the gap would.
const Step = 2

// Between returns a short rank r with a < r < b in byte order. An empty a
// means no lower bound, an empty b no upper bound. Ranks it makes never end
// in "0", so that there is always room before them. At either end it steps
// (see [Step]) rather than halving the gap, so that ranks stay short when
// every new item goes to the bottom or the top.
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
	var r string
	switch {
	case a != "" && b == "":
		r = after(a)
	case a == "" && b != "":
		r = before(b)
	default:
		r = midpoint(a, b)
	}
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
	// Consecutive first digits: a longer b leaves room at its first digit,
	// unless only zeros follow it ("10": nothing fits between "1" and it);
	// else keep a's first digit and go deeper.
	if b != "" && strings.Trim(b[1:], "0") != "" {
		return b[:1]
	}
	rest := ""
	if len(a) > 1 {
		rest = a[1:]
	}
	return string(Digits[da]) + midpoint(rest, "")
}

// digits returns s as base-62 digits, padded with zeros to n.
func digits(s string, n int) []int {
	d := make([]int, max(n, len(s)))
	for i := range d {
		d[i] = digit(s, i)
	}
	return d[:n]
}

func text(d []int) string {
	b := make([]byte, len(d))
	for i, x := range d {
		b[i] = Digits[x]
	}
	return string(b)
}

// add adds delta (1 or -1) to the last digit of d, carrying; it reports
// false when the carry runs off the first digit.
func add(d []int, delta int) bool {
	for i := len(d) - 1; i >= 0; i-- {
		d[i] += delta
		switch {
		case d[i] >= len(Digits):
			d[i] -= len(Digits)
		case d[i] < 0:
			d[i] += len(Digits)
		default:
			return true
		}
	}
	return false
}

// after returns a short rank after a: a, at Step digits or more, plus one
// in its last digit; one digit longer when that overflows.
func after(a string) string {
	for n := max(len(a), Step); ; n++ {
		d := digits(a, n)
		ok := add(d, 1)
		if ok && d[n-1] == 0 {
			ok = add(d, 1)
		}
		if r := text(d); ok && r > a {
			return r
		}
	}
}

// before returns a short rank before b, or b itself when there is none (b
// is all zeros): b, at Step digits or more, minus one in its last digit;
// one digit longer when that runs out.
func before(b string) string {
	if strings.Trim(b, "0") == "" {
		return b
	}
	for n := max(len(b), Step); ; n++ {
		d := digits(b, n)
		ok := add(d, -1)
		if ok && d[n-1] == 0 {
			ok = add(d, -1)
		}
		if r := text(d); ok && r < b && strings.Trim(r, "0") != "" {
			return r
		}
	}
}
