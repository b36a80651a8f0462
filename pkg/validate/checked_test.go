package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// TestChecked: what validate found is kept in the workspace's index and
// taken from it by the next command that opens the same files on the same
// day; a changed file, another day, or no index compute it again; and a
// run that verifies the index fails when the index's findings are wrong.
func TestChecked(t *testing.T) {
	dir := t.TempDir()
	if err := testws.Generate(dir, 50); err != nil {
		t.Fatal(err)
	}
	item := filepath.Join(dir, "backlog", "B-7-item-number-7.md")
	raw, err := os.ReadFile(item)
	if err != nil {
		t.Fatal(err)
	}
	// An unknown reference: a finding to find.
	if err := os.WriteFile(item, []byte(strings.Replace(string(raw), "\nstatus:", "\nparent: NOPE-1\nstatus:", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour) // older than the index's racy window
	if err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			err = os.Chtimes(p, old, old)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	today := Options{Now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	open := func(opts workspace.OpenOptions) *workspace.Workspace {
		t.Helper()
		ws, err := workspace.OpenWith(t.Context(), dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		return ws
	}
	ws := open(workspace.OpenOptions{})
	want, err := Run(t.Context(), ws, today)
	if err != nil || !slices.ContainsFunc(want, func(d diag.Diagnostic) bool { return d.Rule == "unknown-reference" }) {
		t.Fatalf("Run: %v %v, want an unknown reference", want, err)
	}
	if _, ok := ws.CheckedFindings(today.Day()); ok {
		t.Fatal("findings known before any were kept")
	}
	got, err := Checked(t.Context(), ws, today)
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("Checked = %v, %v; want %v", got, err, want)
	}
	ws.SaveCache()

	if kept, ok := open(workspace.OpenOptions{}).CheckedFindings(today.Day()); !ok || !slices.Equal(kept, want) {
		t.Errorf("the index keeps %v, %v; want %v", kept, ok, want)
	}
	if _, ok := open(workspace.OpenOptions{}).CheckedFindings("2026-12-03"); ok {
		t.Error("findings of another day were taken")
	}
	if _, ok := open(workspace.OpenOptions{NoCache: true}).CheckedFindings(today.Day()); ok {
		t.Error("findings were taken without the index")
	}

	// Kept findings that are wrong: taken as they are (so they are taken,
	// not computed), and caught by a run that verifies the index.
	ws = open(workspace.OpenOptions{})
	ws.KeepFindings(today.Day(), diag.List{{Path: "x.md", Rule: "schema", Message: "made up", Severity: diag.Error}})
	ws.SaveCache()
	if got, err := Checked(t.Context(), open(workspace.OpenOptions{}), today); err != nil || len(got) != 1 || got[0].Message != "made up" {
		t.Errorf("Checked = %v, %v; want the findings the index keeps", got, err)
	}
	if _, err := Checked(t.Context(), open(workspace.OpenOptions{VerifyCache: true}), today); err == nil || !strings.Contains(err.Error(), "holds 1 findings of validate, which finds") {
		t.Errorf("verifying the index: %v, want it to fail", err)
	}

	// A changed file: computed again, and kept again.
	if err := os.WriteFile(item, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	ws = open(workspace.OpenOptions{})
	if _, ok := ws.CheckedFindings(today.Day()); ok {
		t.Error("findings were taken though a file changed")
	}
	if got, err := Checked(t.Context(), ws, today); err != nil || slices.ContainsFunc(got, func(d diag.Diagnostic) bool { return d.Rule == "unknown-reference" }) {
		t.Errorf("after the fix, Checked = %v, %v", got, err)
	}
}

// TestCheckedAtRisk: with release-at-risk on, what validate finds depends
// on the Git history too, so Checked neither takes findings from the index
// nor keeps them there; with it off (the default) it does both.
func TestCheckedAtRisk(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"roadlog.yaml":         "version: 1\n",
		"backlog/A-1-one.md":   "---\nid: A-1\ntitle: One\nstatus: idea\nrelease: R-1\n---\n",
		"releases.yaml":        "releases:\n  - id: R-1\n    title: First\n    date: 2027-01-31\n",
		"backlog/A-2-other.md": "---\nid: A-2\ntitle: Other\nstatus: idea\nparent: NOPE-1\n---\n",
	}
	write := func() {
		t.Helper()
		for p, s := range files {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		old := time.Now().Add(-time.Hour) // older than the index's racy window
		if err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
			if err == nil {
				err = os.Chtimes(p, old, old)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	today := Options{Now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	open := func() *workspace.Workspace {
		t.Helper()
		ws, err := workspace.OpenWith(t.Context(), dir, workspace.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return ws
	}
	madeUp := diag.List{{Path: "x.md", Rule: "schema", Message: "made up", Severity: diag.Error}}
	for _, on := range []bool{false, true} {
		if on {
			files["roadlog.yaml"] = "version: 1\n\nrules: {release-at-risk: warning}\n"
		}
		write()
		ws := open()
		if AtRiskOn(ws.Config) != on {
			t.Fatalf("AtRiskOn = %v, want %v", !on, on)
		}
		ws.KeepFindings(today.Day(), madeUp)
		ws.SaveCache()
		ws = open()
		got, err := Checked(t.Context(), ws, today)
		if err != nil {
			t.Fatal(err)
		}
		if taken := slices.Equal(got, madeUp); taken == on {
			t.Errorf("rule on %v: Checked took the kept findings: %v (%v)", on, taken, got)
		}
		if on {
			// Without a forecaster the rule finds nothing, the
			// other rules do, and nothing is kept.
			if len(got) != 1 || got[0].Rule != "unknown-reference" {
				t.Errorf("rule on, outside Git: %v", got)
			}
			ws.SaveCache()
			if kept, ok := open().CheckedFindings(today.Day()); ok && !slices.Equal(kept, madeUp) {
				t.Errorf("rule on: the index keeps %v", kept)
			}
		}
	}
}

// TestReleasesAtRisk: the rule asks the forecaster about the planned
// releases dated today or later with open items, and reports those at
// risk at their place; it says nothing when off or when the forecaster
// has nothing to say.
func TestReleasesAtRisk(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"roadlog.yaml":       "version: 1\n\nrules: {orphan-item: off, release-at-risk: warning}\n",
		"backlog/A-1-one.md": "---\nid: A-1\ntitle: One\nstatus: idea\nrelease: R-1\n---\n",
		"backlog/A-2-two.md": "---\nid: A-2\ntitle: Two\nstatus: ready\nrelease: R-2\n---\n",
		"backlog/A-3-six.md": "---\nid: A-3\ntitle: Six\nstatus: idea\nrelease: R-6\n---\n",
		"backlog/A-4-old.md": "---\nid: A-4\ntitle: Old\nstatus: idea\nrelease: R-3\n---\n",
		"backlog/A-5-out.md": "---\nid: A-5\ntitle: Out\nstatus: idea\nrelease: R-4\n---\n",
		"backlog/A-6-end.md": "---\nid: A-6\ntitle: End\nstatus: done\nrelease: R-5\n---\n",
		"releases.yaml": "releases:\n  - id: R-1\n    date: 2027-01-31\n\n  - id: R-2\n    date: 2027-03-01\n\n" +
			"  - id: R-3\n    date: 2026-11-01\n\n  - id: R-4\n    date: 2027-01-31\n    status: released\n\n" +
			"  - id: R-5\n    date: 2027-01-31\n\n  - id: R-6\n    date: 2027-06-30\n",
	}
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := workspace.OpenWith(t.Context(), dir, workspace.OpenOptions{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	var asked []string
	ok := true
	opts := Options{Now: now, Forecast: func(_ context.Context, _ *workspace.Workspace, today time.Time, targets []RiskTarget) ([]Risk, bool) {
		asked = nil
		for _, tg := range targets {
			asked = append(asked, fmt.Sprintf("%s %s %v", tg.ID, tg.Date.Format(time.DateOnly), tg.Open))
		}
		if !today.Equal(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("today %v", today)
		}
		return []Risk{
			{AtRisk: true, P85: time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC), Years: 10},
			{AtRisk: false, P85: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), Years: 10},
			{AtRisk: true, Years: 10},
		}, ok
	}}
	got, err := Run(t.Context(), ws, opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"R-1 2027-01-31 [A-1]", "R-2 2027-03-01 [A-2]", "R-6 2027-06-30 [A-3]"}; !slices.Equal(asked, want) {
		t.Errorf("asked about %q, want %q", asked, want)
	}
	var lines []string
	for _, d := range got {
		if d.Rule == "release-at-risk" {
			lines = append(lines, fmt.Sprintf("%s:%s: %s: %s", d.Path, d.Pos, d.Severity, d.Message))
		}
	}
	want := []string{
		"releases.yaml:2:9: warning: R-1 is at risk: 85% of forecasts finish by 2027-03-04, after its date 2027-01-31; see roadlog forecast R-1",
		"releases.yaml:18:9: warning: R-6 is at risk: fewer than 85% of forecasts finish within 10 years, so not by its date 2027-06-30; see roadlog forecast R-6",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	ok = false
	if got, _ := Run(t.Context(), ws, opts); slices.ContainsFunc(got, func(d diag.Diagnostic) bool { return d.Rule == "release-at-risk" }) {
		t.Errorf("the forecaster had nothing to say, yet: %v", got)
	}
	ws.Config.Rules = map[string]string{}
	asked = nil
	if _, err := Run(t.Context(), ws, opts); err != nil || asked != nil {
		t.Errorf("off: the forecaster was asked about %q (%v)", asked, err)
	}
}
