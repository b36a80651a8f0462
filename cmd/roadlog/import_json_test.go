package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/cli"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// roadlog runs roadlog in this process and returns its output; a non-zero
// exit fails the test.
func roadlog(t *testing.T, args ...string) []byte {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	if code := cli.Main(buildInfo(), args, ios); code != 0 {
		t.Fatalf("roadlog %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	return out.Bytes()
}

// export returns what `roadlog export FORMAT` (json or jsonl) writes for
// the whole plan of the workspace at dir.
func export(t *testing.T, dir, format string) []byte {
	t.Helper()
	return roadlog(t, "-C", dir, "export", format)
}

// record is what a round trip keeps of a record.
type record struct {
	Kind     model.Kind
	Fields   map[string]any
	Body     string
	Archived bool
	File     string // the name of its file, for the records that have one
}

// records loads the workspace at dir: every record but the personas (the
// import skips them), by ID.
func records(t *testing.T, dir string) map[string]record {
	t.Helper()
	ws, err := workspace.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]record{}
	for _, r := range ws.Records {
		if r.Kind() == model.KindPersona {
			continue
		}
		fields, _ := floats(r.Meta().Fields).(map[string]any)
		rec := record{Kind: r.Kind(), Fields: fields, Archived: ws.Config.Archived(r.File.Path)}
		if r.Kind().Info().OwnFile {
			rec.Body = model.Body(r.Model)
			rec.File = filepath.Base(r.File.Path)
		}
		out[r.ID()] = rec
	}
	return out
}

// roundTrip exports the workspace at src to JSON (or JSON Lines), imports
// that into a new workspace with src's roadlog.yaml and checks that both
// load to the same records, and that importing it again changes nothing.
func roundTrip(t *testing.T, src, format string) {
	t.Helper()
	plan := filepath.Join(t.TempDir(), "plan."+format)
	if err := os.WriteFile(plan, export(t, src, format), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "ws")
	roadlog(t, "init", dst)
	cfg, err := os.ReadFile(filepath.Join(src, "roadlog.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "roadlog.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	roadlog(t, "-C", dst, "import", "json", plan)
	want, got := records(t, src), records(t, dst)
	if len(want) == 0 {
		t.Fatal("the source workspace has no records")
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("records after the round trip differ (-exported +imported):\n%s", d)
	}
	roadlog(t, "-C", dst, "validate")
	again := string(roadlog(t, "-C", dst, "import", "json", plan))
	if !regexp.MustCompile(`(?m)^0 created, 0 updated, \d+ unchanged, 0 people added$`).MatchString(again) {
		t.Errorf("importing again changed records:\n%s", again)
	}
}

// TestImportJSONRoundTrip: the example workspace, exported to JSON and
// imported into an empty workspace, loads to the same records (issue 12,
// item 5).
func TestImportJSONRoundTrip(t *testing.T) {
	src := filepath.Join(t.TempDir(), "acme")
	roadlog(t, "init", "--example", src)
	roadlog(t, "-C", src, "archive", "ACME-1") // done: archived items stay archived
	for _, format := range []string{"json", "jsonl"} {
		t.Run(format, func(t *testing.T) { roundTrip(t, src, format) })
	}
}

// TestImportJSONRoundTripGenerated: the same for a generated workspace of
// a few hundred items.
func TestImportJSONRoundTripGenerated(t *testing.T) {
	src := t.TempDir()
	if err := testws.Generate(src, 300); err != nil {
		t.Fatal(err)
	}
	roundTrip(t, src, "json")
}

// floats is a JSON value with every number a float64. JSON has one kind of
// number: 3.0 in YAML is exported as 3 and comes back as 3, the same
// number.
func floats(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = floats(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = floats(e)
		}
		return out
	}
	return v
}
