package search

import (
	"maps"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/view"
)

// KindNames lists what --kind takes: the kinds as `roadlog list` names
// them, and product.
func KindNames() []string { return append(model.PluralNames(), KindProduct) }

// ParseKind reads a --kind value as [model.ParseKind] does, or product:
// the kind's name as a [Doc] carries it.
func ParseKind(s string) (string, bool) {
	if strings.EqualFold(s, KindProduct) {
		return KindProduct, true
	}
	k, ok := model.ParseKind(s)
	return k.Name(), ok
}

// productFields are the fields --where sees in product.md.
var productFields = []string{"body", "file", "kind", "title"}

// Filter keeps the hits of a kind (a [Doc] kind; "" for all) for which
// the --where expression holds. The expression may name the fields of the
// kinds searched; a record that lacks one does not match. A mistake in the
// expression is a [view.FlagError]; me finds the user for me() (nil: not
// available).
func Filter(p *plan.Plan, hits []*Hit, kind, where string, me func() (string, error)) ([]*Hit, error) {
	out := hits[:0:0]
	for _, h := range hits {
		if kind == "" || h.Doc.Kind == kind {
			out = append(out, h)
		}
	}
	if strings.TrimSpace(where) == "" {
		return out, nil
	}
	f, err := view.CompileWhere(where, fieldNames(p, kind), me)
	if err != nil {
		return nil, err
	}
	kept := out[:0:0]
	var firstErr error
	failed := 0
	for _, h := range out {
		ok, err := f.Match(row(p, h.Doc), p.Today)
		if err != nil {
			failed++
			if firstErr == nil {
				firstErr = err
			}
		}
		if ok {
			kept = append(kept, h)
		}
	}
	if failed > 0 && failed == len(out) {
		// Failing on every hit is a mistake in the expression, as in the views.
		return nil, view.WhereFailed(firstErr)
	}
	return kept, nil
}

// fieldNames are the fields of the kinds searched.
func fieldNames(p *plan.Plan, kind string) []string {
	set := map[string]bool{}
	for _, f := range productFields {
		set[f] = true
	}
	for _, k := range model.Kinds() {
		if kind == "" || k.Name() == kind {
			for _, f := range p.FieldNames(k) {
				set[f] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// row is what --where sees of a document.
func row(p *plan.Plan, d *Doc) map[string]any {
	if d.Record != nil {
		return p.Row(d.Record)
	}
	return map[string]any{"kind": d.Kind, "file": d.File, "title": d.Title, "body": d.Body}
}
