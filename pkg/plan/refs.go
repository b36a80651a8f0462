package plan

import (
	"slices"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// RefGroup is the records that refer to one record in one way, under the
// label `show` and the report give them: "Children", "Depended on by".
type RefGroup struct {
	Name    string
	Records []*workspace.Record
}

// relation names what a reference through a field makes of its source.
var relation = map[string]string{
	"parent": "Children", "depends_on": "Depended on by", "insights": "Cited by", "links": "Linked from",
	"supersedes": "Superseded by", "initiative": "Items", "release": "Items", "theme": "Initiatives",
	"objectives": "Initiatives",
}

// groupOrder is the order of the groups.
var groupOrder = []string{"Key results", "Initiatives", "Items", "Children", "Depended on by", "Cited by", "Linked from", "Superseded by"}

// ReferenceGroups returns what refers to r, grouped by how: the key
// results of an objective (in file order), the items of an initiative
// (its epics' items included) or release, children, dependents, items
// citing an insight, records linking or superseding it. Items come in
// backlog order, other records by ID; each record once a group.
func (p *Plan) ReferenceGroups(r *workspace.Record) []RefGroup {
	byName := map[string][]*workspace.Record{}
	seen := map[string]map[*workspace.Record]bool{}
	add := func(name string, rec *workspace.Record) {
		if seen[name] == nil {
			seen[name] = map[*workspace.Record]bool{}
		}
		if !seen[name][rec] {
			seen[name][rec] = true
			byName[name] = append(byName[name], rec)
		}
	}
	switch m := r.Model.(type) {
	case *model.Initiative:
		for _, it := range p.ItemsOf(m.ID) {
			add("Items", p.WS.RecordOf(it))
		}
	case *model.Objective:
		for _, kr := range m.KeyResults {
			add("Key results", p.WS.RecordOf(kr))
		}
	}
	for _, ref := range p.ReferencedBy(r.ID()) {
		name := relation[ref.Field]
		if name == "Items" && r.Kind() == model.KindInitiative {
			continue // already there, with the epics' items
		}
		add(name, ref.From)
	}
	var out []RefGroup
	for _, name := range groupOrder {
		recs := byName[name]
		if len(recs) == 0 {
			continue
		}
		if name != "Key results" {
			slices.SortStableFunc(recs, compareRecords)
		}
		out = append(out, RefGroup{Name: name, Records: recs})
	}
	return out
}

// compareRecords orders items as the backlog does and other records by ID.
func compareRecords(a, b *workspace.Record) int {
	ia, okA := a.Model.(*model.Item)
	ib, okB := b.Model.(*model.Item)
	switch {
	case okA && okB:
		return model.CompareItems(ia, ib)
	case okA:
		return -1
	case okB:
		return 1
	}
	return model.CompareIDs(a.ID(), b.ID())
}
