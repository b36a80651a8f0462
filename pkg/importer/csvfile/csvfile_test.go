package csvfile

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/importer/internal/importtest"
)

var update = flag.Bool("update", false, "write the golden files")

// summary is a batch in a few lines a test compares.
func summary(b *importer.Batch) string {
	var s strings.Builder
	for _, r := range b.Records {
		f, _ := json.Marshal(r.Fields)
		x, _ := json.Marshal(r.Extra)
		s.WriteString(strings.Join([]string{string(r.Kind), r.SourceID, r.Key, r.Title, r.Status, r.Type, string(f), string(x), strings.ReplaceAll(r.Body, "\n", `\n`), r.Where}, " | ") + "\n")
	}
	for _, p := range b.People {
		s.WriteString("person " + p.Key + " " + p.Name + "\n")
	}
	for _, w := range b.Warnings {
		s.WriteString("warning " + w + "\n")
	}
	return s.String()
}

// fixtures are the test files with the options they import with.
var fixtures = []struct {
	name string
	o    Options
}{
	{"jira", Options{}},
	{"linear", Options{}},
	{"sheet", Options{Columns: []string{"id=Ref,title=What,status=State,owner=Who", "type=Kind", "depends_on=Needs,estimate=Points"}}},
}

func TestParseFixtures(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			b, err := Read("testdata/"+fx.name+".csv", fx.o)
			if err != nil {
				t.Fatal(err)
			}
			importtest.Golden(t, "testdata/"+fx.name+".batch", summary(b), *update)
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		o        Options
		want     string // summary, or the error
	}{
		{"header only", "Title,Status\n", Options{}, ""},
		{
			"columns named as fields", "title,status,Sprint\nA,Open,S1\n",
			Options{},
			"item |  | csv:f#2 | A | Open |  | {} | {\"Sprint\":\"S1\"} |  | f:2\n" +
				"warning f: no column holds IDs (--map id=COLUMN): rows are keyed by their line, so importing an edited file again may add them again\n",
		},
		{
			"UTF-8 BOM", "\ufeffID,Title,Assignee\nENG-1,A,\n",
			Options{},
			"item | ENG-1 | linear:ENG-1 | A |  |  | {} | {} |  | f:2\n",
		},
		{
			"UTF-16 LE BOM", utf16le("ID,Title,Assignee\r\nENG-1,Ä,\r\n"),
			Options{},
			"item | ENG-1 | linear:ENG-1 | Ä |  |  | {} | {} |  | f:2\n",
		},
		{
			"Latin-1", "ID,Title,Assignee\nENG-1,Caf\xe9 \x80,Zo\xeb\n",
			Options{},
			"item | ENG-1 | linear:ENG-1 | Café € |  |  | {\"owner\":\"zoe\"} | {} |  | f:2\n" +
				"person zoe Zoë\n" +
				"warning f: is not UTF-8 (line 2); read it as Windows-1252 (Latin-1): check accented letters, or save it as UTF-8\n",
		},
		{
			"semicolons and CRLF", "Title;Status\r\n\"A; B\";Open\r\n\r\n",
			Options{},
			"item |  | csv:f#2 | A; B | Open |  | {} | {} |  | f:2\n" +
				"warning f: no column holds IDs (--map id=COLUMN): rows are keyed by their line, so importing an edited file again may add them again\n",
		},
		{
			"blocks a row not in the file", "Issue key,Summary,Outward issue link (Blocks)\nX-1,A,X-9\n",
			Options{},
			"item | X-1 | jira:X-1 | A |  |  | {} | {\"blocks\":[\"X-9\"]} |  | f:2\n",
		},
		{
			"bad estimate and date", "ID,Title,Estimate,Due Date\nE-1,A,lots,soon\n",
			Options{},
			"item | E-1 | linear:E-1 | A |  |  | {} | {\"Due Date\":\"soon\",\"Estimate\":\"lots\"} |  | f:2\n" +
				"warning f:2: column \"Estimate\": \"lots\" is not an estimate (a number); kept under origin.fields\n" +
				"warning f:2: column \"Due Date\": \"soon\" is not a date roadlog reads (YYYY-MM-DD, ISO 8601, 02/Jan/06); kept under origin.fields\n",
		},
		{"empty", "", Options{}, "f: is empty: a CSV file starts with a header line naming its columns"},
		{"no title", "Name,State\nA,Open\n", Options{}, "f:1: no column holds the title: map one with --map title=COLUMN (the columns are: Name, State)"},
		{"mapped column missing", "Summary,Status\n", Options{Columns: []string{"title=Summry"}}, `f:1: --map title=Summry: no column "Summry"; did you mean "Summary"?`},
		{"mapped column far off", "Summary,Status\n", Options{Columns: []string{"title=Zzz"}}, `f:1: --map title=Zzz: no column "Zzz"; the columns are: Summary, Status`},
		{"unknown field", "Summary\n", Options{Columns: []string{"titel=Summary"}}, `--map titel=Summary: unknown field "titel"; did you mean "title"?`},
		{"bad mapping", "Summary\n", Options{Columns: []string{"Summary"}}, `--map "Summary": write FIELD=COLUMN (title=Summary), or status.NAME=STATUS`},
		{"unknown preset", "Summary\n", Options{Preset: "jria"}, `unknown preset "jria"; did you mean "jira"?`},
		{"wrong column count", "Title,Status\nA,Open\nB,Open,extra\n", Options{}, "f:3: a record with another number of values than the header's 2: a value with a comma or line break that is not in quotes?"},
		{"cut short", "Title,Status\nA,\"Open\nB,Open\n", Options{}, "f:2: a quoted value starts in this record and never ends (a quote missing, or the file cut short?)"},
		{"stray quote", "Title,Status\nA,Op\"en\n", Options{}, "f:2: column 5: malformed CSV: bare \" in non-quoted-field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Parse("f", []byte(tt.in), tt.o)
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = summary(b)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
}

func utf16le(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func TestSplitMap(t *testing.T) {
	cols, rules := SplitMap([]string{"title=Summary,status=Status", "status.Blocked=ready", "type.Chore=task", "owner=Who"})
	if d := cmp.Diff([]string{"title=Summary,status=Status", "owner=Who"}, cols); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]string{"status.Blocked=ready", "type.Chore=task"}, rules); d != "" {
		t.Error(d)
	}
}

const config = "version: 1\nproduct: {key: ACME}\n"

func TestImport(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			b, err := Read("testdata/"+fx.name+".csv", fx.o)
			if err != nil {
				t.Fatal(err)
			}
			root := importtest.Workspace(t, config)
			out := importtest.Import(t, root, b, importer.Options{})
			importtest.Golden(t, "testdata/"+fx.name+".out", out+importtest.Files(t, root), *update)
			before := importtest.Files(t, root)
			b, _ = Read("testdata/"+fx.name+".csv", fx.o)
			again := importtest.Import(t, root, b, importer.Options{})
			if !strings.Contains(again, "\n0 created, 0 updated,") {
				t.Errorf("second import changed something:\n%s", again)
			}
			if after := importtest.Files(t, root); after != before {
				t.Errorf("second import rewrote files")
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, fx := range fixtures {
		raw, err := os.ReadFile("testdata/" + fx.name + ".csv")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw, strings.Join(fx.o.Columns, ","))
	}
	f.Add([]byte("Title\n\"a"), "")
	f.Fuzz(func(t *testing.T, raw []byte, cols string) {
		var o Options
		if cols != "" {
			o.Columns = []string{cols}
		}
		b, err := Parse("f", raw, o)
		if err == nil && b == nil {
			t.Fatal("no batch and no error")
		}
	})
}
