package report

import (
	"bytes"
	"context"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/gittest"
	gitflow "github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// flowToday is the report's now in the tests of the Flow page.
var flowToday = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// flowItem is the file of a backlog item.
func planItem(id, status, release string, extra ...string) string {
	s := "---\nid: " + id + "\ntitle: Item " + id + "\ntype: story\nstatus: " + status + "\n"
	if release != "" {
		s += "release: " + release + "\n"
	}
	for _, e := range extra {
		s += e + "\n"
	}
	return s + "---\nThe text of item " + id + ".\n"
}

func flowPath(id string) string { return "backlog/" + id + ".md" }

// flowSteps are the commits of the Flow page's test repository, each a
// day (noon UTC) and the files it writes. The right answers follow from
// them (the default workflow: in-progress and review are active, done is
// done):
//
//	10-01 A-1…A-8 ready; A-1…A-5 and A-9 (internal) in R-1 (due 11-30),
//	      A-6…A-8 in R-2 (due 12-31); A-10 in R-9 (internal)
//	10-05 → in-progress
//	10-12 A-1 done (cycle 7); A-3 → in-progress
//	10-19 done (14, 14); A-4 → in-progress
//	10-26 A-3 done (14); A-11 created in R-1; A-6 → in-progress
//	11-02 A-4 → review; A-5 moves from
//	11-09 A-4 done (21), A-6 done (14); A-7 → in-progress, owned by ana
//	11-16 A-11 → in-progress
//
// Cycle times 7, 14, 14, 14, 14, 21: p50 14, p85 21, p95 21 (without the
// internal A-9: 7, 14, 14, 14, 21, the same percentiles of 5). R-1 had 6
// items when planned (5 public), of which 5 (4) are done; A-11 was added
// on 10-26 and A-5 removed on 11-02.
var flowSteps = []struct {
	day   string
	files map[string]string
}{
	{"2026-10-01", map[string]string{
		"roadlog.yaml": "version: 1\nproduct: {name: Demo, key: A}\n",
		"releases.yaml": "releases:\n  - {id: R-1, title: First, date: 2026-11-30}\n  - {id: R-2, title: Second, date: 2026-12-31}\n" +
			"  - {id: R-9, title: Secret, date: 2026-12-15, visibility: internal}\n",
		flowPath("A-1"): planItem("A-1", "ready", "R-1"), flowPath("A-2"): planItem("A-2", "ready", "R-1"),
		flowPath("A-3"): planItem("A-3", "ready", "R-1"), flowPath("A-4"): planItem("A-4", "ready", "R-1"),
		flowPath("A-5"): planItem("A-5", "ready", "R-1"), flowPath("A-6"): planItem("A-6", "ready", "R-2"),
		flowPath("A-7"): planItem("A-7", "ready", "R-2"), flowPath("A-8"): planItem("A-8", "ready", "R-2"),
		flowPath("A-9"):  planItem("A-9", "ready", "R-1", "visibility: internal"),
		flowPath("A-10"): planItem("A-10", "ready", "R-9"),
	}},
	{"2026-10-05", map[string]string{
		flowPath("A-1"): planItem("A-1", "in-progress", "R-1"), flowPath("A-2"): planItem("A-2", "in-progress", "R-1"),
		flowPath("A-9"): planItem("A-9", "in-progress", "R-1", "visibility: internal"),
	}},
	{"2026-10-12", map[string]string{
		flowPath("A-1"): planItem("A-1", "done", "R-1"), flowPath("A-3"): planItem("A-3", "in-progress", "R-1"),
	}},
	{"2026-10-19", map[string]string{
		flowPath("A-2"): planItem("A-2", "done", "R-1"), flowPath("A-9"): planItem("A-9", "done", "R-1", "visibility: internal"),
		flowPath("A-4"): planItem("A-4", "in-progress", "R-1"),
	}},
	{"2026-10-26", map[string]string{
		flowPath("A-3"): planItem("A-3", "done", "R-1"), flowPath("A-11"): planItem("A-11", "ready", "R-1"),
		flowPath("A-6"): planItem("A-6", "in-progress", "R-2"),
	}},
	{"2026-11-02", map[string]string{
		flowPath("A-4"): planItem("A-4", "review", "R-1"), flowPath("A-5"): planItem("A-5", "ready", "R-2"),
	}},
	{"2026-11-09", map[string]string{
		flowPath("A-4"): planItem("A-4", "done", "R-1"), flowPath("A-6"): planItem("A-6", "done", "R-2"),
		flowPath("A-7"): planItem("A-7", "in-progress", "R-2", "owner: ana"),
	}},
	{"2026-11-16", map[string]string{flowPath("A-11"): planItem("A-11", "in-progress", "R-1")}},
}

// flowRepo makes the test repository of [flowSteps] in dir (a new
// temporary one when dir is "") and returns its folder.
func flowRepo(t *testing.T, dir string) string {
	t.Helper()
	if dir == "" {
		dir = gittest.New(t)
	} else {
		gittest.New(t) // the isolated Git configuration
		gittest.Git(t, dir, "init", "-q", "-b", "main")
	}
	for _, s := range flowSteps {
		flowCommit(t, dir, s.day, s.files)
	}
	return dir
}

// flowCommit writes files into dir and commits them at noon UTC on day.
func flowCommit(t *testing.T, dir, day string, files map[string]string) {
	t.Helper()
	gittest.Write(t, dir, files)
	t.Setenv("GIT_AUTHOR_DATE", day+"T12:00:00Z")
	t.Setenv("GIT_COMMITTER_DATE", day+"T12:00:00Z")
	gittest.Commit(t, dir, "plan of "+day)
}

// flowSite builds the site of the repository at dir as `roadlog report`
// does on flowToday.
func flowSite(t *testing.T, dir string, opts Options) Site {
	t.Helper()
	ws, err := workspace.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	git, err := gitx.New(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := gitflow.Build(context.Background(), git, gitflow.Options{})
	if err != nil {
		t.Fatal(err)
	}
	list, err := validate.Run(context.Background(), ws, validate.Options{Now: flowToday})
	if err != nil {
		t.Fatal(err)
	}
	opts.Findings, opts.Version = list, "test"
	opts.Flow = &Flow{History: h, Rules: gitflow.NewRules(ws.Config), Today: gitflow.DayOf(flowToday)}
	site, err := Build(context.Background(), plan.New(ws, flowToday), opts)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// TestFlowRepo writes the Flow page's test repository into the folder
// that ROADLOG_FLOW_REPO names, for .ci/run to check its report with the
// external validators; without it, the test is skipped.
func TestFlowRepo(t *testing.T) {
	dir := os.Getenv("ROADLOG_FLOW_REPO")
	if dir == "" {
		t.Skip("ROADLOG_FLOW_REPO is not set")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	flowRepo(t, dir)
}

// TestFlowPage checks the Flow page of a repository whose metrics are
// known by construction ([flowSteps]), against a golden file for the
// whole page. Refresh it with UPDATE_GOLDEN=1 go test ./pkg/report and
// review the diff.
func TestFlowPage(t *testing.T) {
	site := flowSite(t, flowRepo(t, ""), Options{})
	page := string(site["flow.html"])
	for _, want := range []string{
		`<li><a href="flow.html" aria-current="page">Flow</a></li>`,
		`<li><strong>6</strong> done</li>`,
		`<li><strong>2</strong> in progress on 2026-11-20</li>`,
		`<th scope="row">Cycle time (start to done)</th><td>14</td><td>21</td><td>21</td><td>6</td>`,
		`<th scope="row">Lead time (created to done)</th><td>18</td><td>39</td><td>39</td><td>6</td>`,
		`<figure class="chart" id="flow-cfd"><figcaption>Cumulative flow: items in each status per day</figcaption>`,
		`<figure class="chart" id="flow-throughput">`, `<figure class="chart" id="flow-cycle">`, `<figure class="chart" id="flow-wip">`,
		`<caption>Cycle time: days from start to done (p50 14, p85 21, p95 21)</caption>`,
		`<h3 id="flow-R-1"><a href="records/R-1.html"><span class="id">R-1</span> First</a></h3>`,
		`planned for 2026-11-30 · counted as planned on 2026-10-01 · 5 of 6 done · say/do: 5 of the 6 items it had when planned done by its date`,
		`<li>added 2026-10-26: <a href="records/A-11.html"><span class="id">A-11</span> Item A-11</a></li>`,
		`<li>removed 2026-11-02: <a href="records/A-5.html"><span class="id">A-5</span> Item A-5</a></li>`,
		`<caption>Burn-up of R-1 (planned 2026-11-30)</caption>`,
		`<figure class="chart" id="flow-forecast-R-1">`,
		`<h3 id="flow-R-9">`,
		`<td>in-progress</td><td>ana</td><td>2026-11-09</td><td>11</td>`,
		`>A-9<`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("flow.html lacks %q", want)
		}
	}
	for _, p := range []string{"index.html", "records/A-1.html"} {
		if !bytes.Contains(site[p], []byte(`<a href="`)) || !strings.Contains(string(site[p]), `flow.html">Flow</a></li>`) {
			t.Errorf("%s does not link to the Flow page", p)
		}
	}
	if want := `<p><a href="../flow.html#flow-R-1">Burn-up, scope change and forecast</a> on the Flow page</p>`; !strings.Contains(string(site["records/R-1.html"]), want) {
		t.Errorf("records/R-1.html lacks %q", want)
	}
	if strings.Contains(string(site["records/A-1.html"]), "Burn-up, scope change") {
		t.Error("an item's page links to a release's section of the Flow page")
	}
	golden := filepath.Join("testdata", "golden", "flow.html")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(golden, site["flow.html"], 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(site["flow.html"], want) {
		t.Errorf("flow.html differs from %s; run UPDATE_GOLDEN=1 go test ./pkg/report and review the diff", golden)
	}
	again := flowSite(t, flowRepo(t, ""), Options{})
	if !bytes.Equal(again["flow.html"], site["flow.html"]) {
		t.Error("the same history made two different Flow pages")
	}
}

// TestFlowPagePublic checks that a public site's Flow page leaves out the
// internal item A-9 and the internal release R-9 from its tables, labels
// and counts (the forecast's sample too), and an owner when owners are
// internal; and that no page mentions them.
func TestFlowPagePublic(t *testing.T) {
	dir := flowRepo(t, "")
	gittest.Write(t, dir, map[string]string{"roadlog.yaml": "version: 1\nproduct: {name: Demo, key: A}\nreport: {internal_fields: [owner]}\n"})
	site := flowSite(t, dir, Options{Public: true})
	page := string(site["flow.html"])
	for _, want := range []string{
		`<li><strong>5</strong> done</li>`,
		`<th scope="row">Cycle time (start to done)</th><td>14</td><td>21</td><td>21</td><td>5</td>`,
		`planned for 2026-11-30 · counted as planned on 2026-10-01 · 4 of 5 done · say/do: 4 of the 5 items it had when planned done by its date`,
		`drawing each day's throughput from the 5 items done 2026-08-28 to 2026-11-19`,
		`<td>in-progress</td><td></td><td>2026-11-09</td><td>11</td>`,
		`<h3 id="flow-R-2">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("public flow.html lacks %q", want)
		}
	}
	for p, data := range site {
		for _, leak := range []string{"A-9", "R-9", "Secret", "ana"} {
			if bytes.Contains(data, []byte(leak)) {
				t.Errorf("public %s mentions %q", p, leak)
			}
		}
	}
}

// TestNoFlowPage checks that a site without a Git history, or with one
// without commits, has no Flow page and no link to one.
func TestNoFlowPage(t *testing.T) {
	ws := memory(t, map[string]string{
		"roadlog.yaml":   "version: 1\n",
		"releases.yaml":  "releases:\n  - {id: R-1, title: R}\n",
		"backlog/A-1.md": "---\nid: A-1\ntitle: A\nstatus: ready\nrelease: R-1\n---\n",
	})
	for what, fl := range map[string]*Flow{
		"no history":         nil,
		"no commits":         {History: &gitflow.History{}, Rules: gitflow.NewRules(ws.Config)},
		"no history, single": nil,
	} {
		site := build(t, ws, Options{Flow: fl, SingleFile: strings.HasSuffix(what, "single")})
		if _, ok := site["flow.html"]; ok {
			t.Errorf("%s: the site has a flow.html", what)
		}
		for p, data := range site {
			if bytes.Contains(data, []byte("flow.html")) || bytes.Contains(data, []byte("page-flow")) || bytes.Contains(data, []byte("Flow page")) {
				t.Errorf("%s: %s links to a Flow page", what, p)
			}
		}
	}
}

// TestFlowPageSingleFile checks that the single-file site has the Flow
// page as a section, in its navigation.
func TestFlowPageSingleFile(t *testing.T) {
	page := string(flowSite(t, flowRepo(t, ""), Options{SingleFile: true})["index.html"])
	for _, want := range []string{`<a href="#page-flow">Flow</a>`, `id="page-flow"`, `<figure class="chart" id="flow-cfd">`, `<a href="#flow-R-1">Burn-up, scope change and forecast</a>`, `<h3 id="flow-R-1">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the single file lacks %q", want)
		}
	}
}

// TestFlowPageIncremental checks the Flow page's key: a new commit that
// changes no file makes the Flow page again and writes it, and no record
// page is made again; a run without a new commit makes none of them.
func TestFlowPageIncremental(t *testing.T) {
	trustCache(t)
	made := countMakes(t)
	dir := flowRepo(t, "")
	out := filepath.Join(t.TempDir(), "site")
	wopts := WriteOptions{CacheRoot: t.TempDir(), CacheName: "cache/report/site"}
	write := func(what string) ([]string, WriteStats) {
		t.Helper()
		*made = nil
		ws, opts := openWithFlow(t, dir)
		st, err := Write(context.Background(), out, plan.New(ws, flowToday), opts, wopts)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		var pages []string
		for _, m := range *made {
			if m == "flow.html" || strings.HasPrefix(m, "records/") {
				pages = append(pages, m)
			}
		}
		return pages, st
	}
	if pages, _ := write("first run"); len(pages) < 10 {
		t.Fatalf("first run made %v", pages)
	}
	before, err := os.ReadFile(filepath.Join(out, "flow.html"))
	if err != nil {
		t.Fatal(err)
	}
	if pages, st := write("nothing changed"); len(pages) != 0 || st.Written != 0 {
		t.Errorf("nothing changed: made %v, %+v", pages, st)
	}
	t.Setenv("GIT_AUTHOR_DATE", "2026-11-18T12:00:00Z")
	t.Setenv("GIT_COMMITTER_DATE", "2026-11-18T12:00:00Z")
	gittest.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "nothing")
	pages, st := write("a new commit")
	if d := cmp.Diff([]string{"flow.html"}, pages); d != "" {
		t.Errorf("a new commit: pages made (-want +got):\n%s", d)
	}
	if st.Written != 1 {
		t.Errorf("a new commit: %+v, want flow.html written alone", st)
	}
	after, err := os.ReadFile(filepath.Join(out, "flow.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(before, after) {
		t.Error("a new commit did not change the Flow page (it names the commit)")
	}
}

// TestPublicCanariesFlow commits the canary workspace
// (testdata/public-canary.txtar) and two later states of it, in which
// every item is ready and then done, and searches every byte of the
// public site with its Flow page, as folders and as one file, for the
// canaries: internal items and releases must not show in its charts and
// tables, and its count of items done is below the full site's.
func TestPublicCanariesFlow(t *testing.T) {
	dir := gittest.New(t)
	flowCommit(t, dir, "2026-10-01", canaryWorkspace)
	items := map[string]string{}
	for p, c := range canaryWorkspace {
		if strings.HasPrefix(p, "backlog/") {
			items[p] = c
		}
	}
	status := regexp.MustCompile(`(?m)^status: .*$`)
	for _, step := range []struct{ day, status string }{{"2026-10-08", "ready"}, {"2026-10-15", "done"}} {
		for p, c := range items {
			items[p] = status.ReplaceAllString(c, "status: "+step.status)
		}
		flowCommit(t, dir, step.day, items)
	}
	full := flowSite(t, dir, Options{})
	if !strings.Contains(strings.ToLower(string(full["flow.html"])), "canaryq") {
		t.Fatal("the full site's Flow page holds no canary: the test proves nothing")
	}
	for _, single := range []bool{false, true} {
		site := flowSite(t, dir, Options{Public: true, SingleFile: single})
		if !single {
			if pub, all := doneCount(t, site["flow.html"]), doneCount(t, full["flow.html"]); pub == 0 || pub >= all {
				t.Errorf("the public Flow page counts %d items done, the full one %d: want fewer, but some", pub, all)
			}
		}

		for _, p := range site.Paths() {
			data := strings.ToLower(html.UnescapeString(string(site[p])))
			for _, c := range canaries {
				if i := strings.Index(data, c); i >= 0 {
					lo, hi := max(i-80, 0), min(i+80, len(data))
					t.Errorf("single=%v: %s holds %q: …%s…", single, p, c, data[lo:hi])
				}
			}
		}
	}
}

// doneCount is the number of items done that a Flow page states.
func doneCount(t *testing.T, page []byte) int {
	t.Helper()
	m := regexp.MustCompile(`<li><strong>(\d+)</strong> done</li>`).FindSubmatch(page)
	if m == nil {
		t.Fatal("the Flow page states no count of items done")
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestHistogramBins: a forecast over up to 13 weeks keeps a bin a day;
// a longer one is summed into weeks from its first day, trials kept.
func TestHistogramBins(t *testing.T) {
	d0 := gitflow.DayOf(time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC))
	short := []gitflow.TrialsOn{{Day: d0, Trials: 5}, {Day: d0 + 91, Trials: 5}}
	if bins, step := histogramBins(short); step != 1 || len(bins) != 2 {
		t.Errorf("91 days: %d bins of %d days, want 2 of 1", len(bins), step)
	}
	long := []gitflow.TrialsOn{{Day: d0, Trials: 1}, {Day: d0 + 6, Trials: 2}, {Day: d0 + 7, Trials: 3}, {Day: d0 + 20, Trials: 4}, {Day: d0 + 92, Trials: 5}}
	bins, step := histogramBins(long)
	var got []string
	for _, b := range bins {
		got = append(got, b.Date.Format(time.DateOnly)+"="+strconv.Itoa(b.Trials))
	}
	want := []string{"2027-01-04=3", "2027-01-11=3", "2027-01-18=4", "2027-04-05=5"}
	if step != 7 || !slices.Equal(got, want) {
		t.Errorf("92 days: %v by %d days, want %v by 7", got, step, want)
	}
	if bins, step := histogramBins(nil); bins != nil || step != 1 {
		t.Errorf("no trials: %v, %d", bins, step)
	}
}

// TestWriteSitePagesFirst checks that Write makes the site-wide pages,
// the Flow page among them, before any page of a record, so that what
// only they need (the rows of every item, the Git history) is let go
// before the many pages of records are made, and that the site it writes
// is, byte for byte, the one Build makes. Issue 13: a plan of 100,000
// items kept both to the end, and every collection of its record pages
// scanned them again.
func TestWriteSitePagesFirst(t *testing.T) {
	made := countMakes(t)
	dir := flowRepo(t, "")
	ws, opts := openWithFlow(t, dir)
	out := filepath.Join(t.TempDir(), "site")
	if _, err := Write(context.Background(), out, plan.New(ws, flowToday), opts, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	site := []string{
		"backlog.html", "board.html", "dependencies.html", "findings.html", "flow.html", "index.html",
		"objectives.html", "releases.html", "risks.html", "roadmap.html",
	}
	if len(*made) < len(site) {
		t.Fatalf("made %v", *made)
	}
	first := slices.Sorted(slices.Values((*made)[:len(site)]))
	if d := cmp.Diff(site, first); d != "" {
		t.Errorf("the first pages made are not the site-wide ones (-want +got):\n%s", d)
	}
	want, err := Build(context.Background(), plan.New(ws, flowToday), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != len(*made) {
		t.Errorf("Write made %d files, Build %d", len(*made), len(want))
	}
	for p, data := range want {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: Write wrote other bytes than Build makes", p)
		}
	}
}

// openWithFlow opens the workspace of the repository dir and the report
// options with its Flow page, as the report command makes them.
func openWithFlow(t *testing.T, dir string) (*workspace.Workspace, Options) {
	t.Helper()
	ws, err := workspace.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	git, err := gitx.New(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := gitflow.Build(context.Background(), git, gitflow.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ws, Options{Version: "test", Flow: &Flow{History: h, Rules: gitflow.NewRules(ws.Config), Today: gitflow.DayOf(flowToday)}}
}
