package backlogmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"gopkg.in/yaml.v3"
)

// corpus is Backlog.md's own backlog, beside the repository: ../shared/corpus
// from its root.
func corpus(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("no go.mod above the test")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus", "backlogmd")
	if _, err := os.Stat(c); err != nil {
		tb.Skipf("the Backlog.md corpus is not at %s: skipped", c)
	}
	return c
}

// TestCorpus imports the whole Backlog.md corpus (issue 12) into a fresh
// workspace, which then validates with no errors; importing it again
// changes nothing.
func TestCorpus(t *testing.T) {
	dir := corpus(t)
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "roadlog.yaml"), []byte("version: 1\nproduct: {key: BACK}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		b, err := Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		s, err := change.Begin(t.Context(), root, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		p, err := importer.Import(t.Context(), s, b, importer.Options{})
		if err != nil {
			s.Close()
			t.Fatal(err)
		}
		if round == 1 && len(s.Changed()) > 0 {
			t.Errorf("a second import changes %v", s.Changed())
		}
		if err := s.Commit(t.Context(), false); err != nil {
			s.Close()
			t.Fatal(err)
		}
		s.Close()
		if round == 0 && len(p.Actions) < 680 {
			t.Errorf("imported %d records", len(p.Actions))
		}
	}
	ws, err := workspace.Open(t.Context(), root)
	if err != nil {
		t.Fatal(err)
	}
	list, err := validate.Run(t.Context(), ws, validate.Options{Now: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range list {
		if d.Severity == diag.Error {
			t.Errorf("%s:%d: %s", d.Path, d.Pos.Line, d.Message)
		}
	}
}

func TestBody(t *testing.T) {
	in := "## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nText.\n<!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [ ] #1 One\n- [x] #2 Two\n<!-- AC:END -->\n"
	want := "## Description\n\nText.\n\n## Acceptance criteria\n- [ ] One\n- [x] Two\n"
	if diff := cmp.Diff(want, Body(in)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestFront(t *testing.T) {
	m, fixed, err := Front("id: task-1\nassignee: @ana\nreporter: '@ben'\nlabels:\n  - @x\n")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"id": "task-1", "assignee": "@ana", "reporter": "@ben", "labels": []any{"@x"}}, m); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]Fix{{Line: 2, What: "@ana"}, {Line: 5, What: "@x"}}, fixed); diff != "" {
		t.Errorf("fixed (-want +got)\n%s", diff)
	}
	if _, _, err := Front("id: [\n"); err == nil {
		t.Error("broken YAML: no error")
	}
}

// FuzzFront: the recovery never panics, and what it recovers is what the
// quoted text reads as.
func FuzzFront(f *testing.F) {
	for _, s := range []string{"id: task-1\nassignee: @ana\n", "a: `b`\n- @c\n", "labels: [a, b]\n", "x: '@y\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		m, fixed, err := Front(src)
		if err != nil {
			return
		}
		if len(fixed) == 0 {
			return
		}
		for _, fx := range fixed {
			if !strings.HasPrefix(fx.What, "@") && !strings.HasPrefix(fx.What, "`") {
				t.Errorf("quoted %q", fx.What)
			}
		}
		// Strict YAML could not read it, so the fixed lines were needed.
		var strict map[string]any
		if yaml.Unmarshal([]byte(src), &strict) == nil {
			t.Errorf("recovered %q, which is YAML already: %v", src, m)
		}
	})
}
