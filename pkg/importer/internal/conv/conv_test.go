package conv

import "testing"

func TestDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-05-01T23:30:00Z": "2024-05-01", "2024-05-01T10:00:00.000Z": "2024-05-01", "2024-05-01": "2024-05-01",
		"12/Mar/24 10:15 AM": "2024-03-12", "2/Apr/24": "2024-04-02", "soon": "", "": "", "2024-13-01": "",
	} {
		if got := Date(in); got != want {
			t.Errorf("Date(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPersonKey(t *testing.T) {
	for in, want := range map[string]string{
		"octocat": "octocat", "@ana": "ana", "ben.ito@example.com": "ben.ito", "Ana Ruiz": "ana-ruiz",
		"Chloé Dubois": "chloe-dubois", "0xdev": "u-0xdev", "": "", "!!!": "",
	} {
		if got := PersonKey(in); got != want {
			t.Errorf("PersonKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTypeFromLabels(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{[]string{"area-x", "bug"}, "bug"},
		{[]string{"type: Bug"}, "Bug"},
		{[]string{"kind/feature"}, "feature"},
		{[]string{"Feature Request"}, "feature"},
		{[]string{"docs"}, ""},
		{nil, ""},
	} {
		if got := TypeFromLabels(tt.in); got != tt.want {
			t.Errorf("TypeFromLabels(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		legacy   bool
		want     string // text, or the error
	}{
		{"UTF-8", "é", false, "é"},
		{"BOM", "\ufeffé", false, "é"},
		{"UTF-16 BE", "\xfe\xff\x00\xe9", false, "é"},
		{"odd UTF-16", "\xff\xfe\xe9", false, "\ufffd"},
		{"Windows-1252", "\x80\xe9", true, "€é"},
		{"refused", "a\xe9", false, "is not UTF-8 (byte 2); save it as UTF-8 and import it again"},
	} {
		got, _, err := Text([]byte(tt.in), tt.legacy)
		s := string(got)
		if err != nil {
			s = err.Error()
		}
		if s != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, s, tt.want)
		}
	}
}
