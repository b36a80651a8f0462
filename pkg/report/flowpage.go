package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/chart"
	gitflow "github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/model"
)

// Flow is what the Flow page is made from: the workspace's Git history,
// what the workflow's statuses mean for flow, and the report's today.
type Flow struct {
	History *gitflow.History
	Rules   gitflow.Rules
	// Today is the last day of the metrics' window, the day aging counts
	// to and the first day a forecast simulates: the report's now, so
	// that the same repository on the same day gives the same bytes.
	Today gitflow.Day
}

// flowPage is the name of the Flow page, without .html.
const flowPage = "flow"

// flowHistory returns the history the Flow page shows, or nil when the
// site has no Flow page (no history, or no commit). A public site's
// history keeps only the items and releases the site shows: items that
// were removed, renumbered away or are internal now are left out of
// every table, label and count, since nothing says whether they were
// public.
func (b *builder) flowHistory() *gitflow.History {
	f := b.opts.Flow
	if f == nil || f.History == nil || len(f.History.Commits) == 0 {
		return nil
	}
	if !b.opts.Public {
		return f.History
	}
	h := *f.History
	h.Items, h.Releases, h.KeyResults = nil, nil, nil
	for _, t := range f.History.Items {
		if !t.Removed && b.shown(t.ID) && b.p.Record(t.ID).Kind() == model.KindItem {
			h.Items = append(h.Items, t)
		}
	}
	for _, rl := range f.History.Releases {
		if !rl.Removed && b.shown(rl.ID) && b.p.Record(rl.ID).Kind() == model.KindRelease {
			h.Releases = append(h.Releases, rl)
		}
	}
	return &h
}

// flowKey hashes what the Flow page is made from beyond the site's key:
// the history's last commit, today, the workflow's rules, and the ID,
// title and owner (as shown) of every record the site shows. A new commit
// changes the key of this page only. "" when site is "".
func (b *builder) flowKey(site string) string {
	if site == "" || b.flow == nil {
		return ""
	}
	rules, err := json.Marshal(b.opts.Flow.Rules)
	if err != nil {
		return ""
	}
	h := sha256.New()
	writeField(h, site)
	writeField(h, b.flow.Head)
	writeField(h, strconv.FormatBool(b.flow.Shallow))
	writeField(h, b.opts.Flow.Today.String())
	writeField(h, string(rules))
	for _, r := range b.records() {
		writeField(h, r.ID())
		writeField(h, b.titleOf(r))
		writeField(h, b.flowOwner(r.ID()))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// flowOwner is the owner of the record with the ID as the Flow page shows
// it: "" when a public site hides owners or the site does not show it.
func (b *builder) flowOwner(id string) string {
	if b.hide("owner") || !b.shown(id) {
		return ""
	}
	it, ok := b.p.Record(id).Model.(*model.Item)
	if !ok {
		return ""
	}
	return b.person(it.Owner)
}

// flowURL is the link to a release's section of the Flow page from a
// page at base, or "" when the page has no such section.
func (b *builder) flowURL(id, base string) string {
	if !b.flowReleases[id] {
		return ""
	}
	if b.opts.SingleFile {
		return "#flow-" + b.anchor(id) // the section's id is unique in the one file too
	}
	return b.pageURL(flowPage, base) + "#flow-" + b.anchor(id)
}

// flowView is what the Flow page shows.
type flowView struct {
	Since, Until, Today string
	Head                string
	Shallow             bool
	Active, Done        string
	Dropped             string
	Summary             gitflow.Summary
	CFD, Throughput     template.HTML
	Cycle, WIP          template.HTML
	Aging               []agingView
	Releases            []releaseFlowView
	Forecast            forecastInfo
}

type agingView struct {
	Ref           ref
	Status, Owner string
	Since         string
	Age           int
	Over          string
}

type scopeView struct {
	Ref ref
	Day string
}

type releaseFlowView struct {
	Ref            ref
	Anchor         string
	Date, Planned  string
	Scope, Done    int
	Added, Removed []scopeView
	Say, Do        int
	BurnUp         template.HTML
	Forecast       *releaseForecast
	NoForecast     string
}

// releaseForecast is a release's forecast as the page shows it.
type releaseForecast struct {
	Remaining   int
	Levels      []forecastLevel
	Probability string
	AtRisk      bool
	Histogram   template.HTML
}

type forecastLevel struct {
	Confidence int
	Date       string
	Beyond     bool
}

// forecastInfo says how the forecasts were made.
type forecastInfo struct {
	Since, Until string
	Sampled      int
	Trials       int
	Seed         uint64
	None         string // why there is no forecast at all
}

// flowMetrics computes the metrics the page shows.
func (b *builder) flowMetrics() *gitflow.Metrics {
	return gitflow.Compute(b.flow, b.opts.Flow.Rules, gitflow.Query{Until: b.opts.Flow.Today})
}

// flowPageBody renders the Flow page for links from base.
func (b *builder) flowPageBody(base string) (string, error) {
	f := b.opts.Flow
	m := b.flowMetrics()
	v := flowView{
		Since: m.Since.String(), Until: m.Until.String(), Today: f.Today.String(),
		Head: shortCommit(b.flow.Head), Shallow: b.flow.Shallow,
		Active: b.text(strings.Join(f.Rules.Active, ", ")), Done: b.text(f.Rules.Done), Dropped: b.text(strings.Join(f.Rules.Dropped, ", ")),
		Summary: m.Summary,
	}
	v.CFD = cfdChart(m, f.Rules, b.text).HTML()
	v.Throughput = throughputChart(m).HTML()
	v.Cycle = b.cycleChart(m).HTML()
	v.WIP = wipChart(m).HTML()
	for _, a := range m.Aging {
		v.Aging = append(v.Aging, agingView{
			Ref: b.ref(a.ID, base), Status: b.text(a.Status), Owner: b.flowOwner(a.ID),
			Since: a.Since.String(), Age: a.Age, Over: a.Over,
		})
	}
	fc, info := b.forecasts()
	v.Forecast = info
	for _, rf := range m.Releases {
		rv := releaseFlowView{
			Ref: b.ref(rf.ID, base), Anchor: "flow-" + b.anchor(rf.ID), Planned: rf.Planned.String(),
			Scope: rf.Scope, Done: rf.Done, Say: rf.Say, Do: rf.Do,
		}
		if rv.Ref.ID == "" {
			continue
		}
		if rf.Date != nil && !b.hide("date") {
			rv.Date = rf.Date.String()
		}
		for _, c := range rf.Added {
			if r := b.ref(c.ID, base); r.ID != "" {
				rv.Added = append(rv.Added, scopeView{Ref: r, Day: c.Day.String()})
			}
		}
		for _, c := range rf.Removed {
			if r := b.ref(c.ID, base); r.ID != "" {
				rv.Removed = append(rv.Removed, scopeView{Ref: r, Day: c.Day.String()})
			}
		}
		rv.BurnUp = b.burnUpChart(rf, rv.Date).HTML()
		rv.Forecast, rv.NoForecast = b.releaseForecast(fc, rf, rv.Date)
		v.Releases = append(v.Releases, rv)
	}
	return b.render("flow.html", v)
}

// shortCommit is the first 12 hex digits of a commit ID.
func shortCommit(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// cfdChart stacks the statuses' counts, closed statuses at the bottom and
// the open ones above them from the last to the first.
func cfdChart(m *gitflow.Metrics, r gitflow.Rules, text func(string) string) chart.Figure {
	c := chart.CumulativeFlow{ID: "flow-cfd", Title: "Cumulative flow: items in each status per day"}
	for _, d := range m.CFD {
		c.Days = append(c.Days, d.Day.Time())
	}
	var order []int
	for i, s := range r.Statuses {
		if r.IsClosed(s) {
			order = append(order, i)
		}
	}
	for i := len(r.Statuses) - 1; i >= 0; i-- {
		if !r.IsClosed(r.Statuses[i]) {
			order = append(order, i)
		}
	}
	for _, i := range order {
		s := chart.Series{Name: text(r.Statuses[i]), Values: make([]float64, len(m.CFD))}
		for d, day := range m.CFD {
			if i < len(day.Counts) {
				s.Values[d] = float64(day.Counts[i])
			}
		}
		c.Series = append(c.Series, s)
	}
	return c.Figure()
}

// throughputChart is the items done per ISO week of the window.
func throughputChart(m *gitflow.Metrics) chart.Figure {
	c := chart.Throughput{ID: "flow-throughput", Title: "Throughput: items done per week"}
	monday := m.Since - gitflow.Day((int(m.Since.Time().Weekday())+6)%7)
	for i, w := range m.Summary.Throughput {
		c.Weeks = append(c.Weeks, (monday + gitflow.Day(7*i)).Time())
		c.Counts = append(c.Counts, w.Done)
	}
	return c.Figure()
}

// cycleChart is the cycle time of every item done in the window, with
// the 50th, 85th and 95th percentiles.
func (b *builder) cycleChart(m *gitflow.Metrics) chart.Figure {
	c := chart.CycleTimes{ID: "flow-cycle", Title: "Cycle time: days from start to done"}
	for _, f := range m.Finished {
		if f.Done && f.Cycle != nil {
			c.Points = append(c.Points, chart.Point{Label: b.flowLabel(f.ID), Date: f.Closed.Time(), Value: float64(*f.Cycle)})
		}
	}
	if ct := m.Summary.CycleTime; ct.N > 0 {
		c.Lines = []chart.Line{{Label: "p50", Value: float64(ct.P50)}, {Label: "p85", Value: float64(ct.P85)}, {Label: "p95", Value: float64(ct.P95)}}
	}
	return c.Figure()
}

// flowLabel is an item's ID as a chart labels it: as the site shows it.
func (b *builder) flowLabel(id string) string {
	if b.opts.Public && !b.shown(id) {
		return redacted
	}
	return id
}

// wipChart is the items in active statuses per day.
func wipChart(m *gitflow.Metrics) chart.Figure {
	c := chart.CumulativeFlow{ID: "flow-wip", Title: "Work in progress: items in active statuses per day"}
	s := chart.Series{Name: "In progress", Values: make([]float64, len(m.WIP))}
	for i, d := range m.WIP {
		c.Days = append(c.Days, d.Day.Time())
		s.Values[i] = float64(d.Count)
	}
	c.Series = []chart.Series{s}
	return c.Figure()
}

// burnUpChart is a release's burn-up with its planned date (date, as the
// page shows it; "" for none).
func (b *builder) burnUpChart(rf gitflow.ReleaseFlow, date string) chart.Figure {
	c := chart.BurnUp{ID: "flow-burnup-" + b.anchor(rf.ID), Title: "Burn-up of " + rf.ID}
	for _, d := range rf.BurnUp {
		c.Days = append(c.Days, d.Day.Time())
		c.Done = append(c.Done, float64(d.Done))
		c.Scope = append(c.Scope, float64(d.Scope))
	}
	if date != "" {
		c.Planned = rf.Date.Time()
	}
	return c.Figure()
}

// percentText is a share from 0 to 1 as a whole percentage, rounded down
// as `roadlog forecast` prints it: 100% only when it is certain.
func percentText(p float64) string {
	return strconv.Itoa(int(math.Floor(p*100+1e-9))) + "%"
}

// dayTime is the midnight of a day, for a chart.
func dayTime(d gitflow.Day) time.Time { return d.Time() }
