package view

import (
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// UnknownIDError is an ID no record has. Hint says what to do instead: a
// "did you mean" of a close ID, or where to find the IDs.
type UnknownIDError struct {
	ID   string
	Hint string
}

func (e *UnknownIDError) Error() string {
	return "no record has the ID " + strconv.Quote(e.ID) + "; " + e.Hint
}

// Find returns the record with the ID (the first of duplicates, as
// [plan.Plan.Record]), or an [UnknownIDError].
func Find(p *plan.Plan, id string) (*workspace.Record, error) {
	if r := p.Record(id); r != nil {
		return r, nil
	}
	hint := suggest.IDHint(id, p.WS.IDs())
	if hint == "" {
		hint = "list IDs with `roadlog list KIND`"
	}
	return nil, &UnknownIDError{ID: id, Hint: hint}
}

// Body returns a record's Markdown: the file's body, or its description.
func Body(r *workspace.Record) string {
	if b := model.Body(r.Model); b != "" {
		return b
	}
	if d, ok := r.Meta().Fields["description"].(string); ok {
		return d
	}
	return ""
}

// Detail is one record as `roadlog show ID --format json` writes it: its
// kind and file, its fields (as [Objects] has them), its Markdown, how an
// item's score comes about, and what refers to it.
type Detail struct {
	Kind         string       `json:"kind"`
	File         string       `json:"file"`
	Record       Object       `json:"record"`
	Body         string       `json:"body"`
	Score        *DetailScore `json:"score,omitempty"`
	ReferencedBy []Reference  `json:"referenced_by"`
}

// DetailScore is an item's score: the model, the value when the inputs
// give one, and how it comes about.
type DetailScore struct {
	Model       string   `json:"model"`
	Value       *float64 `json:"value"`
	Explanation string   `json:"explanation"`
}

// Reference is a record that refers to the one shown, and how
// ("children", "items", …: the group's name in snake case).
type Reference struct {
	Relation string `json:"relation"`
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
}

// NewDetail describes r; refs are what refers to it
// ([plan.Plan.ReferenceGroups]).
func NewDetail(p *plan.Plan, r *workspace.Record, refs []plan.RefGroup) Detail {
	rows := []Row{{Record: r, Values: p.Row(r)}}
	out := Detail{
		Kind: string(r.Kind()), File: r.File.Path,
		Record: Objects(rows, nil)[0], Body: Body(r), ReferencedBy: []Reference{},
	}
	if it, ok := r.Model.(*model.Item); ok {
		sj := &DetailScore{Explanation: p.ExplainScore(it)}
		if p.Model != nil {
			sj.Model = p.Model.Name
		}
		if v, ok := p.Score(it); ok {
			sj.Value = &v
		}
		out.Score = sj
	}
	for _, g := range refs {
		for _, rec := range g.Records {
			out.ReferencedBy = append(out.ReferencedBy, Reference{
				Relation: strings.ToLower(strings.ReplaceAll(g.Name, " ", "_")),
				ID:       rec.ID(), Kind: string(rec.Kind()), Title: rec.Meta().Title,
			})
		}
	}
	return out
}
