package yamledit

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSimplePlainAgreesWithEncoder holds the shortcut of encodeString to
// what the YAML encoder writes, in block and flow context, for texts near
// the edges of what it accepts: words, numbers, YAML 1.1 booleans, dates,
// marks, long texts.
func TestSimplePlainAgreesWithEncoder(t *testing.T) {
	texts := []string{
		"Issue 12", "a", "A", "0", "12", "1.5", "1e5", "0x1F", "0o17", "1_000", "+1", "-1", ".5", "1.", "inf", "nan",
		"true", "false", "True", "TRUE", "null", "Null", "NULL", "yes", "no", "on", "off", "y", "n", "Y", "N", "Yes", "OFF",
		"2027-01-15", "2027-01-15 10:00", "20270115", "a.b", "a/b", "a (b)", "a+b", "a-b", "a_b", "a  b", "a ", "ab ",
		"v1.2.3", "R-2027.1", "ACME-12", "back-12", "task-1.1", "1-2", "1.2.3", "0.0.1", "1e", "e1", "1e-3", "1E+3",
		"a-", "a.", "a)", "a(", "ab-cd ef/gh", "dev3", "area-x", "in-progress", "idea", "Some text.", "x." + strings.Repeat("y", 198),
		strings.Repeat("word ", 80) + "end", strings.Repeat("a", 200), strings.Repeat("ab c", 50), "0b101", "0b2", "1:20", "12:30:00",
	}
	const alphabet = "aZ09 ._/()+-eE:yn"
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, 1+rnd.IntN(8))
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		if !simplePlain(s) {
			continue
		}
		for _, flow := range []bool{false, true} {
			want, err := encodeWithEncoder(s, flow, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if want != s {
				t.Errorf("simplePlain(%q) is true, but the encoder writes %q (flow %v)", s, want, flow)
			}
		}
	}
	for _, s := range []string{"", " a", "a ", "-a", "12", "1.5", "true", "yes", "no", "on", "2027-01-15", "a: b", "a,b", "#a", "é", strings.Repeat("a", 201)} {
		if simplePlain(s) {
			t.Errorf("simplePlain(%q) = true, want false", s)
		}
	}
}
