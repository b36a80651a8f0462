package report

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/rogpeppe/go-internal/txtar"
)

// canaryWorkspace and canaries are read from testdata/public-canary.txtar
// (see its comment): a workspace with internal records of every kind, and
// the strings no byte of a public site may hold.
var canaryWorkspace, canaries = readCanary()

func readCanary() (map[string]string, []string) {
	a, err := txtar.ParseFile(filepath.Join("testdata", "public-canary.txtar"))
	if err != nil {
		panic(err) // a test fixture of this package
	}
	files := map[string]string{}
	for _, f := range a.Files {
		files[f.Name] = string(f.Data)
	}
	_, list, _ := strings.Cut(string(a.Comment), "\ncanaries: ")
	list, _, _ = strings.Cut(list, "\n")
	return files, strings.Fields(list)
}

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
			// The bytes, and the text a browser decodes from them: HTML
			// entities, then %XX in addresses (twice, as a server might).
			raw := strings.ToLower(string(site[p]))
			decoded := html.UnescapeString(raw)
			for _, data := range []string{raw, decoded, percentDecode(percentDecode(decoded))} {
				for _, c := range canaries {
					if strings.Contains(strings.ToLower(p), c) {
						t.Errorf("single=%v: the site has a file %s", single, p)
					}
					if i := strings.Index(data, c); i >= 0 {
						lo, hi := max(i-80, 0), min(i+80, len(data))
						t.Errorf("single=%v: %s holds %q: …%s…", single, p, c, data[lo:hi])
					}
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
		// The only errors are the internal epic's status, the internal
		// persona's visibility (personas have none in the schema) and the
		// internal initiative's numeric ID; of the warnings, that A-1
		// depends on the internal CANARYQ-1 is left out too. A-3 is an
		// orphan.
		{"index.html", "Validates clean"},
		{"findings.html", "roadlog validate: 0 errors, 2 warnings, 1 note."},
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

// TestRedact checks which mentions of a hidden ID are taken out of text:
// those model.IDSet finds, the longest ID of the workspace first, letters
// compared without regard to case.
func TestRedact(t *testing.T) {
	hidden := map[string]bool{"a-1": true, "r-2027.1": true, "x": true, "p-2": true}
	r := mentionRules{
		ids:    model.NewIDSet([]string{"A-1", "A-1.5", "R-2027", "R-2027.1", "x", "P-2", "T-1"}),
		hidden: func(id string) bool { return hidden[model.FoldID(id)] },
	}
	for _, c := range []struct{ in, want string }{
		{"see A-1.", "see #."},
		{"see A-1, A-10 and BA-1", "see #, A-10 and BA-1"},
		{"A-1", "#"},
		{"(A-1)", "(#)"},
		{"A-1-", "#-"},
		{"A-1_2", "A-1_2"},
		{"A-1.5 and A-1.6", "A-1.5 and #.6"},
		{"R-2027.1 and R-2027.10 and R-2027.1.", "# and R-2027.10 and #."},
		{"R-2027 and R-2027.2", "R-2027 and R-2027.2"},
		{"x marks x-ray", "# marks #-ray"},
		{"https://e.com/A-1", "https://e.com/#"},
		{"P-2.html #P-2 ?id=P-2 img/P-2.png", "#.html ## ?id=# img/#.png"},
		{"backlog/t-1-after-p-2.md", "backlog/t-1-after-#.md"},
		{"a-1 and T-1", "# and T-1"},
		{"nothing here", "nothing here"},
	} {
		if got, changed := r.redact(c.in, "#"); got != c.want || changed != (c.in != c.want) {
			t.Errorf("redact(%q) = %q, %v; want %q", c.in, got, changed, c.want)
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
