package suggest

import "testing"

func TestClosest(t *testing.T) {
	statuses := []string{"idea", "discovery", "ready", "in-progress", "review", "done", "dropped"}
	tests := []struct {
		in      string
		options []string
		want    string
	}{
		{"redy", statuses, "ready"},
		{"Ready", statuses, "ready"},
		{"in-progres", statuses, "in-progress"},
		{"inprogress", statuses, "in-progress"},
		{"stauts", []string{"status", "title"}, "status"},
		{"ready", statuses, ""},
		{"zzz", statuses, ""},
		{"", statuses, ""},
		{"dne", statuses, "done"},
		{"ACME-1x", []string{"ACME-1", "ACME-12"}, "ACME-1"},
	}
	for _, tt := range tests {
		if got := Closest(tt.in, tt.options); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Hint("redy", statuses); got != `did you mean "ready"?` {
		t.Errorf("Hint = %q", got)
	}
	if got := Hint("qqqq", statuses); got != "" {
		t.Errorf("Hint = %q", got)
	}
}

// TestUnknown pins the one message every enum-valued flag, argument and
// schema value uses when given something else (issue 10, item 5).
func TestUnknown(t *testing.T) {
	formats := []string{"table", "markdown", "csv", "json"}
	tests := []struct {
		what, in string
		options  []string
		want     string
	}{
		{"format", "jsn", formats, `unknown format "jsn"; did you mean "json"?`},
		{"format", "yml", formats, `unknown format "yml"; use one of: table, markdown, csv, json`},
		{"kind", "x\x1b", formats, `unknown kind "x\x1b"; use one of: table, markdown, csv, json`},
		{"type", "bug", nil, `unknown type "bug"`},
	}
	for _, tt := range tests {
		if got := Unknown(tt.what, tt.in, tt.options); got != tt.want {
			t.Errorf("Unknown(%q, %q) = %q, want %q", tt.what, tt.in, got, tt.want)
		}
	}
	if got := OneOf("", formats); got != "use one of: table, markdown, csv, json" {
		t.Errorf("OneOf empty = %q", got)
	}
	if got := OneOf("x", nil); got != "" {
		t.Errorf("OneOf without options = %q", got)
	}
}

// TestIDHint covers issue 10: a reference to a deleted record is not a
// typo of a neighbour with another number.
func TestIDHint(t *testing.T) {
	ids := []string{"A-1", "A-2", "ACME-5", "ACME-12", "INIT-1", "conversion"}
	for _, tt := range []struct{ in, want string }{
		{"A-7", ""},
		{"A-9", ""},
		{"INIT-2", ""},
		{"ACME-21", ""},
		{"ACEM-5", `did you mean "ACME-5"?`},
		{"acme-12", `did you mean "ACME-12"?`},
		{"A-1x", `did you mean "A-1"?`},
		{"convrsion", `did you mean "conversion"?`},
	} {
		if got := IDHint(tt.in, ids); got != tt.want {
			t.Errorf("IDHint(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
