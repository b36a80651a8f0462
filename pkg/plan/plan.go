// Package plan is the read model: everything the files of a workspace
// imply but do not store, computed once here and read by the terminal
// views, the report, the diff and the validate rules. Scores, whether an
// item is open or blocked, the progress of initiatives, releases,
// objectives and key results, acceptance criteria, which records refer to
// which (and under what label), the board's columns with their WIP limits,
// horizons, quarters and themes, stats and backlog health, release scope,
// and the order of enum values. Its results are plain values, with no
// rendering, so that a JSON API can serve them as they are.
package plan

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/score"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Plan is a loaded workspace with its derived facts.
type Plan struct {
	WS    *workspace.Workspace
	Model *score.Model // nil when roadlog.yaml's scoring does not compile
	Today string       // YYYY-MM-DD, for queries and overdue checks

	items []*model.Item // sorted by rank, then ID

	// The lookups below are built when first asked for: a command that
	// shows one record, or a view that shows no references, never pays
	// for them over 100,000 records.
	refsOnce   sync.Once
	refs       map[string][]Ref
	refScans   atomic.Int32 // references looked for by a pass over the records, before refs is built
	linksOnce  sync.Once
	itemsOf    map[string][]*model.Item // initiative or release ID → its items
	childrenOf map[string][]*model.Item // epic ID → its items
	criteriaMu sync.Mutex
	criteria   map[*model.Item]Share // counted when first asked: most commands never ask
}

// Ref is a reference from one record to another.
type Ref struct {
	From  *workspace.Record
	Field string // parent, depends_on, links, …
}

// New derives the plan of ws. now gives "today".
func New(ws *workspace.Workspace, now time.Time) *Plan {
	p := &Plan{
		WS:       ws,
		Today:    now.UTC().Format(time.DateOnly),
		criteria: map[*model.Item]Share{},
	}
	if m, err := score.New(ws.Config.Scoring.Model, ws.Config.Scoring.Formula); err == nil {
		p.Model = m
	}
	p.items = slices.Clone(ws.Items)
	slices.SortStableFunc(p.items, model.CompareItems)
	return p
}

// references returns, by ID, the references to it from every record.
func (p *Plan) references() map[string][]Ref {
	p.refsOnce.Do(func() {
		p.refs = map[string][]Ref{}
		for _, r := range p.WS.Records {
			for _, rf := range model.References(r.Kind()) {
				model.EachIDIn(r.Meta().Fields[rf.Field], func(id string) {
					p.refs[id] = append(p.refs[id], Ref{From: r, Field: rf.Field})
				})
			}
		}
	})
	return p.refs
}

// links builds the items of each initiative, release and epic.
func (p *Plan) links() {
	p.linksOnce.Do(func() {
		p.itemsOf, p.childrenOf = map[string][]*model.Item{}, map[string][]*model.Item{}
		for _, it := range p.items {
			if in := p.InitiativeOf(it); in != "" {
				p.itemsOf[in] = append(p.itemsOf[in], it)
			}
			if it.Release != "" {
				p.itemsOf[it.Release] = append(p.itemsOf[it.Release], it)
			}
			if it.Parent != "" {
				p.childrenOf[it.Parent] = append(p.childrenOf[it.Parent], it)
			}
		}
	})
}

// InitiativeOf returns the initiative an item serves: its own initiative,
// else that of its parent epic, and so on up.
func (p *Plan) InitiativeOf(it *model.Item) string {
	for range 100 { // parents may form a cycle; validate reports it
		if it.Initiative != "" {
			return it.Initiative
		}
		r := p.WS.Find(it.Parent)
		if r == nil {
			return ""
		}
		parent, ok := r.Model.(*model.Item)
		if !ok {
			return ""
		}
		it = parent
	}
	return ""
}

// Items returns every backlog item, in backlog order: by rank, then ID.
func (p *Plan) Items() []*model.Item { return p.items }

// Record returns the record with the ID, or nil.
func (p *Plan) Record(id string) *workspace.Record { return p.WS.Find(id) }

// ReferencedBy returns the references to id, in file order.
func (p *Plan) ReferencedBy(id string) []Ref {
	// The first few are found by a pass over the records, which allocates
	// nothing: show asks for one record's, a view for none, the report for
	// every record's (and then the lookup pays for itself).
	if p.refScans.Add(1) <= refScansBeforeLookup {
		return p.scanReferences(id)
	}
	return p.references()[id]
}

// refScansBeforeLookup is how many references are found by a pass over the
// records before a lookup of all of them is built.
const refScansBeforeLookup = 4

// scanReferences returns the references to id, in file order, from a pass
// over every record: what the lookup of [Plan.references] holds for it.
func (p *Plan) scanReferences(id string) []Ref {
	var out []Ref
	for _, r := range p.WS.Records {
		for _, rf := range model.References(r.Kind()) {
			model.EachIDIn(r.Meta().Fields[rf.Field], func(ref string) {
				if ref == id {
					out = append(out, Ref{From: r, Field: rf.Field})
				}
			})
		}
	}
	return out
}

// Children returns the items whose parent is id, in backlog order.
func (p *Plan) Children(id string) []*model.Item {
	p.links()
	return p.childrenOf[id]
}

// ItemsOf returns the items of an initiative or release, in backlog order.
func (p *Plan) ItemsOf(id string) []*model.Item {
	p.links()
	return p.itemsOf[id]
}

// Closed reports whether an item's status counts as finished.
func (p *Plan) Closed(it *model.Item) bool { return p.WS.Config.IsClosed(it.Status) }

// Blocked reports whether an open item depends on an open item.
func (p *Plan) Blocked(it *model.Item) bool {
	if p.Closed(it) {
		return false
	}
	for _, id := range it.DependsOn {
		if r := p.WS.Find(id); r != nil {
			if d, ok := r.Model.(*model.Item); ok && !p.Closed(d) {
				return true
			}
		}
	}
	return false
}

// Overdue reports whether an item is open and due before today.
func (p *Plan) Overdue(it *model.Item) bool {
	return it.Due != "" && it.Due < p.Today && !p.Closed(it)
}
