package report

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/validate"
)

// canaryWorkspace has an internal record of every kind, each with an ID
// and a title that contain a canary string, and public records that name
// them in every reference field, mention them in every kind of text, and
// hold values of the fields report.internal_fields lists that are canaries
// too. A public site must not hold one byte of a canary.
var canaryWorkspace = map[string]string{
	"roadlog.yaml": `version: 1
product: {name: Open, key: A}
workflow: {statuses: [idea, ready, done], closed: [done], wip: {ready: 5}}
fields: {segment: {type: string}}
people: {ana: {name: Ana}}
report: {internal_fields: [estimate, segment, mitigation, period, unit, labels]}
`,
	"product.md": `---
name: Open product
vision: Fast checkout; see CANARYQ-PER.
personas:
  - {id: P-1, name: Pat, needs: [speed]}
  - {id: CANARYQ-PER, name: Zebracanary persona, visibility: internal}
---
Strategy: CANARYQ-1 and CANARYQ-INIT come first. ` + "`CANARYQ-1`" + `

    CANARYQ-EPIC in code
`,
	"roadmap.yaml": `themes:
  - {id: T-1, title: Public theme}
  - {id: CANARYQ-TH, title: Zebracanary theme, visibility: internal}
initiatives:
  - id: INIT-1
    title: Public initiative
    theme: CANARYQ-TH
    objectives: [OBJ-1, CANARYQ-OBJ]
    horizon: now
    confidence: medium
    description: Builds on CANARYQ-INIT.
  - id: CANARYQ-INIT
    title: Zebracanary initiative
    theme: T-1
    horizon: next
    start: 2027-01-01
    visibility: internal
`,
	"objectives.yaml": `objectives:
  - id: OBJ-1
    title: Public objective
    period: zebraperiod
    key_results:
      - {id: KR-1, title: Public result, unit: zebraunit, baseline: 0, target: 10, current: 5}
      - {id: CANARYQ-KR, title: Zebracanary result, baseline: 0, target: 10, current: 10, visibility: internal}
  - id: CANARYQ-OBJ
    title: Zebracanary objective
    visibility: internal
    key_results:
      - {id: CANARYQ-KR2, title: Zebracanary result two, baseline: 0, target: 1, current: 1}
`,
	"releases.yaml": `releases:
  - {id: R-1, title: Public release, date: 2027-03-01, status: planned}
  - {id: CANARYQ-REL, title: Zebracanary release, date: 2027-04-01, status: planned, visibility: internal}
`,
	"risks.yaml": `risks:
  - {id: RISK-1, title: Public risk, likelihood: 2, impact: 3, status: open, mitigation: zebramitigation, links: [A-1, CANARYQ-1, CANARYQ-INIT]}
  - {id: CANARYQ-RISK, title: Zebracanary risk, likelihood: 5, impact: 5, status: open, links: [A-1], visibility: internal}
`,
	"backlog/A-1-public.md": `---
id: A-1
title: Public item
type: story
status: done
owner: ana
parent: CANARYQ-EPIC
initiative: INIT-1
release: CANARYQ-REL
labels: [zebralabel]
estimate: 987654
segment: zebrasegment
depends_on: [A-2, CANARYQ-1]
insights: [INS-1, CANARYQ-INS]
---
Blocked by CANARYQ-1, see [CANARYQ-1](https://example.com/CANARYQ-1) and <https://example.com/CANARYQ-EPIC>.

- [x] done before CANARYQ-1.
`,
	"backlog/A-2-public.md": `---
id: A-2
title: Second public item
type: story
status: ready
initiative: INIT-1
release: R-1
depends_on: [CANARYQ-1]
---
`,
	"backlog/CANARYQ-1-secret.md": `---
id: CANARYQ-1
title: Zebracanary item
type: story
status: ready
initiative: INIT-1
release: R-1
visibility: internal
---
Secret body.
`,
	"backlog/CANARYQ-EPIC-secret.md": `---
id: CANARYQ-EPIC
title: Zebracanary epic
type: epic
status: redy
initiative: INIT-1
visibility: internal
---
`,
	"insights/INS-1-public.md": `---
id: INS-1
title: Public insight
source: interview
date: 2026-10-01
---
Customers asked; see CANARYQ-INS.
`,
	"insights/CANARYQ-INS-secret.md": `---
id: CANARYQ-INS
title: Zebracanary insight
source: interview
date: 2026-10-01
visibility: internal
---
`,
	"decisions/DEC-1-public.md": `---
id: DEC-1
title: Public decision
status: accepted
date: 2026-10-01
supersedes: CANARYQ-DEC
links: [A-1, CANARYQ-1, CANARYQ-OBJ]
---
`,
	"decisions/CANARYQ-DEC-secret.md": `---
id: CANARYQ-DEC
title: Zebracanary decision
status: superseded
date: 2026-09-01
visibility: internal
---
`,
}

// canaries are the strings no byte of a public site may hold.
var canaries = []string{"canaryq", "zebra", "987654"}

// TestPublicCanaries renders public sites, as folders and as one file, and
// searches every byte of every file, and every file name, for the
// canaries: IDs and titles of internal records, and values of internal
// fields.
func TestPublicCanaries(t *testing.T) {
	ws := memory(t, canaryWorkspace)
	full := build(t, ws, Options{})
	// The canaries are there without --public, or the test proves nothing.
	all := map[string]bool{}
	for _, data := range full {
		for _, c := range canaries {
			if bytes.Contains(bytes.ToLower(data), []byte(c)) {
				all[c] = true
			}
		}
	}
	if len(all) != len(canaries) {
		t.Fatalf("the full site holds only %v of the canaries %v", all, canaries)
	}
	for _, single := range []bool{false, true} {
		site := build(t, ws, Options{Public: true, SingleFile: single})
		for _, p := range site.Paths() {
			data := bytes.ToLower(site[p])
			for _, c := range canaries {
				if strings.Contains(strings.ToLower(p), c) {
					t.Errorf("single=%v: the site has a file %s", single, p)
				}
				if i := bytes.Index(data, []byte(c)); i >= 0 {
					lo, hi := max(i-80, 0), min(i+80, len(data))
					t.Errorf("single=%v: %s holds %q: …%s…", single, p, c, data[lo:hi])
				}
			}
		}
	}
}

// TestPublicCounts checks that the numbers of a public site count only what
// it shows: an initiative's items, a release's, objective progress and
// validation findings.
func TestPublicCounts(t *testing.T) {
	site := build(t, memory(t, canaryWorkspace), Options{Public: true})
	for _, c := range []struct{ page, want string }{
		// INIT-1 has A-1 (done) and A-2 public, CANARYQ-1 and CANARYQ-EPIC internal.
		{"records/INIT-1.html", "<dd>1 of 2 items closed (50%)</dd>"},
		// R-1 has A-2 public and CANARYQ-1 internal.
		{"records/R-1.html", "<dd>0 of 1 items closed (0%)</dd>"},
		// KR-1 is half way; the internal CANARYQ-KR is done.
		{"records/OBJ-1.html", "<dd>50% (mean of its key results)</dd>"},
		{"roadmap.html", "2 items"},
		// A-2 depends only on an internal item: not blocked in public.
		{"backlog.html", "<td>Second public item</td>"},
		// The only errors are the internal epic's status and the internal
		// persona's visibility (personas have none in the schema).
		{"index.html", "Validates clean"},
		{"findings.html", "roadlog validate: 0 errors, 3 warnings, 0 notes."},
	} {
		if !strings.Contains(string(site[c.page]), c.want) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
	full := build(t, memory(t, canaryWorkspace), Options{})
	if want := "<dd>1 of 4 items closed (25%)</dd>"; !strings.Contains(string(full["records/INIT-1.html"]), want) {
		t.Errorf("the full site's INIT-1 lacks %q", want)
	}
}

// TestPublicFailsClosed checks that a record is public only when its
// visibility is absent or exactly "public", and that every other
// visibility, and a key that looks like a misspelled one, is a problem
// that --public refuses to run with.
func TestPublicFailsClosed(t *testing.T) {
	values := []struct {
		yaml    string
		public  bool
		problem bool
	}{
		{"", true, false},
		{"visibility: public", true, false},
		{"visibility: internal", false, false},
		{"visibility: Internal", false, true},
		{"visibility: INTERNAL", false, true},
		{"visibility: private", false, true},
		{`visibility: "internal "`, false, true},
		{`visibility: " public"`, false, true},
		{"visibility: [internal]", false, true},
		{"visibility: {internal: true}", false, true},
		{"visibility: null", false, true},
		{"visibility: true", false, true},
		{"visibility: 0", false, true},
		{"visibility: ''", false, true},
		{"Visibility: internal", true, true},
		{"visiblity: internal", true, true},
		{"visibilty: internal", true, true},
		{"VISIBILITY: internal", true, true},
	}
	files := map[string]string{"roadlog.yaml": "version: 1\n"}
	for i, v := range values {
		files[fmt.Sprintf("backlog/A-%d-x.md", i)] = fmt.Sprintf("---\nid: A-%d\ntitle: Zebra %d\nstatus: idea\n%s\n---\n", i, i, v.yaml)
	}
	files["roadmap.yaml"] = "themes:\n  - {id: T-1, title: Theme, visibility: Internal}\n  - {id: T-2, title: Theme two, visibilty: internal}\n"
	ws := memory(t, files)
	list, err := validate.Run(context.Background(), ws, validate.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	problems := VisibilityProblems(ws, list)
	withProblem := map[string]bool{}
	for _, d := range problems {
		withProblem[d.Path] = true
		if d.Severity != diag.Error {
			t.Errorf("%s: severity %s", d, d.Severity)
		}
	}
	for i, v := range values {
		id := fmt.Sprintf("A-%d", i)
		r := ws.Find(id)
		if got := isPublic(r); got != v.public {
			t.Errorf("%q: isPublic = %v, want %v", v.yaml, got, v.public)
		}
		if got := withProblem[r.File.Path]; got != v.problem {
			t.Errorf("%q: a problem = %v, want %v", v.yaml, got, v.problem)
		}
	}
	var roadmap []string
	for _, d := range problems {
		if d.Path == "roadmap.yaml" {
			roadmap = append(roadmap, d.String())
		}
	}
	want := []string{
		`roadmap.yaml:2:41: error: unknown visibility "Internal"; did you mean "internal"? [schema]`,
		`roadmap.yaml:3:33: error: unknown field "visibilty"; did you mean "visibility"? [schema]`,
	}
	if d := cmp.Diff(want, roadmap); d != "" {
		t.Errorf("roadmap.yaml problems (-want +got):\n%s", d)
	}
	// Even when it is built anyway, a public site has none of them: only the
	// records with no visibility or "public", and those whose key is
	// misspelled (their author is told to fix it first).
	site := build(t, ws, Options{Public: true})
	for i, v := range values {
		_, ok := site[fmt.Sprintf("records/A-%d.html", i)]
		if ok != v.public {
			t.Errorf("%q: a page = %v, want %v", v.yaml, ok, v.public)
		}
	}
	if strings.Contains(string(site["roadmap.html"]), "T-1") {
		t.Error("a theme with visibility Internal is in the public roadmap")
	}
}

// TestRedact checks which mentions of a hidden ID are taken out of text.
func TestRedact(t *testing.T) {
	hidden := map[string]bool{"A-1": true, "R-2027.1": true, "x": true}
	for _, c := range []struct{ in, want string }{
		{"see A-1.", "see #."},
		{"see A-1, A-10 and BA-1", "see #, A-10 and BA-1"},
		{"A-1", "#"},
		{"(A-1)", "(#)"},
		{"A-1-", "#-"},
		{"A-1_2", "A-1_2"},
		{"R-2027.1 and R-2027.10 and R-2027.1.", "# and R-2027.10 and #."},
		{"x marks x-ray", "# marks x-ray"},
		{"https://e.com/A-1", "https://e.com/#"},
		{"nothing here", "nothing here"},
	} {
		if got := redact(c.in, hidden, "#"); got != c.want {
			t.Errorf("redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestPageNames checks that every ID gets a page name that stays inside
// records/, is unique even on case-insensitive file systems, and is the ID
// itself when that is safe.
func TestPageNames(t *testing.T) {
	ids := []string{
		"ACME-4", "R-2027.1", "../index", "../../x", "a/b", `a\b`, "..", ".", "", "CON", "con.txt", "Lpt1",
		"A-1", "a-1", "x y", "é", "_a", "__h", "a\x00b", "a:b", "%2e%2e", strings.Repeat("Z", 101), strings.Repeat("y", 400),
		"A.", "A..", "-", "ID\x1b[2J",
	}
	names := recordPageNames(ids)
	want := map[string]string{
		"ACME-4": "ACME-4", "R-2027.1": "R-2027.1", "../index": "__2e._2findex", "A.": "A.", "A..": "A..",
		"CON": "__43_4f_4e", "A-1": "__41-1", "a-1": "_a-1", "_a": "__5fa", "": "_", "..": "__2e.",
	}
	for id, w := range want {
		if names[id] != w {
			t.Errorf("name of %q = %q, want %q", id, names[id], w)
		}
	}
	seen := map[string]string{}
	for _, id := range ids {
		n := names[id]
		folded := strings.ToLower(n)
		if other, dup := seen[folded]; dup {
			t.Errorf("%q and %q share the page name %q (ignoring case)", id, other, n)
		}
		seen[folded] = id
		if n == "" || len(n) > 130 || strings.ContainsAny(n, `/\:*?"<>|`) || n[0] == '.' || slices.ContainsFunc([]byte(n), func(c byte) bool { return c < 0x21 || c > 0x7e }) {
			t.Errorf("name of %q = %q: not a safe file name", id, n)
		}
	}
	// Stable: the same IDs give the same names.
	if d := cmp.Diff(names, recordPageNames(ids)); d != "" {
		t.Errorf("names differ between runs:\n%s", d)
	}
}

// TestPublicInternalFields lists every field a page can show under
// report.internal_fields, gives each a canary value, and checks that no
// page of a public site, nor its search index, shows one.
func TestPublicInternalFields(t *testing.T) {
	ws := memory(t, map[string]string{
		"roadlog.yaml": `version: 1
workflow: {statuses: [idea, zebrastatus], closed: [zebrastatus]}
types: [story, zebratype]
fields: {segment: {type: string}}
report:
  internal_fields: [type, status, owner, labels, due, created, moscow, segment, horizon, confidence, start, end,
    period, unit, baseline, current, target, date, mitigation, source, customer, needs, description, estimate]
`,
		"product.md":      "---\nname: P\npersonas:\n  - {id: P-1, name: Pat, needs: [zebraneed]}\n---\n",
		"roadmap.yaml":    "initiatives:\n  - {id: INIT-1, title: I, horizon: now, status: zebrastatus, confidence: zebraconf, start: 2091-01-01, end: 2092-01-01, owner: zebraowner, description: zebradesc}\n",
		"objectives.yaml": "objectives:\n  - id: OBJ-1\n    title: O\n    period: zebraperiod\n    owner: zebraowner\n    key_results:\n      - {id: KR-1, title: K, unit: zebraunit, baseline: 987651, target: 987653, current: 987652}\n",
		"releases.yaml":   "releases:\n  - {id: R-1, title: R, date: 2093-01-01, status: zebrastatus}\n",
		"risks.yaml":      "risks:\n  - {id: RISK-1, title: X, status: zebrastatus, owner: zebraowner, mitigation: zebramitigation}\n",
		"backlog/A-1-a.md": "---\nid: A-1\ntitle: A\ntype: zebratype\nstatus: zebrastatus\nowner: zebraowner\nlabels: [zebralabel]\n" +
			"due: 2094-01-01\ncreated: 2095-01-01\nmoscow: zebramoscow\nsegment: zebrasegment\nestimate: 987654\nrelease: R-1\n---\n",
		"insights/INS-1-a.md":  "---\nid: INS-1\ntitle: N\nsource: zebrasource\ndate: 2096-01-01\ncustomer: zebracustomer\n---\n",
		"decisions/DEC-1-a.md": "---\nid: DEC-1\ntitle: D\nstatus: zebrastatus\ndate: 2097-01-01\n---\n",
	})
	full := build(t, ws, Options{})
	canaries := []string{"zebra", "9876", "209"}
	for _, c := range canaries {
		found := false
		for _, data := range full {
			found = found || bytes.Contains(data, []byte(c))
		}
		if !found {
			t.Fatalf("the full site has no %q, so the test proves nothing", c)
		}
	}
	for _, single := range []bool{false, true} {
		site := build(t, ws, Options{Public: true, SingleFile: single})
		for _, p := range site.Paths() {
			for _, c := range canaries {
				if i := bytes.Index(site[p], []byte(c)); i >= 0 {
					lo, hi := max(i-100, 0), min(i+60, len(site[p]))
					t.Errorf("single=%v: %s shows an internal field's %q: …%s…", single, p, c, site[p][lo:hi])
				}
			}
		}
	}
}
