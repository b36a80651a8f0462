package yamlfmt

import (
	"strings"
	"testing"

	"github.com/roadlog/roadlog/pkg/workspace"
)

// TestFormatKeepsEmoji: the YAML encoder escapes every character outside
// the Basic Multilingual Plane; fmt writes them as they are, so that a
// title keeps its emoji. Escapes the user wrote and comments stay.
func TestFormatKeepsEmoji(t *testing.T) {
	src := "---\n" +
		"id: A-1\n" +
		"title: 🚀 Launch # \"\\U0001F680\"\n" +
		"status: idea\n" +
		"labels: [🚀, \"\\\\U0001F680\", \"\\U0001F680\"]\n" +
		"---\n"
	want := "---\n" +
		"id: A-1\n" +
		"title: \"🚀 Launch\" # \"\\U0001F680\"\n" +
		"status: idea\n" +
		"labels: [\"🚀\", \\U0001F680, \"🚀\"]\n" +
		"---\n"
	f, diags := workspace.Parse("backlog/A-1-x.md", workspace.FileItem, []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	out, err := Format(f)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// TestFormatNothingBetweenMarkers: a plan file of document markers alone
// holds no document; fmt leaves it as it is (it used to panic).
func TestFormatNothingBetweenMarkers(t *testing.T) {
	for _, src := range []string{"---\n", "---\n---\n", "---\n...\n", "---\r\n"} {
		f, _ := workspace.Parse("roadmap.yaml", workspace.FileRoadmap, []byte(src))
		out, err := Format(f)
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if string(out) != src {
			t.Errorf("%q: formatted as %q, want it unchanged", src, out)
		}
	}
}

// TestFormatDeep: fmt formats documents nested up to MaxDepth and leaves
// deeper ones alone with a reason, rather than taking time (and output)
// quadratic in the depth, as it did at 10,000 levels.
func TestFormatDeep(t *testing.T) {
	nest := func(n int) string {
		return "deep: " + strings.Repeat("{a: ", n) + "x" + strings.Repeat("}", n) + "\n"
	}
	for _, tc := range []struct {
		levels  int
		wantErr string
	}{
		{MaxDepth - 1, ""},
		{MaxDepth, "it nests more than 64 levels deep"},
		{10000, "it nests more than 64 levels deep"},
	} {
		f, diags := workspace.Parse("roadmap.yaml", workspace.FileRoadmap, []byte(nest(tc.levels)))
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		_, err := Format(f)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%d levels: %v", tc.levels, err)
		case tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr):
			t.Errorf("%d levels: error %v, want %q", tc.levels, err, tc.wantErr)
		}
	}
}

// TestFormatKeepsKeyComment: a comment on a key's line over a block list
// or mapping is the key's (yaml.v3 attaches it there), and the YAML
// encoder drops it when the value goes on one line. fmt keeps such a value
// in block style, as it keeps any collection with comments; a set or
// --unset that left a short list under "labels: # the labels" lost the
// comment that way (review of issue 9, P2-9).
func TestFormatKeepsKeyComment(t *testing.T) {
	for _, src := range []string{
		"---\nid: A-1\ntitle: X\nstatus: idea\nlabels: # the labels\n  - b\n---\n",
		"---\nid: A-1\ntitle: X\nstatus: idea\nscore: # from the survey\n  reach: 1\n---\n",
	} {
		f, diags := workspace.Parse("backlog/A-1-x.md", workspace.FileItem, []byte(src))
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		out, err := Format(f)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != src {
			t.Errorf("formatted as\n%s\nwant it as it is\n%s", out, src)
		}
	}
}

// TestFormatKeepsLineEndings: fmt writes the lines of a file with the
// file's own line ending, a lone CR (old Mac) as well as CRLF; it used to
// turn lone CRs into LFs, so that an edit of such a file, which keeps its
// line endings, failed fmt --check.
func TestFormatKeepsLineEndings(t *testing.T) {
	const src = "initiatives:\n  - {id: I-1, title: X, horizon: now}\n"
	const want = "initiatives:\n  - id: I-1\n    title: X\n    horizon: now\n"
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		f, diags := workspace.Parse("roadmap.yaml", workspace.FileRoadmap, []byte(strings.ReplaceAll(src, "\n", eol)))
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		out, err := Format(f)
		if err != nil {
			t.Fatalf("%q: %v", eol, err)
		}
		if got := string(out); got != strings.ReplaceAll(want, "\n", eol) {
			t.Errorf("%q: formatted as %q", eol, got)
		}
	}
}
