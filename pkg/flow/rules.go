package flow

import (
	"slices"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Rules say what the statuses of the workflow mean for flow.
//
// Active statuses are those in which work is under way: the open statuses
// after `ready` when the workflow has `ready`, else every open status but
// the first (the first is where ideas wait). The first closed status is
// done; the other closed statuses (dropped) end an item without
// delivering it.
type Rules struct {
	Statuses []string `json:"statuses"` // in board order
	Active   []string `json:"active"`
	Done     string   `json:"done"`
	Dropped  []string `json:"dropped"`
	closed   map[string]bool
	active   map[string]bool
}

// NewRules returns the rules of a workflow.
func NewRules(cfg *workspace.Config) Rules {
	wf := cfg.Workflow
	r := Rules{Statuses: slices.Clone(wf.Statuses), closed: map[string]bool{}, active: map[string]bool{}}
	for i, s := range wf.Closed {
		r.closed[s] = true
		if i == 0 {
			r.Done = s
		} else {
			r.Dropped = append(r.Dropped, s)
		}
	}
	var open []string
	for _, s := range wf.Statuses {
		if !r.closed[s] {
			open = append(open, s)
		}
	}
	if i := slices.Index(open, "ready"); i >= 0 {
		r.Active = slices.Clone(open[i+1:])
	} else if len(open) > 1 {
		r.Active = slices.Clone(open[1:])
	}
	if r.Active == nil {
		r.Active = []string{}
	}
	if r.Dropped == nil {
		r.Dropped = []string{}
	}
	for _, s := range r.Active {
		r.active[s] = true
	}
	return r
}

// IsClosed reports whether a status counts as finished.
func (r Rules) IsClosed(s string) bool { return r.closed[s] }

// IsActive reports whether a status is one of the active ones.
func (r Rules) IsActive(s string) bool { return r.active[s] }

// Facts are what the rules make of one timeline.
type Facts struct {
	Status string
	// Closed: the item is in a closed status now (and not removed); Done
	// when that status is the first closed one.
	Closed, Done bool
	// ClosedOn is when it last moved to a closed status, or its `closed`
	// field when it has stayed closed since (the field dates the last
	// closing, not one the item was reopened after). It is 0 (unknown) for an item already closed in the first
	// commit of the walk without a `closed` field: it was closed some time
	// before the history starts, so it counts in no window.
	ClosedOn Day
	// Started: it entered an active status (or has a `started` field);
	// StartedOn is the first day it did.
	Started   bool
	StartedOn Day
	// Created is when it was created ([Timeline.Created]), but never
	// after ClosedOn.
	Created Day
	// Gone: the item had been removed from the workspace.
	Gone bool
}

// Facts returns what the rules make of t as the end of day asOf left it
// (0: as the walk left it). A removed item is neither closed nor open: it
// left scope.
func (r Rules) Facts(t *Timeline, asOf Day) Facts {
	ps := t.Statuses
	removed := t.Removed
	if asOf != 0 {
		n := 0
		for n < len(ps) && ps[n].From <= asOf {
			n++
		}
		ps = ps[:n]
		removed = removed && t.RemovedAt <= asOf
	}
	f := Facts{Created: t.Created(), Gone: removed}
	if len(ps) > 0 {
		f.Status = ps[len(ps)-1].Status
	}
	for _, p := range ps {
		if r.active[p.Status] {
			f.Started, f.StartedOn = true, p.From
			break
		}
	}
	if t.StartedField != 0 && (asOf == 0 || t.StartedField <= asOf) {
		f.Started, f.StartedOn = true, t.StartedField
	}
	if removed || !r.closed[f.Status] {
		return f
	}
	f.Closed, f.Done = true, f.Status == r.Done
	first := len(ps) - 1
	for first > 0 && r.closed[ps[first-1].Status] {
		first--
	}
	if first > 0 || t.AddedSeq > 0 {
		f.ClosedOn = ps[first].From
	}
	if t.ClosedField != 0 && !slices.ContainsFunc(t.Statuses[first:], func(p Period) bool { return !r.closed[p.Status] }) {
		// The field dates the last closing: not an earlier one that
		// the item was reopened after.
		f.ClosedOn = t.ClosedField
	}
	if f.Started && f.ClosedOn != 0 && f.StartedOn > f.ClosedOn {
		f.StartedOn = f.ClosedOn // a `closed` field before the commit that started it
	}
	if f.ClosedOn != 0 && f.Created > f.ClosedOn {
		f.Created = f.ClosedOn // a `created` field after it was closed: no negative lead time
	}
	return f
}

// sortByID sorts records by ID in natural order; equal IDs (a removed
// record and a later one with its ID) keep their order.
func sortByID[T any](s []T, id func(T) string) {
	slices.SortStableFunc(s, func(a, b T) int { return model.CompareIDs(id(a), id(b)) })
}
