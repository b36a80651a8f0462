package workspace

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// allFileKinds is every kind of file, in the order FuzzParseKinds picks them.
var allFileKinds = []FileKind{FileConfig, FileProduct, FileObjectives, FileRoadmap, FileReleases, FileRisks, FileItem, FileInsight, FileDecision}

// FuzzParseKinds parses any bytes as each kind of file: no panic; the
// offsets of the YAML and the body lie inside the file; every finding is a
// parse error of this file at a line and column that exist; the value is
// made of JSON types only; and parsing again gives the same result.
func FuzzParseKinds(f *testing.F) {
	for _, s := range []string{
		"---\nid: A-1\ntitle: x\nstatus: idea\n---\nbody\n",
		"version: 1\nproduct: {name: P, key: P}\nworkflow: {statuses: [a, b]}\n",
		"initiatives:\n  - {id: I, title: t, start: 2026-02-30}\n",
		"---\r\nid: A\r\n---\r\nbody\r\n",
		"---\rid: A\rtitle: t\r---\rbody\r",
		"\xef\xbb\xbf---\nid: A\n---\n",
		"---\nid: A\nlabels: [a, b\n---\n",
		"a: &a [1, 2]\nb: [*a, *a]\nc: {<<: {d: 1}}\n",
		"? [a]\n: b\nx: .nan\ny: 0x1F\nz: 99999999999999999999\n",
		"a: 1\na: 2\n---\nb: 3\n",
		"k: !!binary aGk=\nt: !!timestamp 2026-01-01\nc: !x y\n",
		"\t- a\n",
		"---\nid: A\n",
		"",
	} {
		for k := range allFileKinds {
			f.Add([]byte(s), uint8(k))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, k uint8) {
		kind := allFileKinds[int(k)%len(allFileKinds)]
		file, diags := Parse("dir/x", kind, src)
		if file == nil {
			t.Fatal("nil file")
		}
		if !bytes.Equal(file.Raw, src) || file.Kind != kind || file.Path != "dir/x" {
			t.Fatalf("file does not describe its input: %q %q", file.Path, file.Kind)
		}
		if file.YAMLOffset < 0 || file.YAMLOffset > file.YAMLEnd || file.YAMLEnd > len(src) {
			t.Fatalf("YAML at [%d:%d] of %d bytes", file.YAMLOffset, file.YAMLEnd, len(src))
		}
		if file.Body != "" && !strings.HasSuffix(string(src), file.Body) {
			t.Fatalf("body %q is not the end of the file", file.Body)
		}
		lines := sourceLines(src)
		for _, d := range diags {
			if d.Path != "dir/x" || d.Rule != "parse" || d.Message == "" {
				t.Fatalf("odd finding %v", d)
			}
			if d.Pos.Line < 1 || d.Pos.Line > len(lines) {
				t.Fatalf("finding %q at line %d of %d", d.Message, d.Pos.Line, len(lines))
			}
			if n := utf8.RuneCount(lines[d.Pos.Line-1]); d.Pos.Col < 1 || d.Pos.Col > n+1 {
				t.Fatalf("finding %q at %d:%d; the line has %d characters", d.Message, d.Pos.Line, d.Pos.Col, n)
			}
		}
		checkJSONValue(t, file.Value)
		again, diags2 := Parse("dir/x", kind, src)
		if diff := cmp.Diff(diags, diags2); diff != "" {
			t.Fatalf("findings differ between two parses:\n%s", diff)
		}
		if diff := cmp.Diff(file.Value, again.Value, cmpopts.EquateNaNs()); diff != "" {
			t.Fatalf("values differ between two parses:\n%s", diff)
		}
	})
}

// sourceLines splits src into lines as roadlog counts them, as Git and
// GitHub do: at LF only (a CR before it is not part of the line's text).
func sourceLines(src []byte) [][]byte {
	lines := bytes.Split(src, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return lines
}

// checkJSONValue fails unless v is made of the types a JSON value has
// here: maps with string keys, lists, strings, int64, finite float64,
// bools and nil.
func checkJSONValue(t *testing.T, v any) {
	t.Helper()
	switch x := v.(type) {
	case nil, string, bool, int64:
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("value holds %v", x)
		}
	case map[string]any:
		for _, e := range x {
			checkJSONValue(t, e)
		}
	case []any:
		for _, e := range x {
			checkJSONValue(t, e)
		}
	default:
		t.Fatalf("value holds a %T", v)
	}
}
