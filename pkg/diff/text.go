package diff

import (
	"fmt"
	"io"
	"strings"

	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
)

// writeText writes the diff for a terminal: a summary line, then each
// section as aligned columns.
func writeText(w io.Writer, d *Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", safetext.Line(d.Title()), d.headline())
	for _, s := range d.sections(true) {
		fmt.Fprintf(&b, "\n%s\n", s.title)
		align(&b, s.rows)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// align writes rows as columns two spaces apart, indented by two. A row
// of one cell is a heading: printed as it is, it does not widen a column,
// and the rows under it are indented by two more.
func align(b *strings.Builder, rows [][]string) {
	var widths []int
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		for i, c := range r[:len(r)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], render.Width(c))
		}
	}
	indent := "  "
	for _, r := range rows {
		if len(r) == 1 {
			b.WriteString("  " + r[0] + "\n")
			indent = "    "
			continue
		}
		var line strings.Builder
		line.WriteString(indent)
		for i, c := range r {
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-render.Width(c)+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}
