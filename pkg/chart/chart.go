// Package chart draws the report's flow charts as inline SVG: cumulative
// flow, burn-up, cycle-time scatter, throughput and forecast histogram.
//
// Each chart takes plain data (days as UTC midnights, numbers, labels), an
// ID unique on its page (characters other than ASCII letters, digits, '-'
// and '_' become '-') and a title, and returns a [Figure]: an SVG with role="img", a <title> and a <desc> it is
// labelled by, and an HTML table with one row per data point for readers
// who cannot see it. Every label is escaped, so labels from user files are
// safe; the output has no script, no style attribute and no external
// resource, and colours come from the classes in [CSS], which use the
// report's colour variables, so the light and dark schemes both work. The
// same input gives the same bytes: numbers are formatted without a locale
// and nothing iterates over a map.
package chart

import (
	"cmp"
	_ "embed" // the stylesheet
	"fmt"
	"html"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CSS is the stylesheet for the charts' classes, written against the
// report's colour variables (--fg, --muted, --line, --accent, --good,
// --warn, --bad); the report appends it to its own stylesheet.
//
//go:embed chart.css
var CSS string

// Figure is one chart ready for a page.
type Figure struct {
	ID    string        // the figure's id; the SVG's title and desc ids derive from it
	Title string        // as given, not escaped
	SVG   template.HTML // the <svg> element
	Table template.HTML // the data as a <table>; empty when there is no data
}

// HTML is the whole figure: a <figure> with the title as its caption, the
// SVG and the table folded in a <details>.
func (f Figure) HTML() template.HTML {
	var b strings.Builder
	b.WriteString(`<figure class="chart" id="` + esc(f.ID) + `"><figcaption>` + esc(f.Title) + `</figcaption>`)
	b.WriteString(string(f.SVG))
	if f.Table != "" {
		b.WriteString(`<details class="chart-data"><summary>Data table</summary>` + string(f.Table) + `</details>`)
	}
	b.WriteString(`</figure>`)
	return template.HTML(b.String()) //nolint:gosec // built from escaped text only
}

// The canvas: a fixed view box the page scales, with margins for the axes
// and, on the right, the legend and line labels.
const (
	width, height                    = 640, 320
	marginL, marginR, marginT, margB = 52, 124, 16, 40
	plotL, plotR                     = marginL, width - marginR
	plotT, plotB                     = marginT, height - margB
	legendX                          = plotR + 12
	maxXTicks                        = 5
	palette                          = 8 // classes ch-s0 … ch-s7
)

// esc escapes text for HTML and SVG content and attributes (XML-safe too).
func esc(s string) string { return html.EscapeString(s) }

// cleanID keeps the letters, digits, '-' and '_' of id, so it can be used
// in id and aria-labelledby attributes.
func cleanID(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}

// px formats a coordinate to a tenth of a pixel.
func px(v float64) string { return fmtRound(v, 10) }

// num formats a value for people: up to two decimals, no exponent, no
// locale.
func num(v float64) string { return fmtRound(v, 100) }

func fmtRound(v, scale float64) string {
	r := math.Round(v*scale) / scale
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

func daysBetween(a, b time.Time) int {
	return int(b.Sub(a).Round(24*time.Hour) / (24 * time.Hour))
}

// svg builds one chart's SVG.
type svg struct {
	b  strings.Builder
	id string
}

func newSVG(id, title, desc string) *svg {
	s := &svg{id: id}
	s.f(`<svg class="chart-svg" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`,
		id, id, width, height, width, height)
	s.f(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
	return s
}

// f writes a formatted piece; callers escape any text they pass.
func (s *svg) f(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

func (s *svg) text(class string, x, y float64, anchor, text string) {
	s.f(`<text class="%s" x="%s" y="%s" text-anchor="%s">%s</text>`, class, px(x), px(y), anchor, esc(text))
}

func (s *svg) line(class string, x1, y1, x2, y2 float64) {
	s.f(`<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s"/>`, class, px(x1), px(y1), px(x2), px(y2))
}

// legend writes one swatch and name per entry down the right margin.
func (s *svg) legend(entries []legendEntry) {
	for i, e := range entries {
		y := float64(plotT + 8 + i*18)
		if e.line {
			s.line(e.class, legendX, y, legendX+14, y)
		} else {
			s.f(`<rect class="%s" x="%s" y="%s" width="12" height="12"/>`, e.class, px(legendX), px(y-6))
		}
		s.text("ch-legend", legendX+20, y+4, "start", shorten(e.name, 14))
	}
}

type legendEntry struct {
	class, name string
	line        bool
}

func (s *svg) html() template.HTML {
	s.b.WriteString(`</svg>`)
	return template.HTML(s.b.String()) //nolint:gosec // every text in it went through esc
}

// empty is the figure of a chart without data.
func empty(id, title string) Figure {
	s := newSVG(id, title, "No data yet.")
	s.text("ch-empty", width/2, height/2, "middle", "No data yet")
	return Figure{ID: id, Title: title, SVG: s.html()}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// yScale maps values from 0 to a round maximum onto the plot's height.
type yScale struct {
	max  float64
	step float64
}

// newYScale picks a step of 1, 2 or 5 times a power of ten giving at most
// six intervals up to top; whole steps only when integer.
func newYScale(top float64, integer bool) yScale {
	if !(top > 0) || math.IsInf(top, 0) {
		top = 1
	}
	raw := top / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if integer {
		step = math.Max(1, math.Round(step))
	}
	return yScale{max: math.Ceil(top/step-1e-9) * step, step: step}
}

func (y yScale) at(v float64) float64 {
	return plotB - (v/y.max)*(plotB-plotT)
}

// axes draws the horizontal grid with the y ticks, the axis lines and
// the y axis label.
func (s *svg) axes(y yScale, label string) {
	n := int(math.Round(y.max / y.step))
	for i := 0; i <= n; i++ {
		v := float64(i) * y.step
		yy := y.at(v)
		s.line("ch-grid", plotL, yy, plotR, yy)
		s.text("ch-tick", plotL-6, yy+4, "end", num(v))
	}
	s.line("ch-axis", plotL, plotB, plotR, plotB)
	s.line("ch-axis", plotL, plotT, plotL, plotB)
	s.f(`<text class="ch-axis-label" x="12" y="%s" text-anchor="middle" transform="rotate(-90 12 %s)">%s</text>`,
		px((plotT+plotB)/2), px((plotT+plotB)/2), esc(label))
}

// timeScale maps days onto the plot's width; a single day sits in the
// middle.
type timeScale struct {
	first time.Time
	span  int // days from the first to the last
}

func newTimeScale(days ...time.Time) timeScale {
	var first, last time.Time
	for _, d := range days {
		if d.IsZero() {
			continue
		}
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if last.IsZero() || d.After(last) {
			last = d
		}
	}
	return timeScale{first: first, span: daysBetween(first, last)}
}

func (t timeScale) at(d time.Time) float64 {
	if t.span == 0 {
		return (plotL + plotR) / 2
	}
	return plotL + float64(daysBetween(t.first, d))/float64(t.span)*(plotR-plotL)
}

// xTicks labels up to maxXTicks days spread evenly from the first, each a
// whole number of steps (stepDays apart: 1 for days, 7 for weeks).
func (s *svg) xTicks(t timeScale, stepDays int, at func(time.Time) float64) {
	steps := t.span / stepDays
	every := max(1, (steps+maxXTicks-1)/(maxXTicks-1)) // in steps
	for i := 0; i <= steps; i += every {
		d := t.first.AddDate(0, 0, i*stepDays)
		x := at(d)
		s.line("ch-axis", x, plotB, x, plotB+4)
		s.text("ch-tick", x, plotB+18, "middle", day(d))
	}
}

// widen draws a single point across the whole width, so that it shows.
func widen(xs, ys []float64) ([]float64, []float64) {
	if len(xs) == 1 {
		return []float64{plotL, plotR}, []float64{ys[0], ys[0]}
	}
	return xs, ys
}

// points formats points as "x,y x,y …"; a single point is widened.
func points(xs, ys []float64) string {
	xs, ys = widen(xs, ys)
	var b strings.Builder
	for i := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(px(xs[i]) + "," + px(ys[i]))
	}
	return b.String()
}

// value is vs[i], or 0 past its end.
func value(vs []float64, i int) float64 {
	if i < len(vs) {
		return vs[i]
	}
	return 0
}

// table is the text alternative of a chart; every cell is escaped when
// written.
type table struct {
	caption string
	head    []string
	rows    [][]string
}

func (t table) html() template.HTML {
	var b strings.Builder
	b.WriteString(`<table class="chart-table"><caption>` + esc(t.caption) + `</caption><thead><tr>`)
	for _, h := range t.head {
		b.WriteString(`<th scope="col">` + esc(h) + `</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range t.rows {
		b.WriteString(`<tr>`)
		for i, c := range r {
			if i == 0 {
				b.WriteString(`<th scope="row">` + esc(c) + `</th>`)
			} else {
				b.WriteString(`<td>` + esc(c) + `</td>`)
			}
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return template.HTML(b.String()) //nolint:gosec // every cell went through esc
}

// spread moves positions apart so that labels at them are at least gap
// apart, keeping their order: the lowest stays, the others move up (to
// larger values) as needed.
func spread(pos []float64, gap float64) []float64 {
	order := make([]int, len(pos))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(pos[a], pos[b]) })
	out := slices.Clone(pos)
	for k := 1; k < len(order); k++ {
		prev, cur := out[order[k-1]], order[k]
		out[cur] = max(out[cur], prev+gap)
	}
	return out
}
