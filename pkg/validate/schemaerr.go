package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/yamlvalue"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

const (
	idPattern   = "^[A-Za-z][A-Za-z0-9._-]*$"
	rankPattern = "^[0-9A-Za-z]+$"
)

// schemaFindings validates one file and turns each schema error into a
// finding at the line and column of the offending key or value.
func schemaFindings(c *compiled, f *workspace.File) diag.List {
	sch := c.schemas[f.Kind]
	if sch == nil || !f.Parsed || (f.Value == nil && !f.Kind.Markdown()) {
		return nil
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

// describe explains one schema error.
func describe(c *compiled, f *workspace.File, e *jsonschema.ValidationError) []finding {
	tokens := e.InstanceLocation
	if k, ok := e.ErrorKind.(*kind.PropertyNames); ok {
		tokens = propertyNamesLocation(f.Value, e, k.Property)
	}
	name := label(tokens)
	if len(tokens) == 0 {
		name = "the file"
		if f.Kind.Markdown() {
			name = "the front matter"
		}
	}
	val := yamlvalue.At(f.Value, tokens)
	at := func() diag.Pos { return f.Locate(tokens, false) }
	one := func(msg, hint string) []finding { return []finding{{at(), msg, hint}} }

	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = typeWord(w)
		}
		return one(fmt.Sprintf("%s must be %s, not %s", name, strings.Join(want, " or "), typeWord(k.Got)), typeHint(k, val))
	case *kind.Enum:
		var opts []string
		for _, w := range k.Want {
			if s, ok := w.(string); ok {
				opts = append(opts, s)
			}
		}
		hint := ""
		if s, ok := k.Got.(string); ok {
			hint = suggest.Hint(s, opts)
		}
		if hint == "" && len(opts) > 0 && len(opts) <= 12 {
			hint = "use one of: " + strings.Join(opts, ", ")
		}
		return one(fmt.Sprintf("unknown %s %s", name, show(k.Got)), hint)
	case *kind.Const:
		return one(fmt.Sprintf("%s must be %s", name, show(k.Want)), "")
	case *kind.Required:
		var out []finding
		for _, m := range k.Missing {
			out = append(out, finding{at(), fmt.Sprintf("missing required field %q", m), fmt.Sprintf(`add a line "%s: …"`, m)})
		}
		return out
	case *kind.AdditionalProperties:
		allowed := allowedProperties(c, e.SchemaURL)
		var out []finding
		for _, p := range k.Properties {
			hint := suggest.Hint(p, allowed)
			if hint == "" {
				hint = "remove it"
				if slices.Contains(frontMatterKinds, f.Kind) && len(tokens) == 0 {
					hint = "remove it, or declare it under fields: in roadlog.yaml"
				}
			}
			out = append(out, finding{f.Locate(append(slices.Clone(tokens), p), true), fmt.Sprintf("unknown field %q", p), hint})
		}
		return out
	case *kind.PropertyNames:
		pos := f.Locate(append(slices.Clone(tokens), k.Property), true)
		switch name {
		case "rules":
			return []finding{{pos, fmt.Sprintf("unknown rule %q", k.Property), hintOr(suggest.Hint(k.Property, RuleNames()), "see `roadlog validate --help` for the rules")}}
		case "fields":
			return []finding{{pos, fmt.Sprintf("invalid field name %q", k.Property), "use lower-case letters, digits and _, starting with a letter"}}
		default:
			return []finding{{pos, fmt.Sprintf("invalid key %q in %s", k.Property, name), "start with a letter, then use letters, digits, '.', '_' or '-'"}}
		}
	case *kind.Pattern:
		switch k.Want {
		case idPattern:
			return one(fmt.Sprintf("%s %s is not a valid ID", name, show(k.Got)), "start with a letter, then use letters, digits, '.', '_' or '-'")
		case rankPattern:
			return one(fmt.Sprintf("rank %s may hold only letters and digits", show(k.Got)), "let `roadlog rank` set it")
		}
		if strings.HasPrefix(name, "paths.") {
			return one(fmt.Sprintf("%s %s must be a relative path", name, show(k.Got)), "write it relative to the folder of roadlog.yaml, with /")
		}
		return one(fmt.Sprintf("%s %s does not match the pattern %s", name, show(k.Got), k.Want), "")
	case *kind.Format:
		switch k.Want {
		case "date":
			return one(fmt.Sprintf("%s %s is not a valid date", name, show(k.Got)), "write it as YYYY-MM-DD")
		case "email":
			return one(fmt.Sprintf("%s %s is not a valid email address", name, show(k.Got)), "")
		}
		return one(fmt.Sprintf("%s %s is not a valid %s", name, show(k.Got), k.Want), "")
	case *kind.MinLength:
		return one(fmt.Sprintf("%s must not be empty", name), "")
	case *kind.MaxLength:
		return one(fmt.Sprintf("%s must be at most %d characters long", name, k.Want), "")
	case *kind.MinItems:
		return one(fmt.Sprintf("%s must list at least %d value(s)", name, k.Want), "")
	case *kind.MaxItems:
		return one(fmt.Sprintf("%s must list at most %d value(s)", name, k.Want), "")
	case *kind.Minimum:
		return one(fmt.Sprintf("%s must be at least %s, not %s", name, ratText(k.Want), ratText(k.Got)), "")
	case *kind.Maximum:
		return one(fmt.Sprintf("%s must be at most %s, not %s", name, ratText(k.Want), ratText(k.Got)), "")
	case *kind.ExclusiveMinimum:
		return one(fmt.Sprintf("%s must be more than %s, not %s", name, ratText(k.Want), ratText(k.Got)), "")
	case *kind.ExclusiveMaximum:
		return one(fmt.Sprintf("%s must be less than %s, not %s", name, ratText(k.Want), ratText(k.Got)), "")
	case *kind.UniqueItems:
		dup := append(slices.Clone(tokens), strconv.Itoa(k.Duplicates[1]))
		return []finding{{f.Locate(dup, false), fmt.Sprintf("%s lists %s twice", name, show(yamlvalue.At(f.Value, dup))), "remove one of them"}}
	case *kind.Not:
		if s, ok := val.(string); ok && strings.HasPrefix(name, "paths.") {
			if problem, hint := workspace.PathProblem(s); problem != "" {
				return one(fmt.Sprintf("%s %s %s", name, show(val), problem), hint)
			}
		}
		return one(fmt.Sprintf("%s %s is not allowed", name, show(val)), "")
	case *kind.FalseSchema:
		return one(fmt.Sprintf("%s is not allowed here", name), "remove it")
	}
	return one(fmt.Sprintf("%s: %s", name, e.ErrorKind.LocalizedString(printer)), "")
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

// allowedProperties returns the property names the schema at url declares.
func allowedProperties(c *compiled, url string) []string {
	base, frag, _ := strings.Cut(url, "#")
	var doc any
	for k, d := range c.docs {
		if "urn:roadlog:schema:"+string(k) == base {
			doc = d
		}
	}
	for _, t := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if t == "" {
			continue
		}
		m, _ := doc.(map[string]any)
		doc = m[strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")]
	}
	m, _ := doc.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for p := range props {
		names = append(names, p)
	}
	slices.Sort(names)
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
