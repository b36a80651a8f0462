// Package bulk makes one change to many records in one edit: set fields
// of every item an expression selects, move them to a status within its
// WIP limit counted once for all of them, or rank several items together
// in the order given. Every change is staged in one change.Session, so it
// is made under one lock and committed all together or not at all; each
// change made is returned as a [Diff] (record, field, old and new value),
// which is also what a dry run prints.
package bulk

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
)

// Diff is one field of one record as a change leaves it.
type Diff struct {
	ID, Field string
	Old, New  string // "" when not set
}

func (d Diff) String() string {
	return fmt.Sprintf("%s %s: %s → %s", d.ID, d.Field, orNone(d.Old), orNone(d.New))
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// Select returns the backlog items, not archived, for which the --where
// expression is true, in backlog order. me resolves me() in it.
func Select(p *plan.Plan, where string, me func() (string, error)) ([]*workspace.Record, error) {
	rows, err := view.Select(p, model.KindItem, view.Records(p, model.KindItem), view.Query{Where: where, Me: me})
	if err != nil {
		return nil, err
	}
	out := make([]*workspace.Record, len(rows))
	for i, r := range rows {
		out[i] = r.Record
	}
	return out, nil
}

// Set stages changes (and the removal of the fields in unset) on every
// record, each typed by the schema; a field the schema does not declare is
// refused unless force. It returns what changes, record by record.
func Set(s *change.Session, recs []*workspace.Record, changes []change.Change, unset []string, force bool) ([]Diff, error) {
	var out []Diff
	for _, r := range recs {
		if err := s.Set(r, changes, unset, force); err != nil {
			return nil, err
		}
		out = append(out, diffs(r, changes, unset)...)
	}
	return out, nil
}

// diffs says what changes and unset do to a record's stored fields.
func diffs(r *workspace.Record, changes []change.Change, unset []string) []Diff {
	fields := r.Meta().Fields
	var out []Diff
	for _, c := range changes {
		old := yamlvalue.At(fields, c.Path)
		d := Diff{ID: r.ID(), Field: strings.Join(c.Path, "."), Old: query.Text(old)}
		switch c.Op {
		case change.OpSet:
			d.New = c.Text
		case change.OpAppend:
			d.New = query.Text(append(list(old), c.Text))
		case change.OpRemove:
			d.New = query.Text(slices.DeleteFunc(list(old), func(v any) bool { return query.Text(v) == c.Text }))
		}
		if d.Old != d.New {
			out = append(out, d)
		}
	}
	for _, u := range unset {
		old := query.Text(yamlvalue.At(fields, strings.Split(u, ".")))
		if old != "" {
			out = append(out, Diff{ID: r.ID(), Field: u, Old: old})
		}
	}
	return out
}

// list returns a copy of a list value; nil for anything else.
func list(v any) []any {
	l, _ := v.([]any)
	return slices.Clone(l)
}

// WIPError is a move that would take a status past its WIP limit.
type WIPError struct {
	Load   plan.Load // the status without the items being moved
	Moving []string  // the IDs of the items that would move into it
}

func (e *WIPError) Error() string {
	var there []string
	for _, o := range e.Load.Items {
		there = append(there, o.ID)
	}
	slices.SortFunc(there, model.CompareIDs)
	if len(there) == 0 {
		there = []string{"none yet"}
	}
	return fmt.Sprintf("moving %d item(s) would put %d in %s, over its WIP limit of %d (there now: %s); move fewer, finish some first, or use --force",
		len(e.Moving), len(e.Load.Items)+len(e.Moving), e.Load.Status, e.Load.Limit, strings.Join(there, ", "))
}

// Move stages moving every item to status: its status is set, and its
// closed date set when it closes (or removed when it reopens), as
// [StatusChanges] says. Items in status already are left as they are. The
// status's WIP limit is checked once for all of them: a [*WIPError] when
// they would not all fit, unless force.
func Move(s *change.Session, recs []*workspace.Record, status string, now time.Time, force bool) ([]Diff, error) {
	cfg := s.WS.Config
	var moving []*workspace.Record
	for _, r := range recs {
		it, ok := r.Model.(*model.Item)
		if !ok {
			return nil, &change.InputError{Err: fmt.Errorf("%s is %s %s; only backlog items have a status to move", r.ID(), r.Kind().Article(), r.Kind().Label())}
		}
		if it.Status != status {
			moving = append(moving, r)
		}
	}
	if limit := cfg.Workflow.WIP[status]; limit > 0 && !force {
		load := plan.Load{Status: status, Limit: limit}
		for _, o := range s.WS.Items {
			if o.Status == status {
				load.Items = append(load.Items, o)
			}
		}
		if len(load.Items)+len(moving) > limit {
			e := &WIPError{Load: load}
			for _, r := range moving {
				e.Moving = append(e.Moving, r.ID())
			}
			return nil, e
		}
	}
	var out []Diff
	for _, r := range moving {
		changes, unset := StatusChanges(cfg, r, status, now)
		if err := s.Set(r, changes, unset, false); err != nil {
			return nil, err
		}
		out = append(out, diffs(r, changes, unset)...)
	}
	return out, nil
}

// StatusChanges are the changes that move an item to status: the status,
// and the closed date the board counts recent closed items by, set to
// today when the item closes and removed when it reopens.
func StatusChanges(cfg *workspace.Config, r *workspace.Record, status string, now time.Time) ([]change.Change, []string) {
	from := ""
	if it, ok := r.Model.(*model.Item); ok {
		from = it.Status
	}
	changes, unset := []change.Change{{Path: []string{"status"}, Text: status}}, []string(nil)
	switch closing := cfg.IsClosed(status); {
	case closing && !cfg.IsClosed(from):
		changes = append(changes, change.Change{Path: []string{"closed"}, Text: now.UTC().Format(time.DateOnly)})
	case !closing && r.Has("closed"):
		unset = []string{"closed"}
	}
	return changes, unset
}

// Rank stages giving the items new ranks that put them, in the order
// given, at place: the first where place says, each other just after the
// one before it. Items already where they belong keep their rank.
func Rank(s *change.Session, recs []*workspace.Record, at change.Place) ([]Diff, error) {
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.ID()] {
			return nil, &change.InputError{Err: fmt.Errorf("%s is given twice; give each item once, in the order they go", r.ID())}
		}
		seen[r.ID()] = true
	}
	for flag, id := range map[string]string{"--before": at.Before, "--after": at.After} {
		if id != "" && seen[id] && len(recs) > 1 {
			return nil, &change.InputError{Err: fmt.Errorf("%s %s: %s is one of the items to move; give an item that stays", flag, id, id)}
		}
	}
	// Rerank reads the ranks of the loaded items: each item placed takes
	// its new rank there, so the next goes after it, and gets its rank
	// back when done (the loaded workspace stays as the files were).
	var restore []func()
	defer func() {
		for _, f := range restore {
			f()
		}
	}()
	var out []Diff
	for i, r := range recs {
		place := at
		if i > 0 {
			place = change.Place{After: recs[i-1].ID()}
		}
		old, newRank, err := s.Rerank(r, place)
		if err != nil {
			return nil, err
		}
		it, ok := r.Model.(*model.Item)
		if !ok {
			return nil, errors.New("rerank of a record that is not an item")
		}
		it.Rank = newRank
		restore = append(restore, func() { it.Rank = old })
		if old != newRank {
			out = append(out, Diff{ID: r.ID(), Field: "rank", Old: old, New: newRank})
		}
	}
	return out, nil
}
