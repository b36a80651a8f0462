package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/hostilemd"
)

// TestIDSetFind pins the one rule for where text mentions an ID: whole
// words, where '.', '-' and everything but letters, digits and '_' end a
// word; the longest ID of the set at each place; ASCII case ignored.
func TestIDSetFind(t *testing.T) {
	set := NewIDSet([]string{"A-1", "R-2027", "R-2027.1", "x", "P-2", "A-1-", "", "Über-1", "9-z"})
	tests := []struct {
		text string
		want []string
	}{
		{"see A-1.", []string{"A-1"}},
		{"see A-1, A-10 and BA-1", []string{"A-1"}},
		{"A-1", []string{"A-1"}},
		{"(A-1)", []string{"A-1"}},
		{"A-1_2", nil},
		{"A-1-", []string{"A-1-"}},
		{"A-1-2", []string{"A-1"}},
		{"A-1--", []string{"A-1-"}},
		{"x-A-1", []string{"x", "A-1"}},
		{"R-2027.1 and R-2027.10 and R-2027.1.", []string{"R-2027.1", "R-2027", "R-2027.1"}},
		{"R-2027.2", []string{"R-2027"}},
		{"x marks x-ray; xx", []string{"x", "x"}},
		// Link targets and file names.
		{"P-2.html", []string{"P-2"}},
		{"#P-2", []string{"P-2"}},
		{"?id=P-2&a=1", []string{"P-2"}},
		{"https://e.com/P-2/x", []string{"P-2", "x"}},
		{"img/P-2.png", []string{"P-2"}},
		{"backlog/a-7-after-p-2.md", []string{"p-2"}},
		{"a-1", []string{"a-1"}},
		{"P-22 P-2P", nil},
		// IDs that do not match the pattern are found the same way.
		{"Über-1 and über-1", []string{"Über-1"}},
		{"9-z, 19-z", []string{"9-z"}},
		{"", nil},
		{"nothing here", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range set.Find(tt.text) {
			got = append(got, tt.text[m.Start:m.End])
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("Find(%q) (-want +got):\n%s", tt.text, d)
		}
	}
	if got := (*IDSet)(nil).Find("A-1"); got != nil {
		t.Errorf("a nil set finds %v", got)
	}
	if got := NewIDSet(nil).Find("A-1"); got != nil {
		t.Errorf("an empty set finds %v", got)
	}
}

// TestIDSetFindLinear checks that hostile text and IDs do not make Find
// slow: a long run of separators against IDs that share long prefixes.
func TestIDSetFindLinear(t *testing.T) {
	ids := []string{strings.Repeat("a-", 20) + "b"}
	for i := range 1000 {
		ids = append(ids, "A-"+strings.Repeat("1", i%50)+"x")
	}
	set := NewIDSet(ids)
	// Prefixes of long IDs at every place, none a whole ID: the time grows
	// with the text, not with the text times the IDs.
	hostilemd.CheckLinearOn(t, func(n int) string {
		return strings.Repeat("a-", n/4) + strings.Repeat("A-1", n/6)
	}, func(text string) {
		if got := set.Find(text); len(got) != 0 {
			t.Errorf("found %d mentions", len(got))
		}
	})
}
