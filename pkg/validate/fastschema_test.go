package validate

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/schema"
	"github.com/rogpeppe/go-internal/txtar"
)

// agreement counts how the fast path and the validator judged files.
type agreement struct {
	files, valid, fast int
	missed             int // valid files of a kind other than config that the fast path left to the validator
}

func (a *agreement) add(b agreement) {
	a.files += b.files
	a.valid += b.valid
	a.fast += b.fast
	a.missed += b.missed
}

// checkAgrees fails when the fast path finds a file's value valid and the
// JSON Schema validator does not: the one thing the fast path must never do.
func checkAgrees(tb testing.TB, c *compiled, f *workspace.File, a *agreement) {
	tb.Helper()
	sch := c.schemas[f.Kind]
	if sch == nil {
		return
	}
	a.files++
	err := sch.Validate(f.Value)
	if err == nil {
		a.valid++
	}
	if err == nil && f.Kind != workspace.FileConfig && !c.fast[f.Kind].valid(f.Value, 0) {
		a.missed++
		if testing.Verbose() {
			v, _ := json.Marshal(f.Value)
			tb.Logf("%s: valid, left to the validator: %s %s", f.Path, f.Kind, v)
		}
	}
	if c.fast[f.Kind].valid(f.Value, 0) {
		a.fast++
		if err != nil {
			v, _ := json.Marshal(f.Value)
			tb.Errorf("%s (%s): the fast path finds valid what the validator does not: %v\nvalue: %s", f.Path, f.Kind, err, v)
		}
	}
}

// checkWorkspace checks every file of the workspace at dir.
func checkWorkspace(t *testing.T, dir string) agreement {
	t.Helper()
	ws, err := workspace.Open(context.Background(), dir)
	if err != nil {
		return agreement{} // a workspace a script means to be unreadable
	}
	c, err := compileAll(ws.Config)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	var a agreement
	for _, f := range ws.Files {
		checkAgrees(t, c, f, &a)
	}
	return a
}

// TestSchemaFastPathAgrees holds the fast path to the validator over the
// example workspaces, a generated one and the workspaces of the test
// scripts (which hold most of the broken input the project knows).
func TestSchemaFastPathAgrees(t *testing.T) {
	t.Run("examples", func(t *testing.T) {
		for _, name := range []string{"acme-checkout", "broken"} {
			a := checkWorkspace(t, filepath.Join("..", "..", "examples", name))
			t.Logf("%s: %+v", name, a)
			if a.missed > 0 {
				t.Errorf("%s: the fast path leaves %d valid files to the validator", name, a.missed)
			}
		}
	})
	t.Run("generated", func(t *testing.T) {
		dir := t.TempDir()
		if err := testws.Generate(dir, 500); err != nil {
			t.Fatal(err)
		}
		a := checkWorkspace(t, dir)
		if a.files < 500 || a.missed > 0 {
			t.Errorf("%+v: the fast path leaves valid files to the validator", a)
		}
	})
	t.Run("scripts", func(t *testing.T) {
		scripts, err := filepath.Glob(filepath.Join("..", "..", "cmd", "roadlog", "testdata", "script", "*.txtar"))
		if err != nil || len(scripts) == 0 {
			t.Fatalf("no scripts: %v", err)
		}
		var total agreement
		for _, s := range scripts {
			for _, dir := range scriptWorkspaces(t, s) {
				total.add(checkWorkspace(t, dir))
			}
		}
		t.Logf("%d scripts: %+v", len(scripts), total)
		if total.files < 300 || total.missed > 0 {
			t.Errorf("scripts: %+v: too few files, or the fast path leaves valid files to the validator", total)
		}
	})
}

// scriptWorkspaces writes out the files of a test script and returns the
// folders that hold a roadlog.yaml.
func scriptWorkspaces(t *testing.T, script string) []string {
	t.Helper()
	ar, err := txtar.ParseFile(script)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	var dirs []string
	for _, f := range ar.Files {
		name := filepath.Clean(f.Name)
		if filepath.IsAbs(name) || strings.HasPrefix(name, "..") {
			continue
		}
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			continue
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			continue
		}
		if filepath.Base(name) == "roadlog.yaml" {
			dirs = append(dirs, filepath.Dir(p))
		}
	}
	return dirs
}

// TestSchemaFastPathParseCorpus runs the workspace package's fuzz corpus
// (YAML that breaks the parser in every way found so far) through both, as
// a file of every kind.
func TestSchemaFastPathParseCorpus(t *testing.T) {
	c := fuzzCompiled(t, 1)
	entries, _ := filepath.Glob(filepath.Join("..", "workspace", "testdata", "fuzz", "*", "*"))
	seeds := []string{
		"---\nid: A-1\ntitle: x\nstatus: ready\n---\nbody\n",
		"---\na: &a [1, 2]\nb: [*a, *a]\nc: {<<: {d: 1}}\n---\n",
		"---\n? [a]\n: b\nx: .nan\ny: 0x1F\nz: 2026-01-02\n---\n",
		"---\nid: A\ntitle: t\nstatus: ready\nestimate: .inf\nlabels: [a, a]\n---\n",
		"---\nid: A\ntitle: t\nstatus: ready\nestimate: 99999999999999999999\n---\n",
		"initiatives:\n  - {id: I, title: t, start: 2026-02-30}\n",
		"risks:\n  - {id: R, title: t, likelihood: 5.0}\n  - {id: S, title: t, likelihood: 5.5}\n",
	}
	// Hostile front matter, after cmd/roadlog's bad-input matrix.
	const story = "id: A-2\ntitle: Survive\ntype: story\nstatus: ready\n"
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [lol, lol, lol]\n")
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [*a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1)
	}
	for _, fm := range []string{
		bomb.String() + "labels: *a6\n",
		"b0: &b0 {x: 1}\nb1: &b1 {<<: *b0}\nlabels: {<<: *b1}\n",
		"origin: {fields: " + strings.Repeat("{a: ", 2000) + "x" + strings.Repeat("}", 2000) + "}\n",
		"origin: {hashes: " + strings.Repeat("{a: ", 100) + "x" + strings.Repeat("}", 100) + "}\n",
		"labels:\n" + strings.Repeat("- ", 3000) + "x\n",
		"estimate: 1e999\n", "estimate: 0x7fffffffffffffffffff\n", "estimate: 1_000\n", "estimate: -.inf\n",
		"labels: [!!binary AAAA, !!timestamp 2026-02-30]\ncreated: !!timestamp 2026-01-01T10:00:00Z\n",
		"customer: \"\\e[2J\\u202e\"\n", "labels: [l1z?akc]\n", "due: 2026-02-29\n", "due: 2028-02-29\n",
		"score: {reach: 1, impact: 2, confidence: 1.0000000000000002, effort: 1}\n",
		"score: {reach: 1, impact: 2, confidence: 1, effort: 0.0}\n",
	} {
		seeds = append(seeds, "---\n"+story+fm+"---\nbody\n")
	}
	for _, e := range entries {
		raw, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			if s, ok := strings.CutPrefix(line, "[]byte("); ok {
				var v string
				if json.Unmarshal([]byte(strings.TrimSuffix(s, ")")), &v) == nil {
					seeds = append(seeds, v)
				}
			}
		}
	}
	var a agreement
	for _, s := range seeds {
		for _, k := range schema.Kinds {
			f, _ := workspace.Parse("x", workspace.FileKind(k.Name), []byte(s))
			checkAgrees(t, c, f, &a)
		}
	}
	t.Logf("%+v", a)
}

// fuzzConfigs are the roadlog.yaml files the fuzz test picks from: the
// defaults, and configurations with each scoring model and custom fields
// of every keyword the fast path handles, and some it does not.
var fuzzConfigs = []string{
	"version: 1\n",
	`version: 1
workflow: {statuses: [idea, ready, done], closed: [done]}
types: [epic, story]
scoring: {model: rice}
people: {ana: {name: Ana}}
fields:
  segment: {type: string, enum: [smb, enterprise]}
  seats: {type: integer, minimum: 1, maximum: 1000}
  ratio: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1}
  half: {type: number, minimum: 0.5, maximum: 2.5}
  tags: {type: array, items: {type: string, pattern: "^[a-z]+$"}, uniqueItems: true, minItems: 1, maxItems: 3}
  launch: {type: string, format: date}
  either: {anyOf: [{type: string, maxLength: 3}, {type: integer}]}
  both: {allOf: [{type: string}, {minLength: 2}]}
  code: {const: x}
  maybe: {type: [string, "null"]}
  flags: {type: object, properties: {a: {type: boolean}}, required: [a], additionalProperties: false}
  site: {type: string, format: uri}
  pick: {oneOf: [{type: string}, {type: number}]}
  anything: {}
  nums: {type: array, items: {type: number}, uniqueItems: true}
`,
	"version: 1\nscoring: {model: ice}\nfields: {n: {type: number, multipleOf: 2}}\n",
	"version: 1\nscoring: {model: wsjf}\ntypes: [a, b]\n",
	"version: 1\nscoring: {model: formula, formula: reach * 2}\n",
}

// fuzzCompiled compiles the schemas of one of fuzzConfigs.
func fuzzCompiled(tb testing.TB, i int) *compiled {
	tb.Helper()
	ws, err := workspace.Load(context.Background(), fstest.MapFS{"roadlog.yaml": {Data: []byte(fuzzConfigs[i])}})
	if err != nil {
		tb.Fatal(err)
	}
	if len(ws.Diagnostics) > 0 {
		tb.Fatalf("config %d: %v", i, ws.Diagnostics)
	}
	c, err := compileAll(ws.Config)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// fuzzBases are valid values of each kind, with the path of the record
// whose fields the fuzz test changes.
var fuzzBases = []struct {
	kind   workspace.FileKind
	yaml   string
	record []string
}{
	{workspace.FileItem, `{id: A-1, title: T, type: story, status: ready, owner: ana, parent: A-0, labels: [x, y], rank: a0,
		estimate: 3, moscow: must, score: {reach: 10, impact: 2, confidence: 0.8, effort: 1}, depends_on: [A-2],
		insights: [I-1], created: 2026-01-02, due: 2024-02-29, visibility: public, segment: smb, seats: 3,
		origin: {source: gh, hashes: {a: b}, fields: {x: [1]}}}`, nil},
	{workspace.FileInsight, `{id: I-1, title: T, source: interview, date: 2026-01-02, customer: C, visibility: internal}`, nil},
	{workspace.FileDecision, `{id: D-1, title: T, status: accepted, date: 2026-01-02, supersedes: D-0, links: [A-1]}`, nil},
	{workspace.FileRoadmap, `{themes: [{id: t, title: T}], initiatives: [{id: I, title: T, theme: t, horizon: now,
		status: planned, start: 2026-01-01, end: 2026-12-31, confidence: high, objectives: [O], owner: ana}]}`, []string{"initiatives", "0"}},
	{workspace.FileReleases, `{releases: [{id: R-1, title: T, date: 2026-01-02, status: planned, description: D}]}`, []string{"releases", "0"}},
	{workspace.FileRisks, `{risks: [{id: K-1, title: T, likelihood: 3, impact: 5, status: open, owner: ana, links: [A-1]}]}`, []string{"risks", "0"}},
	{workspace.FileObjectives, `{objectives: [{id: O, title: T, period: 2027-Q1, key_results: [{id: KR, title: T, baseline: 0,
		target: 10.5, current: 3}]}]}`, []string{"objectives", "0", "key_results", "0"}},
	{workspace.FileProduct, `{name: P, vision: V, personas: [{id: p, name: N, needs: [a, b]}]}`, []string{"personas", "0"}},
	{workspace.FileConfig, `{version: 1, workflow: {statuses: [a, b]}}`, nil},
}

// FuzzSchemaFastPath puts random values into the fields of valid records of
// every kind, under several configurations, and fails when the fast path
// finds valid what the JSON Schema validator does not.
func FuzzSchemaFastPath(f *testing.F) {
	var names []string
	for _, b := range fuzzBases {
		if s := schema.Base(string(b.kind)); s != nil {
			names = append(names, s.At(b.record).Names()...)
		}
	}
	names = append(names, "segment", "seats", "ratio", "half", "tags", "launch", "either", "both", "code", "maybe",
		"flags", "site", "pick", "anything", "nums", "n", "reach", "", "nope")
	for i, n := range names {
		for cfg := range len(fuzzConfigs) {
			f.Add(uint8(cfg), uint8(i), n, []byte{byte(i), byte(cfg * 7), byte(i * 3), 1, 2, 3})
		}
	}
	compiledOf := make([]*compiled, len(fuzzConfigs))
	for i := range fuzzConfigs {
		compiledOf[i] = fuzzCompiled(f, i)
	}
	values := make([]any, len(fuzzBases))
	for i, b := range fuzzBases {
		file, diags := workspace.Parse("x.yaml", workspace.FileRoadmap, []byte(b.yaml))
		if len(diags) > 0 || file.Value == nil {
			f.Fatalf("base %s: %v", b.kind, diags)
		}
		values[i] = file.Value
		var a agreement
		file.Kind = b.kind
		checkAgrees(f, compiledOf[1], file, &a)
		if b.kind != workspace.FileConfig && a.fast != 1 {
			f.Fatalf("base %s: the fast path does not find it valid", b.kind)
		}
	}
	f.Fuzz(func(t *testing.T, cfg, kind uint8, field string, data []byte) {
		c := compiledOf[int(cfg)%len(compiledOf)]
		base := fuzzBases[int(kind)%len(fuzzBases)]
		file := &workspace.File{Path: "x.yaml", Kind: base.kind, Parsed: true, Value: clone(values[int(kind)%len(fuzzBases)])}
		g := &valueGen{data: data}
		record, _ := atPath(file.Value, base.record).(map[string]any)
		switch g.next() % 8 {
		case 0:
			delete(record, field)
		case 1:
			file.Value = g.value(0)
		default:
			record[field] = g.value(0)
		}
		var a agreement
		checkAgrees(t, c, file, &a)
	})
}

func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = clone(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = clone(e)
		}
		return l
	}
	return v
}

func atPath(v any, path []string) any {
	for _, tok := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			v = x[0]
		}
	}
	return v
}

// valueGen makes JSON-ish values (as the YAML reader gives them, and some
// it never does) from the fuzzer's bytes.
type valueGen struct{ data []byte }

func (g *valueGen) next() byte {
	if len(g.data) == 0 {
		return 0
	}
	b := g.data[0]
	g.data = g.data[1:]
	return b
}

var (
	fuzzInts    = []int64{0, 1, -1, 2, 3, 5, 6, 10, 11, 1000, 1001, 1 << 53, 1<<53 + 1, -(1<<53 + 1), math.MaxInt64, math.MinInt64}
	fuzzFloats  = []float64{0, math.Copysign(0, -1), 0.5, 0.8, 1, 1.5, 2.5, 2.5000000000000004, 0.49999999999999994, 1e-300, 1e300, 1e21, 9007199254740993, -3.25, math.NaN(), math.Inf(1), math.Inf(-1), 10.000000000000002}
	fuzzStrings = []string{
		"", "a", "ab", "abc", "abcd", "x", "A-1", "a0", "1A", "A 1", "A-1\n", "é", "ana", "ready", "idea", "story", "epic",
		"smb", "enterprise", "must", "public", "interview", "planned", "open", "now", "high", "accepted", "2026-01-02",
		"2024-02-29", "2023-02-29", "2026-13-01", "2026-1-02", "0000-02-29", "2026-01-02T00:00:00Z", " 2026-01-02",
		"reach", "impact", "null", "1", "true", "\x00", "\xff", "ＡＢ",
	}
	fuzzKeys = []string{"id", "title", "status", "a", "reach", "impact", "confidence", "effort", "ease", "value", "job_size", "x", "", "source", "hashes", "fields", "name"}
)

func (g *valueGen) value(depth int) any {
	b := g.next()
	pick := func(n int) int { return int(g.next()) % n }
	switch k := b % 12; {
	case k == 0:
		return nil
	case k == 1:
		return b&0x10 != 0
	case k == 2:
		return fuzzInts[pick(len(fuzzInts))]
	case k == 3:
		return fuzzFloats[pick(len(fuzzFloats))]
	case k == 4, k == 5:
		return fuzzStrings[pick(len(fuzzStrings))]
	case k == 6:
		n := pick(12)
		s := make([]byte, 0, n)
		for range n {
			s = append(s, g.next())
		}
		return string(s)
	case k == 7:
		return int(g.next()) - 128 // a Go type the YAML reader never gives
	case (k == 8 || k == 9) && depth < 4:
		list := []any{}
		for range pick(5) {
			list = append(list, g.value(depth+1))
		}
		return list
	case (k == 10 || k == 11) && depth < 4:
		m := map[string]any{}
		for range pick(5) {
			m[fuzzKeys[pick(len(fuzzKeys))]] = g.value(depth + 1)
		}
		return m
	}
	return fuzzStrings[pick(len(fuzzStrings))]
}

// FuzzFastPatterns holds the hand-written matchers to the patterns they
// stand for.
func FuzzFastPatterns(f *testing.F) {
	for _, s := range []string{"", "A", "A-1", "a.b_c", "1a", "a b", "é", "a\n", "Z9"} {
		f.Add(s)
	}
	id, rank := regexp.MustCompile(model.IDPattern), regexp.MustCompile(rankPattern)
	f.Fuzz(func(t *testing.T, s string) {
		if isIDText(s) != id.MatchString(s) {
			t.Errorf("isIDText(%q) = %v", s, isIDText(s))
		}
		if isRankText(s) != rank.MatchString(s) {
			t.Errorf("isRankText(%q) = %v", s, isRankText(s))
		}
	})
}

// TestFastPathUnsupported: what the fast path does not handle is never
// "valid", so the validator decides.
func TestFastPathUnsupported(t *testing.T) {
	c := fuzzCompiled(t, 1)
	item := func(field string, v any) map[string]any {
		return map[string]any{"id": "A", "title": "T", "status": "ready", field: v}
	}
	tests := []struct {
		value any
		fast  bool
	}{
		{item("segment", "smb"), true},
		{item("site", "https://x"), false}, // format uri: not handled
		{item("pick", "x"), false},         // oneOf: not handled
		{item("anything", []any{1.5}), true},
		{item("anything", math.NaN()), false},
		{item("estimate", int64(1<<53+1)), false},
		{item("estimate", 3), false}, // an int: the YAML reader gives int64
		{item("nums", []any{int64(1), int64(2)}), false},
		{item("nums", []any{int64(1)}), true},
		{item("labels", []any{"a", "a"}), false},
	}
	for _, tt := range tests {
		if got := c.fast[workspace.FileItem].valid(tt.value, 0); got != tt.fast {
			t.Errorf("%v: fast = %v, want %v", tt.value, got, tt.fast)
		}
	}
	config := c.fast[workspace.FileConfig]
	if !config.valid(map[string]any{"version": int64(1), "types": []any{"a"}}, 0) {
		t.Error("roadlog.yaml with version and types: not fast")
	}
	if config.valid(map[string]any{"rules": map[string]any{}}, 0) {
		t.Error("rules: (propertyNames) is not the fast path's")
	}
}
