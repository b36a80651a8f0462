package report

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/roadlog/roadlog/internal/browsertest"
)

// browser starts headless Chromium, or skips the test when it is not
// installed (see [browsertest.Start]).
func browser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Start(t, 90*time.Second)
}

// writeSite writes a site into a folder and returns it.
func writeSite(t *testing.T, site Site) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range site {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const firstColumnIDs = `Array.from(document.querySelectorAll("#backlog-table tbody tr")).filter(r => !r.hidden).map(r => r.cells[1].textContent.trim())`

// TestBrowserBacklog opens the backlog page from file:// in Chromium, sorts
// by score with clicks on its header, filters, and checks the rows.
func TestBrowserBacklog(t *testing.T) {
	ctx := browser(t)
	ws := memory(t, map[string]string{
		"roadlog.yaml":    "version: 1\n",
		"backlog/A-1.md":  "---\nid: A-1\ntitle: Alpha\nstatus: ready\ntype: story\nowner: ana\nrank: a\nscore: {reach: 10, impact: 1, confidence: 1, effort: 1}\n---\n",
		"backlog/A-2.md":  "---\nid: A-2\ntitle: Beta\nstatus: idea\ntype: bug\nrank: b\nscore: {reach: 300, impact: 1, confidence: 1, effort: 1}\n---\n",
		"backlog/A-10.md": "---\nid: A-10\ntitle: Gamma\nstatus: ready\ntype: story\nrank: c\n---\n",
		"backlog/A-3.md":  "---\nid: A-3\ntitle: Delta beta\nstatus: ready\ntype: story\nowner: ana\nrank: d\nscore: {reach: 20, impact: 1, confidence: 1, effort: 1}\n---\n",
	})
	dir := writeSite(t, build(t, ws, Options{}))
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, "backlog.html"))); err != nil {
		t.Fatal(err)
	}
	rows := func() []string {
		t.Helper()
		ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](firstColumnIDs))
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got, want := rows(), []string{"A-1", "A-2", "A-10", "A-3"}; !slices.Equal(got, want) {
		t.Fatalf("rank order %v, want %v", got, want)
	}
	score := chromedp.CSS("#backlog-table thead th:nth-child(7) button")
	if err := chromedp.Do(ctx, chromedp.Click(score)); err != nil {
		t.Fatal(err)
	}
	if got, want := rows(), []string{"A-1", "A-3", "A-2", "A-10"}; !slices.Equal(got, want) {
		t.Errorf("ascending score %v, want %v (no score last)", got, want)
	}
	if err := chromedp.Do(ctx, chromedp.Click(score)); err != nil {
		t.Fatal(err)
	}
	if got, want := rows(), []string{"A-2", "A-3", "A-1", "A-10"}; !slices.Equal(got, want) {
		t.Errorf("descending score %v, want %v (no score still last)", got, want)
	}
	sortState, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#backlog-table thead th:nth-child(7)").getAttribute("aria-sort")`))
	if err != nil || sortState != "descending" {
		t.Errorf("aria-sort = %q, %v", sortState, err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#backlog-filter"), "beta")); err != nil {
		t.Fatal(err)
	}
	if got, want := rows(), []string{"A-2", "A-3"}; !slices.Equal(got, want) {
		t.Errorf("filtered on beta: %v, want %v", got, want)
	}
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#backlog-count")))
	if err != nil || count != "2 of 4 items" {
		t.Errorf("count %q, %v", count, err)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#backlog-status"), "ready")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#backlog-status").dispatchEvent(new Event("change"))`)); err != nil {
		t.Fatal(err)
	}
	if got, want := rows(), []string{"A-3"}; !slices.Equal(got, want) {
		t.Errorf("filtered on beta and ready: %v, want %v", got, want)
	}
	// The owner filter the README promises (issue 10, item 14).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const set = (id, v, ev) => { const e = document.getElementById(id); e.value = v; return e.dispatchEvent(new Event(ev)); };
		return set("backlog-filter", "", "input") && set("backlog-status", "", "change") && set("backlog-owner", "ana", "change");
	})()`)); err != nil {
		t.Fatal(err)
	}
	if got, want := rows(), []string{"A-3", "A-1"}; !slices.Equal(got, want) {
		t.Errorf("filtered on owner ana: %v, want %v", got, want)
	}
}

// TestBrowserHostile loads pages built from hostile files: no script of
// theirs runs, no dialog opens.
func TestBrowserHostile(t *testing.T) {
	ctx := browser(t)
	ws := memory(t, map[string]string{
		"roadlog.yaml": "version: 1\n",
		"backlog/A-1-x.md": "---\nid: A-1\ntitle: \"<script>window.pwned='title'</script><img src=x onerror=\\\"window.pwned='img'\\\">\"\nstatus: idea\n---\n" +
			"<script>window.pwned='body'</script>\n\n<img src=x onerror=\"window.pwned='raw'\">\n\n" +
			"[click me](javascript:window.pwned='link') <svg onload=\"window.pwned='svg'\"></svg>\n",
	})
	dir := writeSite(t, build(t, ws, Options{}))
	var dialogs atomic.Int32
	if err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
		}
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"records/A-1.html", "backlog.html", "index.html", "board.html"} {
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, p))); err != nil {
			t.Fatal(err)
		}
		if p == "records/A-1.html" {
			// Follow the link if there is one: it must lead nowhere.
			_, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector(".markdown a") || {click(){}}).click(), true`))
		}
		pwned, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.pwned || "")`))
		if err != nil {
			t.Fatal(err)
		}
		if pwned != "" {
			t.Errorf("%s: hostile script ran (%s)", p, pwned)
		}
	}
	if n := dialogs.Load(); n > 0 {
		t.Errorf("%d dialogs opened", n)
	}
}

// TestBrowserTimeline: each initiative's bar on the roadmap's timeline is
// drawn as wide as its span of quarters, not at the size of the progress
// bars' CSS, which once matched the SVG's bars too.
func TestBrowserTimeline(t *testing.T) {
	ctx := browser(t)
	ws := memory(t, map[string]string{
		"roadlog.yaml": "version: 1\n",
		"roadmap.yaml": "initiatives:\n" +
			"  - {id: INIT-1, title: Long, horizon: now, start: 2026-01-01, end: 2026-09-30}\n" +
			"  - {id: INIT-2, title: Short, horizon: next, start: 2026-04-01, end: 2026-06-30}\n",
	})
	dir := writeSite(t, build(t, ws, Options{}))
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, "roadmap.html"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("svg.timeline rect.bar")).map(r =>
		r.getAttribute("width") + "x" + r.getAttribute("height") + " drawn " + Math.round(r.getBBox().width) + "x" + Math.round(r.getBBox().height))`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"280x20 drawn 280x20", "88x20 drawn 88x20"}
	if !slices.Equal(got, want) {
		t.Errorf("timeline bars %q, want %q", got, want)
	}
}

// TestBrowserFlowScreenshot writes the README's picture of the Flow page
// (a release's burn-up, scope change and forecast, from the repository of
// the Flow page's tests) when ROADLOG_SCREENSHOT names the file:
// ROADLOG_SCREENSHOT=$PWD/docs/flow.png go test ./pkg/report -run Screenshot.
func TestBrowserFlowScreenshot(t *testing.T) {
	out := os.Getenv("ROADLOG_SCREENSHOT")
	if out == "" {
		t.Skip("ROADLOG_SCREENSHOT is not set")
	}
	dir := writeSite(t, flowSite(t, flowRepo(t, ""), Options{}))
	ctx := browser(t)
	const sel = `section[aria-labelledby="flow-R-1"]`
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(900, 900), chromedp.Navigate("file://"+filepath.Join(dir, "flow.html")), chromedp.WaitVisible(sel)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.Screenshot(sel))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
