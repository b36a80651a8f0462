package query

import (
	"strings"
	"testing"
)

func TestParseDays(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"14d", 14, true},
		{"2w", 14, true},
		{"1m", 30, true},
		{"1y", 365, true},
		{"0d", 0, true},
		{"", 0, false},
		{"d", 0, false},
		{"2x", 0, false},
		{"-1d", 0, false},
		{"1.5w", 0, false},
		{"14", 0, false},
	} {
		got, err := ParseDays(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDays(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestHelpers(t *testing.T) {
	fields := []string{"due", "open", "owner", "title"}
	for _, tt := range []struct {
		expr string
		row  map[string]any
		want bool
	}{
		{`due_within("14d")`, map[string]any{"due": "2026-12-10", "open": true}, true},
		{`due_within("1w")`, map[string]any{"due": "2026-12-10", "open": true}, false},
		{`due_within("14d")`, map[string]any{"due": "2026-11-30", "open": true}, false}, // overdue
		{`due_within("14d")`, map[string]any{"due": "2026-12-10", "open": false}, false},
		{`due_within("14d")`, map[string]any{"open": true}, false},
		{`owner == me()`, map[string]any{"owner": "ana"}, true},
		{`owner == me()`, map[string]any{"owner": "bo"}, false},
	} {
		f, err := Compile(tt.expr, fields)
		if err != nil {
			t.Fatalf("%s: %v", tt.expr, err)
		}
		f.Me = "ana"
		if got, err := f.Match(tt.row, "2026-12-01"); err != nil || got != tt.want {
			t.Errorf("%s on %v = %v, %v; want %v", tt.expr, tt.row, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ expr, msg string }{
		{`title = "x"`, `column 7: "=" is not a comparison; use ==`},
		{`1 + 2`, "the expression is a number, not true or false"},
		{`me(1) == owner`, "me() takes no arguments"},
		{`due_within("3q")`, `duration "3q"`},
		{`mee() == owner`, `unknown field "mee"`},
	} {
		_, err := Compile(tt.expr, fields)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Compile(%s): %v; want %q", tt.expr, err, tt.msg)
		}
	}
	f, _ := Compile(`title`, fields)
	if _, err := f.Match(map[string]any{"title": "x"}, "2026-12-01"); err == nil || !strings.Contains(err.Error(), "is text, not true or false") {
		t.Errorf("a text filter: %v", err)
	}
}

func FuzzParseDays(f *testing.F) {
	for _, s := range []string{"14d", "2w", "1m", "1y", "", "x", "-1d", "99999999999d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseDays(s)
		if err == nil && (n < 0 || n > 365*100000) {
			t.Fatalf("ParseDays(%q) = %d", s, n)
		}
	})
}
