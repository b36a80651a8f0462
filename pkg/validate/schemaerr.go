package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"github.com/roadlog/roadlog/schema"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// rankPattern is the pattern of item.schema.json's rank.
const rankPattern = "^[0-9A-Za-z]+$"

// schemaFindings validates one file and turns each schema error into a
// finding at the line and column of the offending key or value.
func schemaFindings(c *compiled, f *workspace.File) diag.List {
	sch := c.schemas[f.Kind]
	if sch == nil || !f.Parsed || (f.Value == nil && !f.Kind.Markdown()) {
		return nil
	}
	if fast := c.fast[f.Kind]; fast != nil && fast.valid(f.Value, 0) {
		return nil // certainly valid: see fastschema.go
	}
	err := sch.Validate(f.Value)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return diag.List{{Path: f.Path, Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: "schema", Message: err.Error()}}
	}
	var leaves []*jsonschema.ValidationError
	collectLeaves(ve, &leaves)
	var out diag.List
	for _, l := range leaves {
		for _, fd := range describe(c, f, l) {
			out.Add(diag.Diagnostic{Path: f.Path, Pos: fd.pos, Severity: diag.Error, Rule: "schema", Message: fd.msg, Hint: fd.hint})
		}
	}
	return out
}

func collectLeaves(e *jsonschema.ValidationError, out *[]*jsonschema.ValidationError) {
	if _, ok := e.ErrorKind.(*kind.PropertyNames); ok || len(e.Causes) == 0 {
		*out = append(*out, e)
		return
	}
	for _, c := range e.Causes {
		collectLeaves(c, out)
	}
}

type finding struct {
	pos  diag.Pos
	msg  string
	hint string
}

// label names the value at a JSON pointer for a message: the path within
// the record it belongs to ("status", "score.reach", "labels[1]").
func label(tokens []string) string {
	start := 0
	for i, t := range tokens {
		if isIndex(t) && i+1 < len(tokens) {
			start = i + 1 // a record in a list: name fields relative to it
		}
	}
	var b strings.Builder
	for _, t := range tokens[start:] {
		if isIndex(t) {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	if b.Len() == 0 {
		return "value"
	}
	return b.String()
}

func isIndex(t string) bool {
	_, err := strconv.Atoi(t)
	return err == nil
}

// show formats a value for a message. Strings are quoted Go-style, which
// also escapes control characters.
func show(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case nil:
		return "nothing"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func typeWord(t string) string {
	switch t {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "integer":
		return "a whole number"
	case "array":
		return "a list"
	case "object":
		return "a mapping of keys to values"
	case "boolean":
		return "true or false"
	case "null":
		return "empty"
	}
	return t
}

func ratText(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'f', -1, 64)
}

var printer = message.NewPrinter(language.English)

// subject is one schema error with what its describer needs to know.
type subject struct {
	c      *compiled
	f      *workspace.File
	e      *jsonschema.ValidationError
	tokens []string // where the offending value is
	name   string   // what it is called in a message
	val    any      // the value
}

// at is the position of the offending value.
func (s *subject) at() diag.Pos { return s.f.Locate(s.tokens, false) }

// one is a single finding at the offending value.
func (s *subject) one(msg, hint string) []finding { return []finding{{s.at(), msg, hint}} }

// describer explains a schema error of one kind.
type describer func(*subject) []finding

type describerEntry struct {
	kind reflect.Type
	fn   describer
}

// by files a describer under the kind of error it takes.
func by[K jsonschema.ErrorKind](fn func(*subject, K) []finding) describerEntry {
	return describerEntry{reflect.TypeFor[K](), func(s *subject) []finding { return fn(s, s.e.ErrorKind.(K)) }}
}

// describers explain each kind of schema error, by the keyword that failed.
var describers = func(entries ...describerEntry) map[reflect.Type]describer {
	m := make(map[reflect.Type]describer, len(entries))
	for _, e := range entries {
		m[e.kind] = e.fn
	}
	return m
}(
	by(describeType), by(describeEnum), by(describeConst), by(describeRequired),
	by(describeAdditionalProperties), by(describePropertyNames), by(describePattern), by(describeFormat),
	by(describeMinLength), by(describeMaxLength), by(describeMinItems), by(describeMaxItems),
	by(describeMinimum), by(describeMaximum), by(describeExclusiveMinimum), by(describeExclusiveMaximum),
	by(describeUniqueItems), by(describeNot), by(describeFalseSchema),
)

// describe explains one schema error.
func describe(c *compiled, f *workspace.File, e *jsonschema.ValidationError) []finding {
	tokens := e.InstanceLocation
	if k, ok := e.ErrorKind.(*kind.PropertyNames); ok {
		tokens = propertyNamesLocation(f.Value, e, k.Property)
	}
	s := &subject{c: c, f: f, e: e, tokens: tokens, name: label(tokens), val: yamlvalue.At(f.Value, tokens)}
	if len(tokens) == 0 {
		s.name = "the file"
		if f.Kind.Markdown() {
			s.name = "the front matter"
		}
	}
	if fn := describers[reflect.TypeOf(e.ErrorKind)]; fn != nil {
		return fn(s)
	}
	return s.one(fmt.Sprintf("%s: %s", s.name, e.ErrorKind.LocalizedString(printer)), "")
}

func describeType(s *subject, k *kind.Type) []finding {
	want := make([]string, len(k.Want))
	for i, w := range k.Want {
		want[i] = typeWord(w)
	}
	return s.one(fmt.Sprintf("%s must be %s, not %s", s.name, strings.Join(want, " or "), typeWord(k.Got)), typeHint(k, s.val))
}

// maxEnumHint is the most values an enum's "use one of" hint lists.
const maxEnumHint = 12

func describeEnum(s *subject, k *kind.Enum) []finding {
	var opts []string
	for _, w := range k.Want {
		if str, ok := w.(string); ok {
			opts = append(opts, str)
		}
	}
	got, _ := k.Got.(string) // only text gets a "did you mean"
	hint := suggest.Hint(got, opts)
	if len(opts) <= maxEnumHint {
		hint = suggest.OneOf(got, opts)
	}
	return s.one(fmt.Sprintf("unknown %s %s", s.name, show(k.Got)), hint)
}

func describeConst(s *subject, k *kind.Const) []finding {
	return s.one(fmt.Sprintf("%s must be %s", s.name, show(k.Want)), "")
}

func describeRequired(s *subject, k *kind.Required) []finding {
	var out []finding
	for _, m := range k.Missing {
		out = append(out, finding{s.at(), fmt.Sprintf("missing required field %q", m), fmt.Sprintf(`add a line "%s: …"`, m)})
	}
	return out
}

func describeAdditionalProperties(s *subject, k *kind.AdditionalProperties) []finding {
	allowed := s.c.allowedProperties(s.e.SchemaURL)
	var out []finding
	for _, p := range k.Properties {
		hint := suggest.Hint(p, allowed)
		if hint == "" {
			hint = "remove it"
			if slices.Contains(frontMatterKinds, s.f.Kind) && len(s.tokens) == 0 {
				hint = "remove it, or declare it under fields: in roadlog.yaml"
			}
		}
		out = append(out, finding{s.f.Locate(append(slices.Clone(s.tokens), p), true), fmt.Sprintf("unknown field %q", p), hint})
	}
	return out
}

func describePropertyNames(s *subject, k *kind.PropertyNames) []finding {
	pos := s.f.Locate(append(slices.Clone(s.tokens), k.Property), true)
	switch s.name {
	case "rules":
		return []finding{{pos, fmt.Sprintf("unknown rule %q", k.Property), hintOr(suggest.Hint(k.Property, RuleNames()), "see `roadlog validate --help` for the rules")}}
	case "fields":
		return []finding{{pos, fmt.Sprintf("invalid field name %q", k.Property), "use lower-case letters, digits and _, starting with a letter"}}
	}
	return []finding{{pos, fmt.Sprintf("invalid key %q in %s", k.Property, s.name), "start with a letter, then use letters, digits, '.', '_' or '-'"}}
}

func describePattern(s *subject, k *kind.Pattern) []finding {
	switch {
	case k.Want == model.IDPattern:
		return s.one(fmt.Sprintf("%s %s is not a valid ID", s.name, show(k.Got)), "start with a letter, then use letters, digits, '.', '_' or '-'")
	case k.Want == rankPattern:
		return s.one(fmt.Sprintf("rank %s may hold only letters and digits", show(k.Got)), "let `roadlog rank` set it")
	case strings.HasPrefix(s.name, "paths."):
		return s.one(fmt.Sprintf("%s %s must be a relative path", s.name, show(k.Got)), "write it relative to the folder of roadlog.yaml, with /")
	}
	return s.one(fmt.Sprintf("%s %s does not match the pattern %s", s.name, show(k.Got), k.Want), "")
}

func describeFormat(s *subject, k *kind.Format) []finding {
	switch k.Want {
	case "date":
		return s.one(fmt.Sprintf("%s %s is not a valid date", s.name, show(k.Got)), "write it as YYYY-MM-DD")
	case "email":
		return s.one(fmt.Sprintf("%s %s is not a valid email address", s.name, show(k.Got)), "")
	}
	return s.one(fmt.Sprintf("%s %s is not a valid %s", s.name, show(k.Got), k.Want), "")
}

func describeMinLength(s *subject, _ *kind.MinLength) []finding {
	return s.one(fmt.Sprintf("%s must not be empty", s.name), "")
}

func describeMaxLength(s *subject, k *kind.MaxLength) []finding {
	return s.one(fmt.Sprintf("%s must be at most %d characters long", s.name, k.Want), "")
}

func describeMinItems(s *subject, k *kind.MinItems) []finding {
	return s.one(fmt.Sprintf("%s must list at least %d value(s)", s.name, k.Want), "")
}

func describeMaxItems(s *subject, k *kind.MaxItems) []finding {
	return s.one(fmt.Sprintf("%s must list at most %d value(s)", s.name, k.Want), "")
}

func describeMinimum(s *subject, k *kind.Minimum) []finding {
	return s.one(fmt.Sprintf("%s must be at least %s, not %s", s.name, ratText(k.Want), ratText(k.Got)), "")
}

func describeMaximum(s *subject, k *kind.Maximum) []finding {
	return s.one(fmt.Sprintf("%s must be at most %s, not %s", s.name, ratText(k.Want), ratText(k.Got)), "")
}

func describeExclusiveMinimum(s *subject, k *kind.ExclusiveMinimum) []finding {
	return s.one(fmt.Sprintf("%s must be more than %s, not %s", s.name, ratText(k.Want), ratText(k.Got)), "")
}

func describeExclusiveMaximum(s *subject, k *kind.ExclusiveMaximum) []finding {
	return s.one(fmt.Sprintf("%s must be less than %s, not %s", s.name, ratText(k.Want), ratText(k.Got)), "")
}

func describeUniqueItems(s *subject, k *kind.UniqueItems) []finding {
	dup := append(slices.Clone(s.tokens), strconv.Itoa(k.Duplicates[1]))
	return []finding{{s.f.Locate(dup, false), fmt.Sprintf("%s lists %s twice", s.name, show(yamlvalue.At(s.f.Value, dup))), "remove one of them"}}
}

func describeNot(s *subject, _ *kind.Not) []finding {
	if str, ok := s.val.(string); ok && strings.HasPrefix(s.name, "paths.") {
		if problem, hint := workspace.PathProblem(str); problem != "" {
			return s.one(fmt.Sprintf("%s %s %s", s.name, show(s.val), problem), hint)
		}
	}
	return s.one(fmt.Sprintf("%s %s is not allowed", s.name, show(s.val)), "")
}

func describeFalseSchema(s *subject, _ *kind.FalseSchema) []finding {
	return s.one(fmt.Sprintf("%s is not allowed here", s.name), "remove it")
}

func hintOr(h, fallback string) string {
	if h != "" {
		return h
	}
	return fallback
}

// typeHint suggests how to write a value of the wanted type.
func typeHint(k *kind.Type, val any) string {
	wants := func(t string) bool { return slices.Contains(k.Want, t) }
	switch {
	case wants("string") && (k.Got == "number" || k.Got == "integer" || k.Got == "boolean"):
		return fmt.Sprintf(`put it in quotes: "%s"`, show(val))
	case wants("array") && k.Got == "string":
		return fmt.Sprintf("write it as a list: [%s]", val)
	case (wants("number") || wants("integer")) && k.Got == "string":
		if s, ok := val.(string); ok {
			if _, err := strconv.ParseFloat(s, 64); err == nil {
				return "remove the quotes"
			}
		}
	case k.Got == "null":
		return "give it a value, or remove the key"
	}
	return ""
}

// allowedProperties returns the property names the schema at url (a
// schema of the workspace, "urn:roadlog:schema:item#/$defs/…") declares,
// sorted.
func (c *compiled) allowedProperties(url string) []string {
	if names, ok := c.allowed.Load(url); ok {
		return names.([]string)
	}
	var names []string
	base, frag, _ := strings.Cut(url, "#")
	for k, d := range c.docs {
		if "urn:roadlog:schema:"+string(k) == base {
			names = slices.Sorted(slices.Values(schema.ReadAt(string(k), d, frag).Names()))
		}
	}
	c.allowed.Store(url, names)
	return names
}

// propertyNamesLocation works around jsonschema v6.0.3 keeping a slice that
// a later sibling overwrites as the InstanceLocation of propertyNames
// errors: the object is found from the schema location instead
// (".../properties/rules/propertyNames" → rules), when that location is a
// chain of properties and the object there has the property.
func propertyNamesLocation(v any, e *jsonschema.ValidationError, property string) []string {
	_, frag, _ := strings.Cut(e.SchemaURL, "#")
	parts := strings.Split(strings.TrimPrefix(frag, "/"), "/")
	var tokens []string
	for i := 0; i < len(parts); i++ {
		switch {
		case parts[i] == "properties" && i+1 < len(parts):
			tokens = append(tokens, parts[i+1])
			i++
		case parts[i] == "propertyNames" && i == len(parts)-1:
			if m, ok := yamlvalue.At(v, tokens).(map[string]any); ok {
				if _, has := m[property]; has {
					return tokens
				}
			}
			return e.InstanceLocation
		default:
			return e.InstanceLocation
		}
	}
	return e.InstanceLocation
}
