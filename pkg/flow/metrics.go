package flow

import (
	"cmp"
	"maps"
	"slices"
)

// Query chooses what [Compute] measures.
type Query struct {
	// Since and Until bound the window, both days included. Since 0: the
	// day of the first commit; Until 0: the day of the last commit.
	Since, Until Day
	// Items keeps only the items for which it returns true (--where over
	// the items as they are now); nil keeps every item.
	Items func(*Timeline) bool
	// By groups the summary by "owner", "type" or "initiative"; "" for
	// none.
	By string
	// BaselineSeq, when BaselineSet, is the commit (an index into
	// [History.Commits]) at which releases count as planned, rather than
	// the commit that added each release.
	BaselineSeq int
	BaselineSet bool
}

// Percentiles are the 50th, 85th and 95th percentiles of a sample by the
// nearest-rank method: the smallest value such that at least p% of the
// sample is at or below it, that is the value at rank ⌈p/100 × n⌉ of the
// sorted sample. N is the sample size; all are 0 when it is empty.
type Percentiles struct {
	N   int `json:"n"`
	P50 int `json:"p50"`
	P85 int `json:"p85"`
	P95 int `json:"p95"`
}

// NearestRank returns the pth percentile of sorted (ascending) by the
// nearest-rank method; 0 for an empty sample.
func NearestRank(sorted []int, p int) int {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	r := (p*n + 99) / 100 // ⌈p·n/100⌉
	r = max(r, 1)
	return sorted[min(r, n)-1]
}

// PercentilesOf returns the percentiles of a sample.
func PercentilesOf(sample []int) Percentiles {
	s := slices.Clone(sample)
	slices.Sort(s)
	return Percentiles{N: len(s), P50: NearestRank(s, 50), P85: NearestRank(s, 85), P95: NearestRank(s, 95)}
}

// WeekCount is the number of items finished in one ISO week.
type WeekCount struct {
	Week    string `json:"week"` // 2026-W07
	Done    int    `json:"done"`
	Dropped int    `json:"dropped"`
}

// DayCount is a number on one day.
type DayCount struct {
	Day   Day `json:"day"`
	Count int `json:"count"`
}

// CFDDay is the number of items in each status at the end of one day, in
// the order of [Rules.Statuses].
type CFDDay struct {
	Day    Day   `json:"day"`
	Counts []int `json:"counts"`
}

// Aging is an open item in an active status and how long it has been in
// progress, against the cycle-time percentiles.
type Aging struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Owner  string `json:"owner,omitempty"`
	Since  Day    `json:"since"`
	Age    int    `json:"age"` // days from Since to the end of the window
	// Over is the highest cycle-time percentile the age exceeds: "p50",
	// "p85", "p95", or "" when none.
	Over string `json:"over"`
}

// Finished is an item finished in the window, with its times.
type Finished struct {
	ID       string `json:"id"`
	Done     bool   `json:"done"` // false: dropped
	Closed   Day    `json:"closed"`
	Cycle    *int   `json:"cycle_days"` // nil when it never entered an active status
	Lead     int    `json:"lead_days"`
	Status   string `json:"status"`
	Owner    string `json:"owner,omitempty"`
	Type     string `json:"type,omitempty"`
	Released string `json:"release,omitempty"`
}

// ScopeChange is an item joining or leaving a release after it was
// planned.
type ScopeChange struct {
	ID  string `json:"id"`
	Day Day    `json:"day"`
}

// BurnDay is a release's scope and done items at the end of one day.
type BurnDay struct {
	Day   Day `json:"day"`
	Scope int `json:"scope"`
	Done  int `json:"done"`
}

// ReleaseFlow is the flow of one release.
type ReleaseFlow struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Date    *Day   `json:"date"`
	Planned Day    `json:"planned"` // the day it counts as planned
	Scope   int    `json:"scope"`   // items in it now, dropped ones left out
	Done    int    `json:"done"`
	// Added and Removed: items that joined or left it after it was planned.
	Added   []ScopeChange `json:"added"`
	Removed []ScopeChange `json:"removed"`
	// Say: the items in it when it was planned; Do: how many of them
	// were done by its date (by the end of the window when it has none).
	Say     int       `json:"say"`
	Do      int       `json:"do"`
	BurnUp  []BurnDay `json:"burn_up"`
	OpenIDs []string  `json:"open"` // its open items now, for a forecast
}

// KeyResultFlow is a key result's current value over time.
type KeyResultFlow struct {
	ID        string   `json:"id"`
	Objective string   `json:"objective"`
	Title     string   `json:"title"`
	Baseline  *float64 `json:"baseline"`
	Target    *float64 `json:"target"`
	Values    []Value  `json:"values"`
}

// Summary is the headline numbers of a set of items in the window.
type Summary struct {
	Key        string      `json:"key"` // the group's value ("" for none); the whole set when not grouped
	Done       int         `json:"done"`
	Dropped    int         `json:"dropped"`
	CycleTime  Percentiles `json:"cycle_time"`
	LeadTime   Percentiles `json:"lead_time"`
	WIP        int         `json:"wip"` // items in active statuses at the end of the window
	Throughput []WeekCount `json:"throughput"`
}

// Metrics are the flow metrics of a window.
type Metrics struct {
	Since      Day             `json:"since"`
	Until      Day             `json:"until"`
	Rules      Rules           `json:"workflow"`
	Summary    Summary         `json:"summary"`
	Groups     []Summary       `json:"groups,omitempty"`
	By         string          `json:"by,omitempty"`
	WIP        []DayCount      `json:"wip"`
	Aging      []Aging         `json:"aging"`
	CFD        []CFDDay        `json:"cumulative_flow"`
	Finished   []Finished      `json:"finished"`
	Releases   []ReleaseFlow   `json:"releases"`
	KeyResults []KeyResultFlow `json:"key_results"`
}

// Window returns the window of q over h: its bounds, defaulted to the
// first and last commit's days. Without commits (a workspace in a folder
// no commit touched yet) it is the one day until.
func (h *History) Window(q Query) (since, until Day) {
	since, until = q.Since, q.Until
	if len(h.Commits) > 0 {
		if since == 0 {
			since = h.Commits[0].Day
		}
		if until == 0 {
			until = h.Commits[len(h.Commits)-1].Day
		}
	} else if since == 0 {
		since = until
	}
	return since, until
}

// Compute returns the metrics of h under the rules r for q.
func Compute(h *History, r Rules, q Query) *Metrics {
	since, until := h.Window(q)
	items := h.selected(q)
	m := &Metrics{Since: since, Until: until, Rules: r, By: q.By}
	m.Summary = summarize(r, items, since, until, "")
	if q.By != "" {
		groups := map[string][]*Timeline{}
		for _, t := range items {
			k := groupKey(t, q.By)
			groups[k] = append(groups[k], t)
		}
		for _, k := range slices.Sorted(maps.Keys(groups)) {
			m.Groups = append(m.Groups, summarize(r, groups[k], since, until, k))
		}
	}
	m.Finished = finished(r, items, since, until)
	m.WIP, m.CFD = daily(r, items, since, until)
	m.Aging = aging(r, items, until, m.Summary.CycleTime)
	m.Releases = releases(h, r, items, q, since, until)
	m.KeyResults = keyResults(h)
	return m
}

func (h *History) selected(q Query) []*Timeline {
	var out []*Timeline
	for _, t := range h.Items {
		if q.Items == nil || q.Items(t) {
			out = append(out, t)
		}
	}
	return out
}

func groupKey(t *Timeline, by string) string {
	switch by {
	case "owner":
		return t.Owner
	case "type":
		return t.Type
	case "initiative":
		return t.Initiative
	}
	return ""
}

func summarize(r Rules, items []*Timeline, since, until Day, key string) Summary {
	s := Summary{Key: key}
	var cycle, lead []int
	weeks := map[string]*WeekCount{}
	for _, t := range items {
		f := r.Facts(t, until)
		if !f.Gone && r.IsActive(f.Status) {
			s.WIP++
		}
		if !f.Closed || f.ClosedOn == 0 || f.ClosedOn < since || f.ClosedOn > until {
			continue
		}
		w := weeks[f.ClosedOn.Week()]
		if w == nil {
			w = &WeekCount{Week: f.ClosedOn.Week()}
			weeks[w.Week] = w
		}
		if !f.Done {
			s.Dropped++
			w.Dropped++
			continue
		}
		s.Done++
		w.Done++
		lead = append(lead, int(f.ClosedOn-f.Created))
		if f.Started {
			cycle = append(cycle, int(f.ClosedOn-f.StartedOn))
		}
	}
	s.CycleTime, s.LeadTime = PercentilesOf(cycle), PercentilesOf(lead)
	for _, wk := range Weeks(since, until) {
		c := WeekCount{Week: wk}
		if w := weeks[wk]; w != nil {
			c = *w
		}
		s.Throughput = append(s.Throughput, c)
	}
	return s
}

// Weeks returns the ISO weeks from the one of since to the one of until.
func Weeks(since, until Day) []string {
	var out []string
	for d := since; d <= until; d++ {
		if w := d.Week(); len(out) == 0 || out[len(out)-1] != w {
			out = append(out, w)
		}
	}
	return out
}

func finished(r Rules, items []*Timeline, since, until Day) []Finished {
	out := []Finished{}
	for _, t := range items {
		f := r.Facts(t, until)
		if !f.Closed || f.ClosedOn == 0 || f.ClosedOn < since || f.ClosedOn > until {
			continue
		}
		x := Finished{
			ID: t.ID, Done: f.Done, Closed: f.ClosedOn, Lead: int(f.ClosedOn - f.Created),
			Status: f.Status, Owner: t.Owner, Type: t.Type, Released: t.Release,
		}
		if f.Started {
			c := int(f.ClosedOn - f.StartedOn)
			x.Cycle = &c
		}
		out = append(out, x)
	}
	slices.SortStableFunc(out, func(a, b Finished) int { return cmp.Compare(a.Closed, b.Closed) })
	return out
}

// daily counts, for every day of the window, the items in active statuses
// and the items in each status (the cumulative flow), as the commits of
// that day left them.
func daily(r Rules, items []*Timeline, since, until Day) ([]DayCount, []CFDDay) {
	idx := map[string]int{}
	for i, s := range r.Statuses {
		idx[s] = i
	}
	days := max(0, int(until-since)+1)
	// delta[d][i]: the change on day d of the count of status i; the
	// last column counts the active statuses.
	delta := make([][]int, days)
	for d := range delta {
		delta[d] = make([]int, len(r.Statuses)+1)
	}
	for _, t := range items {
		sweep(t, since, until, func(d Day) string { s, _ := t.StatusOn(d); return s }, func(d int, s string, n int) {
			if i, known := idx[s]; known {
				delta[d][i] += n
			}
			if r.IsActive(s) {
				delta[d][len(r.Statuses)] += n
			}
		})
	}
	wip, cfd := make([]DayCount, 0, days), make([]CFDDay, 0, days)
	run := make([]int, len(r.Statuses)+1)
	for d := range days {
		for i, n := range delta[d] {
			run[i] += n
		}
		wip = append(wip, DayCount{Day: since + Day(d), Count: run[len(r.Statuses)]})
		cfd = append(cfd, CFDDay{Day: since + Day(d), Counts: append([]int(nil), run[:len(r.Statuses)]...)})
	}
	return wip, cfd
}

// sweep follows t's state (state(d) at the end of day d) from lo to hi:
// it calls add(0, s, 1) for the state on lo and, on each day i (from lo)
// the state changes from a to b, add(i, a, -1) and add(i, b, 1). Summing
// what add gets, day by day, gives each day's states without asking every
// item about every day.
func sweep[S comparable](t *Timeline, lo, hi Day, state func(Day) S, add func(int, S, int)) {
	if hi < lo {
		return
	}
	prev := state(lo)
	add(0, prev, 1)
	for _, d := range changeDays(t) {
		if d <= lo || d > hi {
			continue
		}
		if s := state(d); s != prev {
			add(int(d-lo), prev, -1)
			add(int(d-lo), s, 1)
			prev = s
		}
	}
}

// changeDays are the days on which t's status or membership may change,
// in order.
func changeDays(t *Timeline) []Day {
	days := []Day{t.Added}
	if t.Removed {
		days = append(days, t.RemovedAt)
	}
	for _, p := range t.Statuses {
		days = append(days, p.From)
	}
	for _, m := range t.Releases {
		days = append(days, m.From)
	}
	slices.Sort(days)
	return slices.Compact(days)
}

func aging(r Rules, items []*Timeline, until Day, ct Percentiles) []Aging {
	out := []Aging{}
	for _, t := range items {
		f := r.Facts(t, until)
		if f.Gone || f.Closed || !r.IsActive(f.Status) || !f.Started || f.StartedOn > until {
			continue
		}
		a := Aging{ID: t.ID, Status: f.Status, Owner: t.Owner, Since: f.StartedOn, Age: int(until - f.StartedOn)}
		if ct.N > 0 {
			switch {
			case a.Age > ct.P95:
				a.Over = "p95"
			case a.Age > ct.P85:
				a.Over = "p85"
			case a.Age > ct.P50:
				a.Over = "p50"
			}
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b Aging) int { return cmp.Compare(b.Age, a.Age) })
	return out
}

func releases(h *History, r Rules, items []*Timeline, q Query, since, until Day) []ReleaseFlow {
	// The items each release ever had: the others cannot count for it.
	members := map[string][]*Timeline{}
	for _, t := range items {
		seen := map[string]bool{}
		for _, m := range t.Releases {
			if m.Value != "" && !seen[m.Value] {
				seen[m.Value] = true
				members[m.Value] = append(members[m.Value], t)
			}
		}
	}
	out := []ReleaseFlow{}
	for _, rl := range h.Releases {
		if rl.Removed {
			continue
		}
		out = append(out, releaseFlow(h, r, members[rl.ID], q, rl, since, until))
	}
	return out
}

func releaseFlow(h *History, r Rules, items []*Timeline, q Query, rl *ReleaseLine, since, until Day) ReleaseFlow {
	seq, day := rl.PlannedSeq, rl.Planned
	if q.BaselineSet && q.BaselineSeq > seq {
		seq, day = q.BaselineSeq, h.Commits[q.BaselineSeq].Day
	}
	rf := ReleaseFlow{ID: rl.ID, Title: rl.Title, Planned: day, Added: []ScopeChange{}, Removed: []ScopeChange{}, BurnUp: []BurnDay{}, OpenIDs: []string{}}
	deadline := until
	if rl.Date != 0 {
		d := rl.Date
		rf.Date = &d
		deadline = d
	}
	for _, t := range items {
		f := r.Facts(t, 0)
		if !t.Removed && t.Release == rl.ID {
			switch {
			case f.Done:
				rf.Done++
				rf.Scope++
			case !f.Closed:
				rf.Scope++
				rf.OpenIDs = append(rf.OpenIDs, t.ID)
			}
		}
		if v, ok := t.memberAt(t.Releases, seq); ok && v == rl.ID {
			rf.Say++
			if f.Done && f.ClosedOn <= deadline {
				rf.Do++
			}
		}
		added, removed := scopeChanges(t, rl.ID, seq)
		rf.Added = append(rf.Added, added...)
		rf.Removed = append(rf.Removed, removed...)
	}
	byDay := func(a, b ScopeChange) int { return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.ID, b.ID)) }
	slices.SortStableFunc(rf.Added, byDay)
	slices.SortStableFunc(rf.Removed, byDay)
	lo := max(since, day)
	if lo <= until {
		type burn struct{ scope, done int }
		delta := make([]burn, int(until-lo)+1)
		for _, t := range items {
			state := func(d Day) burn {
				v, ok := t.memberOn(t.Releases, d)
				if !ok || v != rl.ID {
					return burn{}
				}
				switch s, _ := t.StatusOn(d); {
				case s == r.Done:
					return burn{1, 1}
				case !r.IsClosed(s):
					return burn{1, 0}
				}
				return burn{}
			}
			sweep(t, lo, until, state, func(i int, b burn, n int) {
				delta[i].scope += b.scope * n
				delta[i].done += b.done * n
			})
		}
		var run burn
		for i, b := range delta {
			run.scope += b.scope
			run.done += b.done
			rf.BurnUp = append(rf.BurnUp, BurnDay{Day: lo + Day(i), Scope: run.scope, Done: run.done})
		}
	}
	return rf
}

// scopeChanges lists when t joined and left release id after the commit
// seq: a change of its release field, its creation in the release or its
// removal from the workspace.
func scopeChanges(t *Timeline, id string, seq int) (added, removed []ScopeChange) {
	prev, _ := t.memberAt(t.Releases, seq) // "" when it was not there yet
	for _, m := range t.Releases {
		if m.Seq <= seq {
			continue
		}
		switch {
		case m.Value == id && prev != id:
			added = append(added, ScopeChange{ID: t.ID, Day: m.From})
		case m.Value != id && prev == id:
			removed = append(removed, ScopeChange{ID: t.ID, Day: m.From})
		}
		prev = m.Value
	}
	if t.Removed && t.RemovedSeq > seq && prev == id {
		removed = append(removed, ScopeChange{ID: t.ID, Day: t.RemovedAt})
	}
	return added, removed
}

func keyResults(h *History) []KeyResultFlow {
	out := []KeyResultFlow{}
	for _, k := range h.KeyResults {
		if k.Removed {
			continue
		}
		vs := k.Values
		if vs == nil {
			vs = []Value{}
		}
		out = append(out, KeyResultFlow{ID: k.ID, Objective: k.Objective, Title: k.Title, Baseline: k.Baseline, Target: k.Target, Values: vs})
	}
	return out
}

// DoneDays returns the days on which the items keep selects were done (in
// the first closed status, not removed, and not before the history
// starts), oldest first: the samples of a throughput forecast.
func (h *History) DoneDays(r Rules, keep func(*Timeline) bool) []Day {
	var out []Day
	for _, t := range h.Items {
		if keep != nil && !keep(t) {
			continue
		}
		if f := r.Facts(t, 0); f.Done && f.ClosedOn != 0 {
			out = append(out, f.ClosedOn)
		}
	}
	slices.Sort(out)
	return out
}

// OpenItems returns the IDs of the open items (not closed, not removed)
// that are now in the release or the initiative id, in natural order: the
// work a forecast has left to do.
func (h *History) OpenItems(r Rules, id string) []string {
	var out []string
	for _, t := range h.Items {
		if t.Removed || r.IsClosed(t.Status()) || (t.Release != id && t.Initiative != id) {
			continue
		}
		out = append(out, t.ID)
	}
	return out
}
