// Package browsertest starts headless Chromium for the tests that drive
// roadlog's pages in a browser (chromedp).
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium is where the browser tests look for Chromium (Debian's package).
const Chromium = "/usr/bin/chromium"

// Start starts headless Chromium and returns a chromedp context for a tab,
// or skips the test when Chromium is not installed. .ci/run installs it
// and sets ROADLOG_REQUIRE_BROWSER=1, which turns the skip into a failure
// so that CI cannot pass without the browser tests. The browser ends with
// the test, and every step within timeout.
func Start(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		if os.Getenv("ROADLOG_REQUIRE_BROWSER") != "" {
			t.Fatalf("no %s, and ROADLOG_REQUIRE_BROWSER is set: %v", Chromium, err)
		}
		t.Skip("no " + Chromium + " (apt-get install chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium), chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("allow-file-access-from-files", false),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel)
	return ctx
}
