package plan

import (
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/schema"
)

// EnumOrder returns the values of an enum field in their declared order,
// which is the order --sort follows: an item's status in the order of
// workflow.statuses, its type in the order of types, moscow must, should,
// could, wont, a horizon now, next, later, a custom field's enum as
// roadlog.yaml declares it; nil when the field is no enum.
func (p *Plan) EnumOrder(k model.Kind, field string) []string {
	return enumOrder(p.WS.Config, k, field)
}

// enumOrder reads the order from roadlog.yaml and the schemas.
func enumOrder(cfg *workspace.Config, k model.Kind, field string) []string {
	if k == model.KindItem {
		switch field {
		case "status":
			return cfg.Workflow.Statuses
		case "type":
			return cfg.Types
		}
	}
	if f := schema.Record(k).Key(field); f != nil && f.Enum != nil {
		return enumValues(f.Enum)
	}
	if k != model.KindItem && k != model.KindInsight && k != model.KindDecision {
		return nil
	}
	def, _ := cfg.Fields[field].(map[string]any)
	list, _ := def["enum"].([]any)
	return enumValues(list)
}

// enumValues returns the text values of an enum, in order.
func enumValues(values []any) []string {
	var out []string
	for _, v := range values {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
