// Package diff compares two versions of a plan and reports what a reviewer
// of the change needs: records added, removed and renamed, field changes,
// moves in the top of the backlog, score changes with the inputs behind
// them, date slips, key-result changes, scope changes of initiatives and
// releases, and the validation errors the change brings in. Records that did
// not change are not listed.
package diff

import (
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/plan"
)

// DefaultTop is how many open items at the top of the backlog are watched
// for moves.
const DefaultTop = 10

// Side is one end of the comparison.
type Side struct {
	Plan     *plan.Plan
	Findings diag.List // of validate.Run
}

// Options tune the comparison.
type Options struct {
	Top int // open items at the top of the backlog to watch; 0: DefaultTop
}

// Diff is what changed from base to head.
type Diff struct {
	Base        Rev                `json:"base"`
	Head        Rev                `json:"head"`
	Summary     Summary            `json:"summary"`
	Product     []Field            `json:"product"`
	Added       []Record           `json:"added"`
	Removed     []Record           `json:"removed"`
	Renamed     []Rename           `json:"renamed"`
	Changed     []Change           `json:"changed"`
	Backlog     Backlog            `json:"backlog"`
	Scores      []Score            `json:"scores"`
	Dates       []Date             `json:"dates"`
	KeyResults  []KeyResult        `json:"key_results"`
	Scope       []Scope            `json:"scope"`
	NewErrors   []diag.JSONFinding `json:"new_errors"`
	FixedErrors int                `json:"fixed_errors"`
}

// Rev names a side for people: what was asked for and the commit it is.
type Rev struct {
	Name   string `json:"name"`             // "main", "HEAD~2", "working tree"
	Commit string `json:"commit,omitempty"` // full ID; empty for the working tree
}

// Summary counts the changes.
type Summary struct {
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Renamed   int `json:"renamed"`
	Changed   int `json:"changed"`
	NewErrors int `json:"new_errors"`
}

// Record names a record.
type Record struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Type  string `json:"type,omitempty"` // items: story, bug, …
	Title string `json:"title"`
	Path  string `json:"path"`
}

// Rename is a record whose ID changed, recognised by its content.
type Rename struct {
	From       string  `json:"from"`
	To         string  `json:"to"`
	Kind       string  `json:"kind"`
	Type       string  `json:"type,omitempty"`
	Title      string  `json:"title"`
	Similarity float64 `json:"similarity"` // 0..1, of the content without the ID
}

// Change is a record present on both sides whose fields changed. Every
// changed field is listed; the text and Markdown output show rank, score
// inputs, dates and key-result values in their own sections instead.
type Change struct {
	Record
	WasID  string  `json:"was_id,omitempty"` // when renamed
	Fields []Field `json:"fields"`
}

// Field is one field's change. Old or New is nil when the field is unset
// on that side.
type Field struct {
	Field   string   `json:"field"`
	Old     any      `json:"old"`
	New     any      `json:"new"`
	Added   []string `json:"added,omitempty"`   // lists: values added
	Removed []string `json:"removed,omitempty"` // lists: values removed
	Lines   *Lines   `json:"lines,omitempty"`   // text of several lines
	Days    *int     `json:"days,omitempty"`    // dates: how far it moved
	Places  *Places  `json:"places,omitempty"`  // rank: the item's place in the backlog
}

// Places are an item's places among the open items of the backlog, from 1;
// 0 when it is not open on that side.
type Places struct {
	Old int `json:"old"`
	New int `json:"new"`
}

// Lines counts the lines added and removed in a text.
type Lines struct {
	Added   int `json:"added"`
	Removed int `json:"removed"`
}

// Backlog holds the moves at the top of the backlog.
type Backlog struct {
	Top   int    `json:"top"`
	Moves []Move `json:"moves"`
}

// Move is an item that changed place among the open items at the top of
// the backlog: moved past others, or came into or left the top.
type Move struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	From  int    `json:"from"` // place among open items in base, from 1; 0: not open there
	To    int    `json:"to"`   // place in head; 0: not open there
	// Why an item appears or disappears: added, reopened, closed, removed.
	Reason string `json:"reason,omitempty"`
}

// Score is an item whose score changed.
type Score struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Old    *float64 `json:"old"`
	New    *float64 `json:"new"`
	Inputs []Value  `json:"inputs"`
}

// Value is a numeric field's change.
type Value struct {
	Name string   `json:"name"`
	Old  *float64 `json:"old"`
	New  *float64 `json:"new"`
}

// Date is a date field that changed: an initiative's start or end, a
// release's date, an item's due date.
type Date struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
	Days  *int   `json:"days"` // positive: later (a slip); nil when either side is not a date
}

// KeyResult is a key result whose baseline, target or current value changed.
type KeyResult struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Objective   string   `json:"objective"`
	Unit        string   `json:"unit,omitempty"`
	Values      []Value  `json:"values"`
	OldProgress *float64 `json:"old_progress"`
	NewProgress *float64 `json:"new_progress"`
}

// Scope is an initiative or release whose items changed.
type Scope struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	In    []Ref  `json:"in"`
	Out   []Ref  `json:"out"`
}

// Ref names an item in a scope change.
type Ref struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.Product) == 0 && len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Renamed) == 0 &&
		len(d.Changed) == 0 && len(d.Backlog.Moves) == 0 && len(d.Scores) == 0 && len(d.Dates) == 0 &&
		len(d.KeyResults) == 0 && len(d.Scope) == 0 && len(d.NewErrors) == 0 && d.FixedErrors == 0
}

// String is a one-line summary: "2 added, 1 changed, 1 new error".
func (s Summary) String() string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(s.Added, "added")
	add(s.Removed, "removed")
	add(s.Renamed, "renamed")
	add(s.Changed, "changed")
	switch s.NewErrors {
	case 0:
	case 1:
		parts = append(parts, "1 new error")
	default:
		parts = append(parts, fmt.Sprintf("%d new errors", s.NewErrors))
	}
	return strings.Join(parts, ", ")
}
