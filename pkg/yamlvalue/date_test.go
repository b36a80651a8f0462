package yamlvalue

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestIsDate holds the cheap date check to time.Parse, which the
// validator's format "date" uses.
func TestIsDate(t *testing.T) {
	check := func(s string) {
		_, err := time.Parse("2006-01-02", s)
		if got := IsDate(s); got != (err == nil) {
			t.Errorf("IsDate(%q) = %v, time.Parse error %v", s, got, err)
		}
	}
	for _, s := range []string{"", "2026-01-02", "2026-1-02", "2026-01-2", "+026-01-02", "2026/01/02", "20260-01-02", "2026-01-02 "} {
		check(s)
	}
	start := time.Date(1895, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := range 400 * 366 / 7 {
		check(start.AddDate(0, 0, d*7).Format("2006-01-02"))
	}
	for _, y := range []string{"0000", "0001", "1900", "2000", "2023", "2024", "2100", "9999"} {
		for m := range 14 {
			for d := range 33 {
				check(y + "-" + two(m) + "-" + two(d))
			}
		}
	}
}

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// FuzzIsDate holds isDate to time.Parse on any text.
func FuzzIsDate(f *testing.F) {
	for _, s := range []string{"2026-01-02", "2024-02-29", "0000-00-00", "2026-0a-02", "-026-01-02"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := time.Parse("2006-01-02", s)
		if IsDate(s) != (err == nil) {
			t.Errorf("IsDate(%q) = %v, time.Parse error %v", s, IsDate(s), err)
		}
	})
}

// FuzzSimpleKey holds simpleKey to the pattern it stands for.
func FuzzSimpleKey(f *testing.F) {
	for _, s := range []string{"", "a", "_a", "1a", "a.b-c_d", "a b", "é", "a\n", "Z9"} {
		f.Add(s)
	}
	f.Add("a" + strings.Repeat("b", 127))
	f.Add("a" + strings.Repeat("b", 128))
	re := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,127}$`)
	f.Fuzz(func(t *testing.T, s string) {
		if simpleKey([]byte(s)) != re.MatchString(s) {
			t.Errorf("simpleKey(%q) = %v", s, simpleKey([]byte(s)))
		}
	})
}
