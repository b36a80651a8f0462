package plan

import (
	"maps"
	"slices"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/schema"
)

// computed lists the fields a plan adds to each kind of record, with what
// they mean; they can be queried, sorted on and shown like stored fields.
var computed = map[model.Kind][]Computed{
	model.KindItem: {
		{"score", "the score of the scoring model; empty when inputs are missing"},
		{"open", "the status does not count as finished"},
		{"blocked", "open and depending on an open item"},
		{"overdue", "open and due before today"},
		{"progress", "checked acceptance criteria ÷ all, 0..1"},
		{"criteria_done", "checked acceptance criteria"},
		{"criteria_total", "acceptance criteria"},
		{"children", "items whose parent this is"},
		{"archived", "the file lies in the archive folder (roadlog archive)"},
		{"body", "the Markdown text after the front matter"},
	},
	model.KindInitiative: {
		{"items", "backlog items of the initiative"},
		{"progress", "closed items ÷ all items, 0..1"},
		{"open", "status is neither done nor dropped"},
	},
	model.KindRelease: {
		{"items", "backlog items of the release"},
		{"progress", "closed items ÷ all items, 0..1"},
		{"open", "status is planned"},
	},
	model.KindObjective: {
		{"progress", "mean progress of the key results, 0..1, when every one is measurable"},
		{"measurable", "key results with a progress, of len(key_results)"},
		{"initiatives", "initiatives that serve the objective"},
	},
	model.KindKeyResult: {
		{"progress", "(current - baseline) ÷ (target - baseline), 0..1; 1 once current reaches target"},
		{"objective", "the objective it belongs to"},
	},
	model.KindRisk: {
		{"exposure", "likelihood × impact, 1..25"},
		{"open", "status is open"},
	},
	model.KindInsight: {
		{"cited_by", "items citing the insight"},
		{"body", "the Markdown text after the front matter"},
	},
	model.KindDecision: {{"body", "the Markdown text after the front matter"}},
	model.KindTheme:    {{"initiatives", "initiatives of the theme"}},
}

// Computed describes a computed field.
type Computed struct {
	Name        string
	Description string
}

// ComputedFields returns the computed fields of a kind.
func ComputedFields(k model.Kind) []Computed { return computed[k] }

// common are the fields every row has.
var common = []string{"kind", "file"}

// FieldNames returns every field a query or column may name for the kind:
// stored (custom fields included), computed, and kind and file. Sorted.
func (p *Plan) FieldNames(k model.Kind) []string {
	set := map[string]bool{}
	for _, f := range schema.Record(k).Names() {
		set[f] = true
	}
	if k == model.KindItem || k == model.KindInsight || k == model.KindDecision {
		for _, f := range p.WS.Config.FieldNames() {
			set[f] = true
		}
	}
	for _, c := range computed[k] {
		set[c.Name] = true
	}
	for _, c := range common {
		set[c] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// ScoreInputs is the key under which a row keeps an item's stored score:
// mapping, since "score" in a row is the computed number. It cannot clash
// with a field: field names have no spaces.
const ScoreInputs = "score inputs"

// Row returns a record's fields, stored and computed, keyed as in the YAML.
// Missing values are absent (nil), so that they sort last and compare false.
func (p *Plan) Row(r *workspace.Record) map[string]any {
	m := r.Meta()
	row := make(map[string]any, len(m.Fields)+8)
	maps.Copy(row, m.Fields)
	row["kind"] = string(m.Kind)
	row["file"] = m.Path
	switch x := r.Model.(type) {
	case *model.Item:
		p.itemRow(row, m, x)
	case *model.Initiative:
		p.scopeRow(row, x.ID)
		row["open"] = x.Status != "done" && x.Status != "dropped"
	case *model.Release:
		p.scopeRow(row, x.ID)
		row["open"] = x.Status == "" || x.Status == "planned"
	case *model.Objective:
		p.objectiveRow(row, x)
	case *model.KeyResult:
		if v, ok := KeyResultProgress(x); ok {
			row["progress"] = v
		}
		row["objective"] = x.Objective
	case *model.Risk:
		if e := Exposure(x); e > 0 {
			row["exposure"] = int64(e)
		}
		row["open"] = x.Status == "" || x.Status == "open"
	case *model.Insight:
		row["cited_by"] = int64(p.citations(x.ID))
	case *model.Persona:
		if _, ok := m.Fields["needs"]; ok {
			// One text is one need: queries and JSON see a list either way.
			needs := make([]any, len(x.Needs))
			for i, n := range x.Needs {
				needs[i] = n
			}
			row["needs"] = needs
		}
	case *model.Theme:
		n := 0
		for _, in := range p.WS.Initiatives {
			if in.Theme == x.ID {
				n++
			}
		}
		row["initiatives"] = int64(n)
	}
	switch r.Model.(type) {
	case *model.Item, *model.Insight, *model.Decision:
		row["body"] = model.Body(r.Model) // "" when empty, so that body contains "x" is false, not an error
	}
	for k, v := range row {
		if v == nil {
			delete(row, k)
		}
	}
	return row
}

// ratio is a share as a row value: nil when there is nothing to share.
func ratio(s Share) any {
	if r, ok := s.Ratio(); ok {
		return r
	}
	return nil
}

// itemRow adds an item's computed fields: the score (its inputs under
// [ScoreInputs]), whether it is open or blocked, its acceptance criteria
// and children.
func (p *Plan) itemRow(row map[string]any, m *model.Meta, x *model.Item) {
	delete(row, "score")
	if in, ok := m.Fields["score"]; ok {
		row[ScoreInputs] = in
	}
	if s, ok := p.Score(x); ok {
		row["score"] = s
	}
	row["open"] = !p.Closed(x)
	row["blocked"] = p.Blocked(x)
	row["overdue"] = p.Overdue(x)
	c := p.Criteria(x)
	row["progress"] = ratio(c)
	row["criteria_done"] = int64(c.Done)
	row["criteria_total"] = int64(c.Total)
	row["children"] = int64(len(p.Children(x.ID)))
	row["archived"] = p.Archived(x)
}

// scopeRow adds the items and progress of an initiative or release.
func (p *Plan) scopeRow(row map[string]any, id string) {
	s := p.Progress(id)
	row["items"] = int64(s.Total)
	row["progress"] = ratio(s)
}

// objectiveRow adds an objective's progress, how many of its key results
// are measurable, and the initiatives that serve it.
func (p *Plan) objectiveRow(row map[string]any, x *model.Objective) {
	o := p.ObjectiveProgress(x)
	if o.Known() {
		row["progress"] = o.Value
	}
	row["measurable"] = int64(o.Measurable)
	var ids []any
	for _, in := range p.InitiativesFor(x.ID) {
		ids = append(ids, in.ID)
	}
	row["initiatives"] = ids
}

// citations counts the records that cite an insight.
func (p *Plan) citations(id string) int {
	n := 0
	for _, ref := range p.ReferencedBy(id) {
		if ref.Field == "insights" {
			n++
		}
	}
	return n
}
