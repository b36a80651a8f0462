package workspace

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxExpansion bounds the nodes that aliases may add when a document is
// turned into a value, so that an alias bomb ("billion laughs") is a
// finding instead of an out-of-memory crash.
const maxExpansion = 100_000

// problem is a defect found while turning a node tree into a value.
type problem struct {
	node *yaml.Node
	msg  string
	hint string
}

// converter turns a yaml.Node tree into a JSON value: map[string]any, []any,
// string, int64, float64, bool or nil. It goes by each node's tag, not by
// yaml.v3's Decode: a date stays the string it was written as, "012" is the
// number 12, and a value's type is what the file says.
type converter struct {
	budget   int
	problems []problem
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
			c.problems = append(c.problems, problem{
				node: n, msg: "aliases expand to too many values",
				hint: "write the values out instead of nesting aliases",
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
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			c.merge(out, seen, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.problems = append(c.problems, problem{node: k, msg: "a key must be a plain name, not a list or mapping"})
			continue
		}
		if prev, dup := seen[k.Value]; dup && prev != nil {
			c.problems = append(c.problems, problem{
				node: k,
				msg:  fmt.Sprintf("duplicate key %q (first on line %d)", k.Value, prev.Line),
				hint: "remove one of them",
			})
			continue
		}
		seen[k.Value] = k
		out[k.Value] = c.value(v)
	}
	return out
}

// merge applies a "<<" merge key: keys of the merged mappings are added
// unless the mapping has them already.
func (c *converter) merge(out map[string]any, seen map[string]*yaml.Node, v *yaml.Node) {
	sources := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		sources = v.Content
	}
	for _, s := range sources {
		m, ok := c.value(s).(map[string]any)
		if !ok {
			c.problems = append(c.problems, problem{node: s, msg: "a merge key (<<) needs a mapping"})
			continue
		}
		for k, val := range m {
			if _, has := out[k]; !has {
				out[k] = val
				seen[k] = nil // merged keys may be overridden later without a duplicate finding
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
	s := strings.ReplaceAll(n.Value, "_", "")
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
	c.problems = append(c.problems, problem{node: n, msg: fmt.Sprintf("number %s is too large", n.Value)})
	return n.Value
}

func (c *converter) float(n *yaml.Node) any {
	s := strings.ReplaceAll(n.Value, "_", "")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		c.problems = append(c.problems, problem{
			node: n, msg: fmt.Sprintf("%s is not a finite number", n.Value),
			hint: "write a plain number, or quote it to make it text",
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

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// mapEntry returns the key and value nodes of key in the mapping m (after
// merge keys), or nils.
func mapEntry(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = resolve(m)
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
		mn = resolve(mn)
		sources := []*yaml.Node{mn}
		if mn != nil && mn.Kind == yaml.SequenceNode {
			sources = mn.Content
		}
		for _, s := range sources {
			if k, v := mapEntry(s, key); k != nil {
				return k, v
			}
		}
	}
	return nil, nil
}

// locate walks a JSON pointer (already split into tokens) through the tree
// under n. It returns the deepest node reached, when the last token names a
// mapping key that key's node, and whether the whole pointer was followed.
func locate(n *yaml.Node, tokens []string) (value, key *yaml.Node, found bool) {
	n = resolve(n)
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = resolve(n.Content[0])
	}
	for _, tok := range tokens {
		if n == nil {
			return nil, key, false
		}
		switch n.Kind {
		case yaml.MappingNode:
			k, v := mapEntry(n, tok)
			if k == nil {
				return n, nil, false
			}
			n, key = resolve(v), k
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return n, nil, false
			}
			n, key = resolve(n.Content[i]), nil
		default:
			return n, nil, false
		}
	}
	return n, key, true
}
