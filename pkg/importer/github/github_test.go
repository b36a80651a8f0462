package github

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

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

func TestParseFixtures(t *testing.T) {
	for _, name := range []string{"gh", "rest"} {
		t.Run(name, func(t *testing.T) {
			b, err := Read("testdata/" + name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			importtest.Golden(t, "testdata/"+name+".batch", summary(b), *update)
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // summary, or the error
	}{
		{"empty list", `[]`, ""},
		{
			"pages one a line", "[{\"number\":1,\"title\":\"A\",\"state\":\"open\",\"html_url\":\"https://github.com/o/r/issues/1\"}]\n[{\"number\":2,\"title\":\"B\",\"state\":\"closed\",\"html_url\":\"https://github.com/o/r/issues/2\"}]\n",
			"item | GH-1 | github:o/r#1 | A | open |  | {} | {\"url\":\"https://github.com/o/r/issues/1\"} |  | f:1\n" +
				"item | GH-2 | github:o/r#2 | B | closed |  | {} | {\"url\":\"https://github.com/o/r/issues/2\"} |  | f:2\n",
		},
		{
			"one issue object", `{"number":9,"title":"A","state":"OPEN","url":"https://ghe.example.com/o/r/issues/9","labels":["Bug"]}`,
			"item | GH-9 | github:ghe.example.com/o/r#9 | A | OPEN | Bug | {\"labels\":[\"Bug\"]} | {\"url\":\"https://ghe.example.com/o/r/issues/9\"} |  | f:1\n",
		},
		{
			"API url only", `[{"number":3,"title":"A","state":"open","url":"https://api.github.com/repos/o/r/issues/3"}]`,
			"item | GH-3 | github:o/r#3 | A | open |  | {} | {\"url\":\"https://api.github.com/repos/o/r/issues/3\"} |  | f:1\n",
		},
		{
			"reopened is open", `[{"number":3,"title":"A","state":"OPEN","stateReason":"REOPENED","url":"https://github.com/o/r/issues/3"}]`,
			"item | GH-3 | github:o/r#3 | A | OPEN |  | {} | {\"url\":\"https://github.com/o/r/issues/3\"} |  | f:1\n",
		},
		{
			"no url", `[{"number":3,"title":"","state":"open"}]`,
			"item | GH-3 | github:#3 | (issue #3 has no title) | open |  | {} | {} |  | f:1\n" +
				"warning f:1: issue #3 has no url naming its repository; keyed github#3, which another repository's issue would share\n" +
				"warning f:1: issue #3 has no title; titled \"(issue #3 has no title)\"\n",
		},
		{"UTF-8 BOM", "\ufeff[]", ""},
		{"UTF-16 BOM", string([]byte{0xFF, 0xFE, '[', 0, ']', 0}), ""},
		{"malformed", "[\n  {\"number\": 1,\n   \"title\": \"A\" \"state\": 1}\n]", "f:3: column 17: malformed JSON: invalid character '\"' after object key:value pair"},
		{"cut short", "[\n  {\"number\": 1,", "f:2: column 16: malformed JSON: it ends in the middle of a value (cut short?)"},
		{"wrong type", "[\n {\"number\": \"1\"}]", `f:2: column 15: "number" is text, not a number`},
		{"not a list", `"hello"`, `f:1: column 1: expected a list of issues ([…]), found "hello"`},
		{"no number", `[{"title":"A"}]`, `f:1: column 2: an issue without "number": is this the output of gh issue list --json number,… or of the REST issues API?`},
		{"no state", `[{"number":1,"title":"A","url":"https://github.com/o/r/issues/1"}]`, `f:1: column 2: issue #1 has no "state"`},
		{"nothing", "  \n", "f: holds no JSON: write the output of `gh issue list --json …` or `gh api repos/OWNER/REPO/issues` into it"},
		{"Latin-1", "[\"\xe9\"]", "f: is not UTF-8 (byte 3); save it as UTF-8 and import it again"},
		{"garbage", "[1]x", "f:1: column 2: an issue is a number, not an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Parse("f", []byte(tt.in))
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = summary(b)
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

const config = "version: 1\nproduct: {key: ACME}\n"

func TestImport(t *testing.T) {
	for _, name := range []string{"gh", "rest"} {
		t.Run(name, func(t *testing.T) {
			b, err := Read("testdata/" + name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			root := importtest.Workspace(t, config)
			out := importtest.Import(t, root, b, importer.Options{})
			importtest.Golden(t, "testdata/"+name+".out", out+importtest.Files(t, root), *update)
			before := importtest.Files(t, root)
			b, _ = Read("testdata/" + name + ".json")
			again := importtest.Import(t, root, b, importer.Options{})
			if !strings.HasPrefix(again[strings.Index(again, "\n0 created")+1:], "0 created, 0 updated,") {
				t.Errorf("second import changed something:\n%s", again)
			}
			if after := importtest.Files(t, root); after != before {
				t.Errorf("second import rewrote files")
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/gh.json", "testdata/rest.json"} {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte(`{"number":1,"state":"open","pull_request":{}}`))
	f.Add([]byte("[][]"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		b, err := Parse("f", raw)
		if err == nil && b == nil {
			t.Fatal("no batch and no error")
		}
	})
}
