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
