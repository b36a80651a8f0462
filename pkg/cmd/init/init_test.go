package initcmd

import (
	"strings"
	"testing"
)

// TestTitleFromDir: a folder's name becomes the product's, each word's
// first letter upper-cased by rune (a folder named über-app gave invalid
// UTF-8: the first byte was upper-cased).
func TestTitleFromDir(t *testing.T) {
	for dir, want := range map[string]string{
		"acme-checkout": "Acme Checkout",
		"über-app":      "Über App",
		"2024-plan":     "2024 Plan",
		"o'neil":        "O'neil",
		"ǆungla":        "ǅungla",
		"---":           "My Product",
		"a\nb":          "A B",
		"x\xffy":        "X\uFFFDy",
		"🚀_launch":      "🚀 Launch",
	} {
		if got := titleFromDir(dir); got != want {
			t.Errorf("titleFromDir(%q) = %q, want %q", dir, got, want)
		}
	}
}

// TestKeyFromName: the key is the initials of a name of several words, or
// the first letters and digits of one word, at most four, accents dropped,
// always a valid key.
func TestKeyFromName(t *testing.T) {
	for name, want := range map[string]string{
		"Acme Checkout":                   "AC",
		"Acme":                            "ACME",
		"Acme 2000!":                      "ACME",
		"Acme: Checkout":                  "AC",
		"O'Reilly app":                    "OA",
		"Team #1":                         "TEAM",
		"42 things":                       "THIN",
		"R2D2":                            "R2D2",
		"Über App":                        "UA",
		"über":                            "UBER",
		"Crème brûlée":                    "CB",
		"🚀 Rocket":                        "ROCK",
		"تطبيق":                           "ITEM",
		"123":                             "ITEM",
		"":                                "ITEM",
		"yes":                             "YES",
		"The Very Long Name Of A Product": "TVLN",
		strings.Repeat("word ", 50):       "WWWW",
	} {
		got := keyFromName(name)
		if got != want {
			t.Errorf("keyFromName(%q) = %q, want %q", name, got, want)
		}
		if !keyPattern.MatchString(got) {
			t.Errorf("keyFromName(%q) = %q is not a valid key", name, got)
		}
	}
}
