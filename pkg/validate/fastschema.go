package validate

import (
	"math"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
)

// The fast path of the schema check. Most files of a workspace are valid,
// and for them the JSON Schema validator spends most of its time resolving
// $refs and allocating the state it would need to explain an error. A
// fastNode is a subschema of a workspace's schema documents compiled into a
// small interpreter of the keywords our schemas use. It answers only "valid,
// certainly": a value it does not find valid — because it breaks the schema,
// or because it reaches a keyword, a value or a $ref the interpreter does
// not handle — goes to the JSON Schema validator, which then says what is
// wrong in exactly the words it always did. FuzzSchemaFastPath and
// TestSchemaFastPathAgrees hold it to that: whatever the fast path finds
// valid, the validator finds valid too.

// fastType is a set of JSON types.
type fastType uint8

const (
	fastNull fastType = 1 << iota
	fastBoolean
	fastNumber
	fastInteger // a number with no fraction: also in fastNumber
	fastString
	fastArray
	fastObject
)

var fastTypeNames = map[string]fastType{
	"null": fastNull, "boolean": fastBoolean, "number": fastNumber | fastInteger, "integer": fastInteger,
	"string": fastString, "array": fastArray, "object": fastObject,
}

// fastNode is one compiled subschema, made by fastCompiler.node.
type fastNode struct {
	unsupported bool // it uses something the fast path does not handle: never "valid"
	always      bool // the schema true: valid without looking at the value
	never       bool // the schema false

	types      fastType // 0: any
	enum       map[string]struct{}
	hasEnum    bool
	constant   *string
	constNum   *float64
	date       bool // format: date
	minLength  int  // -1: none
	maxLength  int  // -1: none
	pattern    func(string) bool
	minimum    *float64
	maximum    *float64
	exclMin    *float64
	exclMax    *float64
	ref        *fastNode
	allOf      []*fastNode
	anyOf      []*fastNode
	required   []string
	properties map[string]*fastNode
	additional *fastNode // nil: other keys hold anything
	noExtra    bool      // additionalProperties: false
	items      *fastNode
	unique     bool
	minItems   int // -1: none
	maxItems   int // -1: none
}

// fastMaxDepth bounds how deep the fast path follows a value and its
// $refs; past it, it does not decide (a $ref that loops on itself).
const fastMaxDepth = 64

// valid reports whether v certainly satisfies the schema. False means
// "ask the JSON Schema validator", not "invalid".
func (n *fastNode) valid(v any, depth int) bool {
	if n.always {
		return true
	}
	if n.unsupported || n.never || depth > fastMaxDepth {
		return false
	}
	t, num, ok := fastTypeOf(v)
	if !ok {
		return false // a value the validator itself refuses (NaN, an unknown Go type)
	}
	if (n.types != 0 && n.types&t == 0) || !n.validValue(v, t, num) || !n.validApplicators(v, depth) {
		return false
	}
	switch x := v.(type) {
	case string:
		return n.validString(x)
	case map[string]any:
		return n.validObject(x, depth)
	case []any:
		return n.validArray(x, depth)
	}
	if t&fastNumber != 0 {
		return n.validNumber(num)
	}
	return true
}

// validValue checks enum and const.
func (n *fastNode) validValue(v any, t fastType, num float64) bool {
	if n.hasEnum {
		s, isStr := v.(string)
		if _, in := n.enum[s]; !isStr || !in {
			return false
		}
	}
	if n.constant != nil {
		if s, isStr := v.(string); !isStr || s != *n.constant {
			return false
		}
	}
	return n.constNum == nil || (t&fastNumber != 0 && num == *n.constNum)
}

// validApplicators checks $ref, allOf and anyOf.
func (n *fastNode) validApplicators(v any, depth int) bool {
	if n.ref != nil && !n.ref.valid(v, depth+1) {
		return false
	}
	for _, sub := range n.allOf {
		if !sub.valid(v, depth+1) {
			return false
		}
	}
	if len(n.anyOf) == 0 {
		return true
	}
	for _, sub := range n.anyOf {
		if sub.valid(v, depth+1) {
			return true
		}
	}
	return false
}

func (n *fastNode) validString(s string) bool {
	if n.minLength >= 0 || n.maxLength >= 0 {
		l := utf8.RuneCountInString(s)
		if (n.minLength >= 0 && l < n.minLength) || (n.maxLength >= 0 && l > n.maxLength) {
			return false
		}
	}
	if n.pattern != nil && !n.pattern(s) {
		return false
	}
	return !n.date || yamlvalue.IsDate(s)
}

func (n *fastNode) validNumber(x float64) bool {
	return (n.minimum == nil || x >= *n.minimum) && (n.maximum == nil || x <= *n.maximum) &&
		(n.exclMin == nil || x > *n.exclMin) && (n.exclMax == nil || x < *n.exclMax)
}

func (n *fastNode) validObject(m map[string]any, depth int) bool {
	for _, r := range n.required {
		if _, ok := m[r]; !ok {
			return false
		}
	}
	for k, v := range m {
		if sub, ok := n.properties[k]; ok {
			if !sub.valid(v, depth+1) {
				return false
			}
			continue
		}
		if n.noExtra {
			return false
		}
		if n.additional != nil && !n.additional.valid(v, depth+1) {
			return false
		}
	}
	return true
}

func (n *fastNode) validArray(a []any, depth int) bool {
	if (n.minItems >= 0 && len(a) < n.minItems) || (n.maxItems >= 0 && len(a) > n.maxItems) {
		return false
	}
	if n.unique && len(a) > 1 && !uniqueStrings(a) {
		return false
	}
	if n.items != nil {
		for _, e := range a {
			if !n.items.valid(e, depth+1) {
				return false
			}
		}
	}
	return true
}

// uniqueStrings reports whether a holds only strings, none twice. (Lists
// of other values go to the validator, which compares numbers by value.)
func uniqueStrings(a []any) bool {
	if len(a) <= 8 {
		for i, e := range a {
			s, ok := e.(string)
			if !ok {
				return false
			}
			for _, prev := range a[:i] {
				if prev.(string) == s {
					return false
				}
			}
		}
		return true
	}
	seen := make(map[string]struct{}, len(a))
	for _, e := range a {
		s, ok := e.(string)
		if !ok {
			return false
		}
		if _, dup := seen[s]; dup {
			return false
		}
		seen[s] = struct{}{}
	}
	return true
}

// fastTypeOf returns the JSON types of a value as the validator sees it,
// with a number's value; ok is false for what it would refuse or what the
// fast path does not compare exactly.
func fastTypeOf(v any) (t fastType, num float64, ok bool) {
	switch x := v.(type) {
	case nil:
		return fastNull, 0, true
	case bool:
		return fastBoolean, 0, true
	case string:
		return fastString, 0, true
	case map[string]any:
		return fastObject, 0, true
	case []any:
		return fastArray, 0, true
	case int64:
		// Beyond 2^53 a float64 rounds: leave such numbers to the validator.
		if x > 1<<53 || x < -(1<<53) {
			return 0, 0, false
		}
		return fastNumber | fastInteger, float64(x), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, 0, false
		}
		// The validator tests the shortest decimal form of x, which has
		// no fraction exactly when x has none.
		if x == math.Trunc(x) {
			return fastNumber | fastInteger, x, true
		}
		return fastNumber, x, true
	}
	return 0, 0, false
}

// fastCompiler compiles one schema document.
type fastCompiler struct {
	root map[string]any
	refs map[string]*fastNode // "#/$defs/x" → its node, filled in once compiled
}

// compileFast compiles the schema document of a kind for the fast path.
func compileFast(doc map[string]any) *fastNode {
	c := &fastCompiler{root: doc, refs: map[string]*fastNode{}}
	return c.node(doc, true)
}

// annotations are keywords that do not affect validity.
var annotations = map[string]bool{
	"title": true, "description": true, "examples": true, "default": true, "$comment": true,
	"deprecated": true, "readOnly": true, "writeOnly": true,
}

// node compiles a subschema; root is true for the document itself, the
// only place a $schema or $id may be.
func (c *fastCompiler) node(s any, root bool) *fastNode {
	switch x := s.(type) {
	case bool:
		if x {
			return &fastNode{always: true}
		}
		return &fastNode{never: true}
	case map[string]any:
		n := &fastNode{minLength: -1, maxLength: -1, minItems: -1, maxItems: -1}
		for k, v := range x {
			if !c.keyword(n, k, v, root) {
				return &fastNode{unsupported: true}
			}
		}
		return n
	}
	return &fastNode{unsupported: true}
}

// keyword compiles one keyword into n; false when the fast path does not
// handle it (or its value).
func (c *fastCompiler) keyword(n *fastNode, k string, v any, root bool) bool {
	var ok bool
	switch k {
	case "$schema", "$id":
		_, isStr := v.(string)
		return root && isStr
	case "$defs":
		_, ok = v.(map[string]any) // compiled when a $ref leads there
	case "$ref":
		n.ref, ok = c.ref(v)
	case "allOf", "anyOf":
		list, isList := v.([]any)
		ok = isList && len(list) > 0
		subs := make([]*fastNode, len(list))
		for i, e := range list {
			subs[i] = c.node(e, false)
		}
		if k == "allOf" {
			n.allOf = subs
		} else {
			n.anyOf = subs
		}
	case "properties":
		var props map[string]any
		props, ok = v.(map[string]any)
		n.properties = make(map[string]*fastNode, len(props))
		for name, sub := range props {
			n.properties[name] = c.node(sub, false)
		}
	case "additionalProperties":
		if b, isBool := v.(bool); isBool {
			n.noExtra = !b
			return true
		}
		n.additional = c.node(v, false)
		ok = true
	case "items":
		n.items = c.node(v, false)
		ok = true
	default:
		if ok, known := valueKeyword(n, k, v); known {
			return ok
		}
		ok = annotations[k]
	}
	return ok
}

// valueKeyword compiles a keyword that checks a value by itself; known is
// false for any other keyword.
func valueKeyword(n *fastNode, k string, v any) (ok, known bool) {
	switch k {
	case "type":
		n.types, ok = fastTypes(v)
	case "enum":
		n.enum, ok = stringSet(v)
		n.hasEnum = true
	case "const":
		if s, isStr := v.(string); isStr {
			n.constant = &s
			return true, true
		}
		n.constNum, ok = limit(v)
	case "format":
		n.date = v == "date"
		ok = n.date
	case "minLength":
		n.minLength, ok = count(v)
	case "maxLength":
		n.maxLength, ok = count(v)
	case "minItems":
		n.minItems, ok = count(v)
	case "maxItems":
		n.maxItems, ok = count(v)
	case "pattern":
		n.pattern, ok = fastPattern(v)
	case "minimum":
		n.minimum, ok = limit(v)
	case "maximum":
		n.maximum, ok = limit(v)
	case "exclusiveMinimum":
		n.exclMin, ok = limit(v)
	case "exclusiveMaximum":
		n.exclMax, ok = limit(v)
	case "uniqueItems":
		n.unique, ok = v.(bool)
	case "required":
		n.required, ok = stringList(v)
	default:
		return false, false
	}
	return ok, true
}

// ref compiles a $ref to "#/$defs/name", the only kind our schemas use.
func (c *fastCompiler) ref(v any) (*fastNode, bool) {
	ref, ok := v.(string)
	name, found := strings.CutPrefix(ref, "#/$defs/")
	if !ok || !found || name == "" || strings.ContainsAny(name, "/~%") {
		return nil, false
	}
	if n, done := c.refs[ref]; done {
		return n, true
	}
	defs, _ := c.root["$defs"].(map[string]any)
	target, exists := defs[name]
	if !exists {
		return nil, false
	}
	// A placeholder first, so that a schema that refers to itself ends.
	n := &fastNode{}
	c.refs[ref] = n
	*n = *c.node(target, false)
	return n, true
}

func fastTypes(v any) (fastType, bool) {
	names := []any{v}
	if list, ok := v.([]any); ok {
		names = list
	}
	var t fastType
	for _, e := range names {
		s, _ := e.(string)
		bit, ok := fastTypeNames[s]
		if !ok {
			return 0, false
		}
		t |= bit
	}
	return t, t != 0
}

// stringSet reads an enum. Only its strings matter to the fast path: a
// value of another type goes to the validator.
func stringSet(v any) (map[string]struct{}, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	set := make(map[string]struct{}, len(list))
	for _, e := range list {
		if s, isStr := e.(string); isStr {
			set[s] = struct{}{}
		}
	}
	return set, true
}

func stringList(v any) ([]string, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(list))
	for i, e := range list {
		if out[i], ok = e.(string); !ok {
			return nil, false
		}
	}
	return out, true
}

// count reads a non-negative whole number of a keyword (minLength, …).
func count(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, x >= 0
	case int64:
		return int(x), x >= 0 && x < math.MaxInt32
	case float64:
		return int(x), x >= 0 && x < math.MaxInt32 && x == math.Trunc(x)
	}
	return 0, false
}

// limit reads a bound (minimum, …) that a float64 compares exactly: the
// validator compares shortest decimal forms, which order as the floats do,
// and an integer bound below 2^53 is itself a float64.
func limit(v any) (*float64, bool) {
	var f float64
	switch x := v.(type) {
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		return nil, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) >= 1<<53 {
		return nil, false
	}
	if _, isFloat := v.(float64); !isFloat && float64(int64(f)) != f {
		return nil, false
	}
	return &f, true
}

// fastPatterns holds the compiled patterns, shared by every workspace: the
// validator matches with Go's regexp, and so does the fast path, apart from
// the patterns of IDs and ranks, which it matches by hand.
var fastPatterns sync.Map // pattern → func(string) bool

func fastPattern(v any) (func(string) bool, bool) {
	p, ok := v.(string)
	if !ok {
		return nil, false
	}
	if m, ok := fastPatterns.Load(p); ok {
		return m.(func(string) bool), true
	}
	var match func(string) bool
	switch p {
	case model.IDPattern:
		match = isIDText
	case rankPattern:
		match = isRankText
	default:
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, false
		}
		match = re.MatchString
	}
	fastPatterns.Store(p, match)
	return match, true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// isIDText matches ^[A-Za-z][A-Za-z0-9._-]*$.
func isIDText(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// isRankText matches ^[0-9A-Za-z]+$.
func isRankText(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return true
}
