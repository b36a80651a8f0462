package rank

import (
	"errors"
	"strings"
	"testing"
)

// FuzzBetween checks Between on any two strings: it refuses only what it
// must (a character that is not a digit, bounds out of order, or no rank
// between them), and what it returns sorts strictly between the bounds, is
// made of Digits, does not end in "0", and leaves room on both sides.
func FuzzBetween(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""},
		{"a", ""},
		{"", "a"},
		{"a", "b"},
		{"a", "a0"},
		{"a0", "a1"},
		{"zz", ""},
		{"", "0001"},
		{"Z", "a"},
		{"a", "a"},
		{"b", "a"},
		{"a-", "b"},
		{"a", "a01"},
		{"az", "b"},
		{"zzzz", ""},
		{"", "1"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		r, err := Between(a, b)
		if err != nil {
			switch {
			case !isRank(a) || !isRank(b):
			case b != "" && a >= b:
			case errors.Is(err, ErrNoRoom):
				// Nothing sorts between a and a followed by zeros only.
				if !strings.HasPrefix(b, a) || strings.Trim(b[len(a):], "0") != "" {
					t.Fatalf("Between(%q, %q): %v, but there is room", a, b, err)
				}
			default:
				t.Fatalf("Between(%q, %q): %v", a, b, err)
			}
			return
		}
		if !isRank(r) || r == "" {
			t.Fatalf("Between(%q, %q) = %q: not a rank", a, b, r)
		}
		if r <= a || (b != "" && r >= b) {
			t.Fatalf("Between(%q, %q) = %q: not between", a, b, r)
		}
		if strings.HasSuffix(r, "0") {
			t.Fatalf("Between(%q, %q) = %q: ends in 0", a, b, r)
		}
		if _, err := Between(a, r); err != nil {
			t.Fatalf("no room left before %q (after %q): %v", r, a, err)
		}
		if _, err := Between(r, b); err != nil {
			t.Fatalf("no room left after %q (before %q): %v", r, b, err)
		}
	})
}

func isRank(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.Contains(Digits, s[i:i+1]) {
			return false
		}
	}
	return true
}
