package yamlvalue

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestIndexAgreesWithEntry: the index finds what a scan finds — the first
// of duplicate keys, keys behind merge keys, nothing for absent keys — in
// mappings above and below the size it indexes from.
func TestIndexAgreesWithEntry(t *testing.T) {
	var big strings.Builder
	for i := range 100 {
		fmt.Fprintf(&big, "k%d: %d\n", i, i)
	}
	docs := map[string]string{
		"small":      "a: 1\nb: 2\n",
		"big":        big.String(),
		"duplicates": big.String() + "k5: dup\n",
		"merge":      "base: &b {m: 1}\nmain:\n  <<: *b\n" + indent(big.String()),
	}
	for name, src := range docs {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(name, err)
		}
		var ix Index
		for _, path := range [][]string{{"a"}, {"k5"}, {"k99"}, {"absent"}, {"main", "m"}, {"main", "k7"}, {"main", "absent"}} {
			wv, wk, wf := Locate(&doc, path)
			gv, gk, gf := ix.Locate(&doc, path)
			if wv != gv || wk != gk || wf != gf {
				t.Errorf("%s %v: index gives (%v, %v, %v), scan (%v, %v, %v)", name, path, gv, gk, gf, wv, wk, wf)
			}
		}
	}
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}
