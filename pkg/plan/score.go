package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
)

// Score returns the item's score, rounded as every output shows it, and
// whether it has one.
func (p *Plan) Score(it *model.Item) (float64, bool) {
	if p.Model == nil {
		return 0, false
	}
	s, ok := p.Model.Score(it)
	if !ok {
		return 0, false
	}
	return roundScore(s), true
}

// ExplainScore spells out how the score is computed, e.g.
// "reach 1200 × impact 2 × confidence 0.8 ÷ effort 3 = 640", or says what is
// missing.
func (p *Plan) ExplainScore(it *model.Item) string {
	if p.Model == nil {
		return "no score: the scoring model in roadlog.yaml does not compile"
	}
	if missing := p.Model.Missing(it); len(missing) > 0 {
		return fmt.Sprintf("no %s score: missing %s", p.Model.Name, strings.Join(missing, ", "))
	}
	s, ok := p.Score(it)
	if !ok {
		return fmt.Sprintf("no %s score: the inputs give no finite number", p.Model.Name)
	}
	in := func(k string) string { return k + " " + model.FormatNumber(it.Score[k]) }
	var expr string
	switch p.Model.Name {
	case "rice":
		expr = in("reach") + " × " + in("impact") + " × " + in("confidence") + " ÷ " + in("effort")
	case "ice":
		expr = in("impact") + " × " + in("confidence") + " × " + in("ease")
	case "wsjf":
		expr = "(" + in("value") + " + " + in("time_criticality") + " + " + in("risk_reduction") + ") ÷ " + in("job_size")
	default:
		var parts []string
		for _, k := range p.Model.Inputs() {
			parts = append(parts, k+" "+formatAny(inputValue(it, k)))
		}
		expr = p.Model.Formula + " with " + strings.Join(parts, ", ")
	}
	return expr + " = " + FormatScore(s)
}

func inputValue(it *model.Item, k string) any {
	if v, ok := it.Score[k]; ok {
		return v
	}
	return it.Fields[k]
}

func formatAny(v any) string {
	switch x := v.(type) {
	case float64:
		return model.FormatNumber(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(v)
}
