package diff

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/gittest"
	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// history is a repository holding a generated workspace of 60 items and
// the commits of a few changes to it, oldest first.
type history struct {
	dir     string
	git     *gitx.Client
	commits []string
}

func newHistory(t *testing.T) *history {
	t.Helper()
	h := &history{dir: gittest.New(t)}
	if err := testws.Generate(h.dir, 60); err != nil {
		t.Fatal(err)
	}
	h.commit(t, "generated")
	var err error
	if h.git, err = gitx.New(context.Background(), h.dir); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *history) commit(t *testing.T, msg string) {
	t.Helper()
	h.commits = append(h.commits, gittest.Commit(t, h.dir, msg))
}

// edit replaces from by to in a file of the workspace.
func (h *history) edit(t *testing.T, p, from, to string) {
	t.Helper()
	f := filepath.Join(h.dir, filepath.FromSlash(p))
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(from)) {
		t.Fatalf("%s has no %q", p, from)
	}
	if err := os.WriteFile(f, bytes.Replace(data, []byte(from), []byte(to), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (h *history) rm(t *testing.T, p string) {
	t.Helper()
	if err := os.Remove(filepath.Join(h.dir, filepath.FromSlash(p))); err != nil {
		t.Fatal(err)
	}
}

func item7(n int) string { return fmt.Sprintf("backlog/B-%d-item-number-%d.md", n, n) }

// changes commits a few kinds of change, and leaves one uncommitted: a
// title, a deletion, a new file, a schema error, roadlog.yaml itself (so
// that findings kept for the old schemas do not apply), a file moved with
// its bytes, an unreadable file, an ID that another file refers to.
func (h *history) changes(t *testing.T) {
	t.Helper()
	h.edit(t, item7(7), "Item number 7 of the generated backlog", "Item seven")
	h.commit(t, "a title")

	h.rm(t, item7(8))
	h.edit(t, item7(9), "status: ", "status: bogus-")
	if err := os.WriteFile(filepath.Join(h.dir, "backlog", "B-900-new.md"), []byte("---\nid: B-900\ntitle: New\nstatus: idea\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.commit(t, "removed, broken, added")

	h.edit(t, "roadlog.yaml", "enum: [smb, enterprise]", "enum: [enterprise]")
	h.commit(t, "a field loses a value")

	gittest.Git(t, h.dir, "mv", item7(10), "backlog/B-10-moved.md")
	h.edit(t, item7(11), "---\n", "---\n\x00")
	h.commit(t, "moved, made binary")

	// B-14 renumbered: B-15 depends on it, with the same bytes as before.
	h.edit(t, item7(14), "id: B-14\n", "id: B-914\n")
	h.commit(t, "renumbered")

	h.edit(t, "roadlog.yaml", "enum: [enterprise]", "enum: [smb, enterprise]")
	h.edit(t, item7(12), "rank: ", "rank: z")
}

// compared is what diff and validate make of two sides: the text and JSON
// of the comparison and each side's findings.
func compared(t *testing.T, base, head *workspace.Workspace, headFirst bool) string {
	t.Helper()
	ctx := context.Background()
	sides := make([]Side, 2)
	order := []int{0, 1}
	if headFirst {
		order = []int{1, 0}
	}
	for _, i := range order {
		ws := []*workspace.Workspace{base, head}[i]
		findings, err := validate.Run(ctx, ws, validate.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		sides[i] = Side{Plan: plan.New(ws, now), Findings: findings}
	}
	d := Compare(sides[0], sides[1], Options{})
	var out bytes.Buffer
	for _, format := range []string{"text", "json"} {
		if err := Write(&out, format, d); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range sides {
		for _, f := range s.Findings {
			fmt.Fprintln(&out, f)
		}
	}
	return out.String()
}

// A revision loaded like another takes that one's files where the blobs
// are the same, asks git only for the others, and reads a changed blob.
func TestLoadCommitReuses(t *testing.T) {
	ctx := context.Background()
	h := newHistory(t)
	h.changes(t)
	var fetched int
	first, err := LoadCommitWith(ctx, h.git, h.commits[0], LoadOptions{fetched: &fetched})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(first.Files); fetched != want {
		t.Errorf("loading alone fetched %d objects, want %d: every file", fetched, want)
	}
	second, err := LoadCommitWith(ctx, h.git, h.commits[1], LoadOptions{Like: first, fetched: &fetched})
	if err != nil {
		t.Fatal(err)
	}
	if fetched != 1 {
		t.Errorf("loading like the first fetched %d objects, want 1: the file that changed", fetched)
	}
	if len(second.Files) != len(first.Files) {
		t.Fatalf("%d files, want %d", len(second.Files), len(first.Files))
	}
	for _, f := range second.Files {
		shared := f == first.File(f.Path)
		if want := f.Path != item7(7); shared != want {
			t.Errorf("%s: taken from the first = %v, want %v", f.Path, shared, want)
		}
	}
	if got := second.Find("B-7").Meta().Title; got != "Item seven" {
		t.Errorf("B-7's title = %q, want the changed one", got)
	}

	// The working tree: its files hash to the blobs they hold.
	wt, err := workspace.OpenWith(ctx, h.dir, workspace.OpenOptions{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	last, err := LoadCommitWith(ctx, h.git, h.commits[len(h.commits)-1], LoadOptions{Like: wt, fetched: &fetched})
	if err != nil {
		t.Fatal(err)
	}
	if fetched != 2 {
		t.Errorf("loading like the working tree fetched %d objects, want 2: roadlog.yaml and B-12", fetched)
	}
	for _, f := range last.Files {
		if shared, want := f == wt.File(f.Path), f.Path != "roadlog.yaml" && f.Path != item7(12); shared != want {
			t.Errorf("%s: taken from the working tree = %v, want %v", f.Path, shared, want)
		}
	}
}

// Whichever pair of revisions (or a revision and the working tree) is
// compared, and whichever side is validated first, taking files from the
// other side changes nothing in what diff and validate say.
func TestLoadCommitSameResults(t *testing.T) {
	ctx := context.Background()
	h := newHistory(t)
	h.changes(t)
	open := func() *workspace.Workspace {
		ws, err := workspace.OpenWith(ctx, h.dir, workspace.OpenOptions{NoCache: true})
		if err != nil {
			t.Fatal(err)
		}
		return ws
	}
	load := func(commit string, like *workspace.Workspace) *workspace.Workspace {
		ws, err := LoadCommitWith(ctx, h.git, commit, LoadOptions{Like: like})
		if err != nil {
			t.Fatal(err)
		}
		return ws
	}
	revs := append(slices.Clone(h.commits), "") // "" for the working tree
	for i, a := range revs[:len(revs)-1] {
		for _, b := range revs[i+1:] {
			for _, headFirst := range []bool{false, true} {
				name := fmt.Sprintf("%.7s→%.7s headFirst=%v", a, b, headFirst)
				want := compared(t, load(a, nil), map[bool]func() *workspace.Workspace{
					true: open, false: func() *workspace.Workspace { return load(b, nil) },
				}[b == ""](), headFirst)
				var base, head *workspace.Workspace
				if b == "" {
					head = open()
					base = load(a, head)
				} else {
					base = load(a, nil)
					head = load(b, base)
				}
				if diff := cmp.Diff(want, compared(t, base, head, headFirst)); diff != "" {
					t.Errorf("%s: with files taken from the other side (-without +with):\n%s", name, diff)
				}
			}
		}
	}
}
