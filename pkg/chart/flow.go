package chart

import (
	"slices"
	"strconv"
	"time"
)

// Series is one named line or band of values, one per day of its chart.
type Series struct {
	Name   string
	Values []float64
}

// CumulativeFlow is a cumulative flow diagram: how many items were in each
// status on each day, the statuses stacked as areas.
type CumulativeFlow struct {
	ID, Title string
	Days      []time.Time // ascending
	// Series are the statuses from the bottom of the stack up (usually
	// the closed ones first); a series shorter than Days counts 0 on the
	// missing days.
	Series []Series
}

// Figure draws c.
func (c CumulativeFlow) Figure() Figure {
	id := cleanID(c.ID)
	if len(c.Days) == 0 || len(c.Series) == 0 {
		return empty(id, c.Title)
	}
	// stack[i][d] is the top of series i on day d.
	stack := make([][]float64, len(c.Series))
	top := 0.0
	for i, s := range c.Series {
		stack[i] = make([]float64, len(c.Days))
		for d := range c.Days {
			below := 0.0
			if i > 0 {
				below = stack[i-1][d]
			}
			stack[i][d] = below + value(s.Values, d)
			top = max(top, stack[i][d])
		}
	}
	first, last := c.Days[0], c.Days[len(c.Days)-1]
	s := newSVG(id, c.Title, "Items in each status on each day from "+day(first)+" to "+day(last)+", stacked; the data table lists the counts.")
	y := newYScale(top, false)
	t := newTimeScale(c.Days...)
	s.axes(y, "Items")
	s.xTicks(t, 1, t.at)
	xs := make([]float64, len(c.Days))
	for d, dt := range c.Days {
		xs[d] = t.at(dt)
	}
	var legend []legendEntry
	for i, ser := range c.Series {
		upper, lower := make([]float64, len(xs)), make([]float64, len(xs))
		for d := range xs {
			upper[d] = y.at(stack[i][d])
			lower[d] = plotB
			if i > 0 {
				lower[d] = y.at(stack[i-1][d])
			}
		}
		ux, uy := widen(xs, upper)
		lx, ly := widen(xs, lower)
		fwd := points(ux, uy)
		back := points(reversed(lx), reversed(ly))
		class := "ch-area ch-s" + strconv.Itoa(i%palette)
		s.f(`<polygon class="%s" points="%s %s"><title>%s</title></polygon>`, class, fwd, back, esc(ser.Name))
		legend = append([]legendEntry{{class: class, name: ser.Name}}, legend...) // the top of the stack first
	}
	s.legend(legend)
	tb := table{caption: c.Title, head: []string{"Date"}}
	for _, ser := range c.Series {
		tb.head = append(tb.head, ser.Name)
	}
	for d, dt := range c.Days {
		row := []string{day(dt)}
		for _, ser := range c.Series {
			row = append(row, num(value(ser.Values, d)))
		}
		tb.rows = append(tb.rows, row)
	}
	return Figure{ID: id, Title: c.Title, SVG: s.html(), Table: tb.html()}
}

// BurnUp is a burn-up chart: items done and the scope, per day, and
// optionally the planned date.
type BurnUp struct {
	ID, Title   string
	Days        []time.Time // ascending
	Done, Scope []float64   // one per day; missing days count 0
	Planned     time.Time   // zero: no planned date
}

// Figure draws b.
func (b BurnUp) Figure() Figure {
	id := cleanID(b.ID)
	if len(b.Days) == 0 {
		return empty(id, b.Title)
	}
	first, last := b.Days[0], b.Days[len(b.Days)-1]
	desc := "Items done and the scope on each day from " + day(first) + " to " + day(last)
	if !b.Planned.IsZero() {
		desc += ", with the planned date " + day(b.Planned)
	}
	s := newSVG(id, b.Title, desc+"; the data table lists the counts.")
	top := 0.0
	for d := range b.Days {
		top = max(top, value(b.Done, d), value(b.Scope, d))
	}
	y := newYScale(top, false)
	t := newTimeScale(append([]time.Time{b.Planned}, b.Days...)...)
	s.axes(y, "Items")
	s.xTicks(t, 1, t.at)
	xs := make([]float64, len(b.Days))
	scope, done := make([]float64, len(b.Days)), make([]float64, len(b.Days))
	for d, dt := range b.Days {
		xs[d] = t.at(dt)
		scope[d] = y.at(value(b.Scope, d))
		done[d] = y.at(value(b.Done, d))
	}
	s.f(`<polyline class="ch-line ch-scope" points="%s"/>`, points(xs, scope))
	s.f(`<polyline class="ch-line ch-done" points="%s"/>`, points(xs, done))
	legend := []legendEntry{{class: "ch-line ch-scope", name: "Scope", line: true}, {class: "ch-line ch-done", name: "Done", line: true}}
	if !b.Planned.IsZero() {
		x := t.at(b.Planned)
		s.line("ch-marker", x, plotT, x, plotB)
		s.text("ch-marker-label", x, plotT-4, "middle", "planned")
		legend = append(legend, legendEntry{class: "ch-marker", name: "Planned date", line: true})
	}
	s.legend(legend)
	caption := b.Title
	if !b.Planned.IsZero() {
		caption += " (planned " + day(b.Planned) + ")"
	}
	tb := table{caption: caption, head: []string{"Date", "Done", "Scope"}}
	for d, dt := range b.Days {
		tb.rows = append(tb.rows, []string{day(dt), num(value(b.Done, d)), num(value(b.Scope, d))})
	}
	return Figure{ID: id, Title: b.Title, SVG: s.html(), Table: tb.html()}
}

func reversed(v []float64) []float64 {
	r := slices.Clone(v)
	slices.Reverse(r)
	return r
}
