// Package yamlvalue turns yaml.v3 node trees into JSON values — by tag, so
// that a date stays the text it was written as — finds nodes by JSON pointer,
// and reads the commonest flat YAML without a node tree at all.
package yamlvalue

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// maxExpansion bounds the nodes that aliases may add when a document is
// turned into a value, so that an alias bomb ("billion laughs") is a
// finding instead of an out-of-memory crash.
const maxExpansion = 100_000

// Problem is a defect found while turning a node tree into a value.
type Problem struct {
	Node *yaml.Node
	Msg  string
	Hint string
}

// Convert turns a node tree into a JSON value and lists what it found wrong
// (duplicate keys, alias bombs, numbers out of range).
func Convert(n *yaml.Node) (any, []Problem) { return ConvertLines(n, nil) }

// ConvertLines is [Convert] for a tree whose lines are not its file's (front
// matter, lines that end in a lone CR): line gives the file's line of a
// node, for messages that name another place ("first on line 3").
func ConvertLines(n *yaml.Node, line func(*yaml.Node) int) (any, []Problem) {
	if line == nil {
		line = func(n *yaml.Node) int { return n.Line }
	}
	c := converter{budget: maxExpansion, line: line}
	v := c.value(n)
	return v, c.problems
}

// converter turns a yaml.Node tree into a JSON value: map[string]any, []any,
// string, int64, float64, bool or nil. It goes by each node's tag, not by
// yaml.v3's Decode: a date stays the string it was written as, "012" is the
// number 12, and a value's type is what the file says.
type converter struct {
	budget   int
	problems []Problem
	line     func(*yaml.Node) int
}

// exhausted reports whether aliases have used up the budget; the first
// alias past it is reported, later ones only yield nil.
func (c *converter) exhausted() bool { return c.budget < 0 }

func (c *converter) value(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.value(n.Content[0])
	case yaml.AliasNode:
		if c.exhausted() {
			return nil
		}
		c.budget -= countNodes(n.Alias, c.budget)
		if c.exhausted() {
			c.problems = append(c.problems, Problem{
				Node: n, Msg: "aliases expand to too many values",
				Hint: "write the values out instead of nesting aliases",
			})
			return nil
		}
		return c.value(n.Alias)
	case yaml.MappingNode:
		return c.mapping(n)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			out = append(out, c.value(e))
		}
		return out
	case yaml.ScalarNode:
		return c.scalar(n)
	}
	return nil
}

func (c *converter) mapping(n *yaml.Node) map[string]any {
	out := make(map[string]any, len(n.Content)/2)
	var merged map[string]bool // keys that came from a merge key and may be overridden
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			if merged == nil {
				merged = map[string]bool{}
			}
			c.merge(out, merged, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.problems = append(c.problems, Problem{Node: k, Msg: "a key must be a plain name, not a list or mapping"})
			continue
		}
		key := intern(k.Value)
		if _, dup := out[key]; dup && !merged[key] {
			c.problems = append(c.problems, Problem{
				Node: k,
				Msg:  fmt.Sprintf("duplicate key %q (first on line %d)", k.Value, c.line(firstKey(n, k.Value))),
				Hint: "remove one of them",
			})
			continue
		}
		delete(merged, key)
		out[key] = c.value(v)
	}
	return out
}

// firstKey returns the first key named key in the mapping.
func firstKey(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key && k.Tag != "!!merge" {
			return k
		}
	}
	return m
}

// knownKeys holds one copy of every key roadlog defines, so that the values
// of 100,000 records share them instead of holding a copy each.
var knownKeys = func() map[string]string {
	m := map[string]string{}
	for _, k := range strings.Fields(`id title type status owner parent initiative release labels rank estimate
		moscow score depends_on insights created due visibility reach impact confidence effort ease value
		time_criticality risk_reduction job_size source date customer supersedes links description theme
		horizon start end objectives period key_results unit baseline target current likelihood mitigation
		themes initiatives releases risks name vision personas needs`) {
		m[k] = k
	}
	return m
}()

func intern(k string) string {
	if s, ok := knownKeys[k]; ok {
		return s
	}
	return k
}

// merge applies a "<<" merge key: keys of the merged mappings are added
// unless the mapping has them already.
func (c *converter) merge(out map[string]any, merged map[string]bool, v *yaml.Node) {
	sources := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		sources = v.Content
	}
	for _, s := range sources {
		m, ok := c.value(s).(map[string]any)
		if !ok {
			c.problems = append(c.problems, Problem{Node: s, Msg: "a merge key (<<) needs a mapping"})
			continue
		}
		for k, val := range m {
			if _, has := out[k]; !has {
				out[k] = val
				merged[k] = true
			}
		}
	}
}

func (c *converter) scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return n.Value
		}
		return b
	case "!!int":
		return c.integer(n)
	case "!!float":
		return c.float(n)
	}
	// !!str, !!timestamp (dates stay text), !!binary and local tags.
	return n.Value
}

func (c *converter) integer(n *yaml.Node) any {
	v := c.integerText(n.Value)
	if len(c.problems) > 0 && c.problems[len(c.problems)-1].Node == nil {
		c.problems[len(c.problems)-1].Node = n
	}
	return v
}

// integerText converts an !!int scalar. Digits with a leading zero are
// decimal ("012" is 12, as people mean it), unlike yaml.v3's octal.
func (c *converter) integerText(text string) any {
	s := strings.ReplaceAll(text, "_", "")
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimLeft(s, "+-")
	base := 10
	switch {
	case strings.HasPrefix(digits, "0x"):
		base, digits = 16, digits[2:]
	case strings.HasPrefix(digits, "0o"):
		base, digits = 8, digits[2:]
	case strings.HasPrefix(digits, "0b"):
		base, digits = 2, digits[2:]
	}
	if neg {
		digits = "-" + digits
	}
	if i, err := strconv.ParseInt(digits, base, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) {
		return f
	}
	c.problems = append(c.problems, Problem{Msg: fmt.Sprintf("number %s is too large", text)})
	return text
}

func (c *converter) float(n *yaml.Node) any {
	s := strings.ReplaceAll(n.Value, "_", "")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		c.problems = append(c.problems, Problem{
			Node: n, Msg: fmt.Sprintf("%s is not a finite number", n.Value),
			Hint: "write a plain number, or quote it to make it text",
		})
		return n.Value
	}
	return f
}

// countNodes counts the nodes under n, stopping early once limit is passed.
func countNodes(n *yaml.Node, limit int) int {
	count := 1
	for _, child := range n.Content {
		if count > limit {
			break
		}
		if child.Kind == yaml.AliasNode && child.Alias != nil {
			count += countNodes(child.Alias, limit-count)
			continue
		}
		count += countNodes(child, limit-count)
	}
	return count
}

// Resolve follows an alias to the node it names.
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// Entry returns the key and value nodes of key in the mapping m (after
// merge keys), or nils.
func Entry(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	var merged []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn := m.Content[i]
		if kn.Kind == yaml.ScalarNode && kn.Tag == "!!merge" {
			merged = append(merged, m.Content[i+1])
			continue
		}
		if kn.Kind == yaml.ScalarNode && kn.Value == key {
			return kn, m.Content[i+1]
		}
	}
	for _, mn := range merged {
		mn = Resolve(mn)
		sources := []*yaml.Node{mn}
		if mn != nil && mn.Kind == yaml.SequenceNode {
			sources = mn.Content
		}
		for _, s := range sources {
			if k, v := Entry(s, key); k != nil {
				return k, v
			}
		}
	}
	return nil, nil
}

// Locate walks a JSON pointer (already split into tokens) through the tree
// under n. It returns the deepest node reached, when the last token names a
// mapping key that key's node, and whether the whole pointer was followed.
func Locate(n *yaml.Node, tokens []string) (value, key *yaml.Node, found bool) {
	return locate(n, tokens, Entry)
}

// Index makes repeated lookups in the large mappings of one tree take
// constant time rather than a scan of the mapping each: a file with
// thousands of keys has thousands of findings, each located by its key. The
// zero Index is ready to use, and safe for concurrent use.
type Index struct {
	mu   sync.Mutex
	maps map[*yaml.Node]map[string]int // mapping → key → index of the first such key node
}

// indexFrom is the size of a mapping, in entries, from which an Index
// keeps a table of its keys; smaller ones are scanned.
const indexFrom = 32

// Entry is [Entry], through the index.
func (ix *Index) Entry(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || len(m.Content) < 2*indexFrom {
		return Entry(m, key)
	}
	ix.mu.Lock()
	keys, ok := ix.maps[m]
	if !ok {
		keys = make(map[string]int, len(m.Content)/2)
		for i := 0; i+1 < len(m.Content); i += 2 {
			kn := m.Content[i]
			if kn.Kind == yaml.ScalarNode && kn.Tag == "!!merge" {
				keys = nil // merge keys: the scan knows their precedence
				break
			}
			if _, dup := keys[kn.Value]; !dup && kn.Kind == yaml.ScalarNode {
				keys[kn.Value] = i
			}
		}
		if ix.maps == nil {
			ix.maps = map[*yaml.Node]map[string]int{}
		}
		ix.maps[m] = keys
	}
	ix.mu.Unlock()
	if keys == nil {
		return Entry(m, key)
	}
	if i, ok := keys[key]; ok {
		return m.Content[i], m.Content[i+1]
	}
	return nil, nil
}

// Locate is [Locate], through the index.
func (ix *Index) Locate(n *yaml.Node, tokens []string) (value, key *yaml.Node, found bool) {
	return locate(n, tokens, ix.Entry)
}

func locate(n *yaml.Node, tokens []string, entry func(*yaml.Node, string) (*yaml.Node, *yaml.Node)) (value, key *yaml.Node, found bool) {
	n = Resolve(n)
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = Resolve(n.Content[0])
	}
	for _, tok := range tokens {
		if n == nil {
			return nil, key, false
		}
		switch n.Kind {
		case yaml.MappingNode:
			k, v := entry(n, tok)
			if k == nil {
				return n, nil, false
			}
			n, key = Resolve(v), k
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return n, nil, false
			}
			n, key = Resolve(n.Content[i]), nil
		default:
			return n, nil, false
		}
	}
	return n, key, true
}

// At returns the value at a path of keys and list indexes in a JSON value
// (as from [Convert]), or nil when the path leads nowhere.
func At(v any, path []string) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
