package safetext

import (
	"encoding/json"
	"reflect"
	"testing"
)

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

// TestInvalidUTF8 checks that a byte that is not UTF-8 — a lone 0x9b is
// an 8-bit CSI to some terminals — never passes through.
func TestInvalidUTF8(t *testing.T) {
	for _, tc := range []struct{ in, line, text string }{
		{"a\x9b31mb", "a\uFFFD31mb", "a\uFFFD31mb"},
		{"\xff\xfe", "\uFFFD\uFFFD", "\uFFFD\uFFFD"},
		{"ok\n\x9b", "ok \uFFFD", "ok\n\uFFFD"},
		{"Û", "Û", "Û"}, // C3 9B: 0x9b inside a valid character
	} {
		if got := Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
		if got := Text(tc.in); got != tc.text {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.text)
		}
	}
}

// TestJSON checks that JSON keeps its meaning while losing every byte that
// would act on a terminal.
func TestJSON(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"a": "plain"}`, `{"a": "plain"}`},
		{"{\"a\": \"c1\u009b31m\"}", `{"a": "c1\u009b31m"}`},
		{"[\"\u202eevil\u202c\", \"\u2066\u2069\", \"del\x7f\", \"\u061c\", \"\u0085\"]", `["\u202eevil\u202c", "\u2066\u2069", "del\u007f", "\u061c", "\u0085"]`},
		{"{\n  \"é\": \"中文 Û \uFFFD\"\n}\n", "{\n  \"é\": \"中文 Û \uFFFD\"\n}\n"},
		{"[\"\x9b\"]", `["\ufffd"]`},
	} {
		got := string(JSON([]byte(tc.in)))
		if got != tc.want {
			t.Errorf("JSON(%q) = %q, want %q", tc.in, got, tc.want)
		}
		var a, b any
		if err := json.Unmarshal([]byte(tc.in), &a); err == nil {
			if err := json.Unmarshal([]byte(got), &b); err != nil || !reflect.DeepEqual(a, b) {
				t.Errorf("JSON(%q) reads back as %v, not %v (%v)", tc.in, b, a, err)
			}
		}
	}
}
