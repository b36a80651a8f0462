package render

import "testing"

// TestFitRightBar: the fixed-width pieces of text output count cells, not
// bytes or runes, and never overflow their width.
func TestFitRightBar(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Fit("abc", 5), "abc  "},
		{Fit("abcdef", 5), "abcd…"},
		{Fit("中文字", 5), "中文…"},
		{Fit("Café d'été", 10), "Café d'été"},
		{Right("42", 5), "   42"},
		{Right("123456", 3), "123456"},
		{Bar(0, 10, 8), ""},
		{Bar(1, 100, 8), "█"},
		{Bar(5, 10, 8), "████"},
		{Bar(20, 10, 8), "████████"},
		{Bar(3, 0, 8), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
