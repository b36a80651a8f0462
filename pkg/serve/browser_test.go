package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/browsertest"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// waitFor polls a JavaScript expression until it is true, and returns how
// long that took.
func waitFor(ctx context.Context, t *testing.T, what, expr string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return time.Since(start)
		}
		if time.Since(start) > 10*time.Second {
			said, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(".live-status") || {}).textContent || ""`))
			t.Fatalf("%s: not within 10 s (%s; last error %v; the page said %q)", what, expr, err, said)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mark marks the page, so that a test can tell it was not reloaded.
var mark = chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
	_, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.roadlogMark = 1`))
	return err
})

// drag drags the element at from onto the element at to with the mouse,
// in small steps, as a hand does.
func drag(ctx context.Context, from, to string) error {
	box := func(sel string) (x, y float64, err error) {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector(`+"`"+sel+"`"+`).getBoundingClientRect(); return [r.x + r.width/2, r.y + Math.min(r.height/2, 12)]; })()`))
		if err != nil || len(v) != 2 {
			return 0, 0, err
		}
		return v[0], v[1], nil
	}
	x0, y0, err := box(from)
	if err != nil {
		return err
	}
	x1, y1, err := box(to)
	if err != nil {
		return err
	}
	acts := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 20; i++ {
		f := float64(i) / 20
		acts = append(acts, chromedp.MouseEvent(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, chromedp.ButtonLeft), chromedp.Sleep(15*time.Millisecond))
	}
	acts = append(acts, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	return chromedp.Do(ctx, acts...)
}

// TestBrowserBoard drags a card to another column: the item's file
// changes by exactly its status line, and the page shows the card there
// without a reload. Then the keyboard's way: the card's Move button and
// the dialog it opens.
func TestBrowserBoard(t *testing.T) {
	dir := example(t)
	_, base := liveServer(t, dir)
	ctx := browsertest.Start(t, 90*time.Second)
	p := filepath.Join(dir, filepath.FromSlash(acme8))
	before, _ := os.ReadFile(p)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/board.html"), chromedp.WaitVisible(`li.card[data-id="ACME-8"]`),
		mark); err != nil {
		t.Fatal(err)
	}
	if err := drag(ctx, `li.card[data-id="ACME-8"] a`, `ul.cards[data-status="ready"]`); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the card in ready", `!!document.querySelector('ul.cards[data-status="ready"] li.card[data-id="ACME-8"]') && !document.querySelector('li.card.saving')`)
	waitForFile(t, p, strings.Replace(string(before), "\nstatus: idea\n", "\nstatus: ready\n", 1))
	// Still the same page: it changed in place.
	waitFor(ctx, t, "the page kept (no reload)", `window.roadlogMark === 1`)

	// The keyboard's way: Move, choose, Enter; on the page as loaded anew,
	// so that no refresh moves the button under the click.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/board.html"), chromedp.WaitVisible(`ul.cards[data-status="ready"] li.card[data-id="ACME-8"] .live-move`),
		chromedp.Click(`li.card[data-id="ACME-8"] .live-move`),
		chromedp.WaitVisible(`dialog.live-dialog select`),
		chromedp.SetValue(`dialog.live-dialog select`, "discovery"),
		chromedp.Click(`dialog.live-dialog button[value="move"]`),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the move said", `/^moved ACME-8: ready → discovery/.test((document.querySelector(".live-status") || {}).textContent || "")`)
	waitForFile(t, p, strings.Replace(string(before), "\nstatus: idea\n", "\nstatus: discovery\n", 1))
	waitFor(ctx, t, "the card in discovery", `!!document.querySelector('ul.cards[data-status="discovery"] li.card[data-id="ACME-8"]')`)
}

// waitForFile waits until a file holds want.
func waitForFile(t *testing.T, p, want string) {
	t.Helper()
	start := time.Now()
	for {
		got, err := os.ReadFile(p)
		if err == nil && string(got) == want {
			return
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("%s (-want +got):\n%s", p, cmp.Diff(want, string(got)))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserLive changes a record with the CLI's change layer while its
// page is open: the page shows it without a reload.
func TestBrowserLive(t *testing.T) {
	dir := example(t)
	_, base := liveServer(t, dir)
	ctx := browsertest.Start(t, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/records/ACME-8.html"), chromedp.WaitVisible(`#f-owner`), mark); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the page's event stream is open
	cliSet(t, dir, "ACME-8", "owner=ben")
	took := waitFor(ctx, t, "the new owner on the page", `document.querySelector("#f-owner").value === "ben" && window.roadlogMark === 1`)
	t.Logf("a CLI set reached the open page in %v", took)
}

// cliSet makes the change `roadlog set ID CHANGE` makes, through the
// change layer.
func cliSet(t *testing.T, dir, id, text string) {
	t.Helper()
	s, err := change.Begin(context.Background(), dir, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := change.Find(s.WS, id)
	if err != nil {
		t.Fatal(err)
	}
	c, err := change.ParseChange(text)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set(r, []change.Change{c}, nil, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(context.Background(), false); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserTwoPages edits one record from two pages: the first save is
// written; the second, made from the version the page showed before, is
// refused with the record as it is now, and writes nothing.
func TestBrowserTwoPages(t *testing.T) {
	dir := example(t)
	_, base := liveServer(t, dir)
	first := browsertest.Start(t, 90*time.Second)
	if err := chromedp.Do(first, chromedp.Navigate(base+"/records/ACME-8.html"), chromedp.WaitVisible(`#f-owner`)); err != nil {
		t.Fatal(err)
	}
	second, cancel := chromedp.NewContext(first) // a second tab of the same browser
	defer cancel()
	if err := chromedp.Do(second, chromedp.Navigate(base+"/records/ACME-8.html"), chromedp.WaitVisible(`#f-owner`)); err != nil {
		t.Fatal(err)
	}
	// The second page starts changing the title; then the first saves.
	if err := chromedp.Do(second, chromedp.SendKeys(`#f-title`, " (2)")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(first, chromedp.SetValue(`#f-owner`, "ben"), chromedp.Click(`form.live-form button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.FromSlash(acme8))
	waitFor(first, t, "the first save", `document.querySelector(".live-status") && document.querySelector(".live-status").textContent.startsWith("set ACME-8: owner = ben")`)
	written, _ := os.ReadFile(p)
	if err := chromedp.Do(second, chromedp.Click(`form.live-form button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	waitFor(second, t, "the refusal", `!!document.querySelector("form.live-form .live-error") && document.querySelector("form.live-form .live-error").textContent.includes("changed since you read it") && document.querySelector("form.live-form .live-error").textContent.includes('"owner":"ben"')`)
	if got, _ := os.ReadFile(p); string(got) != string(written) {
		t.Errorf("the refused save changed the file:\n%s", cmp.Diff(string(written), string(got)))
	}
	if !strings.Contains(string(written), "owner: ben\n") || strings.Contains(string(written), "(2)") {
		t.Errorf("the file after the first save:\n%s", written)
	}
	ws, err := workspace.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := ws.Find("ACME-8").Meta().Title; strings.HasSuffix(got, "(2)") {
		t.Errorf("title %q", got)
	}
}

// TestBrowserScreenshot writes the README's picture of the board being
// edited, a card halfway to another column, when ROADLOG_SCREENSHOT names
// the file: ROADLOG_SCREENSHOT=$PWD/docs/serve-board.png go test
// ./pkg/serve -run Screenshot.
func TestBrowserScreenshot(t *testing.T) {
	out := os.Getenv("ROADLOG_SCREENSHOT")
	if out == "" {
		t.Skip("ROADLOG_SCREENSHOT is not set")
	}
	_, base := liveServer(t, example(t))
	ctx := browsertest.Start(t, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1100, 640), chromedp.Navigate(base+"/board.html"), chromedp.WaitVisible(`li.card[data-id="ACME-8"]`)); err != nil {
		t.Fatal(err)
	}
	from, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector('li.card[data-id="ACME-8"] a').getBoundingClientRect(); const t = document.querySelector('ul.cards[data-status="ready"]').getBoundingClientRect(); return [r.x + 20, r.y + 8, t.x + t.width/2, t.y + 60]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	acts := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, from[0], from[1]),
		chromedp.MouseEvent(chromedp.MousePressed, from[0], from[1], chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 12; i++ {
		f := float64(i) / 12
		acts = append(acts, chromedp.MouseEvent(chromedp.MouseMoved, from[0]+(from[2]-from[0])*f, from[1]+(from[3]-from[1])*f, chromedp.ButtonLeft), chromedp.Sleep(20*time.Millisecond))
	}
	if err := chromedp.Do(ctx, acts...); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Sleep(400*time.Millisecond)); err != nil { // the other cards make room
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserBacklogKeys ranks a backlog row with the keyboard: the up
// arrow on its handle moves it above the row before it, as `roadlog rank
// ID --before ID` would, and the row keeps the focus.
func TestBrowserBacklogKeys(t *testing.T) {
	dir := example(t)
	_, base := liveServer(t, dir)
	ctx := browsertest.Start(t, 90*time.Second)
	const rows = `Array.from(document.querySelectorAll("#backlog-table tbody tr")).map(r => r.getAttribute("data-id")).slice(0, 3).join(" ")`
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/backlog.html"), chromedp.WaitVisible(`tr[data-id="ACME-13"] .live-handle`)); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](rows))
	if err != nil || first != "ACME-4 ACME-13 ACME-17" {
		t.Fatalf("the backlog starts %q (%v)", first, err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(`tr[data-id="ACME-13"] .live-handle`), chromedp.KeyEvent(kb.ArrowUp)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "ACME-13 first, kept after the refresh, with the focus",
		`document.activeElement && document.activeElement.closest("tr") && document.activeElement.closest("tr").getAttribute("data-id") === "ACME-13" && `+
			rows+` === "ACME-13 ACME-4 ACME-17" && /^ranked ACME-13 before ACME-4/.test((document.querySelector(".live-status") || {}).textContent || "")`)
	ws, err := workspace.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := ws.Find("ACME-13").Meta().Fields["rank"].(string), ws.Find("ACME-4").Meta().Fields["rank"].(string); a >= b {
		t.Errorf("ACME-13's rank %v is not before ACME-4's %v", a, b)
	}
}

// TestBrowserPreviewRefused shows a preview the server could not make as
// a sentence, not as the page's Markdown.
func TestBrowserPreviewRefused(t *testing.T) {
	_, base := liveServer(t, example(t))
	ctx := browsertest.Start(t, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/records/ACME-8.html"), chromedp.WaitVisible(`.live-preview`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector("form.live-body textarea").value = "*a*" + "x".repeat(1100000); document.querySelector(".live-preview").click(); 1`)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the refusal said", `document.querySelector(".live-preview-out").textContent === "No preview: http: request body too large"`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector("form.live-body textarea").value = "*a*"; document.querySelector(".live-preview").click(); 1`)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the preview", `document.querySelector(".live-preview-out").innerHTML.trim() === "<p><em>a</em></p>"`)
}
