package atomicfile

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestRemoveTemps: only temporary files for accepted targets go, in the
// folder or also below it, never in hidden folders, never a folder or a
// symlink that looks like one.
func TestRemoveTemps(t *testing.T) {
	files := []string{
		"a/.x.md.roadlog-000000000001.tmp",
		"a/.roadmap.yaml.roadlog-000000000002.tmp",
		"a/x.md",
		"a/.x.md.tmp",
		"a/sub/.y.md.roadlog-000000000003.tmp",
		"a/.hidden/.z.md.roadlog-000000000004.tmp",
	}
	for _, tt := range []struct {
		name    string
		recurse bool
		isFor   func(string) bool
		want    []string
	}{
		{"folder", false, nil, []string{"a/.roadmap.yaml.roadlog-000000000002.tmp", "a/.x.md.roadlog-000000000001.tmp"}},
		{"recurse", true, nil, []string{"a/.roadmap.yaml.roadlog-000000000002.tmp", "a/.x.md.roadlog-000000000001.tmp", "a/sub/.y.md.roadlog-000000000003.tmp"}},
		{"targets", true, func(t string) bool { return filepath.Ext(t) == ".md" }, []string{"a/.x.md.roadlog-000000000001.tmp", "a/sub/.y.md.roadlog-000000000003.tmp"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range files {
				p := filepath.Join(dir, f)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Mkdir(filepath.Join(dir, "a/.d.md.roadlog-000000000005.tmp"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("x.md", filepath.Join(dir, "a/.l.md.roadlog-000000000006.tmp")); err != nil {
				t.Fatal(err)
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = root.Close() }()
			got, err := RemoveTemps(root, "a", tt.recurse, tt.isFor)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("removed %q, want %q", got, tt.want)
			}
			for _, f := range files {
				_, err := os.Lstat(filepath.Join(dir, f))
				if gone := os.IsNotExist(err); gone != slices.Contains(tt.want, f) {
					t.Errorf("%s: gone %v", f, gone)
				}
			}
		})
	}
}
