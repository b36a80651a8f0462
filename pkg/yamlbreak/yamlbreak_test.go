package yamlbreak

import "testing"

// TestLen: every YAML line break, and what only looks like one.
func TestLen(t *testing.T) {
	tests := []struct {
		src  string
		at   int
		want int
	}{
		{"a\nb", 1, 1},
		{"a\r\nb", 1, 2},
		{"a\rb", 1, 1},
		{"a\u0085b", 1, 2},
		{"a\u2028b", 1, 3},
		{"a\u2029b", 1, 3},
		{"a\u2027b", 1, 0}, // the code point before LS is no break
		{"é", 0, 0},
		{"\r", 0, 1},
		{"\xc2", 0, 0}, // a cut NEL
	}
	for _, tt := range tests {
		if got := Len([]byte(tt.src), tt.at); got != tt.want {
			t.Errorf("Len(%q, %d) = %d, want %d", tt.src, tt.at, got, tt.want)
		}
	}
}

// TestStartsLine: the offsets after a break start lines, the middle of a
// CRLF does not.
func TestStartsLine(t *testing.T) {
	src := []byte("a\r\nb\rc\u2028d\u0085e")
	var got []int
	for i := 0; i <= len(src); i++ {
		if StartsLine(src, i) {
			got = append(got, i)
		}
	}
	want := []int{0, 3, 5, 9, 12}
	if len(got) != len(want) {
		t.Fatalf("lines start at %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("lines start at %v, want %v", got, want)
		}
	}
}

// TestHasOddAndLineEnding: which texts need care, and which ending new
// lines get.
func TestHasOddAndLineEnding(t *testing.T) {
	tests := []struct {
		src    string
		odd    bool
		ending string
	}{
		{"", false, "\n"},
		{"a", false, "\n"},
		{"a\nb", false, "\n"},
		{"a\r\nb", false, "\r\n"},
		{"a\rb", true, "\r"},
		{"a\r\nb\rc", true, "\r\n"},
		{"a\u2028b", true, "\u2028"},
		{"a\nb\u0085", true, "\n"},
	}
	for _, tt := range tests {
		if got := HasOdd([]byte(tt.src)); got != tt.odd {
			t.Errorf("HasOdd(%q) = %v, want %v", tt.src, got, tt.odd)
		}
		if got := LineEnding([]byte(tt.src)); got != tt.ending {
			t.Errorf("LineEnding(%q) = %q, want %q", tt.src, got, tt.ending)
		}
	}
}
