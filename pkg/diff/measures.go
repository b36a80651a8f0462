package diff

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
)

// scores lists the items whose score changed, with the inputs that did.
func (c *comparer) scores() {
	for _, it := range c.head.Items() {
		if c.head.Record(it.ID) == nil || c.head.Record(it.ID).Model != model.Record(it) {
			continue // a duplicate ID
		}
		br := c.base.Record(c.baseID(it.ID))
		if br == nil {
			continue
		}
		bit, ok := br.Model.(*model.Item)
		if !ok {
			continue
		}
		os, oOK := c.base.Score(bit)
		ns, nOK := c.head.Score(it)
		if oOK == nOK && (!oOK || plan.FormatScore(os) == plan.FormatScore(ns)) {
			continue
		}
		s := Score{ID: it.ID, Title: it.Title, Inputs: []Value{}}
		if oOK {
			s.Old = &os
		}
		if nOK {
			s.New = &ns
		}
		keys := map[string]bool{}
		for k := range bit.Score {
			keys[k] = true
		}
		for k := range it.Score {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			ov, oHas := bit.Score[k]
			nv, nHas := it.Score[k]
			if oHas == nHas && ov == nv {
				continue
			}
			v := Value{Name: k}
			if oHas {
				v.Old = &ov
			}
			if nHas {
				v.New = &nv
			}
			s.Inputs = append(s.Inputs, v)
		}
		c.d.Scores = append(c.d.Scores, s)
	}
}

// keyResults lists the key results whose values changed.
func (c *comparer) keyResults() {
	for _, kr := range c.head.WS.KeyResults {
		if c.head.Record(kr.ID) == nil || c.head.Record(kr.ID).Model != model.Record(kr) {
			continue // a duplicate ID
		}
		br := c.base.Record(c.baseID(kr.ID))
		if br == nil {
			continue
		}
		bkr, ok := br.Model.(*model.KeyResult)
		if !ok {
			continue
		}
		k := KeyResult{ID: kr.ID, Title: kr.Title, Objective: kr.Objective, Unit: kr.Unit, Values: []Value{}}
		for _, v := range []struct {
			name     string
			old, new *float64
		}{{"baseline", bkr.Baseline, kr.Baseline}, {"target", bkr.Target, kr.Target}, {"current", bkr.Current, kr.Current}} {
			if (v.old == nil) == (v.new == nil) && (v.old == nil || *v.old == *v.new) {
				continue
			}
			k.Values = append(k.Values, Value{Name: v.name, Old: v.old, New: v.new})
		}
		if len(k.Values) == 0 {
			continue
		}
		if p, ok := plan.KeyResultProgress(bkr); ok {
			k.OldProgress = &p
		}
		if p, ok := plan.KeyResultProgress(kr); ok {
			k.NewProgress = &p
		}
		c.d.KeyResults = append(c.d.KeyResults, k)
	}
	slices.SortFunc(c.d.KeyResults, func(a, b KeyResult) int { return model.CompareIDs(a.ID, b.ID) })
}

// scope lists the initiatives and releases whose items changed.
func (c *comparer) scope() {
	type key struct{ id, kind string }
	baseItems := map[key][]string{}
	headItems := map[key][]string{}
	collect := func(p *plan.Plan, out map[key][]string, mapID func(string) string) {
		for _, s := range p.Scopes() {
			k := key{mapID(s.ID), string(s.Kind)}
			for _, it := range s.Items {
				out[k] = append(out[k], mapID(it.ID))
			}
		}
	}
	collect(c.base, baseItems, c.headID)
	collect(c.head, headItems, func(id string) string { return id })
	keys := map[key]bool{}
	for k := range baseItems {
		keys[k] = true
	}
	for k := range headItems {
		keys[k] = true
	}
	sorted := slices.SortedFunc(maps.Keys(keys), func(a, b key) int {
		return cmp.Or(strings.Compare(a.kind, b.kind), model.CompareIDs(a.id, b.id))
	})
	for _, k := range sorted {
		if slices.Equal(headItems[k], baseItems[k]) {
			continue // most scopes: the same items in the same order, nothing to count
		}
		in, out := difference(headItems[k], baseItems[k]), difference(baseItems[k], headItems[k])
		if len(in) == 0 && len(out) == 0 {
			continue
		}
		s := Scope{ID: k.id, Kind: k.kind, Title: c.title(k.id), In: c.refs(in), Out: c.refs(out)}
		c.d.Scope = append(c.d.Scope, s)
	}
}
