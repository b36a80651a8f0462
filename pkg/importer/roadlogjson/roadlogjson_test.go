package roadlogjson

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/importer/internal/importtest"
	"github.com/roadlog/roadlog/pkg/model"
)

const envelope = `{
  "schema_version": 1,
  "objectives": [
    {"id": "OBJ-1", "title": "Grow", "owner": "ana", "computed": {"progress": 0.5},
     "key_results": [{"id": "KR-1", "title": "Rate", "target": 3, "current": 2.5}]}
  ],
  "key-results": [
    {"id": "KR-1", "title": "Rate", "target": 3, "current": 2.5, "objective": "OBJ-1"},
    {"id": "KR-2", "title": "Count", "target": 10, "computed": {"objective": "OBJ-1"}}
  ],
  "Items": [
    {"id": "ACME-1", "title": "Pay", "status": "ready", "type": "story", "score_inputs": {"reach": 10, "effort": 2},
     "parent": null, "depends_on": ["ACME-2"], "computed": {"score": 5, "kind": "item"}, "body": "Text.\n"},
    {"id": "ACME-2", "title": "Wallet", "status": "done", "kind": "item", "owner": "ben"}
  ],
  "personas": [{"id": "shopper", "name": "Sam"}]
}`

func TestParseEnvelope(t *testing.T) {
	b, err := Parse("plan.json", []byte(envelope))
	if err != nil {
		t.Fatal(err)
	}
	want := &importer.Batch{
		Records: []importer.Record{
			{Kind: model.KindObjective, SourceID: "OBJ-1", Title: "Grow", Fields: map[string]any{"owner": "ana"}, Where: "plan.json:4:5"},
			{Kind: model.KindKeyResult, SourceID: "KR-1", Title: "Rate", Fields: map[string]any{"target": int64(3), "current": 2.5}, Objective: "OBJ-1", Where: "plan.json:8:5"},
			{Kind: model.KindKeyResult, SourceID: "KR-2", Title: "Count", Fields: map[string]any{"target": int64(10)}, Objective: "OBJ-1", Where: "plan.json:9:5"},
			{
				Kind: model.KindItem, SourceID: "ACME-1", Title: "Pay", Status: "ready", Type: "story",
				Fields: map[string]any{"score": map[string]any{"reach": int64(10), "effort": int64(2)}, "depends_on": []any{"ACME-2"}},
				Body:   "Text.\n", Where: "plan.json:12:5",
			},
			{Kind: model.KindItem, SourceID: "ACME-2", Title: "Wallet", Status: "done", Fields: map[string]any{"owner": "ben"}, NoBody: true, Where: "plan.json:14:5"},
		},
		People:   []importer.Person{{Key: "ana", Name: "ana"}, {Key: "ben", Name: "ben"}},
		Warnings: []string{"plan.json: skipped persona shopper: import does not write product.md; copy them into its personas by hand"},
	}
	if d := cmp.Diff(want, b); d != "" {
		t.Errorf("batch (-want +got):\n%s", d)
	}
}

// TestParseNestedKeyResults: an objective's key_results come in as key
// results when the file does not list them as such.
func TestParseNestedKeyResults(t *testing.T) {
	b, err := Parse("plan.json", []byte(`{"objectives": [{"id": "OBJ-1", "title": "Grow", "key_results": [{"id": "KR-1", "title": "Rate"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Records) != 2 || b.Records[1].Kind != model.KindKeyResult || b.Records[1].Objective != "OBJ-1" || b.Records[0].Fields["key_results"] != nil {
		t.Errorf("records: %+v", b.Records)
	}
}

func TestParseJSONLines(t *testing.T) {
	in := "\ufeff" + `{"schema_version": 1}
{"kind": "item", "id": "A-1", "title": "One", "status": "idea"}
{"kind": "key-results", "id": "KR-1", "title": "Rate", "objective": "OBJ-1"}
{"kind": "Objective", "id": "OBJ-1", "title": "Grow", "schema_version": 1}
`
	b, err := Parse("plan.jsonl", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range b.Records {
		got = append(got, string(r.Kind)+" "+r.SourceID+" "+r.Where)
	}
	want := []string{"item A-1 plan.jsonl:2:1", "key_result KR-1 plan.jsonl:3:1", "objective OBJ-1 plan.jsonl:4:1"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
}

func TestParseUTF16(t *testing.T) {
	in := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(`{"items": [{"id": "A-1", "title": "Zoë", "status": "idea"}]}`)) {
		in = append(in, byte(u), byte(u>>8))
	}
	b, err := Parse("plan.json", in)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Records) != 1 || b.Records[0].Title != "Zoë" {
		t.Errorf("records: %+v", b.Records)
	}
}

// TestParseErrors: input that cannot be imported names file, line and
// column.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "  \n", "f.json: holds no JSON: write the output of `roadlog export json` into it"},
		{"malformed", "{\"items\": [\n  {\"id\": \"A-1\",, \"title\": \"x\"}]}", `f.json:2:16: malformed JSON: invalid character ',' looking for beginning of object key string`},
		{"cut short", `{"items": [{"id": "A-1"`, "f.json:1:24: malformed JSON: it ends in the middle of a value (cut short?)"},
		{"not an object", `[1, 2]`, `f.json:1:1: expected an object: the {"schema_version": 1, "items": […], …} of roadlog export json, or one record a line`},
		{"unknown key", `{"schema_version": 1, "itemz": []}`, `f.json:1:23: unknown key "itemz"; did you mean "items"?`},
		{"newer schema", `{"schema_version": 2, "items": []}`, "f.json:1:20: schema_version 2 is not one this roadlog reads (up to 1): import it with a newer roadlog"},
		{"schema not a number", `{"schema_version": "1"}`, "f.json:1:20: schema_version is text, not a whole number"},
		{"kind not a list", `{"items": {}}`, `f.json:1:11: "items" is an object, not a list of records`},
		{"record not an object", `{"items": [1]}`, `f.json:1:12: a record of "items" is a number, not an object`},
		{"no id", `{"items": [{"title": "x"}]}`, `f.json:1:12: a record without "id": every record needs one`},
		{"no title", `{"items": [{"id": "A-1"}]}`, `f.json:1:12: a record without "title": every record needs one`},
		{"title not text", `{"items": [{"id": "A-1", "title": 7}]}`, `f.json:1:35: "title" is a number, not text`},
		{"status not text", `{"items": [{"id": "A-1", "title": "x", "status": ["a"]}]}`, `f.json:1:50: "status" is a list, not text`},
		{"ref not an ID", `{"items": [{"id": "A-1", "title": "x", "parent": 3}]}`, `f.json:1:50: "parent" is a number, not an ID`},
		{"refs not a list", `{"items": [{"id": "A-1", "title": "x", "depends_on": "A-2"}]}`, `f.json:1:54: "depends_on" is text, not a list of IDs`},
		{"body not text", `{"items": [{"id": "A-1", "title": "x", "body": {}}]}`, `f.json:1:48: "body" is an object, not text (the Markdown of the record)`},
		{"key twice", `{"items": [{"id": "A-1", "title": "x", "title": "y"}]}`, `f.json:1:40: "title" comes twice in this object; keep one`},
		{"key result alone", `{"key_results": [{"id": "KR-1", "title": "x"}]}`, `f.json:1:18: key result KR-1 without "objective": name the objective it belongs to`},
		{"line without kind", "{\"kind\": \"item\", \"id\": \"A-1\", \"title\": \"x\"}\n{\"id\": \"A-2\"}", `f.json:2:1: a record without "kind": with one record a line, each names its kind ("kind": "item")`},
		{"newer line", `{"kind": "item", "id": "A-1", "title": "x", "schema_version": 3}`, "f.json:1:63: schema_version 3 is not one this roadlog reads (up to 1): import it with a newer roadlog"},
		{"unknown kind", `{"kind": "iteem", "id": "A-1", "title": "x"}`, `f.json:1:10: unknown kind "iteem"; did you mean "item"?`},
		{"kind in the wrong list", `{"items": [{"kind": "risk", "id": "A-1", "title": "x"}]}`, `f.json:1:21: kind "risk" in the list of items`},
		{"huge number", `{"items": [{"id": "A-1", "title": "x", "estimate": 1e999}]}`, `f.json:1:52: "estimate" holds the number 1e999, which is too large`},
		{"utf-8 invalid", "{\"items\": [{\"id\": \"A-1\", \"title\": \"caf\xe9\"}]}", "f.json: is not UTF-8 (byte 39); save it as UTF-8 and import it again"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("f.json", []byte(c.in))
			var ie *importer.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an InputError", err)
			}
			if got := err.Error(); !strings.HasPrefix(got, c.want) {
				t.Errorf("err =\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

const config = `version: 1
product: {key: ACME}
people:
  ana: {name: Ana}
`

const plan = `{"schema_version": 1,
 "releases": [{"id": "R-1", "title": "Spring", "date": "2027-03-15"}],
 "items": [
  {"id": "ACME-1", "title": "Pay", "status": "ready", "type": "story", "release": "R-1", "owner": "ana", "body": "Text.\n"},
  {"id": "ACME-2", "title": "Wallet", "status": "idea", "rank": "b", "depends_on": ["ACME-1"]}
 ]}`

// TestImport: records come in as they were, with no origin and none of
// the defaults of a new record they do not set; importing again changes
// nothing; a field that differs is kept unless --overwrite.
func TestImport(t *testing.T) {
	root := importtest.Workspace(t, config)
	b, err := Parse("plan.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	out := importtest.Import(t, root, b, importer.Options{})
	want := `+ release R-1 "Spring"
+ item ACME-1 "Pay"
+ item ACME-2 "Wallet"
3 created, 0 updated, 0 unchanged, 0 people added
`
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("first import (-want +got):\n%s", d)
	}
	files := `== backlog/ACME-1-pay.md
---
id: ACME-1
title: Pay
type: story
status: ready
owner: ana
release: R-1
---
Text.
== backlog/ACME-2-wallet.md
---
id: ACME-2
title: Wallet
status: idea
rank: b
depends_on: [ACME-1]
---
== releases.yaml
releases:
  - id: R-1
    title: Spring
    date: 2027-03-15
== roadlog.yaml
` + config
	if d := cmp.Diff(files, importtest.Files(t, root)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if out := importtest.Import(t, root, b, importer.Options{}); !strings.HasSuffix(out, "0 created, 0 updated, 3 unchanged, 0 people added\n") {
		t.Errorf("second import:\n%s", out)
	}
	b2, err := Parse("plan.json", []byte(strings.Replace(plan, `"title": "Pay"`, `"title": "Pay by card"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	out = importtest.Import(t, root, b2, importer.Options{})
	if !strings.Contains(out, `    title: kept as the workspace has it (--overwrite replaces it with "Pay by card")`) {
		t.Errorf("import of a changed title:\n%s", out)
	}
	out = importtest.Import(t, root, b2, importer.Options{Overwrite: true})
	if !strings.Contains(out, `    title: "Pay" → "Pay by card"`) || !strings.HasSuffix(out, "0 created, 1 updated, 2 unchanged, 0 people added\n") {
		t.Errorf("import with --overwrite:\n%s", out)
	}
}

// TestImportUnknownReference: a reference to a record neither in the file
// nor in the workspace stops the import.
func TestImportUnknownReference(t *testing.T) {
	root := importtest.Workspace(t, config)
	b, err := Parse("plan.json", []byte(`{"items": [{"id": "ACME-1", "title": "Pay", "status": "ready", "parent": "ACME-9"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := change.Begin(t.Context(), root, importtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = importer.Import(t.Context(), s, b, importer.Options{})
	want := "plan.json:1:12: ACME-1: parent names ACME-9, which is neither in the input nor in the workspace; import it too, or remove the reference"
	var ie *importer.InputError
	if !errors.As(err, &ie) || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// FuzzParse: no input makes Parse panic, and an error is an InputError.
func FuzzParse(f *testing.F) {
	f.Add([]byte(envelope))
	f.Add([]byte(plan))
	f.Add([]byte("{\"kind\": \"item\", \"id\": \"A\", \"title\": \"x\"}\n{\"kind\": \"risk\"}"))
	f.Add([]byte(`{"objectives": [{"id": "O", "title": "t", "key_results": [{"id": 1}]}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, err := Parse("f.json", in)
		var ie *importer.InputError
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("%T %v", err, err)
		}
	})
}
