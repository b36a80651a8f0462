package render

import (
	"bytes"
	"strings"
	"testing"
)

func table() *Table {
	return &Table{
		Columns: []Column{{Name: "id", Fixed: true}, {Name: "title"}, {Name: "score", Right: true, Fixed: true}},
		Rows: [][]string{
			{"ACME-4", "Guest checkout without an account", "640"},
			{"ACME-10", "Address \x1b[31mautocomplete\n", ""},
			{"=cmd", "+SUM(A1)", "-3"},
		},
	}
}

func TestFormats(t *testing.T) {
	for _, tt := range []struct {
		format string
		width  int
		want   string
	}{
		{"table", 0, `┌─────────┬───────────────────────────────────┬───────┐
│   ID    │               TITLE               │ SCORE │
├─────────┼───────────────────────────────────┼───────┤
│ ACME-4  │ Guest checkout without an account │   640 │
│ ACME-10 │ Address �[31mautocomplete         │       │
│ =cmd    │ +SUM(A1)                          │    -3 │
└─────────┴───────────────────────────────────┴───────┘
`},
		{"table", 40, `┌─────────┬────────────────────┬───────┐
│   ID    │       TITLE        │ SCORE │
├─────────┼────────────────────┼───────┤
│ ACME-4  │ Guest checkout wi… │   640 │
│ ACME-10 │ Address �[31mauto… │       │
│ =cmd    │ +SUM(A1)           │    -3 │
└─────────┴────────────────────┴───────┘
`},
		{"markdown", 0, `| id | title | score |
| --- | --- | --: |
| ACME-4 | Guest checkout without an account | 640 |
| ACME-10 | Address �\[31mautocomplete |  |
| =cmd | +SUM(A1) | -3 |
`},
		{"csv", 0, `id,title,score
ACME-4,Guest checkout without an account,640
ACME-10,Address �[31mautocomplete,
'=cmd,'+SUM(A1),-3
`},
	} {
		var buf bytes.Buffer
		if err := Write(&buf, tt.format, table(), Options{Width: tt.width}); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tt.want {
			t.Errorf("%s width %d:\ngot\n%s\nwant\n%s", tt.format, tt.width, buf.String(), tt.want)
		}
		if strings.ContainsRune(buf.String(), '\x1b') {
			t.Errorf("%s: escape character in output", tt.format)
		}
	}
}

func TestWidth(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want int
	}{
		{"abc", 3},
		{"中文", 4},
		{"👩‍💻", 2},                // ZWJ sequence: one glyph
		{"❤️", 2},                 // VS16: emoji presentation
		{"🇫🇷", 2},                 // a flag
		{"é", 1},                  // e + combining acute
		{"…█─", 3},                // ambiguous width: narrow whatever the locale
		{"\x1b[1mbold\x1b[0m", 4}, // show's styling takes no cell
		{"", 0},
	} {
		if got := Width(tt.s); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
	for _, tt := range []struct {
		s    string
		w    int
		want string
	}{
		{"checkout", 5, "chec…"},
		{"中文中文", 5, "中文…"},
		{"a👩‍💻b👩‍💻", 4, "a👩‍💻…"},
		{"short", 9, "short"},
	} {
		if got := truncate(tt.s, tt.w); got != tt.want || Width(got) > tt.w {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.w, got, tt.want)
		}
	}
}

// TestTableWideCharacters: cells of wide characters and emoji line up, and
// the table is as wide as it claims to be.
func TestTableWideCharacters(t *testing.T) {
	tb := &Table{
		Columns: []Column{{Name: "id", Fixed: true}, {Name: "title", Flex: true}, {Name: "owner", Drop: 1}},
		Rows: [][]string{
			{"A-1", "中文标题很长很长很长很长很长很长", "李"},
			{"A-2", "Pair 👩‍💻 programming with ❤️ and 🇫🇷", "ana"},
			{"A-3", "Café crème", ""},
		},
	}
	for _, width := range []int{0, 20, 30, 40, 80} {
		var buf bytes.Buffer
		if err := Write(&buf, "table", tb, Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		first := Width(lines[0])
		for _, l := range lines {
			if Width(l) != first {
				t.Errorf("width %d: line %q is %d wide, the border %d\n%s", width, l, Width(l), first, buf.String())
			}
			if width > 0 && Width(l) > width {
				t.Errorf("width %d: line %q is %d wide", width, l, Width(l))
			}
		}
	}
}

func TestTSV(t *testing.T) {
	var b strings.Builder
	tb := &Table{Columns: []Column{{Name: "id"}, {Name: "title"}}, Rows: [][]string{{"A-1", "two\twords\nand a line"}, {"A-2", ""}}}
	if err := Write(&b, "tsv", tb, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := "A-1\ttwo words and a line\nA-2\t\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
