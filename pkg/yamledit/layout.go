package yamledit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"gopkg.in/yaml.v3"
)

// Layout tells edits where roadlog fmt puts things, so that an edit of a
// file in fmt's canonical form leaves it in canonical form: a new key goes
// where fmt would order it, a list grown too long for one line becomes one
// item a line. The zero Layout puts new keys last and keeps every style.
// Package yamlfmt, which owns the canonical form, provides it.
type Layout struct {
	// KeyOrder returns the order of the keys of the mapping at path; keys
	// not in it go after the others, in the order they have. Nil, or an
	// empty result, puts new keys last.
	KeyOrder func(path []string) []string
	// Sections puts one blank line between top-level keys and between the
	// items of top-level block lists (fmt does so in YAML files, not in
	// front matter).
	Sections bool
	// Canonical returns the top node of src as fmt would write it, styles
	// set (flow or block); nil when it has no opinion. A collection whose
	// style was fmt's before an edit (or that an edit creates) gets fmt's
	// style after it; one whose style the user chose keeps it.
	Canonical func(src []byte) *yaml.Node
}

// SetLayout makes later edits of d follow l.
func (d *Doc) SetLayout(l Layout) { d.layout = l }

// NotFoundError is a path that names nothing in the document.
type NotFoundError struct {
	Path []string // the path asked for
	At   int      // how many of its steps lead somewhere
	Keys []string // the keys of the mapping where step At is missing
	Len  int      // the length of the list where step At is missing; -1 for a mapping or a scalar
}

func (e *NotFoundError) Error() string {
	where := strings.Join(e.Path[:e.At], ".")
	step := e.Path[e.At]
	switch {
	case e.Len == 0:
		return fmt.Sprintf("%s is an empty list", where)
	case e.Len > 0:
		return fmt.Sprintf("%s has no element %s: it has %d (0 to %d)", where, step, e.Len, e.Len-1)
	case e.Keys == nil && e.At > 0:
		return fmt.Sprintf("%s is not a mapping or a list", where)
	}
	msg := fmt.Sprintf("%s is not set", strings.Join(e.Path[:e.At+1], "."))
	if h := suggest.Hint(step, e.Keys); h != "" {
		msg += "; " + h
	}
	return msg
}

// notFound returns a *NotFoundError when path leads nowhere, nil otherwise.
func (d *Doc) notFound(path []string) error {
	if _, _, found := d.lookup(path); found {
		return nil
	}
	n := d.root
	for i, tok := range path {
		e := &NotFoundError{Path: path, At: i, Len: -1}
		switch {
		case n != nil && n.Kind == yaml.MappingNode:
			_, v := yamlvalue.Entry(n, tok)
			if v == nil {
				e.Keys = []string{}
				for j := 0; j+1 < len(n.Content); j += 2 {
					e.Keys = append(e.Keys, n.Content[j].Value)
				}
				return e
			}
			n = yamlvalue.Resolve(v)
		case n != nil && n.Kind == yaml.SequenceNode:
			j, err := strconv.Atoi(tok)
			if err != nil || j < 0 || j >= len(n.Content) {
				e.Len = len(n.Content)
				return e
			}
			n = yamlvalue.Resolve(n.Content[j])
		case n == nil && i == 0:
			e.Keys = []string{} // an empty document
			return e
		default:
			return e
		}
	}
	return nil
}

// ordered puts the keys of the Maps in v (the value for path) in the order
// KeyOrder gives, the others after them as they were.
func (d *Doc) ordered(path []string, v any) any {
	switch x := v.(type) {
	case Map:
		out := make(Map, len(x))
		for i, kv := range x {
			out[i] = KV{Key: kv.Key, Value: d.ordered(append(slices.Clone(path), kv.Key), kv.Value)}
		}
		if d.layout.KeyOrder != nil {
			order := d.layout.KeyOrder(path)
			rank := func(k string) int {
				if i := slices.Index(order, k); i >= 0 {
					return i
				}
				return len(order)
			}
			slices.SortStableFunc(out, func(a, b KV) int { return rank(a.Key) - rank(b.Key) })
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = d.ordered(append(slices.Clone(path), strconv.Itoa(i)), e)
		}
		return out
	}
	return v
}

// styled runs an edit of the value at path and then gives the collections
// on the path fmt's style (one line, or one item a line) where they had it
// before, or are new. Restyling is best effort: when it cannot be done in
// place, the edit stands as it is.
func (d *Doc) styled(path []string, edit func() error) error {
	if d.layout.Canonical == nil {
		return edit()
	}
	canonicalBefore := d.canonicalStyles(path)
	if err := edit(); err != nil {
		return err
	}
	for l := len(path); l >= 1; l-- {
		if !canonicalBefore[l-1] {
			continue
		}
		if err := d.restyle(path[:l]); err != nil {
			break
		}
	}
	return nil
}

// canonicalStyles reports for each prefix of path whether the collection
// there is in the style fmt gives it (true too when there is none).
func (d *Doc) canonicalStyles(path []string) []bool {
	out := make([]bool, len(path))
	var canon *yaml.Node
	for l := 1; l <= len(path); l++ {
		n, _, found := d.lookup(path[:l])
		if !found || !isCollection(n) {
			out[l-1] = true
			continue
		}
		if canon == nil {
			canon = d.layout.Canonical(d.src) // only when there is a collection to compare
		}
		c, _, ok := yamlvalue.Locate(canon, path[:l])
		out[l-1] = ok && isCollection(c) && isFlowNode(c) == isFlowNode(n)
	}
	return out
}

func isCollection(n *yaml.Node) bool {
	return n != nil && (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode)
}

func isFlowNode(n *yaml.Node) bool { return n.Style&yaml.FlowStyle != 0 }

// restyle rewrites the collection at path, a key's value in a block
// mapping, in the style fmt gives it, when that differs from its own.
func (d *Doc) restyle(path []string) error {
	n, key, found := d.lookup(path)
	if !found || key == nil || !isCollection(n) || n.Anchor != "" {
		return nil
	}
	if container := d.parentOf(path); container == nil || isFlow(container) {
		return nil
	}
	c, _, ok := yamlvalue.Locate(d.layout.Canonical(d.src), path)
	if !ok || !isCollection(c) || isFlowNode(c) == isFlowNode(n) {
		return nil
	}
	_, end, err := d.extent(n, keyIndent(key), false)
	if err != nil {
		return err
	}
	v := nodeValue(n)
	var text string
	switch {
	case isFlowNode(c):
		text, err = encodeFlow(v)
		text = " " + text
	case n.Kind == yaml.SequenceNode:
		text, err = d.blockList(v.([]any), keyIndent(key), d.sectionList(path))
	default:
		var b strings.Builder
		for _, kv := range v.(Map) {
			line, err := d.blockEntry(kv.Key, kv.Value, keyIndent(key)+2, false)
			if err != nil {
				return err
			}
			b.WriteString(d.eol + strings.Repeat(" ", keyIndent(key)+2) + line)
		}
		text = b.String()
	}
	if err != nil {
		return err
	}
	return d.commit(d.spliceValue(d.afterColon(key), end, text), d.value)
}

// nodeValue returns the value under n with its mappings as Maps, keys in
// the order they are written.
func nodeValue(n *yaml.Node) any {
	n = yamlvalue.Resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		m := Map{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m = append(m, KV{Key: n.Content[i].Value, Value: nodeValue(n.Content[i+1])})
		}
		return m
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, e := range n.Content {
			out[i] = nodeValue(e)
		}
		return out
	}
	v, _ := yamlvalue.Convert(n)
	return v
}
