package importer

import (
	"path"
	"slices"
	"strconv"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
)

// defaults are the fields the change layer gives a new record of a kind
// when it does not set them (change.Create: an item's type, rank and
// creation date, an initiative's horizon, …), leaving out those the schema
// requires.
var defaults = map[model.Kind][]string{
	model.KindItem:       {"type", "rank", "created"},
	model.KindInsight:    {"source", "date"},
	model.KindDecision:   {"date"},
	model.KindInitiative: {"horizon", "status"},
	model.KindRelease:    {"status"},
	model.KindRisk:       {"status"},
}

// asGiven takes the change layer's defaults off the new records of a
// source whose records are roadlog's own (an empty Key: roadlog JSON),
// where the input does not set them: such a record comes in with exactly
// the fields it was exported with, so that export and import give the
// same records back. Other sources keep the defaults: a record from
// another tool is a new roadlog record.
func (im *importer) asGiven() error {
	given := map[string]*rec{}
	for _, x := range im.recs {
		if x.Key == "" && x.existing == nil && len(defaults[x.Kind]) > 0 {
			given[x.id] = x
		}
	}
	if len(given) == 0 {
		return nil
	}
	cfg := im.s.WS.Config
	for _, p := range im.s.Changed() {
		raw, ok := im.s.Content(p)
		if !ok || raw == nil {
			continue
		}
		var kinds []model.Kind
		for _, k := range model.Kinds() {
			dir := path.Dir(p)
			if k == model.KindItem && dir == cfg.ArchiveDir() {
				dir = cfg.PathOf(k) // an archived item
			}
			if k.Info().OwnFile && dir == cfg.PathOf(k) && path.Ext(p) == ".md" || !k.Info().OwnFile && p == cfg.PathOf(k) {
				kinds = append(kinds, k)
			}
		}
		if len(kinds) == 0 {
			continue
		}
		f, diags := workspace.Parse(p, workspace.FileKind(kinds[0].Info().File), raw)
		if len(diags) > 0 || !f.Parsed {
			continue // the commit reports it
		}
		doc, err := yamledit.Parse(f.YAML())
		if err != nil {
			continue
		}
		var drop [][]string
		for _, k := range kinds {
			drop = append(drop, extra(doc.Value(), k.Info().List, nil, k, given)...)
		}
		if len(drop) == 0 {
			continue
		}
		for _, d := range drop {
			if err := doc.Delete(d); err != nil {
				return err
			}
		}
		out := slices.Concat(raw[:f.YAMLOffset], doc.Bytes(), raw[f.YAMLEnd:])
		im.s.Write(p, out)
	}
	return nil
}

// extra lists the paths of the defaults in the records of kind k at list
// (their place in the file, from v; none for a file of its own) that the
// given records do not set.
func extra(v any, list, at []string, k model.Kind, given map[string]*rec) [][]string {
	if len(list) > 0 {
		m, _ := v.(map[string]any)
		entries, _ := m[list[0]].([]any)
		var out [][]string
		for i, e := range entries {
			out = append(out, extra(e, list[1:], append(slices.Clone(at), list[0], strconv.Itoa(i)), k, given)...)
		}
		return out
	}
	m, _ := v.(map[string]any)
	id, _ := m["id"].(string)
	x := given[id]
	if x == nil || x.Kind != k {
		return nil
	}
	vals := x.values()
	var out [][]string
	for _, f := range defaults[k] {
		if _, has := m[f]; has {
			if _, set := vals[f]; !set {
				out = append(out, append(slices.Clone(at), f))
			}
		}
	}
	return out
}
