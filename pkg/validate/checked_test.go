package validate

import (
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
