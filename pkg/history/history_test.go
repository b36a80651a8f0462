package history

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/gittest"
	"github.com/roadlog/roadlog/pkg/gitx"
)

func item(id, status string) string {
	return "---\nid: " + id + "\ntitle: Item " + id + "\nstatus: " + status + "\n---\nThe text of the item, long enough to be recognised.\n"
}

// walk returns, commit by commit, the subject and what changed: +ID
// added, -ID removed, ~ID changed.
func walk(t *testing.T, dir string) []string {
	t.Helper()
	git, err := gitx.New(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	err = Walk(t.Context(), git, Options{}, func(c *Commit) error {
		line := c.Subject + ":"
		for _, ch := range c.Changes {
			switch {
			case ch.Added:
				line += " +" + ch.ID
			case ch.Removed:
				line += " -" + ch.OldID
			default:
				line += " ~" + ch.ID
			}
		}
		out = append(out, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A change of roadlog.yaml's paths brings in the files already in the new
// folder, and leaves out those of the old one, though the commit touches
// none of them.
func TestWalkPathsChange(t *testing.T) {
	dir := gittest.New(t)
	gittest.Write(t, dir, map[string]string{
		"roadlog.yaml":       "version: 1\nproduct: {name: Demo, key: A}\n",
		"backlog/A-1-x.md":   item("A-1", "in-progress"),
		"backlog/A-2-x.md":   item("A-2", "idea"),
		"work/A-3-x.md":      item("A-3", "idea"),
		"work/notes/A-4.md":  item("A-4", "idea"),
		"elsewhere/A-5-x.md": item("A-5", "idea"),
	})
	gittest.Commit(t, dir, "plan")
	gittest.Git(t, dir, "mv", "backlog/A-1-x.md", "work/A-1-x.md")
	gittest.Commit(t, dir, "move A-1 out")
	gittest.Write(t, dir, map[string]string{"roadlog.yaml": "version: 1\nproduct: {name: Demo, key: A}\npaths: {backlog: work}\n"})
	gittest.Commit(t, dir, "backlog in work")
	gittest.Write(t, dir, map[string]string{"work/A-1-x.md": item("A-1", "done")})
	gittest.Commit(t, dir, "A-1 done")
	gittest.Write(t, dir, map[string]string{"roadlog.yaml": "version: 1\nproduct: {name: Demo, key: A}\npaths: {backlog: ./elsewhere/}\n"})
	gittest.Commit(t, dir, "backlog elsewhere")

	want := []string{
		"plan: +A-1 +A-2",
		"move A-1 out: -A-1",
		"backlog in work: +A-1 -A-2 +A-3 +A-4",
		"A-1 done: ~A-1",
		"backlog elsewhere: -A-1 -A-3 -A-4 +A-5",
	}
	if diff := cmp.Diff(want, walk(t, dir)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if got := strings.TrimSpace(gittest.Git(t, dir, "ls-files", "work")); got != "work/A-1-x.md\nwork/A-3-x.md\nwork/notes/A-4.md" {
		t.Fatalf("the repository: %q", got)
	}
}

func TestMayHoldRecords(t *testing.T) {
	for p, want := range map[string]bool{
		"backlog/A-1.md": true, "notes/X.MARKDOWN": true, "plan/releases.yaml": true, "a.yml": true,
		"main.go": false, "backlog/README": false, "docs/logo.png": false,
	} {
		if got := mayHoldRecords(p); got != want {
			t.Errorf("%s: %v, want %v", p, got, want)
		}
	}
}
