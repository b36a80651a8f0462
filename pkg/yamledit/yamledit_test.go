package yamledit

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const item = `id: ACME-12
title: Guest checkout   # the title
status: ready
labels: [checkout, conversion]
rank: "i"
score: {reach: 1200, impact: 2}

depends_on:
  - ACME-9
  - ACME-10
note: 'it''s'
description: |
  Line one.
  Line two.
# trailing comment
created: 2026-11-02
`

func TestEdits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		op   func(*Doc) error
		want string
	}{
		{
			"set plain scalar, keeping the comment", item, func(d *Doc) error { return d.Set([]string{"title"}, "Pay as a guest") },
			replaceItem("title: Guest checkout   # the title", "title: Pay as a guest   # the title"),
		},
		{
			"set keeps double quotes", item, func(d *Doc) error { return d.Set([]string{"rank"}, "h") },
			replaceItem(`rank: "i"`, `rank: "h"`),
		},
		{
			"set keeps single quotes", item, func(d *Doc) error { return d.Set([]string{"note"}, "its") },
			replaceItem(`note: 'it''s'`, `note: 'its'`),
		},
		{
			"a string that looks like a number is quoted", item, func(d *Doc) error { return d.Set([]string{"title"}, "123") },
			replaceItem("title: Guest checkout ", `title: "123" `),
		},
		{
			"a number stays a number", item, func(d *Doc) error { return d.Set([]string{"status"}, int64(5)) },
			replaceItem("status: ready", "status: 5"),
		},
		{
			"a date stays plain", item, func(d *Doc) error { return d.Set([]string{"created"}, "2027-01-15") },
			replaceItem("created: 2026-11-02", "created: 2027-01-15"),
		},
		{
			"nested key in a flow mapping", item, func(d *Doc) error { return d.Set([]string{"score", "reach"}, int64(900)) },
			replaceItem("reach: 1200", "reach: 900"),
		},
		{
			"new nested key in a flow mapping", item, func(d *Doc) error { return d.Set([]string{"score", "effort"}, 3.5) },
			replaceItem("impact: 2}", "impact: 2, effort: 3.5}"),
		},
		{
			"new key goes after the last one", item, func(d *Doc) error { return d.Set([]string{"owner"}, "ana") },
			item + "owner: ana\n",
		},
		{
			"new key with a new mapping", "id: A\n", func(d *Doc) error { return d.Set([]string{"score", "reach"}, int64(1)) },
			"id: A\nscore: {reach: 1}\n",
		},
		{
			"append to a flow list", item, func(d *Doc) error { return d.Append([]string{"labels"}, "beta") },
			replaceItem("[checkout, conversion]", "[checkout, conversion, beta]"),
		},
		{
			"append to a block list", item, func(d *Doc) error { return d.Append([]string{"depends_on"}, "ACME-11") },
			replaceItem("  - ACME-10\n", "  - ACME-10\n  - ACME-11\n"),
		},
		{
			"append creates the list", item, func(d *Doc) error { return d.Append([]string{"insights"}, "INS-1") },
			item + "insights: [INS-1]\n",
		},
		{
			"remove from a flow list", item, func(d *Doc) error { _, err := d.Remove([]string{"labels"}, "checkout"); return err },
			replaceItem("[checkout, conversion]", "[conversion]"),
		},
		{
			"remove from a block list", item, func(d *Doc) error { _, err := d.Remove([]string{"depends_on"}, "ACME-9"); return err },
			replaceItem("  - ACME-9\n", ""),
		},
		{
			"removing the last element leaves []", "l: [a]\n", func(d *Doc) error { _, err := d.Remove([]string{"l"}, "a"); return err },
			"l: []\n",
		},
		{
			"replace a block list keeps it a block list", item, func(d *Doc) error { return d.Set([]string{"depends_on"}, []any{"A", "B"}) },
			replaceItem("  - ACME-9\n  - ACME-10\n", "  - A\n  - B\n"),
		},
		{
			"replace a flow list", item, func(d *Doc) error { return d.Set([]string{"labels"}, []any{"x: y", "z"}) },
			replaceItem("[checkout, conversion]", `["x: y", z]`),
		},
		{
			"delete a key with a block value", item, func(d *Doc) error { return d.Delete([]string{"description"}) },
			replaceItem("description: |\n  Line one.\n  Line two.\n", ""),
		},
		{
			"delete a key in a flow mapping", item, func(d *Doc) error { return d.Delete([]string{"score", "reach"}) },
			replaceItem("{reach: 1200, impact: 2}", "{impact: 2}"),
		},
		{
			"delete the last key in a flow mapping", item, func(d *Doc) error { return d.Delete([]string{"score", "impact"}) },
			replaceItem("{reach: 1200, impact: 2}", "{reach: 1200}"),
		},
		{
			"replace a block scalar", item, func(d *Doc) error { return d.Set([]string{"description"}, "Short.") },
			replaceItem("|\n  Line one.\n  Line two.", "Short."),
		},
		{
			"CRLF stays CRLF", "a: 1\r\nb: two\r\n", func(d *Doc) error { return d.Set([]string{"c"}, "x") },
			"a: 1\r\nb: two\r\nc: x\r\n",
		},
		{"empty document", "", func(d *Doc) error { return d.Set([]string{"id"}, "A-1") }, "id: A-1\n"},
		{
			"records of a list file", "initiatives:\n  - id: I-1\n    title: One\n\n  - id: I-2\n    title: Two\n",
			func(d *Doc) error { return d.Set([]string{"initiatives", "0", "status"}, "done") },
			"initiatives:\n  - id: I-1\n    title: One\n    status: done\n\n  - id: I-2\n    title: Two\n",
		},
		{
			"compact list under a key", "l:\n- a\n- b\nz: 1\n", func(d *Doc) error { return d.Append([]string{"l"}, "c") },
			"l:\n- a\n- b\n- c\nz: 1\n",
		},
		{
			"emoji stay readable", "a: x\n", func(d *Doc) error { return d.Set([]string{"a"}, "🚀 launch \\U0001F680") },
			"a: \"🚀 launch \\\\U0001F680\"\n",
		},
		{
			"emoji in a list", "a: [x]\n", func(d *Doc) error { return d.Append([]string{"a"}, "🚀") },
			"a: [x, \"🚀\"]\n",
		},
		{
			"control characters are escaped", "a: x\n", func(d *Doc) error { return d.Set([]string{"a"}, "bell\a\nnext") },
			"a: \"bell\\a\\nnext\"\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.op(d); err != nil {
				t.Fatal(err)
			}
			if got := string(d.Bytes()); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// replaceItem returns item with the first old replaced by repl.
func replaceItem(old, repl string) string {
	if !strings.Contains(item, old) {
		panic("no " + old)
	}
	return strings.Replace(item, old, repl, 1)
}

func TestRefusals(t *testing.T) {
	for _, tt := range []struct {
		name string
		src  string
		op   func(*Doc) error
	}{
		{"anchors", "a: &x 1\nb: *x\n", func(d *Doc) error { return d.Set([]string{"a"}, int64(2)) }},
		{"multi-line plain", "a: one\n  two\n", func(d *Doc) error { return d.Set([]string{"a"}, "x") }},
		{"not a list", "a: 1\n", func(d *Doc) error { return d.Append([]string{"a"}, "x") }},
		{"into a scalar", "a: 1\n", func(d *Doc) error { return d.Set([]string{"a", "b"}, "x") }},
	} {
		d, err := Parse([]byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		before := string(d.Bytes())
		if err := tt.op(d); err == nil {
			t.Errorf("%s: no error, got %q", tt.name, d.Bytes())
		}
		if string(d.Bytes()) != before {
			t.Errorf("%s: text changed after a failed edit", tt.name)
		}
	}
	if _, err := Parse([]byte("a: 1\na: 2\n")); err == nil {
		t.Error("duplicate keys parsed for editing")
	}
}

func TestBlockMaps(t *testing.T) {
	item := Map{{Key: "id", Value: "I-3"}, {Key: "title", Value: "Three: the sequel"}, {Key: "objectives", Value: []any{"OBJ-1"}}}
	d, err := Parse([]byte("initiatives:\n  - id: I-1\n    title: One\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Append([]string{"initiatives"}, item); err != nil {
		t.Fatal(err)
	}
	want := "initiatives:\n  - id: I-1\n    title: One\n  - id: I-3\n    title: \"Three: the sequel\"\n    objectives: [OBJ-1]\n"
	if got := string(d.Bytes()); got != want {
		t.Errorf("append:\n%s\nwant\n%s", got, want)
	}
	d, _ = Parse([]byte("objectives:\n  - id: O-1\n    title: O\n"))
	if err := d.Set([]string{"objectives", "0", "key_results"}, []any{Map{{Key: "id", Value: "KR-1"}, {Key: "title", Value: "K"}}}); err != nil {
		t.Fatal(err)
	}
	want = "objectives:\n  - id: O-1\n    title: O\n    key_results:\n      - id: KR-1\n        title: K\n"
	if got := string(d.Bytes()); got != want {
		t.Errorf("insert:\n%s\nwant\n%s", got, want)
	}
}

func TestRecordsReplaceEmptyList(t *testing.T) {
	d, err := Parse([]byte("# c\nthemes: []\ninitiatives: []\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Set([]string{"themes"}, []any{Map{{Key: "id", Value: "t"}, {Key: "title", Value: "T"}}}); err != nil {
		t.Fatal(err)
	}
	want := "# c\nthemes:\n  - id: t\n    title: T\ninitiatives: []\n"
	if got := string(d.Bytes()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// order is a KeyOrder like the schemas': id, title, status, labels, score,
// due; score's keys reach, impact.
func order(path []string) []string {
	switch strings.Join(path, ".") {
	case "", "initiatives.0", "initiatives.1":
		return []string{"id", "title", "status", "labels", "score", "due"}
	case "score":
		return []string{"reach", "impact"}
	}
	return nil
}

// TestLayout: with fmt's layout, new keys go where roadlog fmt orders them,
// top-level sections and list records of a YAML file stand apart, and a
// collection that was in fmt's style keeps fmt's style.
func TestLayout(t *testing.T) {
	canonical := func(src []byte) *yaml.Node {
		// A stand-in for yamlfmt: lists of more than three items go one a
		// line.
		var doc yaml.Node
		if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
			return nil
		}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.SequenceNode {
				n.Style = yaml.FlowStyle
				if len(n.Content) > 3 {
					n.Style = 0
				}
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(doc.Content[0])
		return doc.Content[0]
	}
	front := Layout{KeyOrder: order, Canonical: canonical}
	file := Layout{KeyOrder: order, Sections: true, Canonical: canonical}
	tests := []struct {
		name   string
		layout Layout
		src    string
		op     func(*Doc) error
		want   string
	}{
		{
			"a new key goes before the first that fmt puts after it", front,
			"id: A\ntitle: T   # c\n# about due\ndue: 2027-01-01\n",
			func(d *Doc) error { return d.Set([]string{"status"}, "idea") },
			"id: A\ntitle: T   # c\nstatus: idea\n# about due\ndue: 2027-01-01\n",
		},
		{
			"keys fmt does not know go last", front, "id: A\ndue: 2027-01-01\n",
			func(d *Doc) error { return d.Set([]string{"custom"}, "x") },
			"id: A\ndue: 2027-01-01\ncustom: x\n",
		},
		{
			"a known key goes before unknown ones", front, "id: A\ncustom: x\n",
			func(d *Doc) error { return d.Set([]string{"status"}, "idea") },
			"id: A\nstatus: idea\ncustom: x\n",
		},
		{
			"before the first key", front, "title: T\n",
			func(d *Doc) error { return d.Set([]string{"id"}, "A") },
			"id: A\ntitle: T\n",
		},
		{
			"in a flow mapping", front, "id: A\nscore: {impact: 2}\n",
			func(d *Doc) error { return d.Set([]string{"score", "reach"}, int64(9)) },
			"id: A\nscore: {reach: 9, impact: 2}\n",
		},
		{
			"a new mapping on the way", front, "id: A\ndue: 2027-01-01\n",
			func(d *Doc) error { return d.Set([]string{"score", "reach"}, int64(9)) },
			"id: A\nscore: {reach: 9}\ndue: 2027-01-01\n",
		},
		{
			"a record in a list file", file, "initiatives:\n  - id: I-1\n    due: 2027-01-01\n",
			func(d *Doc) error { return d.Set([]string{"initiatives", "0", "status"}, "done") },
			"initiatives:\n  - id: I-1\n    status: done\n    due: 2027-01-01\n",
		},
		{
			"before the first key of a list item", file, "initiatives:\n  - title: T\n",
			func(d *Doc) error { return d.Set([]string{"initiatives", "0", "id"}, "I-1") },
			"initiatives:\n  - id: I-1\n    title: T\n",
		},
		{
			"a new top-level key stands apart", file, "themes: []\n\ninitiatives: []\n",
			func(d *Doc) error { return d.Set([]string{"releases"}, []any{}) },
			"themes: []\n\ninitiatives: []\n\nreleases: []\n",
		},
		{
			"the second record of a list file stands apart", file, "initiatives:\n  - id: I-1\n",
			func(d *Doc) error {
				return d.Append([]string{"initiatives"}, Map{{Key: "title", Value: "T"}, {Key: "id", Value: "I-2"}})
			},
			"initiatives:\n  - id: I-1\n\n  - id: I-2\n    title: T\n",
		},
		{
			"but not in front matter", front, "initiatives:\n  - id: I-1\n",
			func(d *Doc) error { return d.Append([]string{"initiatives"}, Map{{Key: "id", Value: "I-2"}}) },
			"initiatives:\n  - id: I-1\n  - id: I-2\n",
		},
		{
			"a list grown past fmt's width goes one item a line", front, "id: A\nlabels: [a, b, c]\n",
			func(d *Doc) error { return d.Append([]string{"labels"}, "d") },
			"id: A\nlabels:\n  - a\n  - b\n  - c\n  - d\n",
		},
		{
			"and back on one line when it fits again", front, "id: A\nlabels:\n  - a\n  - b\n  - c\n  - d\n",
			func(d *Doc) error { _, err := d.Remove([]string{"labels"}, "a"); return err },
			"id: A\nlabels: [b, c, d]\n",
		},
		{
			"a style the user chose stays", front, "id: A\nlabels:\n  - a\n",
			func(d *Doc) error { return d.Append([]string{"labels"}, "b") },
			"id: A\nlabels:\n  - a\n  - b\n",
		},
		{
			"quotes the old value needed go", front, "id: A\ntitle: \"123\"\n",
			func(d *Doc) error { return d.Set([]string{"title"}, "Hello") },
			"id: A\ntitle: Hello\n",
		},
		{
			"quotes the user chose stay", front, "id: A\ntitle: \"Hi\"\n",
			func(d *Doc) error { return d.Set([]string{"title"}, "Hello") },
			"id: A\ntitle: \"Hello\"\n",
		},
		{
			"several lines are a block", front, "id: A\ntitle: T\n",
			func(d *Doc) error { return d.Set([]string{"title"}, "one\ntwo") },
			"id: A\ntitle: |-\n  one\n  two\n",
		},
		{
			"a block under a record", file, "initiatives:\n  - id: I-1\n",
			func(d *Doc) error { return d.Set([]string{"initiatives", "0", "title"}, "one\ntwo\n") },
			"initiatives:\n  - id: I-1\n    title: |\n      one\n      two\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			d.SetLayout(tt.layout)
			if err := tt.op(d); err != nil {
				t.Fatal(err)
			}
			if got := string(d.Bytes()); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestDelete removes keys and list elements; what is not there is a
// *NotFoundError that says what is.
func TestDelete(t *testing.T) {
	tests := []struct {
		name string
		src  string
		path string
		want string // the text after, or the error
	}{
		{"a flow list element", "labels: [a, b, c]\n", "labels.1", "labels: [a, c]\n"},
		{"a block list element", "labels:\n  - a\n  - b\n", "labels.0", "labels:\n  - b\n"},
		{"the last element", "labels: [a]\n", "labels.0", "labels: []\n"},
		{"the last block element", "x: 1\nlabels:\n  - a\ny: 2\n", "labels.0", "x: 1\nlabels: []\ny: 2\n"},
		{"a nested key", "score: {reach: 1, impact: 2}\n", "score.reach", "score: {impact: 2}\n"},
		{"the only key of a flow mapping", "score: {reach: 1}\n", "score.reach", "score: {}\n"},
		{"the only key of a block mapping", "score:\n  reach: 1\nz: 1\n", "score.reach", "score: {}\nz: 1\n"},
		{"a key of a record", "l:\n  - id: A\n    t: x\n", "l.0.t", "l:\n  - id: A\n"},
		{"the first key of a record", "l:\n  - id: A\n    t: x\n", "l.0.id", "l:\n  - t: x\n"},
		{"a key between blank lines", "a: 1\n\nb: 2\n\nc: 3\n", "b", "a: 1\n\nc: 3\n"},
		{"a list element of a record", "l:\n  - id: A\n    n: [x, y]\n", "l.0.n.1", "l:\n  - id: A\n    n: [x]\n"},
		{"an absent key", "labels: [a]\nscore: {}\n", "lables", "lables is not set; did you mean \"labels\"?"},
		{"an absent nested key", "score: {reach: 1}\n", "score.raech", "score.raech is not set; did you mean \"reach\"?"},
		{"an element past the end", "labels: [a, b]\n", "labels.5", "labels has no element 5: it has 2 (0 to 1)"},
		{"not an index", "labels: [a, b]\n", "labels.x", "labels has no element x: it has 2 (0 to 1)"},
		{"an empty list", "labels: []\n", "labels.0", "labels is an empty list"},
		{"under a scalar", "title: T\n", "title.x", "title is not a mapping or a list"},
		{"in an empty document", "", "a", "a is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if err := d.Delete(strings.Split(tt.path, ".")); err != nil {
				var nf *NotFoundError
				if !errors.As(err, &nf) {
					t.Fatalf("error %v is not a *NotFoundError", err)
				}
				got = err.Error()
				if string(d.Bytes()) != tt.src {
					t.Errorf("a failed delete changed the text to %q", d.Bytes())
				}
			} else {
				got = string(d.Bytes())
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// yaml11Float is the float of YAML 1.1 (yaml.org/type/float.html), whose
// readers (PyYAML) take "5e-324" for text.
var yaml11Float = regexp.MustCompile(`^[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?$`)

// TestScalarNumbers checks that a float is written in the shortest text
// that reads back as the same float and is a float in YAML 1.1 and 1.2
// alike (a "." in the digits, a signed exponent): 5e-324 was written as a
// decimal of 324 digits.
func TestScalarNumbers(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{int64(5), "5"},
		{2.5, "2.5"},
		{0.1, "0.1"},
		{100.0, "100"}, // a whole number reads back as one
		{1e15, "1.0e+15"},
		{0.0001, "0.0001"},
		{1000000.5, "1000000.5"},
		{123456.789, "123456.789"},
		{5e-324, "5.0e-324"},
		{-2.5e-7, "-2.5e-07"},
		{1.5e300, "1.5e+300"},
		{1e21, "1.0e+21"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
	}
	for _, tt := range tests {
		got, err := Scalar(tt.v, 0)
		if err != nil || got != tt.want {
			t.Errorf("Scalar(%v) = %q, %v; want %q", tt.v, got, err, tt.want)
			continue
		}
		d, err := Parse([]byte("k: " + got + "\n"))
		if err != nil {
			t.Errorf("%q does not parse: %v", got, err)
			continue
		}
		if back := d.Value().(map[string]any)["k"]; back != normalize(tt.v) {
			t.Errorf("%q reads back as %#v, want %#v", got, back, normalize(tt.v))
		}
		if _, isFloat := normalize(tt.v).(float64); isFloat && !yaml11Float.MatchString(got) {
			t.Errorf("%q is not a float to a YAML 1.1 reader", got)
		}
	}
}

// TestLineEndings makes every kind of edit on the same text with each
// line ending YAML knows: LF, CRLF, a lone CR (old Mac), NEL, LS and PS.
// The result is the LF result with the file's own line ending, new lines
// included. With lone CRs, set was refused as "a plain value that spans
// lines": positions were found by LF only, and yaml.v3 counts every break.
func TestLineEndings(t *testing.T) {
	const src = "initiatives:\n  - id: I-1\n    title: x # c\n    labels:\n      - a\n      - b\n    horizon: now\n"
	edits := []struct {
		name string
		op   func(*Doc) error
		want string
	}{
		{
			"set", func(d *Doc) error { return d.Set([]string{"initiatives", "0", "title"}, "y") },
			"initiatives:\n  - id: I-1\n    title: y # c\n    labels:\n      - a\n      - b\n    horizon: now\n",
		},
		{
			"set text of two lines", func(d *Doc) error { return d.Set([]string{"initiatives", "0", "title"}, "one\ntwo") },
			"initiatives:\n  - id: I-1\n    title: |- # c\n      one\n      two\n    labels:\n      - a\n      - b\n    horizon: now\n",
		},
		{
			"insert", func(d *Doc) error { return d.Set([]string{"initiatives", "0", "status"}, "done") },
			"initiatives:\n  - id: I-1\n    title: x # c\n    labels:\n      - a\n      - b\n    horizon: now\n    status: done\n",
		},
		{
			"append", func(d *Doc) error { return d.Append([]string{"initiatives", "0", "labels"}, "c") },
			"initiatives:\n  - id: I-1\n    title: x # c\n    labels:\n      - a\n      - b\n      - c\n    horizon: now\n",
		},
		{
			"delete element", func(d *Doc) error { return d.Delete([]string{"initiatives", "0", "labels", "0"}) },
			"initiatives:\n  - id: I-1\n    title: x # c\n    labels:\n      - b\n    horizon: now\n",
		},
		{
			"delete key", func(d *Doc) error { return d.Delete([]string{"initiatives", "0", "horizon"}) },
			"initiatives:\n  - id: I-1\n    title: x # c\n    labels:\n      - a\n      - b\n",
		},
		{"add record", func(d *Doc) error {
			return d.Append([]string{"initiatives"}, Map{{Key: "id", Value: "I-2"}, {Key: "title", Value: "T"}})
		}, src + "  - id: I-2\n    title: T\n"},
	}
	for _, eol := range []string{"\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029"} {
		for _, e := range edits {
			d, err := Parse([]byte(strings.ReplaceAll(src, "\n", eol)))
			if err != nil {
				t.Fatalf("%q: %v", eol, err)
			}
			before := string(d.Bytes())
			err = e.op(d)
			if e.name == "set text of two lines" && (eol == "\u2028" || eol == "\u2029") {
				// A | block keeps LS and PS as they are: its text would
				// read back with them. The edit is refused, nothing changed.
				if !errors.Is(err, ErrUnsafe) || string(d.Bytes()) != before {
					t.Errorf("%s with %q line endings: %v, text %q", e.name, eol, err, d.Bytes())
				}
				continue
			}
			if err != nil {
				t.Errorf("%s with %q line endings: %v", e.name, eol, err)
				continue
			}
			if got, want := string(d.Bytes()), strings.ReplaceAll(e.want, "\n", eol); got != want {
				t.Errorf("%s with %q line endings:\n%q\nwant\n%q", e.name, eol, got, want)
			}
		}
	}
}

// TestCommentOnKeyLineKept: a comment on the line of a key whose value is
// replaced stays on that line: over a block list or mapping (where it sat
// before the value), over a | block (on its header), and when a one-line
// value becomes a | block. Set and --unset dropped it (review of issue 9,
// P2-9: "labels: # the labels" over "- a # first" / "- b", --unset
// labels.0 gave "labels: [b]").
func TestCommentOnKeyLineKept(t *testing.T) {
	const list = "labels: # the labels\n  - a # first\n  - b\nz: 1\n"
	tests := []struct {
		name, src string
		op        func(*Doc) error
		want      string
	}{
		{
			"unset an element", list, func(d *Doc) error { return d.Delete([]string{"labels", "0"}) },
			"labels: # the labels\n  - b\nz: 1\n",
		},
		{
			"a block list stays one", list, func(d *Doc) error { return d.Set([]string{"labels"}, []any{"x"}) },
			"labels: # the labels\n  - x\nz: 1\n",
		},
		{"a list of records", list, func(d *Doc) error {
			return d.Set([]string{"labels"}, []any{Map{{Key: "id", Value: "I-1"}}})
		}, "labels: # the labels\n  - id: I-1\nz: 1\n"},
		{
			"a scalar over a block list", list, func(d *Doc) error { return d.Set([]string{"labels"}, "x") },
			"labels: x # the labels\nz: 1\n",
		},
		{
			"a mapping over a block list", list, func(d *Doc) error { return d.Set([]string{"labels"}, Map{{Key: "k", Value: "v"}}) },
			"labels: {k: v} # the labels\nz: 1\n",
		},
		{
			"over a block mapping", "score: # c\n  reach: 1\nz: 1\n", func(d *Doc) error { return d.Set([]string{"score"}, Map{{Key: "reach", Value: int64(2)}}) },
			"score: {reach: 2} # c\nz: 1\n",
		},
		{
			"over a | block", "d: | # c\n  one\n  two\nz: 1\n", func(d *Doc) error { return d.Set([]string{"d"}, "x") },
			"d: x # c\nz: 1\n",
		},
		{
			"a | block over a | block", "d: | # c\n  one\n  two\nz: 1\n", func(d *Doc) error { return d.Set([]string{"d"}, "x\ny") },
			"d: |- # c\n  x\n  y\nz: 1\n",
		},
		{
			"a | block over one line", "d: one # c\nz: 1\n", func(d *Doc) error { return d.Set([]string{"d"}, "x\ny") },
			"d: |- # c\n  x\n  y\nz: 1\n",
		},
		{
			"a list element becomes a | block", "l:\n  - one # c\n  - two\n", func(d *Doc) error { return d.Set([]string{"l", "0"}, "x\ny") },
			"l:\n  - |- # c\n    x\n    y\n  - two\n",
		},
	}
	for _, tt := range tests {
		d, err := Parse([]byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if err := tt.op(d); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := string(d.Bytes()); got != tt.want {
			t.Errorf("%s:\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
}
