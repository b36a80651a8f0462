package diff

import (
	"slices"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// comparer holds both sides and how base IDs map to head IDs.
type comparer struct {
	base, head *plan.Plan
	renamed    map[string]string // base ID → head ID
	renamedIDs *model.IDSet      // the keys of renamed, built when first needed
	was        map[string]string // head ID → base ID, for renamed records
	basePlace  map[string]int    // base ID → place among open items, from 1
	headPlace  map[string]int    // head ID → place among open items
	baseIDs    []string          // the IDs of base's records, in natural order
	headIDs    []string          // the IDs of head's records
	d          *Diff
}

// Compare works out what changed from base to head.
func Compare(base, head Side, opts Options) *Diff {
	if opts.Top <= 0 {
		opts.Top = DefaultTop
	}
	d := &Diff{
		Product: []Field{}, Added: []Record{}, Removed: []Record{}, Renamed: []Rename{}, Changed: []Change{},
		Backlog: Backlog{Top: opts.Top, Moves: []Move{}}, Scores: []Score{}, Dates: []Date{},
		KeyResults: []KeyResult{}, Scope: []Scope{}, NewErrors: []diag.JSONFinding{},
	}
	c := newComparer(base, head, d)
	c.basePlace, c.headPlace = c.base.Places(), c.head.Places()
	c.product()
	c.records()
	c.backlog(opts.Top)
	c.scores()
	c.keyResults()
	c.scope()
	c.findings(base.Findings, head.Findings)
	d.Summary = Summary{
		Added: len(d.Added), Removed: len(d.Removed), Renamed: len(d.Renamed),
		Changed: len(d.Changed), NewErrors: len(d.NewErrors),
	}
	return d
}

// ids returns the IDs of a plan's records, in natural order.
func ids(p *plan.Plan) []string {
	var out []string
	for _, id := range p.WS.IDs() {
		if p.Record(id) != nil {
			out = append(out, id)
		}
	}
	return out
}

func recordOf(r *workspace.Record) Record {
	out := Record{ID: r.ID(), Kind: string(r.Kind()), Title: r.Meta().Title, Path: r.Meta().Path}
	if it, ok := r.Model.(*model.Item); ok {
		out.Type = it.Type
	}
	return out
}

// baseID maps a head ID to the ID it had in base.
func (c *comparer) baseID(id string) string {
	if from, ok := c.was[id]; ok {
		return from
	}
	return id
}

// headID maps a base ID to the ID it has in head.
func (c *comparer) headID(id string) string {
	if to, ok := c.renamed[id]; ok {
		return to
	}
	return id
}

func newComparer(base, head Side, d *Diff) *comparer {
	return &comparer{
		base: base.Plan, head: head.Plan, renamed: map[string]string{}, was: map[string]string{}, d: d,
		baseIDs: ids(base.Plan), headIDs: ids(head.Plan),
	}
}

// title is a record's title in head, else in base.
func (c *comparer) title(id string) string {
	if r := c.head.Record(id); r != nil {
		return r.Meta().Title
	}
	if r := c.base.Record(c.baseID(id)); r != nil {
		return r.Meta().Title
	}
	return ""
}

func (c *comparer) refs(ids []string) []Ref {
	slices.SortFunc(ids, model.CompareIDs)
	out := make([]Ref, 0, len(ids))
	for _, id := range slices.Compact(ids) {
		out = append(out, Ref{ID: id, Title: c.title(id)})
	}
	return out
}
