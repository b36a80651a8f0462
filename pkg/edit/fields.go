package edit

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"gopkg.in/yaml.v3"
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
	Props  map[string]*Field // for mappings: the fields of its keys
	Extra  *Field            // for mappings: the field of other keys; nil: any
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

// maxFieldDepth bounds how deep fieldOf follows nested schemas.
const maxFieldDepth = 16

func fieldOf(root, s map[string]any) *Field { return fieldAt(root, s, 0) }

func fieldAt(root, s map[string]any, depth int) *Field {
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
	if depth >= maxFieldDepth {
		return f
	}
	if items, ok := s["items"].(map[string]any); ok {
		f.Items = fieldAt(root, items, depth+1)
	}
	if props, ok := s["properties"].(map[string]any); ok {
		f.Props = map[string]*Field{}
		for k, p := range props {
			f.Names = append(f.Names, k)
			if ps, ok := p.(map[string]any); ok {
				f.Props[k] = fieldAt(root, ps, depth+1)
			}
		}
		slices.Sort(f.Names)
	}
	if extra, ok := s["additionalProperties"].(map[string]any); ok {
		f.Extra = fieldAt(root, extra, depth+1)
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
		if items, ok := s["items"].(map[string]any); ok {
			if _, err := strconv.Atoi(tok); err == nil {
				s = items // labels.0: an element of a list
				continue
			}
		}
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

// ParseValue reads a value given on the command line for a field, typed by
// the field's schema. Text fields take the text as it is (title=123 stays
// text, due=2027-01-15 is a date). Anything else is read as YAML would read
// it in the file: a list as [a, "b,c"] (or a, b), a mapping as {k: v},
// numbers, true and false, null where the field takes any value. What comes
// back is written so that it reads back as exactly this value; what cannot
// be kept exactly (an integer past 2^53, a decimal with more digits than a
// number holds, infinity) is refused.
func ParseValue(f *Field, text string) (any, error) {
	if !utf8.ValidString(text) {
		return nil, errors.New("the value is not valid UTF-8")
	}
	switch {
	case f.has("array"):
		src := text
		if t := strings.TrimSpace(text); !strings.HasPrefix(t, "[") {
			src = "[" + text + "]" // a, b
		}
		return parseYAML(f, src, text)
	case f.has("object"):
		return parseYAML(f, text, text)
	case f.isText():
		return text, nil
	}
	return parseYAML(f, text, text)
}

// has reports whether the field takes the JSON type t.
func (f *Field) has(t string) bool { return slices.Contains(f.Types, t) }

// isText reports whether the field takes text as given: a string type, a
// date, or an enum of strings.
func (f *Field) isText() bool {
	if f.has("string") || f.Format != "" {
		return true
	}
	if len(f.Types) > 0 || len(f.Enum) == 0 {
		return false
	}
	for _, e := range f.Enum {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}

// parseYAML reads src as one YAML value and types it by f; text is what
// the user gave, for messages.
func parseYAML(f *Field, src, text string) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return nil, fmt.Errorf("%q is not a YAML value: %s; quote text with commas or colons (\"a, b\")", text, yamlMessage(err))
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		n = doc.Content[0]
	}
	return typed(f, n)
}

// yamlMessage drops yaml.v3's "yaml: line 1: " prefix: the value is one
// line the user typed.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if i := strings.Index(msg, ": "); strings.HasPrefix(msg, "line ") && i > 0 {
		msg = msg[i+2:]
	}
	return msg
}

// typed converts a node to the value the field takes.
func typed(f *Field, n *yaml.Node) (any, error) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return nil, errors.New("anchors and aliases (&x, *x) are not values; write the value out")
	}
	switch n.Kind {
	case yaml.SequenceNode:
		if len(f.Types) > 0 && !f.has("array") {
			return nil, fmt.Errorf("a list is not %s", f.kind())
		}
		item := f.Items
		if item == nil {
			item = &Field{}
		}
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := typed(item, c)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		if len(f.Types) > 0 && !f.has("object") {
			if f.isText() {
				return nil, errors.New(`a mapping is not text; quote text that has ": " in it ("a: b")`)
			}
			return nil, fmt.Errorf("a mapping is not %s", f.kind())
		}
		out := yamledit.Map{}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
				return nil, errors.New("a key must be a plain name")
			}
			if seen[k.Value] {
				return nil, fmt.Errorf("the key %q is given twice", k.Value)
			}
			seen[k.Value] = true
			sub := f.Props[k.Value]
			if sub == nil {
				sub = f.Extra
			}
			if sub == nil {
				sub = &Field{}
			}
			v, err := typed(sub, n.Content[i+1])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k.Value, err)
			}
			out = append(out, yamledit.KV{Key: k.Value, Value: v})
		}
		return out, nil
	}
	if f.isText() {
		if n.Tag == "!!null" && n.Style == 0 && n.Value == "" {
			return "", nil // labels=[a, ] has an empty element
		}
		return n.Value, nil // as written: 123 stays text in a list of labels too
	}
	v, problems := yamlvalue.Convert(n)
	if len(problems) > 0 {
		return nil, errors.New(problems[0].Msg)
	}
	switch x := v.(type) {
	case int64:
		if x > maxExact || x < -maxExact {
			return nil, inexact(n.Value)
		}
	case float64:
		if err := exactFloat(n.Value, x); err != nil {
			return nil, err
		}
	}
	switch {
	case len(f.Types) == 0:
		return v, nil
	case f.has("integer"):
		if _, ok := v.(int64); ok {
			return v, nil
		}
		return nil, fmt.Errorf("%q is not a whole number", n.Value)
	case f.has("number"):
		switch v.(type) {
		case int64, float64:
			return v, nil
		}
		if _, err := strconv.ParseFloat(n.Value, 64); errors.Is(err, strconv.ErrRange) {
			return nil, inexact(n.Value)
		}
		return nil, fmt.Errorf("%q is not a number", n.Value)
	case f.has("boolean"):
		if _, ok := v.(bool); ok {
			return v, nil
		}
		return nil, fmt.Errorf("%q is not true or false", n.Value)
	case f.has("null") && v == nil:
		return nil, nil
	}
	return nil, fmt.Errorf("%q is not %s", n.Value, f.kind())
}

// maxExact is the largest integer every number keeps exactly (2^53): past
// it, a float64 (and JSON readers) round.
const maxExact = 1 << 53

func inexact(text string) error {
	return fmt.Errorf("%s cannot be kept exactly: numbers are kept to about 15 digits, whole numbers up to %d", text, maxExact)
}

// exactFloat checks that a decimal written as the shortest text of its
// float64 is the decimal that was typed, and that it is finite.
func exactFloat(text string, x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("%s is not a finite number", text)
	}
	if math.Abs(x) > maxExact {
		return inexact(text)
	}
	typed, ok := new(big.Rat).SetString(strings.ReplaceAll(text, "_", ""))
	if !ok {
		return nil // not decimal notation (0x1F): yamlvalue read it exactly
	}
	kept, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	if !ok || typed.Cmp(kept) != 0 {
		return inexact(text)
	}
	return nil
}

// kind names what the field takes, for messages.
func (f *Field) kind() string {
	names := map[string]string{
		"string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
		"array": "a list", "object": "a mapping", "null": "null",
	}
	var out []string
	for _, t := range f.Types {
		out = append(out, names[t])
	}
	if len(out) == 0 {
		return "a value"
	}
	return strings.Join(out, " or ")
}
