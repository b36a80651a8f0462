package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/model"
)

var now = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

func batch(title, status string) *Batch {
	return &Batch{
		Records: []Record{
			{Kind: model.KindItem, SourceID: "task-1", Key: "t:task-1", Title: "Epic", Status: "To Do", Type: "epic", Body: "Big.\n"},
			{
				Kind: model.KindItem, SourceID: "task-1.1", Key: "t:task-1.1", Title: title, Status: status, Type: "Chore",
				Fields: map[string]any{"parent": "task-1", "depends_on": []any{"task-9"}, "owner": "ana", "release": "m-1"},
				Extra:  map[string]any{"reporter": "ben"},
				Body:   "Small.\n",
			},
			{Kind: model.KindRelease, SourceID: "m-1", Key: "t:m-1", Title: "First"},
		},
		People: []Person{{Key: "ana", Name: "Ana"}},
	}
}

func run(t *testing.T, root string, b *Batch, o Options) (*Plan, error) {
	t.Helper()
	s, err := change.Begin(t.Context(), root, now)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := Import(t.Context(), s, b, o)
	if err != nil {
		return nil, err
	}
	return p, s.Commit(t.Context(), false)
}

func out(p *Plan) string {
	var b bytes.Buffer
	p.Write(&b, false)
	p.WriteWarnings(&b)
	return b.String()
}

func TestImportAgain(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "roadlog.yaml"), []byte("version: 1\nproduct: {key: ACME}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := run(t, root, batch("Small", "In Progress"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `+ item task-1 "Epic" (t:task-1)
+ item task-1.1 "Small" (t:task-1.1)
+ release m-1 "First" (t:m-1)
+ person ana "Ana"
3 created, 0 updated, 0 unchanged, 1 people added
warning: : depends_on names task-9, which is not in the input; kept under origin.fields.depends_on
`
	if diff := cmp.Diff(want, out(p)); diff != "" {
		t.Errorf("first import (-want +got)\n%s", diff)
	}
	// Nothing changed upstream: nothing changes.
	p, err = run(t, root, batch("Small", "In Progress"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := out(p); !strings.Contains(got, "0 created, 0 updated, 3 unchanged") {
		t.Errorf("second import:\n%s", got)
	}
	// The team moves the item; upstream renames it and closes it: the title
	// follows upstream, the status stays as the team set it.
	s, err := change.Begin(t.Context(), root, now)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := change.Find(s.WS, "task-1.1")
	if err := s.Set(r, []change.Change{{Path: []string{"status"}, Text: "review"}}, nil, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	p, err = run(t, root, batch("Smaller", "Done"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want = `= item task-1 "Epic" (t:task-1)
~ item task-1.1 "Smaller" (t:task-1.1)
    status: kept as edited in roadlog (--overwrite replaces it with "done")
    title: "Small" → "Smaller"
= release m-1 "First" (t:m-1)
0 created, 1 updated, 2 unchanged, 0 people added
warning: : depends_on names task-9, which is not in the input; kept under origin.fields.depends_on
`
	if diff := cmp.Diff(want, out(p)); diff != "" {
		t.Errorf("third import (-want +got)\n%s", diff)
	}
	p, err = run(t, root, batch("Smaller", "Done"), Options{Overwrite: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := out(p); !strings.Contains(got, `status: "review" → "done"`) {
		t.Errorf("--overwrite:\n%s", got)
	}
}

func TestImportUnknown(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "roadlog.yaml"), []byte("version: 1\nproduct: {key: ACME}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, root, batch("Small", "Blocked"), Options{})
	var ue *UnknownError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v", err)
	}
	if want := `nothing written: no rule maps status "Blocked" (--map status.Blocked=idea)`; err.Error() != want {
		t.Errorf("err = %s", err)
	}
	p, err := run(t, root, batch("Small", "Blocked"), Options{Map: []string{"status.blocked=ready"}, Prefix: "NEW"})
	if err != nil {
		t.Fatal(err)
	}
	if got := out(p); !strings.Contains(got, `+ item NEW-1.1 "Small"`) {
		t.Errorf("--map, --prefix:\n%s", got)
	}
}
