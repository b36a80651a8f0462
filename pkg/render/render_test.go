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
