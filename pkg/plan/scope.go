package plan

import (
	"cmp"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
)

// Scope is what an initiative (its epics' items included) or a release
// holds.
type Scope struct {
	ID    string
	Kind  model.Kind // initiative or release
	Items []*model.Item
}

// Scopes returns the scope of every initiative and release that items
// name, whether it exists or not, sorted by kind and ID; items in backlog
// order.
func (p *Plan) Scopes() []Scope {
	type key struct {
		id   string
		kind model.Kind
	}
	byKey := map[key]*Scope{}
	var out []*Scope
	add := func(k key, it *model.Item) {
		s := byKey[k]
		if s == nil {
			s = &Scope{ID: k.id, Kind: k.kind}
			byKey[k] = s
			out = append(out, s)
		}
		s.Items = append(s.Items, it)
	}
	for _, it := range p.items {
		if in := p.InitiativeOf(it); in != "" {
			add(key{in, model.KindInitiative}, it)
		}
		if it.Release != "" {
			add(key{it.Release, model.KindRelease}, it)
		}
	}
	slices.SortFunc(out, func(a, b *Scope) int {
		return cmp.Or(strings.Compare(string(a.Kind), string(b.Kind)), model.CompareIDs(a.ID, b.ID))
	})
	scopes := make([]Scope, len(out))
	for i, s := range out {
		scopes[i] = *s
	}
	return scopes
}

// Places numbers the open items in backlog order, from 1: where each
// stands in the queue. A duplicated ID counts once, at its first place.
func (p *Plan) Places() map[string]int {
	out := map[string]int{}
	n := 0
	for _, it := range p.items {
		if !p.Closed(it) {
			if _, dup := out[it.ID]; !dup {
				n++
				out[it.ID] = n
			}
		}
	}
	return out
}
