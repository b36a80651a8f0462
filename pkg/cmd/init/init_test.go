package initcmd

import (
	"os"
	"path/filepath"
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

// TestAddIgnore: init appends the pattern of roadlog's temporary files to
// an existing .gitignore that lacks it, every byte before kept, the new
// lines ending as the file's do; it kept a .gitignore as it was, so that
// in an existing repository the pattern was never added (review of issue
// 9, P2-8).
func TestAddIgnore(t *testing.T) {
	const added = "# temporary files of roadlog writes that were interrupted\n.*.roadlog-*.tmp\n"
	for _, tc := range []struct{ old, want string }{
		{"", added},
		{"node_modules/\n", "node_modules/\n" + added},
		{"node_modules/", "node_modules/\n" + added},
		{"a\r\nb\r\n", "a\r\nb\r\n" + strings.ReplaceAll(added, "\n", "\r\n")},
		{"a\r\nb", "a\r\nb\r\n" + strings.ReplaceAll(added, "\n", "\r\n")},
		{"x\n.*.roadlog-*.tmp\n", "x\n.*.roadlog-*.tmp\n"},
		{"x\r\n  .*.roadlog-*.tmp \r\n", "x\r\n  .*.roadlog-*.tmp \r\n"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(tc.old), 0o600); err != nil {
			t.Fatal(err)
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		changed, err := addIgnore(root, ".gitignore")
		_ = root.Close()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
		if string(got) != tc.want || changed != (tc.old != tc.want) {
			t.Errorf("%q: became %q (added %v), want %q", tc.old, got, changed, tc.want)
		}
		if fi, _ := os.Stat(filepath.Join(dir, ".gitignore")); fi.Mode().Perm() != 0o600 {
			t.Errorf("%q: mode %v, want the file's own 0600", tc.old, fi.Mode().Perm())
		}
	}
}
