package edit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
)

// Field is what the schema says of a field: enough to type a value given
// as text on the command line.
type Field struct {
	Known  bool     // the schema declares it
	Types  []string // JSON types; empty: any
	Enum   []any
	Format string // "date" for dates
	Items  *Field // for lists
	Names  []string
}

// schemaFor returns the schema of a kind of record, with what roadlog.yaml
// declares applied.
func schemaFor(cfg *workspace.Config, k model.Kind) (root, record map[string]any, err error) {
	file := map[model.Kind]string{
		model.KindItem: "item", model.KindInsight: "insight", model.KindDecision: "decision",
		model.KindTheme: "roadmap", model.KindInitiative: "roadmap", model.KindObjective: "objectives",
		model.KindKeyResult: "objectives", model.KindRelease: "releases", model.KindRisk: "risks",
		model.KindPersona: "product",
	}[k]
	doc, err := validate.Document(file, cfg)
	if err != nil {
		return nil, nil, err
	}
	switch k {
	case model.KindItem, model.KindInsight, model.KindDecision:
		return doc, doc, nil
	case model.KindPersona:
		props, _ := doc["properties"].(map[string]any)
		personas, _ := props["personas"].(map[string]any)
		items, _ := personas["items"].(map[string]any)
		return doc, items, nil
	}
	defs, _ := doc["$defs"].(map[string]any)
	rec, _ := defs[string(k)].(map[string]any)
	return doc, rec, nil
}

// deref follows a local $ref ("#/$defs/status").
func deref(root, s map[string]any) map[string]any {
	for range 10 {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		node := any(root)
		for _, t := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			m, _ := node.(map[string]any)
			node = m[t]
		}
		next, ok := node.(map[string]any)
		if !ok {
			return s
		}
		s = next
	}
	return s
}

func fieldOf(root, s map[string]any) *Field {
	s = deref(root, s)
	f := &Field{Known: true}
	switch t := s["type"].(type) {
	case string:
		f.Types = []string{t}
	case []any:
		for _, e := range t {
			if str, ok := e.(string); ok {
				f.Types = append(f.Types, str)
			}
		}
	}
	if enum, ok := s["enum"].([]any); ok {
		f.Enum = enum
	}
	f.Format, _ = s["format"].(string)
	if items, ok := s["items"].(map[string]any); ok {
		f.Items = fieldOf(root, items)
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for k := range props {
			f.Names = append(f.Names, k)
		}
		slices.Sort(f.Names)
	}
	return f
}

// LookupField returns what the schema says of the field at path of a kind
// of record. An unknown field comes back with Known false and a "did you
// mean" among its siblings.
func LookupField(cfg *workspace.Config, k model.Kind, path []string) (*Field, string, error) {
	root, s, err := schemaFor(cfg, k)
	if err != nil {
		return nil, "", err
	}
	for _, tok := range path {
		s = deref(root, s)
		props, _ := s["properties"].(map[string]any)
		if sub, ok := props[tok].(map[string]any); ok {
			s = sub
			continue
		}
		if add, ok := s["additionalProperties"].(map[string]any); ok {
			s = add
			continue
		}
		var names []string
		for n := range props {
			names = append(names, n)
		}
		slices.Sort(names)
		return &Field{}, suggest.Hint(tok, names), nil
	}
	return fieldOf(root, s), "", nil
}

// ParseValue types text by the field's schema: a number stays a number, a
// date a date, a string that looks like a number stays a string. Lists take
// [a, b] or a, b.
func ParseValue(f *Field, text string) (any, error) {
	has := func(t string) bool { return slices.Contains(f.Types, t) }
	switch {
	case has("array"):
		inner := strings.TrimSpace(text)
		inner = strings.TrimSuffix(strings.TrimPrefix(inner, "["), "]")
		out := []any{}
		if strings.TrimSpace(inner) == "" {
			return out, nil
		}
		item := f.Items
		if item == nil {
			item = &Field{}
		}
		for _, part := range strings.Split(inner, ",") {
			v, err := ParseValue(item, strings.TrimSpace(part))
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case has("integer") && !has("string"):
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", text)
		}
		return n, nil
	case has("number") && !has("string"):
		n, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", text)
		}
		return n, nil
	case has("boolean") && !has("string"):
		b, err := strconv.ParseBool(strings.TrimSpace(text))
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", text)
		}
		return b, nil
	case has("object"):
		return nil, fmt.Errorf("set the keys of a mapping one at a time (field.key=value)")
	case has("string") || len(f.Enum) > 0 || f.Format != "":
		return text, nil
	}
	// No type known: read it as YAML would.
	if v, ok := yamlvalue.Fast([]byte("v: " + text)); ok {
		return v["v"], nil
	}
	return text, nil
}
