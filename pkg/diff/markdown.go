package diff

import (
	"fmt"
	"io"
	"strings"

	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
)

// foldAfter is how many rows a Markdown section shows before it is folded
// into <details>.
const foldAfter = 10

// MarkdownMarker opens the Markdown output, so that a bot can find and
// update its earlier comment.
const MarkdownMarker = "<!-- roadlog diff -->"

var markdownColumns = map[string][]string{
	"Product":     {"Field", "Before", "After"},
	"Added":       {"ID", "Kind", "Title"},
	"Removed":     {"ID", "Kind", "Title"},
	"Renamed":     {"ID", "Kind", "Title"},
	"Changed":     {"Record", "Field", "Before", "After"},
	"Scores":      {"ID", "Score", "Inputs", "Title"},
	"Dates":       {"ID", "Field", "Date", "Moved", "Title"},
	"Key results": {"ID", "Values", "Progress", "Title"},
	"Scope":       {"ID", "Items in (+) and out (-)", "Title"},
	"New errors":  {"Where", "Error", "Rule"},
}

// writeMarkdown writes the diff as a pull-request comment: a summary line,
// then a table a section, long ones folded.
func writeMarkdown(w io.Writer, d *Diff) error {
	var b strings.Builder
	b.WriteString(MarkdownMarker + "\n### Plan changes\n\n")
	fmt.Fprintf(&b, "%s: **%s**\n", markdownText(d.Title()), d.headline())
	for _, s := range d.sections(false) {
		cols := markdownColumns[s.title]
		if cols == nil { // the backlog's title carries its size
			cols = []string{"Place", "ID", "Move", "Title"}
		}
		t := &render.Table{Rows: s.rows}
		for _, c := range cols {
			t.Columns = append(t.Columns, render.Column{Name: c})
		}
		heading := fmt.Sprintf("%s (%d)", s.title, s.count)
		if len(s.rows) > foldAfter {
			fmt.Fprintf(&b, "\n<details><summary>%s</summary>\n\n", heading)
		} else {
			fmt.Fprintf(&b, "\n#### %s\n\n", heading)
		}
		if err := render.Write(&b, "markdown", t, render.Options{}); err != nil {
			return err
		}
		if len(s.rows) > foldAfter {
			b.WriteString("\n</details>\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var markdownEscaper = strings.NewReplacer(`\`, `\\`, "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`)

// markdownText escapes a line of text for Markdown.
func markdownText(s string) string { return markdownEscaper.Replace(safetext.Line(s)) }
