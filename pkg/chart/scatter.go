package chart

import (
	"strconv"
	"time"
)

// Point is one item of a scatter chart: its label (an ID), the day it
// closed and its value (days of cycle time).
type Point struct {
	Label string
	Date  time.Time
	Value float64
}

// Line is a labelled horizontal reference line, such as a percentile.
type Line struct {
	Label string
	Value float64
}

// CycleTimes is a cycle-time scatter: one dot per item by the day it
// closed and how many days it took, with reference lines (the 50th, 85th
// and 95th percentiles, as the caller computed them).
type CycleTimes struct {
	ID, Title string
	Points    []Point
	Lines     []Line
}

// Figure draws c.
func (c CycleTimes) Figure() Figure {
	id := cleanID(c.ID)
	if len(c.Points) == 0 {
		return empty(id, c.Title)
	}
	days := make([]time.Time, len(c.Points))
	top := 0.0
	for i, p := range c.Points {
		days[i] = p.Date
		top = max(top, p.Value)
	}
	for _, l := range c.Lines {
		top = max(top, l.Value)
	}
	t := newTimeScale(days...)
	first, last := t.first, t.first.AddDate(0, 0, t.span)
	desc := strconv.Itoa(len(c.Points)) + " items by the day they closed, from " + day(first) + " to " + day(last) + ", and the days each took"
	if len(c.Lines) > 0 {
		desc += "; " + linesText(c.Lines)
	}
	s := newSVG(id, c.Title, desc+"; the data table lists the items.")
	y := newYScale(top, false)
	s.axes(y, "Days")
	s.xTicks(t, 1, t.at)
	r := "3"
	if len(c.Points) > 200 {
		r = "2"
	}
	for _, p := range c.Points {
		s.f(`<circle class="ch-dot" cx="%s" cy="%s" r="%s"><title>%s: %s days, closed %s</title></circle>`,
			px(t.at(p.Date)), px(y.at(p.Value)), r, esc(p.Label), num(p.Value), day(p.Date))
	}
	ys := make([]float64, len(c.Lines))
	for i, l := range c.Lines {
		ys[i] = y.at(l.Value)
		s.line("ch-pline ch-p"+strconv.Itoa(i%3), plotL, ys[i], plotR, ys[i])
	}
	for i, ly := range spread(ys, 13) {
		s.text("ch-pline-label", plotR+6, ly+4, "start", shorten(c.Lines[i].Label, 8)+" "+num(c.Lines[i].Value))
	}
	caption := c.Title
	if len(c.Lines) > 0 {
		caption += " (" + linesText(c.Lines) + ")"
	}
	tb := table{caption: caption, head: []string{"Item", "Closed", "Days"}}
	for _, p := range c.Points {
		tb.rows = append(tb.rows, []string{p.Label, day(p.Date), num(p.Value)})
	}
	return Figure{ID: id, Title: c.Title, SVG: s.html(), Table: tb.html()}
}

// linesText lists reference lines as "p50 4, p85 9".
func linesText(lines []Line) string {
	s := ""
	for i, l := range lines {
		if i > 0 {
			s += ", "
		}
		s += l.Label + " " + num(l.Value)
	}
	return s
}
