package workspace

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/model"
)

func load(tb testing.TB, files map[string]string) *Workspace {
	tb.Helper()
	fsys := fstest.MapFS{}
	for p, c := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
	}
	ws, err := Load(tb.Context(), fsys)
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return ws
}

func TestLoadRecords(t *testing.T) {
	ws := load(t, map[string]string{
		"roadlog.yaml": "version: 1\nworkflow:\n  statuses: [todo, done]\n  closed: [done]\n",
		"roadmap.yaml": "themes:\n  - {id: T, title: Theme}\ninitiatives:\n  - id: INIT-1\n    title: Init\n    horizon: now\n",
		"objectives.yaml": "objectives:\n  - id: OBJ-1\n    title: O\n    key_results:\n" +
			"      - {id: KR-1, title: K, baseline: 1, target: 3, current: 2}\n",
		"backlog/A-2-b.md":  "---\nid: A-2\ntitle: B\nstatus: todo\nlabels: [x, y]\nscore: {reach: 10}\ndue: 2027-01-31\n---\nBody B\n",
		"backlog/A-10-c.md": "---\nid: A-10\ntitle: C\nstatus: done\nestimate: 012\n---\n",
		"product.md":        "---\nname: P\npersonas:\n  - {id: shopper, name: Sam}\n---\nStrategy\n",
	})
	if len(ws.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %v", ws.Diagnostics)
	}
	var ids []string
	for _, r := range ws.Records {
		ids = append(ids, string(r.Kind())+":"+r.ID())
	}
	want := []string{"item:A-10", "item:A-2", "objective:OBJ-1", "key_result:KR-1", "persona:shopper", "theme:T", "initiative:INIT-1"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("records (-want +got)\n%s", diff)
	}
	b := ws.Find("A-2").Model.(*model.Item)
	if b.Status != "todo" || b.Due != "2027-01-31" || b.Body != "Body B\n" || b.Score["reach"] != 10 {
		t.Errorf("item A-2 = %+v", b)
	}
	if diff := cmp.Diff([]string{"x", "y"}, b.Labels); diff != "" {
		t.Errorf("labels (-want +got)\n%s", diff)
	}
	c := ws.Find("A-10").Model.(*model.Item)
	if c.Estimate == nil || *c.Estimate != 12 {
		t.Errorf("estimate 012 = %v, want 12 (decimal, not octal)", c.Estimate)
	}
	kr := ws.Find("KR-1").Model.(*model.KeyResult)
	if kr.Baseline == nil || *kr.Baseline != 1 || kr.Target == nil || *kr.Target != 3 || kr.Current == nil || *kr.Current != 2 || kr.Objective != "OBJ-1" {
		t.Errorf("KR-1 baseline %v, target %v, current %v, objective %q", kr.Baseline, kr.Target, kr.Current, kr.Objective)
	}
	if got := ws.Config.Workflow.Statuses; !cmp.Equal(got, []string{"todo", "done"}) {
		t.Errorf("statuses %v", got)
	}
	if ws.Product == nil || ws.Product.Body != "Strategy\n" || len(ws.Product.Personas) != 1 {
		t.Errorf("product %+v", ws.Product)
	}
}

func TestPositions(t *testing.T) {
	ws := load(t, map[string]string{
		"roadlog.yaml":     "version: 1\n",
		"roadmap.yaml":     "# comment\ninitiatives:\n  - id: INIT-1\n    title: X\n    objectives: [OBJ-1, OBJ-2]\n",
		"backlog/A-1-x.md": "\xef\xbb\xbf---\r\nid: A-1\r\ntitle: \"é\" \r\nstatus: todo\r\ndepends_on:\r\n  - A-2\r\n  - A-3\r\n---\r\n",
	})
	init1 := ws.Find("INIT-1")
	item := ws.Find("A-1")
	got := map[string]diag.Pos{
		"INIT-1":            init1.Pos(),
		"INIT-1 objectives": init1.ValuePos("objectives", "1"),
		"INIT-1 title key":  init1.KeyPos("title"),
		"A-1":               item.Pos(),
		"A-1 status":        item.ValuePos("status"),
		"A-1 depends_on[1]": item.ValuePos("depends_on", "1"),
		"A-1 missing":       item.ValuePos("nothing"),
	}
	want := map[string]diag.Pos{
		"INIT-1":            {Line: 3, Col: 9},
		"INIT-1 objectives": {Line: 5, Col: 25},
		"INIT-1 title key":  {Line: 4, Col: 5},
		"A-1":               {Line: 2, Col: 5},
		"A-1 status":        {Line: 4, Col: 9},
		"A-1 depends_on[1]": {Line: 7, Col: 5},
		"A-1 missing":       {Line: 2, Col: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got)\n%s", diff)
	}
}

func TestParseProblems(t *testing.T) {
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	tests := []struct {
		name string
		kind FileKind
		src  string
		want string // the first diagnostic, as text
	}{
		{"nul", FileItem, "---\nid: A\x00\n---\n", "x.md:2:6: error: binary file (it contains a NUL byte); roadlog reads UTF-8 text files only [parse]"},
		{"invalid utf-8", FileRoadmap, "a: b\nc: \"\xc3\x28\"\n", "x.md:2:5: error: invalid UTF-8; save the file as UTF-8 [parse]"},
		{"duplicate key", FileRoadmap, "a: 1\nb: 2\na: 3\n", `x.md:3:1: error: duplicate key "a" (first on line 1); remove one of them [parse]`},
		{"deep nesting", FileRoadmap, "a: " + deep + "\n", "x.md:1:10004: error: invalid YAML: exceeded max depth of 10000; the file nests too deeply to be a plan file [parse]"},
		{"tab", FileRoadmap, "a:\n\t- b\n", "x.md:2:1: error: tab character in indentation; indent with spaces; YAML does not allow tabs [parse]"},
		{"infinity", FileRoadmap, "a: .inf\n", "x.md:1:4: error: .inf is not a finite number; write a plain number, or quote it to make it text [parse]"},
		{"complex key", FileRoadmap, "? [a]\n: b\n", "x.md:1:3: error: a key must be a plain name, not a list or mapping [parse]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("x.md", tt.kind, []byte(tt.src))
			if len(diags) == 0 {
				t.Fatalf("no diagnostics")
			}
			if got := diags[0].String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestAliasesAndMerges(t *testing.T) {
	f, diags := Parse("roadmap.yaml", FileRoadmap, []byte("base: &b {horizon: now, status: planned}\ninitiatives:\n  - <<: *b\n    id: I\n    status: done\n"))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	got := f.Value.(map[string]any)["initiatives"].([]any)[0]
	want := map[string]any{"horizon": "now", "status": "done", "id": "I"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged (-want +got)\n%s", diff)
	}
}

func TestLargeFile(t *testing.T) {
	big := bytes.Repeat([]byte("# padding line\n"), 50<<20/15)
	ws, err := Load(t.Context(), fstest.MapFS{
		"roadlog.yaml": {Data: []byte("version: 1\n")},
		"roadmap.yaml": {Data: big},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "roadmap.yaml:1:1: error: file is 50.0 MB, larger than the 8.0 MB limit; split it, or move it out of the workspace [parse]"
	if len(ws.Diagnostics) != 1 || ws.Diagnostics[0].String() != want {
		t.Errorf("got %v\nwant %s", ws.Diagnostics, want)
	}
}

// TestOpenStaysInside checks that a symlink out of the workspace is
// reported and its target never read.
func TestOpenStaysInside(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside.md")
	root := filepath.Join(dir, "ws")
	for p, c := range map[string]string{
		outside:                                   "---\nid: SECRET\ntitle: s\nstatus: idea\n---\n",
		filepath.Join(root, "roadlog.yaml"):       "version: 1\npaths: {roadmap: ../roadmap.yaml}\n",
		filepath.Join(dir, "roadmap.yaml"):        "initiatives: [{id: OUT, title: outside}]\n",
		filepath.Join(root, "backlog", "A-1.md"):  "---\nid: A-1\ntitle: In\nstatus: idea\n---\n",
		filepath.Join(root, "insights", "x.keep"): "",
	} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(root, "backlog", "A-2-link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(root, "decisions")); err != nil {
		t.Fatal(err)
	}
	ws, err := Open(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if ws.Find("SECRET") != nil || ws.Find("OUT") != nil {
		t.Fatalf("read a file outside the workspace")
	}
	var got []string
	for _, d := range ws.Diagnostics {
		got = append(got, d.String())
	}
	want := []string{
		"backlog/A-2-link.md:1:1: error: symlink points outside the workspace; roadlog reads nothing outside the folder of roadlog.yaml; copy the file in instead [parse]",
		"decisions:1:1: error: symlink points outside the workspace; roadlog reads nothing outside the folder of roadlog.yaml; copy the file in instead [parse]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a", ConfigFile), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Find(filepath.Join(dir, "a", "b"))
	if err != nil || got != filepath.Join(dir, "a") {
		t.Errorf("Find = %q, %v", got, err)
	}
	if _, err := Find(dir); err == nil {
		t.Errorf("Find above the workspace succeeded")
	}
}

// FuzzParse checks that no input makes Parse panic and that every finding
// has a position inside the file, lines ending at LF (issue 9: a file whose
// lines end in lone CRs got positions past its end).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\nid: A-1\ntitle: x\nstatus: idea\n---\nbody\n",
		"---\na: &a [1, 2]\nb: [*a, *a]\nc: {<<: {d: 1}}\n---\n",
		"---\n? [a]\n: b\nx: .nan\ny: 0x1F\nz: 2026-01-02\n---\n",
		"---\r\nid: A\r\n---\r\n",
		"initiatives:\n  - id: I\n---\nmore: docs\n",
		"version: 1\rfoo: 2\rbar: [3\r",
		"---\nid: A-1\rtitle: x\u2028status: redy\r\n---\n",
	} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, src []byte, markdown bool) {
		kind := FileRoadmap
		if markdown {
			kind = FileItem
		}
		file, diags := Parse("x", kind, src)
		if file == nil {
			t.Fatal("nil file")
		}
		lines := bytes.Split(src, []byte("\n"))
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Pos.Col < 1 || d.Pos.Line > len(lines) || d.Pos.Col > utf8.RuneCount(lines[d.Pos.Line-1])+1 {
				t.Fatalf("bad position %v for %q (%d lines)", d.Pos, d.Message, len(lines))
			}
		}
	})
}
