package yamlvalue

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// slowValue is the reference: yaml.v3's node tree through the converter.
func slowValue(t *testing.T, src []byte) (any, bool) {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil || root.Kind == 0 {
		return nil, false
	}
	v, problems := Convert(&root)
	return v, len(problems) == 0
}

var fastSeeds = []string{
	"id: ACME-12\ntitle: Guest checkout without an account\ntype: story\nstatus: ready\n",
	"labels: [checkout, conversion]\nscore: {reach: 1200, impact: 2, confidence: 0.8, effort: 3}\n",
	"created: 2026-11-02\ndue: 2027-01-15\nrank: \"i\"\nestimate: 5\n",
	"a: 012\nb: 0x1F\nc: 1_000\nd: -0b101\ne: 0o17\nf: +3\ng: .5\nh: 1e3\ni: 99999999999999999999\n",
	"a: true\nb: False\nc: ~\nd: null\ne:\nf: yes\ng: on\nh: .inf\ni: .nan\n",
	"a: 'single'\nb: \"double\"\nc: \"with # hash\" # comment\nd: C# and F#\ne: foo # comment\n",
	"# comment\n\nid: A-1\r\ntitle: CRLF\r\n",
	"a: [\"x, y\", 'z', -1, ~]\nb: {k: 'v', n: 2}\nc: []\nd: {}\n",
	"a: b: c\n", "a:\n  - x\n", "a:\n- x\n", "a: |\n  text\n", "a: &x 1\nb: *x\n", "a: 1\na: 2\n",
	"title: Foo, bar [baz] {qux}\n", "a: -\n", "a: - b\n", "a: ---\nb: ...\n", "a: 2001-12-14 21:59:43.10\n",
	"a: 2001-12-14t21:59:43.10-05:00\nb: 2002-12-14\n", "a: [a: b]\n", "a: [a, b,]\n", "a: 'it''s'\n",
	"a: \"esc\\n\"\n", "a: é ü ✓\n", "a: x\tb\n", "key:value\n", "a: x:\n", "a : b\n", "a: [1, [2]]\n",
	"a: {b: {c: 1}}\n", "a: 18446744073709551615\n", "a: -9223372036854775809\n", "a: 0b2\n", "a: 0o9\n",
	"a: +.inf\nb: -.Inf\n", "a: 1.\nb: -.5e-3\nc: 1_0.5\n", "a: '#'\nb: \"'\"\nc: '\"'\n",
	"labels: [l1z?akc]\n", "a: {k: v?}\n", "a: b?c\nd: [e, 'f?g']\n", "a: 1\rb: 2\n",
}

func TestFastAgrees(t *testing.T) {
	for _, s := range fastSeeds {
		checkFast(t, []byte(s))
	}
}

// checkFast holds fastValue to the reference: whenever it answers, yaml.v3
// parses the same text without findings to the same value.
func checkFast(t *testing.T, src []byte) {
	t.Helper()
	fast, ok := Fast(src)
	if !ok || len(fast) == 0 {
		return
	}
	slow, slowOK := slowValue(t, src)
	if !slowOK {
		t.Fatalf("fastValue accepted %q, which yaml.v3 rejects or reports", src)
	}
	if diff := cmp.Diff(slow, any(fast)); diff != "" {
		t.Fatalf("Fast(%q) differs from yaml.v3 (-yaml +fast)\n%s", src, diff)
	}
}

func TestFastCoverage(t *testing.T) {
	// The shapes roadlog writes and the examples use must take the fast path.
	for _, i := range []int{0, 1, 2, 3, 5, 6, 7} {
		s := fastSeeds[i]
		if _, ok := Fast([]byte(s)); !ok {
			t.Errorf("fastValue refused %q", s)
		}
	}
}

// FuzzFast holds the fast parser to yaml.v3 and Convert on any input: it
// declines, or it gives the same value. The YAML test suite, when it is in
// shared/corpus, seeds it too.
func FuzzFast(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	for _, c := range suiteCases(f) {
		f.Add(c.yaml)
		for _, v := range suiteVariants(c.yaml) {
			f.Add(v)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) { checkFast(t, src) })
}
