package render

import (
	"io"
	"slices"
	"strings"
)

// minWidth is the narrowest a shortened column gets; flexFloor is how far
// flexible columns shrink before others are shortened or left out.
const (
	minWidth  = 6
	flexFloor = 16
)

// Box drawing of the terminal table, which this package draws itself (no
// table library): light lines, the style of the tablewriter table it
// replaced, so that the output stayed the same.
const (
	boxH = "─"
	boxV = "│"
)

// writeTable draws a box table, headers upper-cased and centred, that fits
// opts.Width. When the natural widths do not fit, titles give up space
// first, then low-value columns are left out (Column.Drop), then the
// widest shortenable columns are cut, each cell ending in "…". A table
// with a Narrow form is drawn in that form when it cannot fit otherwise.
// Widths are display widths ([Width]), so wide characters and emoji line
// up.
func writeTable(w io.Writer, t *Table, opts Options) error {
	if opts.Width > 0 && t.Narrow != nil && !fitsAtMinimum(t, opts.Width) {
		t = t.Narrow
	}
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]string, len(t.Columns))
		for j := range t.Columns {
			if j < len(r) {
				rows[i][j] = tableCell(r[j], t.Columns[j])
			}
		}
	}
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = strings.ToUpper(cell(c.Name)) // names can come from files: roadlog.yaml's fields, a board's statuses
	}
	keep, widths := fitWidths(t.Columns, headers, rows, opts.Width)

	var b strings.Builder
	border := func(left, mid, right string) {
		b.WriteString(left)
		for i, j := range keep {
			if i > 0 {
				b.WriteString(mid)
			}
			b.WriteString(strings.Repeat(boxH, widths[j]+2))
		}
		b.WriteString(right + "\n")
	}
	line := func(cells []string, align func(j int) int) {
		b.WriteString(boxV)
		for _, j := range keep {
			b.WriteString(" " + pad(truncate(cells[j], widths[j]), widths[j], align(j)) + " " + boxV)
		}
		b.WriteString("\n")
	}
	border("┌", "┬", "┐")
	line(headers, func(int) int { return alignCenter })
	if len(rows) > 0 {
		border("├", "┼", "┤")
	}
	for _, r := range rows {
		lines := make([][]string, len(r))
		height := 1
		for _, j := range keep {
			lines[j] = strings.Split(strings.TrimRight(r[j], "\n"), "\n")
			height = max(height, len(lines[j]))
		}
		for k := range height {
			cells := make([]string, len(r))
			for _, j := range keep {
				if k < len(lines[j]) {
					cells[j] = lines[j][k]
				}
			}
			line(cells, func(j int) int {
				if t.Columns[j].Right {
					return alignRight
				}
				return alignLeft
			})
		}
	}
	border("└", "┴", "┘")
	_, err := io.WriteString(w, b.String())
	return err
}

const (
	alignLeft = iota
	alignRight
	alignCenter
)

// pad fills s with spaces to width cells.
func pad(s string, width, align int) string {
	gap := max(width-Width(s), 0)
	switch align {
	case alignRight:
		return strings.Repeat(" ", gap) + s
	case alignCenter:
		return strings.Repeat(" ", gap/2) + s + strings.Repeat(" ", gap-gap/2)
	}
	return s + strings.Repeat(" ", gap)
}

// naturalWidths returns each column's widest line, header included.
func naturalWidths(headers []string, rows [][]string) []int {
	widths := make([]int, len(headers))
	for j, h := range headers {
		widths[j] = Width(h)
	}
	for _, r := range rows {
		for j, c := range r {
			for l := range strings.SplitSeq(c, "\n") {
				widths[j] = max(widths[j], Width(l))
			}
		}
	}
	return widths
}

// fitsAtMinimum reports whether t fits width with every column at its
// narrowest acceptable width: a Fixed column whole, another at its
// MinWidth, or without one at flexFloor (Flex) or minWidth; never wider
// than its content.
func fitsAtMinimum(t *Table, width int) bool {
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = strings.ToUpper(cell(c.Name))
	}
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]string, len(t.Columns))
		for j := range t.Columns {
			if j < len(r) {
				rows[i][j] = tableCell(r[j], t.Columns[j])
			}
		}
	}
	total := 3*len(t.Columns) + 1
	for j, w := range naturalWidths(headers, rows) {
		c := t.Columns[j]
		least := c.MinWidth
		switch {
		case c.Fixed:
			least = w
		case least > 0:
		case c.Flex:
			least = flexFloor
		default:
			least = minWidth
		}
		total += min(w, least)
	}
	return total <= width
}

// fitWidths returns the columns to draw, in order, and each column's width
// (indexed like cols) so that the table fits width (box borders take 3 per
// column plus 1; 0: no limit). In turn, until it fits:
//
//  1. flexible columns (long text such as titles) shrink, down to
//     flexFloor;
//  2. columns with a Drop are left out, the highest Drop first;
//  3. columns that are not Fixed shrink, down to minWidth;
//  4. flexible columns shrink on, down to minWidth;
//  5. every column shrinks, MinWidth and Fixed aside, down to minWidth,
//     then to 1;
//  6. columns are left out from the right, the first kept.
//
// A column is never cut more than the width needs.
func fitWidths(cols []Column, headers []string, rows [][]string, width int) (keep []int, widths []int) {
	natural := naturalWidths(headers, rows)
	keep = make([]int, len(cols))
	for j := range cols {
		keep[j] = j
	}
	if width <= 0 {
		return keep, natural
	}
	for {
		widths = slices.Clone(natural)
		over := overflow(keep, widths, width)
		over = shrink(keep, widths, over, func(j int) int { return floorFlex(cols[j]) })
		if over <= 0 {
			break
		}
		drop := -1
		for i, j := range keep {
			if cols[j].Drop > 0 && (drop < 0 || cols[j].Drop >= cols[keep[drop]].Drop) {
				drop = i
			}
		}
		if drop < 0 {
			break
		}
		keep = slices.Delete(keep, drop, drop+1)
	}
	widths = slices.Clone(natural)
	over := overflow(keep, widths, width)
	for _, floor := range []func(j int) int{
		func(j int) int { return floorFlex(cols[j]) },
		func(j int) int {
			if cols[j].Fixed {
				return widths[j]
			}
			return max(minWidth, cols[j].MinWidth)
		},
		func(j int) int {
			if cols[j].Flex {
				return max(minWidth, cols[j].MinWidth)
			}
			return widths[j]
		},
		func(int) int { return minWidth },
		func(int) int { return 1 },
	} {
		over = shrink(keep, widths, over, floor)
	}
	for over > 0 && len(keep) > 1 {
		over -= widths[keep[len(keep)-1]] + 3
		keep = keep[:len(keep)-1]
	}
	return keep, widths
}

// floorFlex is how far the first step shrinks a column: a flexible one to
// flexFloor (or its MinWidth), the others not at all.
func floorFlex(c Column) int {
	if c.Flex {
		return max(flexFloor, c.MinWidth)
	}
	return 1 << 30
}

// overflow is how many cells the kept columns are wider than width.
func overflow(keep, widths []int, width int) int {
	total := 3*len(keep) + 1
	for _, j := range keep {
		total += widths[j]
	}
	return total - width
}

// shrink narrows the widest kept column above its floor, one cell at a
// time, until nothing is over or no column can give; it returns what is
// still over.
func shrink(keep, widths []int, over int, floor func(j int) int) int {
	for over > 0 {
		widest := -1
		for _, j := range keep {
			if widths[j] > floor(j) && (widest < 0 || widths[j] > widths[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			return over
		}
		widths[widest]--
		over--
	}
	return over
}

// tableCell cleans a cell; a multi-line one line by line; a styled one
// not at all.
func tableCell(s string, c Column) string {
	if c.Styled {
		return strings.TrimSpace(s)
	}
	if !c.MultiLine {
		return cell(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = cell(l)
	}
	return strings.Join(lines, "\n")
}
