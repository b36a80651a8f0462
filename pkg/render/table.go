package render

import (
	"bytes"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// minWidth is the narrowest a shortened column gets; flexFloor is how far
// flexible columns shrink before the others start to.
const (
	minWidth  = 6
	flexFloor = 16
)

// writeTable draws a box table that fits opts.Width: when the natural
// widths do not fit, the widest shrinkable columns are cut first, each cell
// ending in "…".
func writeTable(w io.Writer, t *Table, opts Options) error {
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]string, len(r))
		for j, c := range r {
			rows[i][j] = tableCell(c, j < len(t.Columns) && t.Columns[j].MultiLine)
		}
	}
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = strings.ToUpper(cell(c.Name)) // names can come from files: roadlog.yaml's fields, a board's statuses
	}
	widths := fitWidths(t.Columns, headers, rows, opts.Width)
	for _, r := range rows {
		for j := range r {
			lines := strings.Split(r[j], "\n")
			for k, l := range lines {
				lines[k] = truncate(l, widths[j])
			}
			r[j] = strings.Join(lines, "\n")
		}
	}
	for j := range headers {
		headers[j] = truncate(headers[j], widths[j])
	}

	var buf bytes.Buffer
	align := make([]tw.Align, len(t.Columns))
	for i, c := range t.Columns {
		align[i] = tw.AlignLeft
		if c.Right {
			align[i] = tw.AlignRight
		}
	}
	table := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithHeaderAutoFormat(tw.Off), // headers are upper-cased above, before measuring
		tablewriter.WithHeaderAlignment(tw.AlignCenter),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithTrimSpace(tw.Off),
	)
	table.Header(headers)
	for _, r := range rows {
		if err := table.Append(r); err != nil {
			return err
		}
	}
	if err := table.Render(); err != nil {
		return err
	}
	var out strings.Builder
	for line := range strings.Lines(buf.String()) {
		out.WriteString(strings.TrimRight(line, " \n"))
		out.WriteByte('\n')
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// fitWidths returns each column's width: its widest cell, shrunk when the
// table would be wider than width (box borders take 3 per column plus 1).
// Flexible columns (long text such as titles) give up space first, down to
// flexFloor; then any column that is not Fixed, down to minWidth.
func fitWidths(cols []Column, headers []string, rows [][]string, width int) []int {
	widths := make([]int, len(cols))
	for j, h := range headers {
		widths[j] = twwidth.Width(h)
	}
	for _, r := range rows {
		for j, c := range r {
			for l := range strings.SplitSeq(c, "\n") {
				widths[j] = max(widths[j], twwidth.Width(l))
			}
		}
	}
	if width <= 0 {
		return widths
	}
	total := -(width - 3*len(cols) - 1)
	for _, w := range widths {
		total += w
	}
	shrink := func(eligible func(j int) bool, floor int) {
		for total > 0 {
			widest := -1
			for j := range cols {
				if eligible(j) && widths[j] > max(floor, cols[j].MinWidth) && (widest < 0 || widths[j] > widths[widest]) {
					widest = j
				}
			}
			if widest < 0 {
				return
			}
			widths[widest]--
			total--
		}
	}
	shrink(func(j int) bool { return cols[j].Flex }, flexFloor)
	shrink(func(j int) bool { return !cols[j].Fixed }, minWidth)
	shrink(func(j int) bool { return cols[j].Flex }, minWidth)
	return widths
}

// truncate cuts s to width display cells, ending with "…" when cut.
func truncate(s string, width int) string {
	if twwidth.Width(s) <= width {
		return s
	}
	return twwidth.Truncate(s, width, "…")
}

// tableCell cleans a cell; a multi-line one line by line.
func tableCell(s string, multiLine bool) string {
	if !multiLine {
		return cell(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = cell(l)
	}
	return strings.Join(lines, "\n")
}
