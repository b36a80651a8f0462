package mdbody

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCriteria(t *testing.T) {
	body := "## AC\n\n- [x] Pay by card\n- [ ] \n* [ ] Pay by wallet  \r\n```\n- [ ] in code\n```\n1. [X] Café crème\n- [] not a box\n"
	got := Criteria(body)
	want := []Criterion{
		{Text: "Pay by card", Checked: true, Box: strings.Index(body, "x]"), Line: 3},
		{Text: "Pay by wallet", Box: strings.Index(body, " ] Pay by w"), Line: 5},
		{Text: "Café crème", Checked: true, Box: strings.Index(body, "X]"), Line: 9},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Criteria (-want +got):\n%s", d)
	}
	for _, c := range got {
		if m := body[c.Box]; m != ' ' && m != 'x' && m != 'X' {
			t.Errorf("Box of %q points at %q", c.Text, m)
		}
	}
}

func TestSelect(t *testing.T) {
	crits := Criteria("- [ ] Pay by card\n- [ ] Pay by wallet\n- [x] Email receipt\n- [ ] pay\n")
	for _, tt := range []struct {
		sel  string
		want int
		err  string
	}{
		{sel: "1", want: 0},
		{sel: "3", want: 2},
		{sel: "0", err: "there is no criterion 0: give 1 to 4, or a part of its text"},
		{sel: "5", err: "there is no criterion 5: give 1 to 4, or a part of its text"},
		{sel: "99999999999999999999", err: "there is no criterion 99999999999999999999: give 1 to 4, or a part of its text"},
		{sel: "pay", want: 3},     // exact beats substrings
		{sel: "WALLET", want: 1},  // case-insensitive substring
		{sel: "receipt", want: 2}, // substring
		{sel: "Pay by", err: "2 criteria have the text \"Pay by\"; give the number of one:\n  1. Pay by card\n  2. Pay by wallet"},
		{sel: "refund", err: "no criterion has the text \"refund\"; give its number (1 to 4) or a part of its text"},
		{sel: "  ", err: "give the number of a criterion or a part of its text"},
	} {
		got, err := Select(crits, tt.sel)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("Select(%q) = %d, %v; want error %q", tt.sel, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Select(%q) = %d, %v; want %d", tt.sel, got, err, tt.want)
		}
	}
	if _, err := Select(nil, "1"); err == nil || !strings.Contains(err.Error(), "no acceptance criteria") {
		t.Errorf("Select on no criteria: %v", err)
	}
}

func TestAppendToSection(t *testing.T) {
	block := "- new\n"
	for _, tt := range []struct {
		name, body, want string
		drop             func(string) bool
	}{
		{"no section", "Text.\n", "Text.\n\n## Notes\n\n- new\n", nil},
		{"empty body", "", "## Notes\n\n- new\n", nil},
		{"no final newline", "Text.", "Text.\n\n## Notes\n\n- new\n", nil},
		{"after a list", "## Notes\n\n- old\n", "## Notes\n\n- old\n- new\n", nil},
		{"after a paragraph", "## Notes\n\nSome text.\n", "## Notes\n\nSome text.\n\n- new\n", nil},
		{"heading only", "## Notes\n", "## Notes\n\n- new\n", nil},
		{"heading at the end", "## Notes", "## Notes\n\n- new\n", nil},
		{"before the next section", "## Notes\n\n- old\n\n## Next\n\nx\n", "## Notes\n\n- old\n- new\n\n## Next\n\nx\n", nil},
		{"next heading right after", "## Notes\n- old\n## Next\n", "## Notes\n- old\n- new\n\n## Next\n", nil},
		{"a subsection stays in", "## Notes\n\n### Old\n\n- old\n", "## Notes\n\n### Old\n\n- old\n- new\n", nil},
		{"case-insensitive", "## notes ##\n\n- old\n", "## notes ##\n\n- old\n- new\n", nil},
		{"not in code", "```\n## Notes\n```\n", "```\n## Notes\n```\n\n## Notes\n\n- new\n", nil},
		{"continuation line", "## Notes\n\n- old\n  more\n", "## Notes\n\n- old\n  more\n- new\n", nil},
		{"placeholders dropped", "## Notes\n\n- [ ] \n\n## Next\n", "## Notes\n\n- new\n\n## Next\n", IsPlaceholder},
		{"placeholder after text", "## Notes\n\n- [x] done\n- [ ] \n", "## Notes\n\n- [x] done\n- new\n", IsPlaceholder},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := AppendToSection(tt.body, "Notes", block, "\n", tt.drop); got != tt.want {
				t.Errorf("AppendToSection(%q)\n got %q\nwant %q", tt.body, got, tt.want)
			}
		})
	}
}

func TestAppendToSectionCRLF(t *testing.T) {
	body := "Text.\r\n\r\n## Notes\r\n\r\n- old\r\n"
	got := AppendToSection(body, "Notes", "- new\r\n", "\r\n", nil)
	if want := "Text.\r\n\r\n## Notes\r\n\r\n- old\r\n- new\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = AppendToSection("Text.\r\n", "Notes", "- new\r\n", "\r\n", nil)
	if want := "Text.\r\n\r\n## Notes\r\n\r\n- new\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestListBlock(t *testing.T) {
	got := ListBlock([]string{"one", "two\nlines\n\n  indented  ", "  "}, "[ ] ", "\r\n")
	want := "- [ ] one\r\n- [ ] two\r\n  lines\r\n\r\n    indented\r\n- [ ] \r\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestEOL(t *testing.T) {
	for raw, want := range map[string]string{"a\r\nb\n": "\r\n", "a\nb\r\n": "\n", "": "\n", "\n": "\n", "a": "\n"} {
		if got := EOL([]byte(raw)); got != want {
			t.Errorf("EOL(%q) = %q, want %q", raw, got, want)
		}
	}
	if got := WithEOL("a\r\nb\rc\nd", "\r\n"); got != "a\r\nb\r\nc\r\nd\r\n" {
		t.Errorf("WithEOL = %q", got)
	}
	if got := WithEOL("", "\r\n"); got != "" {
		t.Errorf("WithEOL of nothing = %q", got)
	}
}

// FuzzBody checks that what the edits return keeps what they promise: a
// tick changes one byte and is found again as ticked; a note section ends
// in the block; nothing panics on any text.
func FuzzBody(f *testing.F) {
	for _, s := range []string{
		"- [ ] a\n- [x] b\n", "## Notes\n\n- old\n", "```\n- [ ] x\n```\n", "## Notes", "\r\n- [ ] é\r\n", "  1) [X] x\n## AC\n",
	} {
		f.Add(s, "a")
	}
	f.Fuzz(func(t *testing.T, body, sel string) {
		crits := Criteria(body)
		for i, c := range crits {
			for _, checked := range []bool{true, false} {
				out := SetChecked(body, c, checked)
				if len(out) != len(body) {
					t.Fatalf("SetChecked changed the length")
				}
				again := Criteria(out)
				if len(again) != len(crits) || again[i].Checked != checked || again[i].Text != c.Text {
					t.Fatalf("after SetChecked(%d, %v): %+v", i, checked, again)
				}
			}
		}
		if i, err := Select(crits, sel); err == nil && (i < 0 || i >= len(crits)) {
			t.Fatalf("Select(%q) = %d of %d", sel, i, len(crits))
		}
		out := AppendToSection(body, "Notes", "- new\n", "\n", IsPlaceholder)
		if !strings.Contains(out, "- new\n") {
			t.Fatalf("AppendToSection lost the block: %q", out)
		}
	})
}

// taskLine is what taskBox matches, as the regular expression it replaced.
var taskLine = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s`)

// FuzzTaskBox holds the hand-written matcher to the regular expression.
func FuzzTaskBox(f *testing.F) {
	for _, s := range []string{
		"- [ ] a", "  * [x] b\n", "12) [X]\t", "3. [ ]", "+\t[x] c", "-[ ] d", "- [y] e", "1a. [ ] f", "\f- [ ]\r\n", "- [ ]", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, l string) {
		box, rest, ok := taskBox(l)
		m := taskLine.FindStringSubmatchIndex(l)
		if ok != (m != nil) || ok && (box != m[2] || rest != m[1]) {
			t.Fatalf("taskBox(%q) = %d, %d, %v; the regexp says %v", l, box, rest, ok, m)
		}
	})
}
