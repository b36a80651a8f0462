package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
)

var now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func build(tb testing.TB, ws *workspace.Workspace, opts Options) Site {
	tb.Helper()
	list, err := validate.Run(context.Background(), ws, validate.Options{Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	opts.Findings = list
	if opts.Version == "" {
		opts.Version = "test"
	}
	site, err := Build(context.Background(), plan.New(ws, now), opts)
	if err != nil {
		tb.Fatal(err)
	}
	return site
}

func example(tb testing.TB) *workspace.Workspace {
	tb.Helper()
	ws, err := workspace.Open(context.Background(), filepath.Join("..", "..", "examples", "acme-checkout"))
	if err != nil {
		tb.Fatal(err)
	}
	return ws
}

func memory(tb testing.TB, files map[string]string) *workspace.Workspace {
	tb.Helper()
	fsys := fstest.MapFS{}
	for p, c := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
	}
	ws, err := workspace.Load(context.Background(), fsys)
	if err != nil {
		tb.Fatal(err)
	}
	return ws
}

// TestWording covers issue 10, item 14: one item is "1 item", a board
// column's count keeps its case (only the status is capitalised), and a
// strategy that opens with its own "Strategy" heading is not headed twice;
// and item 10: an objective not all measurable says so, a key result at
// its target is 100%.
func TestWording(t *testing.T) {
	site := build(t, memory(t, map[string]string{
		"roadlog.yaml":  "version: 1\nworkflow: {statuses: [ready, doing, done], closed: [done], wip: {doing: 1}}\n",
		"product.md":    "---\nname: P\n---\n# Strategy\n\nWin.\n",
		"roadmap.yaml":  "initiatives:\n  - {id: I-1, title: I, horizon: now}\n",
		"releases.yaml": "releases:\n  - {id: R-1, title: R}\n",
		"objectives.yaml": "objectives:\n  - id: O-1\n    title: O\n    key_results:\n" +
			"      - {id: K-1, title: K, baseline: 0, target: 2, current: 2}\n      - {id: K-2, title: L, target: 3}\n",
		"backlog/A-1.md": "---\nid: A-1\ntitle: A\nstatus: doing\ninitiative: I-1\nrelease: R-1\ndepends_on: [A-2]\n---\n",
		"backlog/A-2.md": "---\nid: A-2\ntitle: B\nstatus: done\n---\n",
	}), Options{})
	for page, want := range map[string][]string{
		"roadmap.html":      {`<p class="muted">1 item</p>`},
		"releases.html":     {" · 1 item, 0 closed</p>"},
		"backlog.html":      {"<p>2 items, 1 open,"},
		"index.html":        {"<strong>1</strong> open item</a>"},
		"dependencies.html": {"<p>2 items that depend"},
		"board.html":        {`<span class="name">doing</span> <span class="count">1 of 1</span>`},
		"objectives.html":   {`<p class="muted">1 of 2 key results measurable</p>`},
		"records/O-1.html":  {"1 of 2 key results measurable"},
		"records/K-1.html":  {"100%"},
	} {
		for _, w := range want {
			if !bytes.Contains(site[page], []byte(w)) {
				t.Errorf("%s does not have %q", page, w)
			}
		}
	}
	if n := bytes.Count(site["index.html"], []byte(">Strategy</h")); n != 1 {
		t.Errorf("index.html has %d Strategy headings, want 1", n)
	}
	if css := site["style.css"]; !bytes.Contains(css, []byte(".column .name { text-transform: capitalize; }")) ||
		bytes.Contains(css, []byte(".column h2, .column h3 { margin-top: .3rem; text-transform")) {
		t.Errorf("style.css capitalises more than the status")
	}
}

// TestGolden pins key pages of the example's site. Refresh them with
// UPDATE_GOLDEN=1 go test ./pkg/report and review the diff.
func TestGolden(t *testing.T) {
	site := build(t, example(t), Options{Stamp: now})
	for _, p := range []string{"index.html", "backlog.html", "roadmap.html", "risks.html", "dependencies.html", "records/ACME-4.html", "records/INIT-2.html"} {
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
		if os.Getenv("UPDATE_GOLDEN") != "" {
			if err := os.WriteFile(golden, site[p], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(site[p], want) {
			t.Errorf("%s differs from %s; run UPDATE_GOLDEN=1 go test ./pkg/report and review the diff", p, golden)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := build(t, example(t), Options{})
	b := build(t, example(t), Options{})
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
	for p, data := range a {
		if bytes.Contains(data, []byte("Made with roadlog test on")) {
			t.Errorf("%s has a timestamp without --stamp", p)
		}
	}
}

// remote finds anything that would load from the network: scripts, styles,
// images, fonts and frames.
var remote = regexp.MustCompile(`(?i)<(script|link|img|iframe|source|embed|object)[^>]+(src|href)="(https?:)?//|@import|url\(\s*['"]?https?:|@font-face`)

func TestSelfContained(t *testing.T) {
	for _, single := range []bool{false, true} {
		site := build(t, example(t), Options{SingleFile: single})
		for p, data := range site {
			if m := remote.Find(data); m != nil {
				t.Errorf("single=%v %s loads from elsewhere: %s", single, p, m)
			}
		}
	}
	single := build(t, example(t), Options{SingleFile: true})
	if len(single) != 1 {
		t.Fatalf("single file site has %d files", len(single))
	}
	html := string(single["index.html"])
	for _, want := range []string{`<section class="page" id="page-backlog"`, `<section class="page" id="rec-ACME-4"`, `href="#rec-ACME-4"`, "<style>", "window.roadlogIndex"} {
		if !strings.Contains(html, want) {
			t.Errorf("single file lacks %s", want)
		}
	}
	if strings.Contains(html, `href="records/`) || strings.Contains(html, `src="app.js"`) {
		t.Error("single file links to other files")
	}
	// roadlog tells its single files from other files by a marker, which no
	// page of a site has.
	if !IsSingleFile(single["index.html"]) {
		t.Error("the single file lacks its marker")
	}
	for p, data := range build(t, example(t), Options{}) {
		if IsSingleFile(data) {
			t.Errorf("%s of a site has the single file's marker", p)
		}
	}
}

// TestHostile checks that file content cannot put markup or script into
// the site: titles are escaped, raw HTML in bodies is left out, and
// javascript: links lose their target.
func TestHostile(t *testing.T) {
	ws := memory(t, map[string]string{
		"roadlog.yaml": "version: 1\n",
		"backlog/A-1-x.md": "---\nid: A-1\ntitle: \"<script>alert('title')</script>\"\nstatus: idea\nlabels: [\"<b>bold</b>\"]\n---\n" +
			"<script>alert('body')</script>\n\n<img src=x onerror=\"alert('img')\">\n\n" +
			"[click](javascript:alert('link')) and <javascript:alert('auto')> and [data](data:text/html,<script>alert(1)</script>)\n\n" +
			"Mentions A-1 and <b>inline</b> html.\n",
		"product.md": "---\nname: \"<img src=x onerror=alert(1)>\"\nvision: \"</p><script>alert('vision')</script>\"\n---\n",
	})
	site := build(t, ws, Options{})
	for p, data := range site {
		if p == "app.js" || p == "search-index.js" || p == "style.css" {
			continue
		}
		s := string(data)
		for _, bad := range []string{"<script>alert", `href="javascript:`, `href="data:`, "<b>bold</b>", "<b>inline</b>", "<img src=x"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
	page := string(site["records/A-1.html"])
	if !strings.Contains(page, "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;") {
		t.Error("the title is not escaped text")
	}
	if !strings.Contains(page, "<!-- raw HTML omitted -->") {
		t.Error("raw HTML in the body is not left out")
	}
	if strings.Contains(string(site["search-index.js"]), "</script>") {
		t.Error("the search index can close its script element")
	}
}

// TestControlCharacters checks that control characters, noncharacters and
// bidi overrides from files, which HTML forbids or which reorder what the
// reader sees, reach no page, whether the site is a folder or one file.
func TestControlCharacters(t *testing.T) {
	ws := memory(t, map[string]string{
		"roadlog.yaml": "version: 1\nworkflow: {statuses: [idea, \"\\e[2J\"]}\n",
		"backlog/A-1-x.md": "---\nid: A-1\ntitle: \"T \\e[31m \\u009b \\u0085 \\u202eevil \\uFDD0 \\uFFFE \\a\"\nstatus: \"\\e[2J\"\nlabels: [\"\\x7f\"]\n---\n" +
			"Body \x1b[2J and \u009b31m and \u2066iso\u2069.\n\n```\ncode \x1b]0;t\x07\n```\n",
	})
	for _, single := range []bool{false, true} {
		for p, data := range build(t, ws, Options{SingleFile: single}) {
			if p == "app.js" || p == "style.css" {
				continue
			}
			for i, r := range string(data) {
				if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0) || (r >= 0x202a && r <= 0x202e) ||
					(r >= 0x2066 && r <= 0x2069) || r == 0xfdd0 || r == 0xfffe {
					t.Errorf("single=%v: %s holds %U at %d", single, p, r, i)
					break
				}
			}
		}
	}
}

func TestPublic(t *testing.T) {
	ws := memory(t, map[string]string{
		"roadlog.yaml":     "version: 1\nreport: {internal_fields: [estimate]}\n",
		"roadmap.yaml":     "initiatives:\n  - {id: INIT-1, title: Public}\n  - {id: INIT-2, title: Secret plan, visibility: internal}\n",
		"backlog/A-1-x.md": "---\nid: A-1\ntitle: Visible\nstatus: idea\nestimate: 13\ninitiative: INIT-2\n---\nSee INIT-2 and A-2.\n",
		"backlog/A-2-y.md": "---\nid: A-2\ntitle: Hidden item\nstatus: idea\nvisibility: internal\n---\n",
	})
	site := build(t, ws, Options{Public: true})
	if _, ok := site["records/INIT-2.html"]; ok {
		t.Error("an internal initiative has a page")
	}
	if _, ok := site["records/A-2.html"]; ok {
		t.Error("an internal item has a page")
	}
	for p, data := range site {
		s := string(data)
		for _, bad := range []string{"Secret plan", "Hidden item", "records/INIT-2.html", "records/A-2.html"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s mentions %q", p, bad)
			}
		}
	}
	page := string(site["records/A-1.html"])
	if strings.Contains(page, "estimate") {
		t.Error("an internal field is shown")
	}
	full := build(t, ws, Options{})
	if !strings.Contains(string(full["records/A-1.html"]), `<a href="../records/INIT-2.html">INIT-2</a>`) {
		t.Error("without --public, IDs in bodies are not links")
	}
}

// BenchmarkReport builds the site of a generated 10,000-item workspace
// (DESIGN §6, the report: under five seconds).
// Run it with: go test ./pkg/report -run '^$' -bench Report -benchtime 3x
func BenchmarkReport(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ws, err := workspace.Open(context.Background(), dir)
		if err != nil {
			b.Fatal(err)
		}
		site := build(b, ws, Options{})
		if len(site) < 10000 {
			b.Fatalf("%d files", len(site))
		}
	}
}

// TestRecordKeyCoversView checks that the key of a record's page hashes
// every part of the page's view: a part added to recordView must be added
// to keyBytes.view too, or a page would not be made again when it changes.
func TestRecordKeyCoversView(t *testing.T) {
	if n := reflect.TypeFor[recordView]().NumField(); n != 10 {
		t.Errorf("recordView has %d fields, keyBytes.view writes 10: add the new ones to it", n)
	}
}
