package rank

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBetween(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{"", "", "V"},
		{"", "V", "G"},
		{"V", "", "l"},
		{"a0", "a1", "a0V"},
		{"a", "b", "aV"},
		{"a1", "a2", "a1V"},
		{"", "a0", "I"},
		{"z", "", "zV"},
		{"", "0V", "0G"},
		{"aZ", "b", "an"},
		{"a", "aV", "aG"},
	} {
		got, err := Between(tt.a, tt.b)
		if err != nil || got != tt.want {
			t.Errorf("Between(%q, %q) = %q, %v; want %q", tt.a, tt.b, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ a, b string }{{"a", "a0"}, {"b", "a"}, {"a", "a"}, {"a-1", ""}} {
		if got, err := Between(tt.a, tt.b); err == nil {
			t.Errorf("Between(%q, %q) = %q, want an error", tt.a, tt.b, got)
		}
	}
	if _, err := Between("a", "a00"); !errors.Is(err, ErrNoRoom) {
		t.Errorf("Between(a, a00): %v, want ErrNoRoom", err)
	}
}

// TestBetweenProperty inserts ranks at random places many times: every new
// rank sorts where it was put and never ends in "0".
func TestBetweenProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ranks := []string{}
	for range 5000 {
		i := r.IntN(len(ranks) + 1)
		lo, hi := "", ""
		if i > 0 {
			lo = ranks[i-1]
		}
		if i < len(ranks) {
			hi = ranks[i]
		}
		m, err := Between(lo, hi)
		if err != nil {
			t.Fatalf("Between(%q, %q): %v", lo, hi, err)
		}
		if m[len(m)-1] == '0' {
			t.Fatalf("Between(%q, %q) = %q ends in 0", lo, hi, m)
		}
		ranks = slices.Insert(ranks, i, m)
	}
	if !slices.IsSorted(ranks) {
		t.Fatal("ranks out of order")
	}
	longest := 0
	for _, k := range ranks {
		longest = max(longest, len(k))
	}
	if longest > 40 {
		t.Errorf("longest rank %d characters after 5000 random inserts", longest)
	}
}
