package change

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
	"github.com/roadlog/roadlog/schema"
	"gopkg.in/yaml.v3"
)

// LookupField returns what the schema of a workspace says of the field at
// path of a kind of record: its type, enum and, for lists and mappings,
// what they hold. A field the schema does not declare comes back nil, with
// a "did you mean" among its siblings.
func LookupField(cfg *workspace.Config, k model.Kind, path []string) (*schema.Field, string, error) {
	f, err := RecordFields(cfg, k)
	if err != nil {
		return nil, "", err
	}
	field, hint := lookupIn(f, path)
	return field, hint, nil
}

// RecordFields returns the fields of a record of kind k by the workspace's
// schema: the embedded one with what roadlog.yaml adds (statuses, custom
// fields).
func RecordFields(cfg *workspace.Config, k model.Kind) (*schema.Field, error) {
	file := k.Info().File
	doc, err := validate.Document(file, cfg)
	if err != nil {
		return nil, err
	}
	return schema.RecordFields(schema.Read(file, doc), k), nil
}

// lookupIn follows path down from the fields of a record.
func lookupIn(f *schema.Field, path []string) (*schema.Field, string) {
	for _, tok := range path {
		next := f.At([]string{tok})
		if next == nil {
			return nil, suggest.Hint(tok, slices.Sorted(slices.Values(f.Names())))
		}
		f = next
	}
	return f, ""
}

// lookupField is [LookupField] with the fields of each kind read once per
// session: building a kind's schema costs far more than one change, and an
// import makes thousands.
func (s *Session) lookupField(k model.Kind, path []string) (*schema.Field, string, error) {
	f, ok := s.fields[k]
	if !ok {
		var err error
		if f, err = RecordFields(s.WS.Config, k); err != nil {
			return nil, "", err
		}
		if s.fields == nil {
			s.fields = map[model.Kind]*schema.Field{}
		}
		s.fields[k] = f
	}
	field, hint := lookupIn(f, path)
	return field, hint, nil
}

// parseValue reads a value given on the command line for a field, typed by
// the field's schema. Text fields take the text as it is (title=123 stays
// text, due=2027-01-15 is a date). Anything else is read as YAML would read
// it in the file: a list as [a, "b,c"] (or a, b), a mapping as {k: v},
// numbers, true and false, null where the field takes any value. What comes
// back is written so that it reads back as exactly this value; what cannot
// be kept exactly (an integer past 2^53, a decimal with more digits than a
// number holds, infinity) is refused.
func parseValue(f *schema.Field, text string) (any, error) {
	if !utf8.ValidString(text) {
		return nil, errors.New("the value is not valid UTF-8")
	}
	if f == nil {
		f = &schema.Field{}
	}
	list := strings.HasPrefix(strings.TrimSpace(text), "[")
	switch {
	case f.Has("array") && isText(f) && !list:
		return text, nil // text or a list of texts: only [a, b] is a list
	case f.Has("array"):
		src := text
		if !list {
			src = "[" + text + "]" // a, b
		}
		return parseYAML(f, src, text)
	case f.Has("object"):
		return parseYAML(f, text, text)
	case isText(f):
		return text, nil
	}
	return parseYAML(f, text, text)
}

// isText reports whether the field takes text as given: a string type, a
// date, or an enum of strings.
func isText(f *schema.Field) bool {
	if f.Has("string") || f.Format != "" {
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
func parseYAML(f *schema.Field, src, text string) (any, error) {
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
func typed(f *schema.Field, n *yaml.Node) (any, error) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return nil, errors.New("anchors and aliases (&x, *x) are not values; write the value out")
	}
	switch n.Kind {
	case yaml.SequenceNode:
		return typedList(f, n)
	case yaml.MappingNode:
		return typedMapping(f, n)
	}
	return typedScalar(f, n)
}

// typedList converts a sequence to the list the field takes.
func typedList(f *schema.Field, n *yaml.Node) (any, error) {
	if len(f.Types) > 0 && !f.Has("array") {
		return nil, fmt.Errorf("a list is not %s", kind(f))
	}
	item := f.Items
	if item == nil {
		item = &schema.Field{}
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
}

// typedMapping converts a mapping to the mapping the field takes, keys in
// the order given.
func typedMapping(f *schema.Field, n *yaml.Node) (any, error) {
	if len(f.Types) > 0 && !f.Has("object") {
		if isText(f) {
			return nil, errors.New(`a mapping is not text; quote text that has ": " in it ("a: b")`)
		}
		return nil, fmt.Errorf("a mapping is not %s", kind(f))
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
		sub := f.Key(k.Value)
		if sub == nil {
			sub = &schema.Field{}
		}
		v, err := typed(sub, n.Content[i+1])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k.Value, err)
		}
		out = append(out, yamledit.KV{Key: k.Value, Value: v})
	}
	return out, nil
}

// typedScalar converts a scalar to the value the field takes: text as
// written for a text field, else what YAML reads, kept exactly, of the
// field's type.
func typedScalar(f *schema.Field, n *yaml.Node) (any, error) {
	if isText(f) {
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
	return ofType(f, n.Value, v)
}

// ofType returns v, read from text, when the field takes its type.
func ofType(f *schema.Field, text string, v any) (any, error) {
	switch {
	case len(f.Types) == 0:
		return v, nil
	case f.Has("integer"):
		if _, ok := v.(int64); ok {
			return v, nil
		}
		return nil, fmt.Errorf("%q is not a whole number", text)
	case f.Has("number"):
		switch v.(type) {
		case int64, float64:
			return v, nil
		}
		if _, err := strconv.ParseFloat(text, 64); errors.Is(err, strconv.ErrRange) {
			return nil, inexact(text)
		}
		return nil, fmt.Errorf("%q is not a number", text)
	case f.Has("boolean"):
		if _, ok := v.(bool); ok {
			return v, nil
		}
		return nil, fmt.Errorf("%q is not true or false", text)
	case f.Has("null") && v == nil:
		return nil, nil
	}
	return nil, fmt.Errorf("%q is not %s", text, kind(f))
}

// maxExact is the largest integer every number keeps exactly (2^53): past
// it, a float64 (and JSON readers) round.
const maxExact = 1 << 53

func inexact(text string) error {
	return fmt.Errorf("%s cannot be kept exactly: numbers are kept to about 15 digits, whole numbers up to %d", text, maxExact)
}

// exactFloat checks that a number written as the shortest text of its
// float64 is the number that was typed, and that it is finite. The typed
// text is read exactly (big.Rat): in decimal notation, or in hexadecimal
// (0x1p-2, which only an explicit !!float tag makes a float). Text it
// cannot read that way is refused, never taken as exact.
func exactFloat(text string, x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("%s is not a finite number", text)
	}
	if math.Abs(x) > maxExact {
		return inexact(text)
	}
	s := strings.ReplaceAll(text, "_", "")
	hex := isHex(s)
	if !smallExponent(s, hex) {
		// Reading it exactly would take a number of 10^exponent: far past
		// any float64, and too large to compute.
		return fmt.Errorf("%s has an exponent past ±%d; write the number without one", text, maxExponent)
	}
	typed, ok := new(big.Rat).SetString(s)
	if !ok {
		return inexact(text)
	}
	// Decimal text is kept when the shortest decimal of x is that text;
	// hexadecimal text, a binary fraction, when x is that fraction.
	kept, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	if hex {
		kept, ok = new(big.Rat).SetFloat64(x), true
	}
	if !ok || typed.Cmp(kept) != 0 {
		return inexact(text)
	}
	return nil
}

// maxExponent is the largest exponent (of 10, or of 2 in hexadecimal) a
// typed number may have: float64 reaches 10^±324, 2^±1074.
const maxExponent = 1100

// isHex reports whether a number's text is hexadecimal (0x1p-2).
func isHex(s string) bool {
	digits := strings.TrimLeft(s, "+-")
	return len(digits) > 1 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')
}

// smallExponent reports whether the exponent of a number's text, if it has
// one, is within ±maxExponent.
func smallExponent(s string, hex bool) bool {
	digits := strings.TrimLeft(s, "+-")
	marks := "eE"
	if hex {
		marks = "pP"
	}
	i := strings.LastIndexAny(digits, marks)
	if i < 0 {
		return true
	}
	e, err := strconv.Atoi(digits[i+1:])
	return err == nil && e >= -maxExponent && e <= maxExponent
}

// kind names what the field takes, for messages.
func kind(f *schema.Field) string {
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
