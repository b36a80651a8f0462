package gitsetup

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/workspace"
)

func TestAttributes(t *testing.T) {
	cfg := workspace.DefaultConfig()
	cfg.Paths.Roadmap = "plan/road map.yaml" // a blank: not nameable exactly
	cfg.Paths.Risks = "./risks.yaml"
	cfg.Paths.Insights = "."
	cfg.Paths.Decisions = "../elsewhere"
	cfg.Paths.Releases = "r*.yaml"
	lines, skipped := Attributes(cfg)
	want := []string{
		"/roadlog.yaml merge=roadlog",
		"/product.md merge=roadlog",
		"/objectives.yaml merge=roadlog",
		"/risks.yaml merge=roadlog",
		"/backlog/**/*.md merge=roadlog",
		"/backlog/**/*.markdown merge=roadlog",
		"/**/*.md merge=roadlog",
		"/**/*.markdown merge=roadlog",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"plan/road map.yaml", "r*.yaml", "../elsewhere"}, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
}

func TestEnsureLines(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = root.Close() }()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// CRLF, no final line break, one line there already (blanks aside)
	write("a", "*.png binary\r\n/x.yaml   merge=roadlog")
	added, err := EnsureLines(root, "a", "# c", []string{"/x.yaml merge=roadlog", "/y.yaml merge=roadlog"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"/y.yaml merge=roadlog"}, added); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	if got, want := read("a"), "*.png binary\r\n/x.yaml   merge=roadlog\r\n# c\r\n/y.yaml merge=roadlog\r\n"; got != want {
		t.Errorf("file = %q, want %q", got, want)
	}
	// again: nothing to add, nothing written
	if added, err := EnsureLines(root, "a", "# c", []string{"/y.yaml merge=roadlog"}); err != nil || added != nil {
		t.Errorf("second run added %q, %v", added, err)
	}
	// a missing file is made; a symlink is refused and left alone
	if _, err := EnsureLines(root, "new", "# c", []string{"l"}); err != nil || read("new") != "# c\nl\n" {
		t.Errorf("new file: %q, %v", read("new"), err)
	}
	if err := os.Symlink("a", filepath.Join(dir, "link")); err != nil {
		t.Skip(err)
	}
	if _, err := EnsureLines(root, "link", "# c", []string{"z"}); err == nil {
		t.Error("a symlink was written through")
	}
	if missing, err := MissingLines(root, "a", []string{"/y.yaml merge=roadlog", "q"}); err != nil || !cmp.Equal(missing, []string{"q"}) {
		t.Errorf("MissingLines = %q, %v", missing, err)
	}
}
