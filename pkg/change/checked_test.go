package change

import (
	"errors"
	"testing"
	"time"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// TestChecked: a session opened from a workspace the caller keeps takes
// what validate found in it rather than validating it again, but only
// when it loaded that same workspace, on the same day; its new errors are
// refused as ever.
func TestChecked(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, workspaceFiles)
	now := time.Date(2027, 1, 2, 10, 0, 0, 0, time.UTC)
	kept, err := workspace.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	found, err := validate.Run(t.Context(), kept, validate.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	// commit sets a reference to a record that does not exist, which is
	// a new error, in a session told that the workspace had the findings
	// known of ws at when, and returns what Commit said.
	commit := func(ws *workspace.Workspace, known diag.List, when time.Time) error {
		t.Helper()
		s, err := BeginWith(t.Context(), dir, now, workspace.OpenOptions{Prev: kept})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		s.Checked(ws, known, when)
		a2, err := Find(s.WS, "A-2")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Set(a2, []Change{{Path: []string{"parent"}, Text: "A-9"}}, nil, false); err != nil {
			t.Fatal(err)
		}
		return s.Commit(t.Context(), false)
	}
	err = commit(kept, found, now)
	var refused *RefusedError
	if !errors.As(err, &refused) || len(refused.Findings) != 1 {
		t.Fatalf("an edit bringing a new error: %v", err)
	}
	// Told, falsely, that the error was there already: the session took
	// what it was told, so it did not validate the workspace itself.
	told := append(append(diag.List{}, found...), refused.Findings...)
	other, err := workspace.OpenWith(t.Context(), dir, workspace.OpenOptions{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		ws      *workspace.Workspace
		when    time.Time
		refused bool
	}{
		{"another workspace", other, now, true},
		{"another day", kept, now.AddDate(0, 0, 1), true},
		{"the same workspace, later that day", kept, now.Add(time.Hour), false},
	} {
		if err := commit(tc.ws, told, tc.when); errors.As(err, &refused) != tc.refused {
			t.Errorf("%s: Commit = %v, want refused %v", tc.name, err, tc.refused)
		}
	}
}
