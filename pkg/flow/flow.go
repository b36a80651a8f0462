// Package flow reconstructs the timelines of a workspace's records from its
// Git history ([history.Walk]) and computes flow metrics over them:
// throughput, cycle and lead time, WIP, aging, cumulative flow and, per
// release, burn-up, scope change and say/do. [Forecast] joins it with
// package forecast: when the open items of a release or initiative will be
// done, sampled from the throughput (or cycle times) of a window.
//
// A [History] holds raw facts only: for every item the statuses it was in
// and since when, the releases and initiatives it belonged to, its dates;
// for every release when it was planned; for every key result its current
// value over time. What counts as active, done or dropped is decided when
// metrics are computed, from the workflow as it is now ([Rules]), so the
// history of a commit can be cached whatever the configuration says.
//
// Dates are days in UTC: a commit counts on the day of its author date,
// or on the day of the commit before it when that is later (a rebase or a
// cherry-pick keeps the old author date), so that days never go back along
// the history.
// Explicit dates in an item's file override the commit dates: `created`
// for when it was created, `closed` for when it last moved to a closed
// status and, when the workspace declares a custom field `started`, that
// field for when work on it started. An item already closed in the first
// commit, without a `closed` field, was closed on a day the history does
// not know, so it counts in no window.
package flow

import (
	"context"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/history"
	"github.com/roadlog/roadlog/pkg/model"
)

// Day is a day in UTC, counted from 1970-01-01.
type Day int32

// DayOf returns the UTC day of t.
func DayOf(t time.Time) Day {
	return Day(t.UTC().Truncate(24*time.Hour).Unix() / 86400)
}

// ParseDay reads a YYYY-MM-DD date.
func ParseDay(s string) (Day, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, false
	}
	return DayOf(t), true
}

// Time returns the day's midnight in UTC.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String returns the day as YYYY-MM-DD.
func (d Day) String() string { return d.Time().Format(time.DateOnly) }

// MarshalText writes the day as YYYY-MM-DD.
func (d Day) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a YYYY-MM-DD day.
func (d *Day) UnmarshalText(b []byte) error {
	v, ok := ParseDay(string(b))
	if !ok {
		return &time.ParseError{Layout: time.DateOnly, Value: string(b)}
	}
	*d = v
	return nil
}

// Week returns the ISO week of the day, as 2026-W07.
func (d Day) Week() string {
	y, w := d.Time().ISOWeek()
	return isoWeek(y, w)
}

func isoWeek(y, w int) string {
	b := []byte{byte('0' + y/1000%10), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', 'W', byte('0' + w/10), byte('0' + w%10)}
	return string(b)
}

// Commit is one commit of the walk: its ID and day.
type Commit struct {
	ID  string `json:"id"`
	Day Day    `json:"day"`
}

// Period is a time in one status, from a commit on.
type Period struct {
	Status string `json:"status"`
	From   Day    `json:"from"`
	Seq    int    `json:"seq"` // the index of the commit in [History.Commits]
}

// Membership is a value of a reference field (release or initiative) from
// a commit on; "" when the item had none.
type Membership struct {
	Value string `json:"value"`
	From  Day    `json:"from"`
	Seq   int    `json:"seq"`
}

// Timeline is the history of one item.
type Timeline struct {
	ID         string   `json:"id"`                   // now, following renumbers; the last one when removed
	FormerIDs  []string `json:"former_ids,omitempty"` // IDs it had before, oldest first
	Type       string   `json:"type,omitempty"`
	Owner      string   `json:"owner,omitempty"`
	Initiative string   `json:"initiative,omitempty"`
	Release    string   `json:"release,omitempty"`
	Title      string   `json:"title"`
	// Added is the day of the first commit that had the item; AddedSeq
	// that commit's index.
	Added    Day `json:"added"`
	AddedSeq int `json:"added_seq"`
	// The item's own dates, as its file gave them last (0 when absent).
	CreatedField Day `json:"created_field,omitempty"`
	ClosedField  Day `json:"closed_field,omitempty"`
	StartedField Day `json:"started_field,omitempty"`
	// Removed: the item is not in the workspace at the end of the walk;
	// it left on RemovedAt, the commit RemovedSeq.
	Removed     bool         `json:"removed,omitempty"`
	RemovedAt   Day          `json:"removed_at,omitempty"`
	RemovedSeq  int          `json:"removed_seq,omitempty"`
	Statuses    []Period     `json:"statuses"`
	Releases    []Membership `json:"releases"`
	Initiatives []Membership `json:"initiatives"`
}

// Created is when the item was created: its `created` field, else the
// day of the first commit that had it.
func (t *Timeline) Created() Day {
	if t.CreatedField != 0 {
		return t.CreatedField
	}
	return t.Added
}

// Status returns the item's status now (at the end of the walk).
func (t *Timeline) Status() string {
	if len(t.Statuses) == 0 {
		return ""
	}
	return t.Statuses[len(t.Statuses)-1].Status
}

// StatusOn returns the item's status at the end of day d, and whether the
// item was in the workspace then.
func (t *Timeline) StatusOn(d Day) (string, bool) {
	if d < t.Added || (t.Removed && d >= t.RemovedAt) {
		return "", false
	}
	s := ""
	for _, p := range t.Statuses {
		if p.From > d {
			break
		}
		s = p.Status
	}
	return s, true
}

// memberAt returns the value of a reference field at the commit seq, and
// whether the item was in the workspace then.
func (t *Timeline) memberAt(ms []Membership, seq int) (string, bool) {
	if seq < t.AddedSeq || (t.Removed && seq >= t.RemovedSeq) {
		return "", false
	}
	v := ""
	for _, m := range ms {
		if m.Seq > seq {
			break
		}
		v = m.Value
	}
	return v, true
}

// memberOn returns the value of a reference field at the end of day d.
func (t *Timeline) memberOn(ms []Membership, d Day) (string, bool) {
	if d < t.Added || (t.Removed && d >= t.RemovedAt) {
		return "", false
	}
	v := ""
	for _, m := range ms {
		if m.From > d {
			break
		}
		v = m.Value
	}
	return v, true
}

// ReleaseLine is the history of one release.
type ReleaseLine struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Date  Day    `json:"date,omitempty"` // its date now; 0 when it has none
	// Planned is the day of the first commit that had the release;
	// PlannedSeq that commit's index.
	Planned    Day    `json:"planned"`
	PlannedSeq int    `json:"planned_seq"`
	Status     string `json:"status,omitempty"`
	Removed    bool   `json:"removed,omitempty"`
}

// Value is a key result's current value from a commit on; nil when unset.
type Value struct {
	Day   Day      `json:"day"`
	Value *float64 `json:"value"`
}

// KeyResultLine is the history of one key result's current value.
type KeyResultLine struct {
	ID        string   `json:"id"`
	Objective string   `json:"objective"`
	Title     string   `json:"title"`
	Baseline  *float64 `json:"baseline"`
	Target    *float64 `json:"target"`
	Removed   bool     `json:"removed,omitempty"`
	Values    []Value  `json:"values"`
}

// History is what the walk found: the commits, and the timelines of the
// items (in natural order of ID), releases and key results.
type History struct {
	Head       string           `json:"head"`
	Shallow    bool             `json:"shallow"`
	Commits    []Commit         `json:"commits"`
	Items      []*Timeline      `json:"items"`
	Releases   []*ReleaseLine   `json:"releases"`
	KeyResults []*KeyResultLine `json:"key_results"`
}

// Options tune [Build] and [Load].
type Options struct {
	Rev string // the last commit; HEAD when ""
	// NoCache: Load neither reads nor writes the cache.
	NoCache bool
	// VerifyCache: Load builds the history even when the cache has it,
	// and fails when the two differ (a check for tests).
	VerifyCache bool
}

// Build walks the first-parent history up to opts.Rev and returns the
// timelines it implies. Renumbered records are followed (their timeline
// carries the new ID, and the items of a renumbered release or initiative
// refer to it by the new ID all along), removed ones are kept as removed, and one removed
// then added again under the same ID continues its timeline.
func Build(ctx context.Context, git *gitx.Client, opts Options) (*History, error) {
	b := &builder{
		h:    &History{Shallow: git.Shallow(ctx)},
		live: map[string]*Timeline{}, gone: map[string]*Timeline{},
		rel: map[string]*ReleaseLine{}, krs: map[string]*KeyResultLine{},
	}
	err := history.Walk(ctx, git, history.Options{Rev: opts.Rev}, func(c *history.Commit) error {
		seq, day := len(b.h.Commits), DayOf(c.AuthorDate)
		if seq > 0 {
			day = max(day, b.h.Commits[seq-1].Day)
		}
		b.h.Commits = append(b.h.Commits, Commit{ID: c.ID, Day: day})
		for i := range c.Changes {
			b.apply(&c.Changes[i], seq, day)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n := len(b.h.Commits); n > 0 {
		b.h.Head = b.h.Commits[n-1].ID
	}
	b.finish()
	return b.h, nil
}

type builder struct {
	h    *History
	all  []*Timeline
	live map[string]*Timeline // by current ID
	gone map[string]*Timeline // removed, by their last ID
	rel  map[string]*ReleaseLine
	krs  map[string]*KeyResultLine
}

func (b *builder) apply(ch *history.Change, seq int, day Day) {
	switch ch.Kind {
	case model.KindItem:
		b.item(ch, seq, day)
	case model.KindRelease:
		b.release(ch, seq, day)
	case model.KindKeyResult:
		b.keyResult(ch, seq, day)
	}
	if ch.Renumbered() {
		b.renumbered(ch.Kind, ch.OldID, ch.ID)
	}
}

// renumbered follows a renumbered release, initiative or objective in what
// refers to it. `roadlog renumber` rewrites the references in the same
// commit, which the comparison does not count as a change of the items
// that hold them: without this they would keep the old ID. It is the same
// release, so the memberships up to now take the new ID too (scope, say/do
// and burn-up count it as one).
func (b *builder) renumbered(kind model.Kind, old, id string) {
	follow := func(ms []Membership, cur *string) {
		for i := range ms {
			if ms[i].Value == old {
				ms[i].Value = id
			}
		}
		if *cur == old {
			*cur = id
		}
	}
	switch kind {
	case model.KindRelease:
		for _, t := range b.all {
			follow(t.Releases, &t.Release)
		}
	case model.KindInitiative:
		for _, t := range b.all {
			follow(t.Initiatives, &t.Initiative)
		}
	case model.KindObjective:
		for _, k := range b.krs {
			follow(nil, &k.Objective)
		}
	}
}

func (b *builder) item(ch *history.Change, seq int, day Day) {
	var t *Timeline
	switch {
	case ch.Removed:
		t = b.live[ch.OldID]
		if t == nil {
			return
		}
		delete(b.live, ch.OldID)
		t.Removed, t.RemovedAt, t.RemovedSeq = true, day, seq
		b.gone[ch.OldID] = t
		return
	case ch.Added:
		if b.live[ch.ID] != nil {
			return // a duplicate ID: the first one keeps its timeline
		}
		if t = b.gone[ch.ID]; t != nil { // restored
			delete(b.gone, ch.ID)
			t.Removed, t.RemovedAt, t.RemovedSeq = false, 0, 0
		} else {
			t = &Timeline{ID: ch.ID, Added: day, AddedSeq: seq}
			b.all = append(b.all, t)
		}
		b.live[ch.ID] = t
	default:
		t = b.live[ch.OldID]
		if t == nil {
			return
		}
		if ch.Renumbered() {
			delete(b.live, ch.OldID)
			t.FormerIDs = append(t.FormerIDs, t.ID)
			t.ID = ch.ID
			b.live[ch.ID] = t
		}
	}
	it, ok := ch.Record.(*model.Item)
	if !ok {
		return
	}
	t.Type, t.Owner, t.Title = it.Type, it.Owner, it.Title
	t.CreatedField = fieldDay(it.Fields, "created")
	t.ClosedField = fieldDay(it.Fields, "closed")
	t.StartedField = fieldDay(it.Fields, "started")
	if t.Status() != it.Status || len(t.Statuses) == 0 {
		t.Statuses = appendPeriod(t.Statuses, Period{Status: it.Status, From: day, Seq: seq})
	}
	if len(t.Releases) == 0 || t.Release != it.Release {
		t.Releases = appendMembership(t.Releases, Membership{Value: it.Release, From: day, Seq: seq})
	}
	if len(t.Initiatives) == 0 || t.Initiative != it.Initiative {
		t.Initiatives = appendMembership(t.Initiatives, Membership{Value: it.Initiative, From: day, Seq: seq})
	}
	t.Release, t.Initiative = it.Release, it.Initiative
}

// appendPeriod adds p, replacing a period that started in the same commit.
func appendPeriod(ps []Period, p Period) []Period {
	if n := len(ps); n > 0 && ps[n-1].Seq == p.Seq {
		ps = ps[:n-1]
	}
	return append(ps, p)
}

func appendMembership(ms []Membership, m Membership) []Membership {
	if n := len(ms); n > 0 && ms[n-1].Seq == m.Seq {
		ms = ms[:n-1]
	}
	return append(ms, m)
}

// fieldDay reads a date field of a record; 0 when it is absent or not a
// date. A date-time counts on its day in UTC, as commits do.
func fieldDay(fields map[string]any, name string) Day {
	s, _ := fields[name].(string)
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return DayOf(t)
	}
	if len(s) > 10 {
		s = s[:10] // another date-time: its day
	}
	d, _ := ParseDay(s)
	return d
}

func (b *builder) release(ch *history.Change, seq int, day Day) {
	if ch.Removed {
		if r := b.rel[ch.OldID]; r != nil {
			r.Removed = true
		}
		return
	}
	r := b.rel[ch.ID]
	if ch.Renumbered() && b.rel[ch.OldID] != nil {
		r = b.rel[ch.OldID]
		delete(b.rel, ch.OldID)
	}
	if r == nil {
		r = &ReleaseLine{ID: ch.ID, Planned: day, PlannedSeq: seq}
	}
	r.ID, r.Removed = ch.ID, false
	b.rel[ch.ID] = r
	if rel, ok := ch.Record.(*model.Release); ok {
		r.Title, r.Status = rel.Title, rel.Status
		r.Date, _ = ParseDay(rel.Date)
	}
}

func (b *builder) keyResult(ch *history.Change, _ int, day Day) {
	if ch.Removed {
		if k := b.krs[ch.OldID]; k != nil {
			k.Removed = true
		}
		return
	}
	k := b.krs[ch.ID]
	if ch.Renumbered() && b.krs[ch.OldID] != nil {
		k = b.krs[ch.OldID]
		delete(b.krs, ch.OldID)
	}
	if k == nil {
		k = &KeyResultLine{ID: ch.ID}
	}
	k.ID, k.Removed = ch.ID, false
	b.krs[ch.ID] = k
	kr, ok := ch.Record.(*model.KeyResult)
	if !ok {
		return
	}
	k.Objective, k.Title, k.Baseline, k.Target = kr.Objective, kr.Title, kr.Baseline, kr.Target
	n := len(k.Values)
	if n > 0 && sameValue(k.Values[n-1].Value, kr.Current) {
		return
	}
	v := Value{Day: day, Value: kr.Current}
	if n > 0 && k.Values[n-1].Day == day {
		k.Values[n-1] = v // the value at the end of the day
		if n > 1 && sameValue(k.Values[n-2].Value, v.Value) {
			k.Values = k.Values[:n-1] // back to the day before's value
		}
		return
	}
	k.Values = append(k.Values, v)
}

func sameValue(a, b *float64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// finish sorts what was found.
func (b *builder) finish() {
	b.h.Items = b.all
	sortByID(b.h.Items, func(t *Timeline) string { return t.ID })
	for _, r := range b.rel {
		b.h.Releases = append(b.h.Releases, r)
	}
	sortByID(b.h.Releases, func(r *ReleaseLine) string { return r.ID })
	for _, k := range b.krs {
		b.h.KeyResults = append(b.h.KeyResults, k)
	}
	sortByID(b.h.KeyResults, func(k *KeyResultLine) string { return k.ID })
}
