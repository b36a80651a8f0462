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
		{"", "V", "Uz"},
		{"V", "", "V1"},
		{"a0", "a1", "a0V"},
		{"a", "b", "aV"},
		{"a1", "a2", "a1V"},
		{"", "a0", "Zz"},
		{"z", "", "z1"},
		{"", "0V", "0U"},
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

// TestEndsStayShort appends 1,000 ranks at the bottom and inserts 1,000 at
// the top, as `new` and `rank --top` do: ranks stay short.
func TestEndsStayShort(t *testing.T) {
	for _, tt := range []struct {
		name string
		next func(first, last string) (string, error)
	}{
		{"appends", func(_, last string) (string, error) { return Between(last, "") }},
		{"top inserts", func(first, _ string) (string, error) { return Between("", first) }},
	} {
		ranks := []string{"V"}
		for range 1000 {
			r, err := tt.next(ranks[0], ranks[len(ranks)-1])
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if r < ranks[0] {
				ranks = slices.Insert(ranks, 0, r)
			} else {
				ranks = append(ranks, r)
			}
		}
		if !slices.IsSorted(ranks) || len(slices.Compact(slices.Clone(ranks))) != len(ranks) {
			t.Fatalf("%s: ranks out of order or repeated", tt.name)
		}
		for _, r := range ranks {
			if len(r) > Step {
				t.Fatalf("%s: rank %q is longer than %d characters after 1,000", tt.name, r, Step)
			}
		}
	}
	// Past the room at Step digits, ranks grow by one digit per 61.
	if r, _ := Between("zz", ""); r != "zz1" {
		t.Errorf(`Between("zz", "") = %q, want "zz1"`, r)
	}
	if r, _ := Between("", "01"); r != "00z" {
		t.Errorf(`Between("", "01") = %q, want "00z"`, r)
	}
}
