package change

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// tree reads every file under dir (path → content), without .roadlog/lock
// and .roadlog/.gitignore, which every edit leaves.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			out[rel] = "-> " + target
			return err
		}
		if rel == ".roadlog/lock" || rel == ".roadlog/.gitignore" {
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, c := range files {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWritableRefusesGit checks that no edit writes into .git or .roadlog,
// not even through a symlinked folder inside the workspace (issue 9,
// item 15).
func TestWritableRefusesGit(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{".git/info/exclude": "# x\n", "plan/x.yaml": "", "real/x.md": ""})
	for link, target := range map[string]string{"gitlink": ".git", "nested": "plan/../.git/info", "chain": "gitlink", "ok": "real", "out": "../.."} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skip(err)
		}
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	for p, want := range map[string]string{
		"roadmap.yaml":      "",
		"plan/x.yaml":       "",
		"ok/x.md":           "",
		"new/folder/x.md":   "",
		".git/info/exclude": "write .git/info/exclude: roadlog does not write plan files into .git or .roadlog (the folder is .git/info)",
		".Roadlog/x.md":     "write .Roadlog/x.md: roadlog does not write plan files into .git or .roadlog (the folder is .Roadlog)",
		"gitlink/info/x":    "write gitlink/info/x: roadlog does not write plan files into .git or .roadlog (the folder is .git/info)",
		"nested/exclude":    "write nested/exclude: roadlog does not write plan files into .git or .roadlog (the folder is .git/info)",
		"chain/hooks/x.md":  "write chain/hooks/x.md: roadlog does not write plan files into .git or .roadlog (the folder is .git/hooks)",
		"out/x.md":          "write out/x.md: the path leaves the workspace",
	} {
		err := writable(r, p)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("writable(%q) = %q, want %q", p, got, want)
		}
	}
}

// TestBeginCleansTemps checks that an edit deletes the temporary files an
// interrupted write left in the folders roadlog writes, and nothing else
// (issue 9, item 17).
func TestBeginCleansTemps(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, before)
	stale := []string{
		".roadlog.yaml.roadlog-0a1b2c3d4e5f.tmp",
		".roadmap.yaml.roadlog-0a1b2c3d4e5f.tmp",
		"plan/.risks.yaml.roadlog-0a1b2c3d4e5f.tmp",
		"backlog/.A-1-x.md.roadlog-0a1b2c3d4e5f.tmp",
		"backlog/done/.A-9-z.md.roadlog-0a1b2c3d4e5f.tmp",
		"insights/.INS-1-a.md.roadlog-0a1b2c3d4e5f.tmp",
		".roadlog/.journal.roadlog-0a1b2c3d4e5f.tmp",
		".roadlog/schema/.item.schema.json.roadlog-0a1b2c3d4e5f.tmp",
		".roadlog/backup/.backlog__A-1-x.md.20261201-000000.roadlog-0a1b2c3d4e5f.tmp",
	}
	kept := []string{
		".report.html.roadlog-0a1b2c3d4e5f.tmp",            // report may be writing it
		"backlog/.notes.txt.roadlog-0a1b2c3d4e5f.tmp",      // not a record file
		"backlog/.hidden/.A-2.md.roadlog-0a1b2c3d4e5f.tmp", // a folder roadlog does not read
		"site/.index.html.roadlog-0a1b2c3d4e5f.tmp",        // not a folder of the plan
		"backlog/.A-1-x.md.tmp",                            // not roadlog's name
		"backlog/A-1-x.md.roadlog-0a1b2c3d4e5f.tmp",        // not roadlog's name
	}
	files := map[string]string{"roadlog.yaml": "version: 1\npaths: {risks: plan/risks.yaml}\n"}
	for _, p := range append(slices.Clone(stale), kept...) {
		files[p] = "partial"
	}
	writeTree(t, dir, files)
	s, err := Begin(t.Context(), dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	slices.Sort(stale)
	if diff := cmp.Diff(stale, s.Cleaned); diff != "" {
		t.Errorf("cleaned (-want +got)\n%s", diff)
	}
	for _, p := range kept {
		if _, err := os.Lstat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// TestBeginCleansTempsWithIndex: with the workspace's index, an edit that
// need not walk the record folders still finds a temporary file left in
// one since the index was written.
func TestBeginCleansTempsWithIndex(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, before)
	s, err := Begin(t.Context(), dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, workspace.CacheFile)); err != nil {
		t.Fatalf("no index: %v", err)
	}
	stale := "backlog/.A-1-x.md.roadlog-0a1b2c3d4e5f.tmp"
	writeTree(t, dir, map[string]string{stale: "partial"})
	s, err = Begin(t.Context(), dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if diff := cmp.Diff([]string{stale}, s.Cleaned); diff != "" {
		t.Errorf("cleaned (-want +got)\n%s", diff)
	}
}
