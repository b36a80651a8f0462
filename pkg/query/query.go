// Package query filters, sorts and picks fields of records for the views:
// --where expressions (on github.com/expr-lang/expr), --sort keys and
// dotted --columns paths.
package query

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/yamlvalue"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/suggest"
)

// Error is a mistake in an expression, a sort key or a column, with the
// 1-based column of the expression where it is.
type Error struct {
	Column int // 0 when it concerns the whole text
	Msg    string
	Hint   string
}

func (e *Error) Error() string {
	s := e.Msg
	if e.Column > 0 {
		s = fmt.Sprintf("column %d: %s", e.Column, e.Msg)
	}
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

// ScoreInputs is where a row keeps an item's stored score: mapping; it
// matches plan.ScoreInputs.
const ScoreInputs = "score inputs"

// Filter is a compiled --where expression.
type Filter struct {
	src     string
	program *vm.Program
	usesMe  bool
	// Me is the person ID me() returns: the key under people in
	// roadlog.yaml whose email is the Git user's.
	Me string
}

// Variables that every expression may use besides the fields.
var extraNames = []string{"today"}

// meVar is the variable me() reads: the person ID of the Git user.
const meVar = "me()"

// Compile checks and compiles a boolean expression over the given field
// names. Names the expression uses must be fields (or "today"), so that a
// typo is an error rather than a filter that silently matches nothing.
// "score.reach" names an input of the score, as in --columns.
func Compile(src string, fields []string) (*Filter, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, exprError(err)
	}
	known := append(slices.Clone(fields), extraNames...)
	callees := &helperCallees{}
	ast.Walk(&tree.Node, callees)
	check := &nameCheck{known: known, skip: callees.ids}
	ast.Walk(&tree.Node, check)
	if check.err != nil {
		return nil, check.err
	}
	calls := &helperCalls{}
	ast.Walk(&tree.Node, calls)
	if calls.err != nil {
		return nil, calls.err
	}
	options := []expr.Option{
		expr.Env(map[string]any{}),
		expr.AllowUndefinedVariables(),
		expr.AsBool(),
		expr.Patch(scoreInputs{}),
		expr.Patch(calls),
		expr.Function(dueWithinFunc, dueWithin),
	}
	// A field named like a built-in function (type, date) is the field.
	for _, f := range fields {
		if _, ok := builtin.Index[f]; ok {
			options = append(options, expr.DisableBuiltin(f))
		}
	}
	program, err := expr.Compile(src, options...)
	if err != nil {
		return nil, exprError(err)
	}
	return &Filter{src: src, program: program, usesMe: calls.me}, nil
}

// UsesMe reports whether the expression calls me(), so that a caller finds
// out who the user is only when it must.
func (f *Filter) UsesMe() bool { return f.usesMe }

// exprError says what is wrong in the user's terms: "=" is a comparison
// written as an assignment; a filter that is not true or false names its
// type.
func exprError(err error) error {
	var fe *file.Error
	if errors.As(err, &fe) {
		e := &Error{Column: fe.Column + 1, Msg: fe.Message}
		if strings.Contains(fe.Message, `Operator("=")`) {
			e.Msg = `"=" is not a comparison`
			e.Hint = `use == to compare, e.g. status == "ready"`
		}
		if t, ok := strings.CutPrefix(fe.Message, "expected bool, but got "); ok {
			return NotBoolError(t)
		}
		return e
	}
	if t, ok := strings.CutPrefix(err.Error(), "expected bool, but got "); ok {
		return NotBoolError(t)
	}
	return &Error{Msg: err.Error()}
}

// notBool matches the runtime error of a filter that is not true or false.
var notBool = regexp.MustCompile(`^invalid operation: bool\(([^)]*)\)`)

// NotBoolError is the error for a filter whose value is of type t rather
// than true or false.
func NotBoolError(t string) error {
	return &Error{
		Msg:  fmt.Sprintf("the expression is %s, not true or false", typeName(t)),
		Hint: `a filter must be a condition, e.g. status == "ready" or score > 100`,
	}
}

// typeName says a Go or expr type the way a user of the views would.
func typeName(t string) string {
	switch t {
	case "int", "int64", "float64", "float":
		return "a number"
	case "string":
		return "text"
	case "[]interface {}", "[]any", "array":
		return "a list"
	case "map[string]interface {}", "map[string]any", "map":
		return "a mapping"
	case "<nil>", "nil":
		return "empty"
	}
	return "a " + t
}

// nameCheck reports the first identifier that names no field.
type nameCheck struct {
	skip     []*ast.IdentifierNode // names of helper functions called
	known    []string
	declared []string
	err      error
}

func (c *nameCheck) Visit(n *ast.Node) {
	if c.err != nil {
		return
	}
	switch x := (*n).(type) {
	case *ast.VariableDeclaratorNode:
		c.declared = append(c.declared, x.Name)
	case *ast.IdentifierNode:
		if slices.Contains(c.known, x.Value) || slices.Contains(c.declared, x.Value) || slices.Contains(c.skip, x) {
			return
		}
		loc := x.Location()
		c.err = &Error{
			Column: loc.From + 1,
			Msg:    fmt.Sprintf("unknown field %q", x.Value),
			Hint:   hintOr(suggest.Hint(x.Value, c.known), "see the fields with --help"),
		}
	}
}

func hintOr(h, fallback string) string {
	if h != "" {
		return h
	}
	return fallback
}

// scoreInputs rewrites score.reach into the variable "score.reach": score
// itself is the computed number, its inputs are the stored mapping.
type scoreInputs struct{}

func (scoreInputs) Visit(n *ast.Node) {
	m, ok := (*n).(*ast.MemberNode)
	if !ok {
		return
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	prop, ok2 := m.Property.(*ast.StringNode)
	if ok && ok2 && id.Value == "score" {
		ast.Patch(n, &ast.IdentifierNode{Value: "score." + prop.Value})
	}
}

// Match evaluates the filter on a row. A row for which the expression fails
// (a comparison with a missing value) does not match; the error is
// returned so that a caller can tell when every row fails.
func (f *Filter) Match(row map[string]any, today string) (bool, error) {
	env := make(map[string]any, len(row)+4)
	for k, v := range row {
		env[k] = v
	}
	env["today"] = today
	if inputs, ok := row[ScoreInputs].(map[string]any); ok {
		for k, v := range inputs {
			env["score."+k] = v
		}
	}
	env[meVar] = f.Me
	out, err := expr.Run(f.program, env)
	if err != nil {
		if m := notBool.FindStringSubmatch(err.Error()); m != nil {
			return false, NotBoolError(m[1])
		}
		return false, err
	}
	b, ok := out.(bool)
	if !ok && out != nil {
		return false, NotBoolError(fmt.Sprintf("%T", out))
	}
	return b, nil
}

// Lookup returns the value at a dotted path in a row ("title",
// "score.reach"), or nil. A path under score reads the stored inputs.
func Lookup(row map[string]any, path string) any {
	first, rest, nested := strings.Cut(path, ".")
	if !nested {
		return row[path]
	}
	var v any
	if first == "score" {
		v = row[ScoreInputs]
	} else {
		v = row[first]
	}
	return yamlvalue.At(v, strings.Split(rest, "."))
}

// CheckPath reports whether a --columns or --sort path starts with a known
// field, with a suggestion when it does not.
func CheckPath(path string, fields []string) error {
	first, _, _ := strings.Cut(path, ".")
	if path == "" {
		return &Error{Msg: "empty field name"}
	}
	if slices.Contains(fields, first) {
		return nil
	}
	return &Error{Msg: fmt.Sprintf("unknown field %q", first), Hint: suggest.Hint(first, fields)}
}

// SortKey is one key of --sort.
type SortKey struct {
	Path string
	Desc bool
	// Order, for an enum field, is its values in declared order, which
	// they sort in (statuses as the workflow lists them, must before
	// should); values outside it sort after them, naturally.
	Order []string
}

// ParseSort reads "a,-b": ascending on a, then descending on b.
func ParseSort(spec string, fields []string) ([]SortKey, error) {
	var keys []SortKey
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		k := SortKey{Path: part}
		if p, ok := strings.CutPrefix(part, "-"); ok {
			k = SortKey{Path: p, Desc: true}
		} else if p, ok := strings.CutPrefix(part, "+"); ok {
			k.Path = p
		}
		if err := CheckPath(k.Path, fields); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// Compare orders two rows by the keys. Missing values sort last whatever the
// direction; IDs and other text sort naturally (ACME-2 before ACME-10).
func Compare(a, b map[string]any, keys []SortKey) int {
	for _, k := range keys {
		va, vb := Lookup(a, k.Path), Lookup(b, k.Path)
		switch {
		case va == nil && vb == nil:
			continue
		case va == nil:
			return 1
		case vb == nil:
			return -1
		}
		c := k.compare(va, vb)
		if k.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// compare orders two non-nil values of the key's field.
func (k SortKey) compare(a, b any) int {
	if k.Order != nil {
		sa, okA := a.(string)
		sb, okB := b.(string)
		if okA && okB {
			if c := cmp.Compare(rank(k.Order, sa), rank(k.Order, sb)); c != 0 {
				return c
			}
		}
	}
	return CompareValues(a, b)
}

// rank is a value's place in an enum's order; those outside it come
// after.
func rank(order []string, v string) int {
	if i := slices.Index(order, v); i >= 0 {
		return i
	}
	return len(order)
}

// CompareValues orders two non-nil values: false before true, numbers
// numerically, numbers before text, text naturally.
func CompareValues(a, b any) int {
	fa, na := number(a)
	fb, nb := number(b)
	switch {
	case na && nb:
		switch {
		case fa < fb:
			return -1
		case fa > fb:
			return 1
		}
		return 0
	case na:
		return -1
	case nb:
		return 1
	}
	ba, isBoolA := a.(bool)
	bb, isBoolB := b.(bool)
	if isBoolA && isBoolB {
		switch {
		case ba == bb:
			return 0
		case !ba:
			return -1
		}
		return 1
	}
	return model.CompareIDs(Text(a), Text(b))
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	}
	return 0, false
}

// Text formats a value for a cell: numbers the shortest way, lists joined
// with ", ", mappings as "k: v" pairs in key order.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = Text(e)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + Text(x[k])
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}
