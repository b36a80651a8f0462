package yamlvalue

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// suiteCase is one test of the YAML test suite
// (github.com/yaml/yaml-test-suite, in its "data" form).
type suiteCase struct {
	id    string // "2G84/02"
	yaml  []byte // in.yaml
	json  []byte // in.json; nil when the suite gives none
	error bool   // the suite says the text is not YAML
}

// suiteCases reads the suite from shared/corpus/yaml-test-suite beside the
// repository (or from $YAML_TEST_SUITE), sorted by ID; nil when it is not
// there.
func suiteCases(tb testing.TB) []suiteCase {
	tb.Helper()
	dir := os.Getenv("YAML_TEST_SUITE")
	if dir == "" {
		for d, _ := filepath.Abs("."); ; d = filepath.Dir(d) {
			if fi, err := os.Stat(filepath.Join(d, "shared", "corpus", "yaml-test-suite")); err == nil && fi.IsDir() {
				dir = filepath.Join(d, "shared", "corpus", "yaml-test-suite")
				break
			}
			if filepath.Dir(d) == d {
				return nil
			}
		}
	}
	var out []suiteCase
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || e.Name() != "in.yaml" {
			return err
		}
		c := suiteCase{}
		if c.yaml, err = os.ReadFile(p); err != nil {
			return err
		}
		folder := filepath.Dir(p)
		c.json, _ = os.ReadFile(filepath.Join(folder, "in.json"))
		_, err = os.Stat(filepath.Join(folder, "error"))
		c.error = err == nil
		id, err := filepath.Rel(dir, folder)
		c.id = filepath.ToSlash(id)
		out = append(out, c)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.SortFunc(out, func(a, b suiteCase) int { return bytes.Compare([]byte(a.id), []byte(b.id)) })
	return out
}

// suiteVariants puts every line of a suite case where the fast parser
// looks: as a value, in a flow list and mapping, and as a line of its own.
// The suite's lines are full of what YAML reads in surprising ways.
func suiteVariants(src []byte) [][]byte {
	var out [][]byte
	for _, l := range bytes.Split(src, []byte("\n")) {
		l = bytes.TrimRight(l, "\r")
		for _, v := range []string{string(l), string(bytes.TrimLeft(l, " -"))} {
			if v == "" {
				continue
			}
			for _, form := range []string{"a: %\n", "a: [%]\n", "a: [x, %, y]\n", "a: {k: %}\n", "%\n", "a: 1\n%\n"} {
				out = append(out, bytes.ReplaceAll([]byte(form), []byte("%"), []byte(v)))
			}
		}
	}
	return out
}

// The YAML test suite, and each of its lines in the places the fast parser
// reads: the fast parser declines, or gives what yaml.v3 and Convert give
// (issue 9: "labels: [l1z?akc]" was clean for validate, invalid for set).
// Where it answers, the suite agrees: the text is YAML, and the value is
// the suite's.
func TestFastYAMLTestSuite(t *testing.T) {
	cases := suiteCases(t)
	if len(cases) == 0 {
		t.Skip("no YAML test suite in shared/corpus; set YAML_TEST_SUITE to its folder")
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			checkFast(t, c.yaml)
			for _, v := range suiteVariants(c.yaml) {
				checkFast(t, v)
			}
			fast, ok := Fast(c.yaml)
			if !ok || len(fast) == 0 {
				return
			}
			if c.error {
				t.Fatalf("Fast accepted %q, which the suite says is not YAML", c.yaml)
			}
			if c.json != nil {
				var want any
				if err := json.Unmarshal(c.json, &want); err != nil {
					t.Fatal(err)
				}
				got, err := json.Marshal(fast)
				if err != nil {
					t.Fatal(err)
				}
				var gotJSON any
				if err := json.Unmarshal(got, &gotJSON); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, gotJSON); diff != "" {
					t.Errorf("Fast(%q) differs from the suite (-suite +fast)\n%s", c.yaml, diff)
				}
			}
		})
	}
}

// PlainTag, a copy of yaml.v3's resolver, tags every untagged plain scalar
// of the suite as yaml.v3 does.
func TestPlainTagYAMLTestSuite(t *testing.T) {
	cases := suiteCases(t)
	if len(cases) == 0 {
		t.Skip("no YAML test suite in shared/corpus; set YAML_TEST_SUITE to its folder")
	}
	checked := 0
	for _, c := range cases {
		for _, src := range append([][]byte{c.yaml}, suiteVariants(c.yaml)...) {
			dec := yaml.NewDecoder(bytes.NewReader(src))
			for range 10 {
				var doc yaml.Node
				if dec.Decode(&doc) != nil {
					break
				}
				walk(&doc, func(n *yaml.Node) {
					if n.Kind != yaml.ScalarNode || n.Style != 0 || n.Tag == "" {
						return // quoted, block or explicitly tagged
					}
					checked++
					if got := PlainTag(n.Value); got != n.ShortTag() {
						t.Errorf("%s: PlainTag(%q) = %s, yaml.v3 says %s", c.id, n.Value, got, n.ShortTag())
					}
				})
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked %d plain scalars, want the suite's thousands", checked)
	}
}

func walk(n *yaml.Node, fn func(*yaml.Node)) {
	fn(n)
	for _, c := range n.Content {
		walk(c, fn)
	}
}
