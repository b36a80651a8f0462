package chart

import (
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "write the golden files")

// hostile is a label as a user file could hold it.
const hostile = `<script>alert("x")</script> & 'q'`

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var start = date(2026, 11, 2)

// charts builds every kind of chart with n data points; label is used for
// the user-given names.
func charts(n int, label string) map[string]Figure {
	days := make([]time.Time, n)
	done, scope, wip := make([]float64, n), make([]float64, n), make([]float64, n)
	weeks, counts := make([]time.Time, n), make([]int, n)
	bins := make([]Bin, n)
	points := make([]Point, n)
	for i := range n {
		days[i] = start.AddDate(0, 0, i)
		done[i] = float64(i / 2)
		scope[i] = float64(10 + i/3)
		wip[i] = float64(i % 4)
		weeks[i] = start.AddDate(0, 0, 7*i)
		counts[i] = (i * 7) % 5
		bins[i] = Bin{Date: start.AddDate(0, 0, i), Trials: (i * 37) % 11}
		points[i] = Point{Label: label + strconv.Itoa(i+1), Date: start.AddDate(0, 0, i*3%29), Value: float64(i%9) + 0.5}
	}
	return map[string]Figure{
		"cfd": CumulativeFlow{ID: "cfd", Title: "Cumulative flow of " + label, Days: days, Series: []Series{
			{Name: "done", Values: done}, {Name: label, Values: wip}, {Name: "todo", Values: scope},
		}}.Figure(),
		"burnup": BurnUp{ID: "burnup R-2", Title: "Burn-up of " + label, Days: days, Done: done, Scope: scope, Planned: start.AddDate(0, 0, n+3)}.Figure(),
		"scatter": CycleTimes{ID: "cycle", Title: "Cycle time " + label, Points: points, Lines: []Line{
			{Label: "p50", Value: 4}, {Label: "p85", Value: 7.5}, {Label: label, Value: 8},
		}}.Figure(),
		"throughput": Throughput{ID: "throughput", Title: "Throughput " + label, Weeks: weeks, Counts: counts}.Figure(),
		"histogram": Histogram{ID: "forecast", Title: "Forecast " + label, Bins: bins, Markers: []Marker{
			{Label: "50%", Date: start.AddDate(0, 0, n/2)},
			{Label: "85%", Date: start.AddDate(0, 0, n*85/100)},
			{Label: "95%", Date: start.AddDate(0, 0, n*95/100)},
			{Label: label, Date: start.AddDate(0, 0, n+2)},
		}}.Figure(),
	}
}

var kinds = []string{"burnup", "cfd", "histogram", "scatter", "throughput"}

func TestGolden(t *testing.T) {
	for _, n := range []int{0, 1, 6} {
		figs := charts(n, hostile)
		for _, k := range kinds {
			name := k + "-" + strconv.Itoa(n)
			got := string(figs[k].HTML()) + "\n"
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
	}
}

// TestWellFormed checks every chart at 0, 1 and 1,000 points: the SVG and
// the table are well-formed XML, the SVG is an image labelled by its title
// and desc, and the table has one row per point.
func TestWellFormed(t *testing.T) {
	for _, n := range []int{0, 1, 2, 1000} {
		figs := charts(n, hostile)
		for _, k := range kinds {
			f := figs[k]
			name := k + "-" + strconv.Itoa(n)
			root := parse(t, name, string(f.SVG))
			if root.Name.Local != "svg" || root.attr("role") != "img" || root.attr("aria-labelledby") != f.ID+"-title "+f.ID+"-desc" {
				t.Errorf("%s: root <%s role=%q aria-labelledby=%q>", name, root.Name.Local, root.attr("role"), root.attr("aria-labelledby"))
			}
			if len(root.Children) < 2 || root.Children[0].Name.Local != "title" || root.Children[0].attr("id") != f.ID+"-title" || root.Children[0].Text != f.Title {
				t.Errorf("%s: the first child is not <title id=%q>%s</title>", name, f.ID+"-title", f.Title)
			} else if d := root.Children[1]; d.Name.Local != "desc" || d.attr("id") != f.ID+"-desc" || d.Text == "" {
				t.Errorf("%s: the second child is not a <desc id=%q> with text", name, f.ID+"-desc")
			}
			ticks := strings.Count(string(f.SVG), `class="ch-tick"`)
			if n == 0 {
				if f.Table != "" || !strings.Contains(string(f.SVG), ">No data yet</text>") || ticks != 0 {
					t.Errorf("%s: an empty chart has a table or ticks, or does not say \"No data yet\"", name)
				}
				continue
			}
			if ticks < 3 || ticks > 12 {
				t.Errorf("%s: %d tick labels, want 3 to 12", name, ticks)
			}
			tbl := parse(t, name+" table", string(f.Table))
			body := tbl.child("tbody")
			if body == nil || len(body.Children) != n {
				t.Errorf("%s: the table has not %d rows", name, n)
			}
			if capt := tbl.child("caption"); capt == nil || !strings.HasPrefix(capt.Text, f.Title) {
				t.Errorf("%s: the table's caption does not start with the title", name)
			}
			parse(t, name+" figure", string(f.HTML()))
		}
	}
}

func TestLabelsAreEscaped(t *testing.T) {
	for _, n := range []int{0, 1, 50} {
		for _, k := range kinds {
			f := charts(n, hostile)[k]
			h := string(f.HTML())
			if strings.Contains(h, "<script") || strings.Contains(h, `"x"`) || strings.Contains(h, "'q'") {
				t.Errorf("%s-%d: a label is not escaped:\n%s", k, n, h)
			}
			if !strings.Contains(h, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;") {
				t.Errorf("%s-%d: the escaped label is missing", k, n)
			}
		}
	}
}

func TestIDsAreCleaned(t *testing.T) {
	f := BurnUp{ID: `R-2 "x"<>`, Title: "t", Days: []time.Time{start}}.Figure()
	if f.ID != "R-2--x---" {
		t.Errorf("id %q", f.ID)
	}
	if f := (Throughput{}).Figure(); f.ID != "chart" {
		t.Errorf("empty id becomes %q, want chart", f.ID)
	}
}

func TestYScale(t *testing.T) {
	cases := []struct {
		top      float64
		integer  bool
		max, stp float64
	}{
		{0, true, 1, 1},
		{0, false, 1, 0.2},
		{1, true, 1, 1},
		{7, true, 8, 2},
		{10, true, 10, 2},
		{12.5, false, 15, 5},
		{1000, true, 1000, 200},
		{1001, true, 1200, 200},
		{0.03, false, 0.03, 0.005},
	}
	for _, c := range cases {
		y := newYScale(c.top, c.integer)
		if diff := cmp.Diff(yScale{max: c.max, step: c.stp}, y, cmp.AllowUnexported(yScale{}), cmp.Comparer(func(a, b float64) bool { return num(a) == num(b) })); diff != "" {
			t.Errorf("newYScale(%v, %v) (-want +got):\n%s", c.top, c.integer, diff)
		}
	}
}

func TestNumbers(t *testing.T) {
	for v, want := range map[float64]string{0: "0", -0.001: "0", 1.5: "1.5", 2.0 / 3: "0.67", 1e7: "10000000", 123.456: "123.46"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestSpread(t *testing.T) {
	got := spread([]float64{100, 50, 55, 200}, 13)
	if diff := cmp.Diff([]float64{100, 50, 63, 200}, got); diff != "" {
		t.Errorf("spread (-want +got):\n%s", diff)
	}
}

// node is a parsed XML element.
type node struct {
	Name     xml.Name
	Attr     []xml.Attr
	Text     string // the text directly inside
	Children []*node
}

func (n *node) attr(name string) string {
	for _, a := range n.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) child(name string) *node {
	for _, c := range n.Children {
		if c.Name.Local == name {
			return c
		}
	}
	return nil
}

// parse reads s as one strict XML element.
func parse(t *testing.T, name, s string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v in\n%s", name, err, s)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{Name: tk.Name, Attr: tk.Attr}
			switch {
			case len(stack) > 0:
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			case root != nil:
				t.Fatalf("%s: more than one root element", name)
			default:
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tk)
			}
		}
	}
	if root == nil {
		t.Fatalf("%s: no element", name)
	}
	return root
}

// TestEveryClassIsStyled: each class the charts write has a rule in CSS,
// except the hooks that only name a part for the report to style.
func TestEveryClassIsStyled(t *testing.T) {
	hooks := map[string]bool{"ch-legend": true, "ch-marker-label": true, "ch-pline-label": true, "ch-m0": true, "ch-p0": true}
	seen := map[string]bool{}
	for _, n := range []int{0, 6} {
		for _, k := range kinds {
			h := string(charts(n, "x")[k].HTML())
			for _, part := range strings.Split(h, `class="`)[1:] {
				for _, c := range strings.Fields(part[:strings.IndexByte(part, '"')]) {
					seen[c] = true
				}
			}
		}
	}
	for c := range seen {
		if !hooks[c] && !strings.Contains(CSS, "."+c+" ") && !strings.Contains(CSS, "."+c+",") {
			t.Errorf("class %q has no rule in chart.css", c)
		}
	}
	for c := range hooks {
		if !seen[c] {
			t.Errorf("hook %q is not written any more", c)
		}
	}
}

// TestHistogramWeeks: a histogram whose bins cover a week each says so in
// its description and its table, and places its bars a week apart.
func TestHistogramWeeks(t *testing.T) {
	d0 := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	h := Histogram{ID: "h", Title: "Forecast", StepDays: 7, Bins: []Bin{{Date: d0, Trials: 60}, {Date: d0.AddDate(0, 0, 14), Trials: 40}}}
	f := h.Figure()
	for _, want := range []string{"by the 7 days they finished, from 2027-01-04 to 2027-01-18", "<th scope=\"col\">From</th>"} {
		if !strings.Contains(string(f.SVG)+string(f.Table), want) {
			t.Errorf("the figure has no %q", want)
		}
	}
	if got := strings.Count(string(f.Table), "<tr>"); got != 3 {
		t.Errorf("%d table rows, want a header and 2", got)
	}
	daily := Histogram{ID: "h", Title: "Forecast", Bins: h.Bins}.Figure()
	if !strings.Contains(string(daily.SVG), "by the day they finished") || !strings.Contains(string(daily.Table), "<th scope=\"col\">Date</th>") {
		t.Error("a histogram by the day does not say so")
	}
}
