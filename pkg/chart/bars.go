package chart

import (
	"strconv"
	"time"
)

// Throughput is a run chart of items done per week, one bar a week.
type Throughput struct {
	ID, Title string
	Weeks     []time.Time // the first day of each week, ascending
	Counts    []int       // one per week; missing weeks count 0
}

// Figure draws t.
func (t Throughput) Figure() Figure {
	id := cleanID(t.ID)
	if len(t.Weeks) == 0 {
		return empty(id, t.Title)
	}
	vals := make([]float64, len(t.Weeks))
	tb := table{caption: t.Title, head: []string{"Week of", "Items done"}}
	for i, w := range t.Weeks {
		if i < len(t.Counts) {
			vals[i] = float64(t.Counts[i])
		}
		tb.rows = append(tb.rows, []string{day(w), num(vals[i])})
	}
	desc := "Items done in each week from the week of " + day(t.Weeks[0]) + " to the week of " + day(t.Weeks[len(t.Weeks)-1]) + "; the data table lists the counts."
	s := newSVG(id, t.Title, desc)
	bars(s, t.Weeks, vals, 7, "Items done", func(i int) string { return "week of " + day(t.Weeks[i]) + ": " + num(vals[i]) + " done" })
	return Figure{ID: id, Title: t.Title, SVG: s.html(), Table: tb.html()}
}

// Bin is one bar of a histogram: how many trials ended on Date. It has
// the fields of forecast.Bin, so one converts to the other.
type Bin struct {
	Date   time.Time
	Trials int
}

// Marker is a labelled day on a chart, such as the 85% date or the
// planned date.
type Marker struct {
	Label string
	Date  time.Time
}

// Histogram is a forecast histogram: how many simulated trials finished on
// each day, with markers (the 50/85/95% dates, the planned date).
type Histogram struct {
	ID, Title string
	Bins      []Bin // ascending by date
	Markers   []Marker
	// StepDays is how many days each bin covers, from its Date (1 when
	// 0): a forecast over months reads better, and its table stays short,
	// by the week.
	StepDays int
}

// Figure draws h.
func (h Histogram) Figure() Figure {
	id := cleanID(h.ID)
	if len(h.Bins) == 0 {
		return empty(id, h.Title)
	}
	days := make([]time.Time, len(h.Bins))
	vals := make([]float64, len(h.Bins))
	caption := h.Title
	if len(h.Markers) > 0 {
		caption += " (" + markersText(h.Markers) + ")"
	}
	step, unit, head := max(h.StepDays, 1), "day", "Date"
	if step > 1 {
		unit, head = strconv.Itoa(step)+" days", "From"
	}
	tb := table{caption: caption, head: []string{head, "Trials"}}
	for i, b := range h.Bins {
		days[i], vals[i] = b.Date, float64(b.Trials)
		tb.rows = append(tb.rows, []string{day(b.Date), strconv.Itoa(b.Trials)})
	}
	desc := "Simulated trials by the " + unit + " they finished, from " + day(days[0]) + " to " + day(days[len(days)-1])
	if len(h.Markers) > 0 {
		desc += "; " + markersText(h.Markers)
	}
	s := newSVG(id, h.Title, desc+"; the data table lists the counts.")
	markerDays := make([]time.Time, len(h.Markers))
	for i, m := range h.Markers {
		markerDays[i] = m.Date
	}
	at := bars(s, days, vals, step, "Trials", func(i int) string { return day(days[i]) + ": " + num(vals[i]) + " trials" }, markerDays...)
	xs := make([]float64, len(h.Markers))
	for i, m := range h.Markers {
		xs[i] = at(m.Date)
		s.line("ch-marker ch-m"+strconv.Itoa(i%4), xs[i], plotT, xs[i], plotB)
	}
	// Labels stand above the plot, on staggered rows when they would
	// touch.
	row := make([]int, len(h.Markers))
	for i := range h.Markers {
		for j := range i {
			if row[j] == row[i] && abs(xs[i]-xs[j]) < 80 {
				row[i] = row[j] + 1
			}
		}
		s.text("ch-marker-label", xs[i], float64(plotT+10+12*row[i]), "middle", shorten(h.Markers[i].Label, 12))
	}
	return Figure{ID: id, Title: h.Title, SVG: s.html(), Table: tb.html()}
}

func abs(v float64) float64 { return max(v, -v) }

// markersText lists markers as "p50 2026-12-22, planned 2027-01-05".
func markersText(ms []Marker) string {
	s := ""
	for i, m := range ms {
		if i > 0 {
			s += ", "
		}
		s += m.Label + " " + day(m.Date)
	}
	return s
}

// bars draws one bar per value at its day, days stepDays apart (gaps
// where a day is missing), with the axes, and returns where the middle of
// a day's bar is. extra days (markers) widen the range.
func bars(s *svg, days []time.Time, vals []float64, stepDays int, yLabel string, title func(int) string, extra ...time.Time) func(time.Time) float64 {
	top := 0.0
	for _, v := range vals {
		top = max(top, v)
	}
	y := newYScale(top, true)
	t := newTimeScale(append(extra, days...)...)
	slots := t.span/stepDays + 1
	band := float64(plotR-plotL) / float64(slots)
	at := func(d time.Time) float64 {
		return plotL + (float64(daysBetween(t.first, d))/float64(stepDays)+0.5)*band
	}
	s.axes(y, yLabel)
	s.xTicks(t, stepDays, at)
	w := band * 0.8
	if band < 3 { // no gaps between thin bars: they would shimmer
		w = band
	}
	for i, d := range days {
		if vals[i] <= 0 {
			continue
		}
		top := y.at(vals[i])
		s.f(`<rect class="ch-bar" x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`,
			px(at(d)-w/2), px(top), px(w), px(plotB-top), esc(title(i)))
	}
	return at
}
