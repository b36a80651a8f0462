package cmdutil

import "testing"

// TestCheckEnum: every enum-valued flag and argument says the same when
// given something else (issue 10, item 5).
func TestCheckEnum(t *testing.T) {
	formats := []string{"table", "markdown", "csv", "json"}
	tests := []struct {
		flag, what, value string
		want              string // "" when accepted
	}{
		{"--format", "format", "json", ""},
		{"--format", "format", "jsn", `--format: unknown format "jsn"; did you mean "json"?`},
		{"--format", "format", "yml", `--format: unknown format "yml"; use one of: table, markdown, csv, json`},
		{"", "kind", "", `unknown kind ""; use one of: table, markdown, csv, json`},
	}
	for _, tt := range tests {
		err := CheckEnum(tt.flag, tt.what, tt.value, formats)
		got := ""
		if err != nil {
			got = err.Error()
			if ExitCode(err) != 2 {
				t.Errorf("%q: exit %d", tt.value, ExitCode(err))
			}
		}
		if got != tt.want {
			t.Errorf("CheckEnum(%q) = %q, want %q", tt.value, got, tt.want)
		}
	}
}
