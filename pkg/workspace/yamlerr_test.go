package workspace

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Each kind of error yaml.v3 reports is placed on the line, and where
// possible the column, of the problem, not the line before it (issue 9:
// "labels: [a, b" on line 6 was reported at 5:1 with a hint pointing up).
// Positions count lines as Git does, ending at LF only.
func TestYAMLErrorPositions(t *testing.T) {
	front := func(lines ...string) string { return "---\n" + strings.Join(lines, "\n") + "\n---\nbody\n" }
	tests := []struct {
		name string
		kind FileKind
		src  string
		want string
	}{
		// The parser's errors.
		{"unclosed flow list", FileItem, front("id: A-1", "title: x", "status: idea", "type: story", "labels: [a, b"), `x:6:9: error: invalid YAML: did not find expected ',' or ']'; close the list with "]" and separate its items with commas; quote an item that holds , : ? [ ] { } or # [parse]`},
		{"unclosed flow list, more lines after", FileRoadmap, "a: 1\nb: [x, y\nc: 2\n", `x:2:4: error: invalid YAML: did not find expected ',' or ']'; close the list with "]" and separate its items with commas; quote an item that holds , : ? [ ] { } or # [parse]`},
		{"? in a flow list", FileRoadmap, "labels: [l1z?akc]\n", `x:1:13: error: invalid YAML: did not find expected ',' or ']'; close the list with "]" and separate its items with commas; quote an item that holds , : ? [ ] { } or # [parse]`},
		{"unclosed flow mapping", FileRoadmap, "a: 1\nscore: {reach: 1\n", `x:2:8: error: invalid YAML: did not find expected ',' or '}'; close the mapping with "}" and separate its entries with commas; quote a value that holds , : ? [ ] { } or # [parse]`},
		{"key indented less", FileRoadmap, "a: 1\nb:\n  c: 1\n d: 2\n", "x:4:2: error: invalid YAML: did not find expected key; check the indentation: the keys of one mapping start in the same column, and nothing follows a quoted or bracketed value [parse]"},
		{"text after a quoted value", FileItem, front("id: A-1", `title: "Guest" checkout`), "x:3:16: error: invalid YAML: did not find expected key; check the indentation: the keys of one mapping start in the same column, and nothing follows a quoted or bracketed value [parse]"},
		{"a list item among keys", FileRoadmap, "a:\n  b: 1\n  - c\n", "x:3:3: error: invalid YAML: did not find expected key; check the indentation: the keys of one mapping start in the same column, and nothing follows a quoted or bracketed value [parse]"},
		{"a key among list items", FileRoadmap, "a:\n  - b\n  c: 1\n", `x:3:3: error: invalid YAML: did not find expected '-' indicator; check the indentation: the items of one list each start with "- " in the same column [parse]`},
		{"missing value", FileRoadmap, "a: 1\nb: ]\n", "x:2:4: error: invalid YAML: did not find expected node content; a value is missing here; quote it if it starts with a character YAML reserves [parse]"},
		{"undefined tag handle", FileRoadmap, "a: 1\nb: !x!y z\n", `x:2:7: error: invalid YAML: found undefined tag handle; quote the value: YAML reads a leading "!" as a tag [parse]`},
		{"content after a document end", FileRoadmap, "a: 1\n...\nb: 2\n", "x:3:1: error: invalid YAML: did not find expected <document start>; check the quoting and indentation here [parse]"},
		{"duplicate directive", FileRoadmap, "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "x:2:1: error: invalid YAML: found duplicate %YAML directive; check the quoting and indentation here [parse]"},
		{"incompatible version", FileRoadmap, "%YAML 2.0\n---\na: 1\n", "x:1:1: error: invalid YAML: found incompatible YAML document; check the quoting and indentation here [parse]"},
		// The scanner's errors.
		{"unclosed quote", FileItem, front("id: A-1", `title: "Unclosed quote`, "status: idea"), "x:3:8: error: invalid YAML: found unexpected end of stream; this quote is never closed; close it, or quote the value the other way [parse]"},
		{"colon in a value", FileItem, front("id: A-1", "title: Colon", "status: a: b"), `x:4:10: error: invalid YAML: mapping values are not allowed in this context; quote the value if it holds ": ", or check the indentation of this line [parse]`},
		{"key indented more", FileRoadmap, "a: 1\nb: c\n  d: e\n", `x:3:4: error: invalid YAML: mapping values are not allowed in this context; quote the value if it holds ": ", or check the indentation of this line [parse]`},
		{"dash in a value", FileRoadmap, "a: 1\nb: - x\n", `x:2:4: error: invalid YAML: block sequence entries are not allowed in this context; quote the value if it starts with "- " [parse]`},
		{"question mark in a value", FileRoadmap, "a: 1\nb: ? x\n", `x:2:4: error: invalid YAML: mapping keys are not allowed in this context; quote the value if it starts with "? " [parse]`},
		{"reserved character", FileRoadmap, "a: 1\nowner: @ana\n", "x:2:8: error: invalid YAML: found character that cannot start any token; quote the value: YAML reserves @, ` and % at the start of a value [parse]"},
		{"key without a colon", FileRoadmap, "a: 1\nkey\nb: 2\n", `x:2:1: error: invalid YAML: could not find expected ':'; a key needs a colon ("key: value"); or indent this line to continue the value above [parse]`},
		{"unknown escape", FileRoadmap, "a: 1\nb: \"C:\\q\"\n", `x:2:7: error: invalid YAML: found unknown escape character; in double quotes write a backslash as \\, or use single quotes [parse]`},
		{"short hex escape", FileRoadmap, "a: 1\nb: \"\\u12\"\n", `x:2:6: error: invalid YAML: did not find expected hexdecimal number; an escape needs its hex digits: \x41, \u0041, \U00000041 [parse]`},
		{"bad unicode escape", FileRoadmap, "a: 1\nb: \"\\uD800\"\n", "x:2:10: error: invalid YAML: found invalid Unicode character escape code; check the quoting and indentation here [parse]"},
		{"document marker in a quote", FileRoadmap, "a: 1\nb: \"x\n---\ny\"\n", "x:3:3: error: invalid YAML: found unexpected document indicator; check the quoting and indentation here [parse]"},
		{"empty anchor", FileRoadmap, "a: 1\nb: &\n", `x:2:4: error: invalid YAML: did not find expected alphabetic or numeric character; quote the value: YAML reads a leading "&" or "*" as an anchor or alias [parse]`},
		{"unclosed verbatim tag", FileRoadmap, "a: 1\nb: !<x\n", "x:2:6: error: invalid YAML: did not find the expected '>'; check the quoting and indentation here [parse]"},
		{"bad tag escape", FileRoadmap, "a: 1\nb: !<%zz> x\n", "x:2:6: error: invalid YAML: did not find URI escaped octet; check the quoting and indentation here [parse]"},
		{"block scalar indicator 0", FileRoadmap, "a: 1\nb: |0\n  x\n", "x:2:5: error: invalid YAML: found an indentation indicator equal to 0; check the quoting and indentation here [parse]"},
		{"text after a block scalar indicator", FileRoadmap, "a: 1\nb: |x\n  y\n", "x:2:5: error: invalid YAML: did not find expected comment or line break; nothing may follow on this line; quote the whole value [parse]"},
		{"unknown directive", FileRoadmap, "%FOO\n---\na: 1\n", "x:1:1: error: invalid YAML: found unknown directive name; check the quoting and indentation here [parse]"},
		{"bad version", FileRoadmap, "%YAML x\n---\na: 1\n", "x:1:5: error: invalid YAML: did not find expected version number; check the quoting and indentation here [parse]"},
		{"tab violates indentation", FileRoadmap, "a: 1\nb: 2\n\tc: 3\n", "x:3:1: error: tab character in indentation; indent with spaces; YAML does not allow tabs [parse]"},
		{"tab in a block scalar", FileRoadmap, "a: 1\nb: |\n  x\n\ty\n", "x:4:1: error: tab character in indentation; indent with spaces; YAML does not allow tabs [parse]"},
		{"tab before a list item", FileRoadmap, "a:\n\t- b\n", "x:2:1: error: tab character in indentation; indent with spaces; YAML does not allow tabs [parse]"},
		// The reader's and the decoder's.
		{"control character", FileItem, front("id: A-1", "title: a\x01b"), `x:3:9: error: control character U+0001 is not allowed in YAML; remove it; in a double-quoted value write it as an escape such as \x01 [parse]`},
		{"unknown alias", FileRoadmap, "a: &x 1\nb: [c, *y]\n", `x:2:8: error: unknown alias *y: no anchor &y before it; define the anchor with &y first, or quote the value if "*" is text [parse]`},
		// Lines end at LF only: a lone CR, NEL or LS does not start one.
		{"lone CR", FileRoadmap, "a: 1\rb: [1\r", `x:1:9: error: invalid YAML: did not find expected ',' or ']'; close the list with "]" and separate its items with commas; quote an item that holds , : ? [ ] { } or # [parse]`},
		{"lone CR in front matter", FileItem, "---\nid: A-1\rtitle: 'x\r\n---\n", "x:2:16: error: invalid YAML: found unexpected end of stream; this quote is never closed; close it, or quote the value the other way [parse]"},
		{"line separator", FileRoadmap, "id: A\nb: x\u2028c: [1\n", `x:2:9: error: invalid YAML: did not find expected ',' or ']'; close the list with "]" and separate its items with commas; quote an item that holds , : ? [ ] { } or # [parse]`},
		{"document after a line separator", FileRoadmap, "a: 1\u2028---\nb: 2\n", `x:1:6: error: more than one YAML document in the file; remove the "---" line that starts the second one [parse]`},
		{"error in a second document", FileRoadmap, "a: 1\n---\nb: [x\n", `x:3:4: error: invalid YAML: did not find expected ',' or ']'; close the list with "]" and separate its items with commas; quote an item that holds , : ? [ ] { } or # [parse]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("x", tt.kind, []byte(tt.src))
			if len(diags) == 0 {
				t.Fatalf("no diagnostics")
			}
			if got := diags[0].String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// A message that names another line names the file's line: in front matter
// and after lone CRs, not the line within the YAML.
func TestDuplicateKeyLine(t *testing.T) {
	for _, tt := range []struct {
		name, src, want string
	}{
		{"front matter", "---\nid: A-1\nstatus: idea\ntitle: x\nstatus: done\n---\n", `x:5:1: error: duplicate key "status" (first on line 3); remove one of them [parse]`},
		{"lone CRs", "---\nid: A-1\rstatus: idea\rtitle: x\r\nstatus: done\n---\n", `x:3:1: error: duplicate key "status" (first on line 2); remove one of them [parse]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("x", FileItem, []byte(tt.src))
			if len(diags) == 0 {
				t.Fatal("no diagnostics")
			}
			if got := diags[0].String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// Positions of values in a file whose lines end in lone CRs are on its one
// LF line, never past its end (issue 9).
func TestLoneCRPositions(t *testing.T) {
	f, diags := Parse("roadlog.yaml", FileConfig, []byte("version: 1\rfoo: 2\rbar: [3, 4]\r"))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	got := []string{f.Locate([]string{"foo"}, true).String(), f.Locate([]string{"bar", "1"}, false).String()}
	want := []string{"1:12", "1:28"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got)\n%s", diff)
	}
}
