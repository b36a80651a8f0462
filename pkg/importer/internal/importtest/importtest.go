// Package importtest runs a source's batch through [importer.Import] into
// a temporary workspace, for the sources' tests.
package importtest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/importer"
)

// Now is the clock of the imports.
var Now = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

// Workspace makes a workspace with roadlog.yaml as given.
func Workspace(tb testing.TB, config string) string {
	tb.Helper()
	root := tb.TempDir()
	if err := os.WriteFile(filepath.Join(root, "roadlog.yaml"), []byte(config), 0o644); err != nil {
		tb.Fatal(err)
	}
	return root
}

// Import imports b into the workspace at root, commits it and returns what
// it printed.
func Import(tb testing.TB, root string, b *importer.Batch, o importer.Options) string {
	tb.Helper()
	s, err := change.Begin(tb.Context(), root, Now)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	p, err := importer.Import(tb.Context(), s, b, o)
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.Commit(tb.Context(), false); err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	p.Write(&out, false)
	p.WriteWarnings(&out)
	return out.String()
}

// Files returns every file of the workspace, each after a "== PATH" line,
// in path order.
func Files(tb testing.TB, root string) string {
	tb.Helper()
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(paths)
	var b strings.Builder
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		b.WriteString("== " + filepath.ToSlash(rel) + "\n")
		b.Write(raw)
	}
	return b.String()
}

// Golden compares got with the file want, or writes it when update.
func Golden(tb testing.TB, want, got string, update bool) {
	tb.Helper()
	if update {
		if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(want)
	if err != nil {
		tb.Fatal(err)
	}
	if d := cmp.Diff(string(raw), got); d != "" {
		tb.Errorf("%s differs (go test -update writes it) (-want +got):\n%s", want, d)
	}
}
