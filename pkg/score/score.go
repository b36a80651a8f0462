// Package score computes backlog item scores with the scoring models of
// roadlog.yaml: rice, ice, wsjf, or a formula. A score is computed from the
// inputs under an item's score: field, never stored.
package score

import (
	"errors"
	"fmt"
	"maps"
	"math"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
	"github.com/roadlog/roadlog/pkg/model"
)

// Models lists the model names in the order roadlog.yaml documents them.
var Models = []string{"rice", "ice", "wsjf", "formula"}

// Model is a compiled scoring model.
type Model struct {
	Name    string
	Formula string
	inputs  []string
	program *vm.Program
}

// FormulaError is a formula that does not compile, with the 1-based column
// of the mistake.
type FormulaError struct {
	Column int
	Msg    string
}

func (e *FormulaError) Error() string { return fmt.Sprintf("column %d: %s", e.Column, e.Msg) }

// New compiles a model. For "formula" the formula must compile; its inputs
// are the names it uses.
func New(name, formula string) (*Model, error) {
	m := &Model{Name: name, Formula: formula}
	switch name {
	case "rice":
		m.inputs = []string{"reach", "impact", "confidence", "effort"}
	case "ice":
		m.inputs = []string{"impact", "confidence", "ease"}
	case "wsjf":
		m.inputs = []string{"value", "time_criticality", "risk_reduction", "job_size"}
	case "formula":
		tree, err := parser.Parse(formula)
		if err != nil {
			return nil, formulaError(err)
		}
		names := &identifiers{seen: map[string]bool{}}
		ast.Walk(&tree.Node, names)
		m.inputs = names.list
		env := make(map[string]any, len(m.inputs))
		for _, n := range m.inputs {
			env[n] = 0.0
		}
		m.program, err = expr.Compile(formula, expr.Env(env), expr.AsFloat64())
		if err != nil {
			return nil, formulaError(err)
		}
	default:
		return nil, fmt.Errorf("unknown scoring model %q", name)
	}
	return m, nil
}

func formulaError(err error) error {
	var fe *file.Error
	if errors.As(err, &fe) {
		return &FormulaError{Column: fe.Column + 1, Msg: fe.Message}
	}
	return &FormulaError{Column: 1, Msg: err.Error()}
}

// identifiers collects the variable names an expression uses, in order.
type identifiers struct {
	seen map[string]bool
	list []string
}

func (v *identifiers) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok && !v.seen[id.Value] {
		v.seen[id.Value] = true
		v.list = append(v.list, id.Value)
	}
}

// Inputs returns the names of the numbers the model needs.
func (m *Model) Inputs() []string { return m.inputs }

// values returns the numbers an item offers: its score inputs, then its
// numeric fields (estimate, custom fields) for names the inputs lack.
func values(it *model.Item) map[string]float64 {
	out := maps.Clone(it.Score)
	if out == nil {
		out = map[string]float64{}
	}
	for k, v := range it.Fields {
		if _, has := out[k]; has {
			continue
		}
		switch n := v.(type) {
		case int64:
			out[k] = float64(n)
		case float64:
			out[k] = n
		}
	}
	return out
}

// Missing returns the inputs the item lacks, in the model's order.
func (m *Model) Missing(it *model.Item) []string {
	var v map[string]float64
	if m.Name == "formula" {
		v = values(it)
	} else {
		v = it.Score
	}
	var out []string
	for _, in := range m.inputs {
		if _, ok := v[in]; !ok {
			out = append(out, in)
		}
	}
	return out
}

// Score computes the item's score. It returns false when an input is
// missing or the result is not a finite number (a zero effort).
func (m *Model) Score(it *model.Item) (float64, bool) {
	if len(m.Missing(it)) > 0 {
		return 0, false
	}
	s := it.Score
	var r float64
	switch m.Name {
	case "rice":
		r = s["reach"] * s["impact"] * s["confidence"] / s["effort"]
	case "ice":
		r = s["impact"] * s["confidence"] * s["ease"]
	case "wsjf":
		r = (s["value"] + s["time_criticality"] + s["risk_reduction"]) / s["job_size"]
	case "formula":
		env := make(map[string]any, len(m.inputs))
		vals := values(it)
		for _, in := range m.inputs {
			env[in] = vals[in]
		}
		out, err := expr.Run(m.program, env)
		if err != nil {
			return 0, false
		}
		r, _ = out.(float64)
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return 0, false
	}
	return r, true
}

// Example returns a score: mapping with every input, for hints.
func (m *Model) Example() string {
	s := "{"
	for i, in := range m.inputs {
		if i > 0 {
			s += ", "
		}
		s += in + ": …"
	}
	return s + "}"
}
