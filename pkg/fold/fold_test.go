package fold

import "testing"

func TestString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Société", "societe"},
		{"SOCIÉTÉ", "societe"},
		{"societe\u0301", "societe"}, // a decomposed accent
		{"Straße", "strasse"},
		{"STRAẞE", "strasse"},
		{"Ærøskøbing", "aeroskobing"},
		{"Łódź", "lodz"},
		{"ﬁnance", "finance"},
		{"Ｃheckout²", "checkout2"},
		{"Ελληνικά", "ελληνικα"},
		{"Москва", "москва"},
		{"中文", "中文"},
		{"", ""},
		{"plain ASCII-1", "plain ascii-1"},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRuneMark(t *testing.T) {
	if got := Rune('\u0301'); got != "" {
		t.Errorf("Rune(combining acute) = %q, want empty", got)
	}
}

// TestLatin: Latin letters in ASCII, in their case; other scripts keep
// their marks.
func TestLatin(t *testing.T) {
	for in, want := range map[string]string{
		"Über App": "Uber App", "ß": "ss", "Æsir": "AEsir", "Ørsted": "Orsted",
		"Łódź": "Lodz", "naïve": "naive", "Привет": "Привет", "हिंदी": "हिंदी",
	} {
		if got := Latin(in); got != want {
			t.Errorf("Latin(%q) = %q, want %q", in, got, want)
		}
	}
}
