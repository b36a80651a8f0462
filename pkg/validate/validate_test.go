package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/workspace"
)

func TestLabel(t *testing.T) {
	tests := map[string]string{
		"":                              "value",
		"status":                        "status",
		"score/reach":                   "score.reach",
		"labels/1":                      "labels[1]",
		"initiatives/2/horizon":         "horizon",
		"objectives/0/key_results/1/id": "id",
		"workflow/statuses/2":           "workflow.statuses[2]",
	}
	for ptr, want := range tests {
		var tokens []string
		if ptr != "" {
			tokens = strings.Split(ptr, "/")
		}
		if got := label(tokens); got != want {
			t.Errorf("label(%q) = %q, want %q", ptr, got, want)
		}
	}
}

func TestStronglyConnected(t *testing.T) {
	graph := map[string][]string{
		"a": {"b"}, "b": {"c", "x"}, "c": {"a"}, // a cycle, and an edge to a missing node
		"d": {"d"},          // a self-loop
		"e": {"f"}, "f": {}, // a chain
	}
	nodes := []string{"a", "b", "c", "d", "e", "f"}
	var got [][]string
	for _, scc := range stronglyConnected(nodes, func(n string) []string { return graph[n] }, func(n string) bool { _, ok := graph[n]; return ok }) {
		if len(scc) > 1 || scc[0] == "d" {
			got = append(got, scc)
		}
	}
	want := [][]string{{"c", "b", "a"}, {"d"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	members := map[string]bool{"a": true, "b": true, "c": true}
	if cycle := findCycle("a", members, func(n string) []string { return graph[n] }); !cmp.Equal(cycle, []string{"a", "b", "c", "a"}) {
		t.Errorf("findCycle = %v", cycle)
	}
}

// TestLongChain checks that a dependency chain far deeper than any stack
// frame budget is handled.
func TestLongChain(t *testing.T) {
	fsys := fstest.MapFS{"roadlog.yaml": {Data: []byte("version: 1\n")}}
	const n = 3000
	for i := 1; i <= n; i++ {
		dep := ""
		if i < n {
			dep = fmt.Sprintf("depends_on: [A-%d]\n", i+1)
		} else {
			dep = "depends_on: [A-1]\n"
		}
		fsys[fmt.Sprintf("backlog/A-%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\nid: A-%d\ntitle: t\nstatus: idea\n%s---\n", i, dep)}
	}
	ws, err := workspace.Load(t.Context(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	list, err := Run(t.Context(), ws, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Rule != "dependency-cycle" || !strings.HasPrefix(list[0].Message, "dependency cycle: A-1 → A-2 → A-3") {
		t.Errorf("got %d findings, first %v", len(list), list)
	}
}

// TestExampleSchemasUpToDate checks that the schemas committed with the
// example workspace are what `roadlog schema --write` writes for it.
func TestExampleSchemasUpToDate(t *testing.T) {
	root := filepath.Join("..", "..", "examples", "acme-checkout")
	ws, err := workspace.Open(t.Context(), root)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"config", "product", "objectives", "roadmap", "releases", "risks", "item", "insight", "decision"} {
		doc, err := Document(kind, ws.Config)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(root, ".roadlog", "schema", kind+".schema.json"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, buf.Bytes()) {
			t.Errorf("%s.schema.json is stale; run: go run ./cmd/roadlog -C examples/acme-checkout schema --write", kind)
		}
	}
}

// FuzzValidate loads and validates a workspace whose item, roadmap and
// configuration come from the fuzzer: no panic, and every finding has a
// position.
func FuzzValidate(f *testing.F) {
	f.Add([]byte("version: 1\nfields:\n  x: {type: number, maximum: 3}\n"), []byte("initiatives:\n  - {id: I, title: t, start: 2027-01-01}\n"),
		[]byte("---\nid: A-1\ntitle: t\nstatus: ready\nx: 4\nscore: {reach: 1e400}\ndepends_on: [A-1]\n---\n"))
	f.Add([]byte("scoring: {model: formula, formula: 'a / b'}\nrules: {schema: off}\n"), []byte("themes: 3\n"),
		[]byte("---\nid: A-1\nstatus: ready\nscore: {a: .inf, b: 0}\nparent: A-1\n---\n"))
	f.Add([]byte("workflow: {wip: {idea: 0}}\npeople: {ana: {name: A}}\n"), []byte(""), []byte("---\nid: 1\nowner: [x]\n---\n"))
	f.Fuzz(func(t *testing.T, config, roadmap, item []byte) {
		ws, err := workspace.Load(context.Background(), fstest.MapFS{
			"roadlog.yaml":     {Data: config},
			"roadmap.yaml":     {Data: roadmap},
			"backlog/A-1-x.md": {Data: item},
			"backlog/A-2-y.md": {Data: []byte("---\nid: A-2\ntitle: y\nstatus: ready\ndepends_on: [A-1]\n---\n")},
		})
		if err != nil {
			t.Fatal(err)
		}
		list, err := Run(context.Background(), ws, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return // a schema that does not compile is an error, not a panic
		}
		for _, d := range list {
			if d.Pos.Line < 1 || d.Pos.Col < 1 || d.Path == "" || d.Severity == diag.Off {
				t.Fatalf("bad finding %v", d)
			}
		}
	})
}
