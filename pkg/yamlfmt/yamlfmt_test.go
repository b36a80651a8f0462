package yamlfmt

import (
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
