package safetext

import "testing"

func TestLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"Créer un compte société", "Créer un compte société"},
		{"a\tb\nc\r\nd", "a b c  d"},
		{"\x1b[2J\x1b[HFAKE", "\uFFFD[2J\uFFFD[HFAKE"},
		{"\x07bell\x7f", "\uFFFDbell\uFFFD"},
		{"c1\u009b31m", "c1\uFFFD31m"},
		{"abc\u202edcba\u202c", "abc\uFFFDdcba\uFFFD"},
		{"\u2066iso\u2069", "\uFFFDiso\uFFFD"},
		{"para\u2029graph", "para graph"},
		{"emoji 👩‍💻 and 中文", "emoji 👩‍💻 and 中文"},
	} {
		if got := Line(tc.in); got != tc.want {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"one\ntwo\n", "one\ntwo\n"},
		{"crlf\r\nline\r\n", "crlf\nline\n"},
		{"tab\tkept", "tab\tkept"},
		{"\x1b]0;title\x07x", "\uFFFD]0;title\uFFFDx"},
		{"lone\rcr", "lone\uFFFDcr"},
		{"rtl\u202eevil", "rtl\uFFFDevil"},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
