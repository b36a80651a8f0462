// Package yamledit edits YAML text in place: it finds the bytes of a value
// through yaml.v3's node positions and splices new text in, so that
// comments, blank lines, key order, quoting and line endings outside the
// edit stay byte for byte. Every edit is checked by parsing the result
// again: if the values are not exactly the intended ones, the edit fails
// and the text is left as it was.
package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/yamlbreak"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"gopkg.in/yaml.v3"
)

// ErrUnsafe means an edit would have changed more than was asked; nothing
// was changed.
var ErrUnsafe = errors.New("the edit would change more than asked")

// Doc is YAML text with its node tree and value.
type Doc struct {
	src    []byte
	root   *yaml.Node // the document's top node; nil when empty
	value  any
	eol    string // the line ending new lines get: yamlbreak.LineEnding(src)
	odd    bool   // src has line breaks other than LF and CRLF
	starts []int  // where each line starts: starts[0] is line 1's, 0
	layout Layout
}

// Parse reads YAML text for editing. Text with problems a reader would
// report (duplicate keys) is refused: an edit could not say which copy it
// changed.
func Parse(src []byte) (*Doc, error) {
	d := &Doc{src: src, eol: yamlbreak.LineEnding(src), odd: yamlbreak.HasOdd(src)}
	d.starts = d.yamlLineStarts()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		d.root = doc.Content[0]
	}
	if d.root != nil {
		v, problems := yamlvalue.Convert(d.root)
		if len(problems) > 0 {
			return nil, &NodeError{Node: problems[0].Node, Msg: problems[0].Msg}
		}
		d.value = v
		if d.root.Kind == yaml.ScalarNode && d.root.Tag == "!!null" {
			d.root, d.value = nil, nil
		}
	}
	return d, nil
}

// NodeError is a value of the text that an edit cannot keep exactly. Its
// Node has the position in the YAML text; the caller knows where that text
// sits in its file.
type NodeError struct {
	Node *yaml.Node
	Msg  string
}

func (e *NodeError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Node.Line, e.Node.Column, e.Msg)
}

// Bytes returns the text.
func (d *Doc) Bytes() []byte { return d.src }

// Value returns the document as a JSON value.
func (d *Doc) Value() any { return d.value }

// Set sets the value at path (mapping keys and list indexes) to v: a
// string, int64, float64, bool, nil, []any, [Map] (keys in its order, or
// the layout's) or map[string]any (keys sorted). Missing keys on the way
// are added as mappings; a missing list element is a [*NotFoundError].
func (d *Doc) Set(path []string, v any) error {
	if len(path) == 0 {
		return errors.New("empty path")
	}
	// Missing keys are added; a missing list element, or a key under a
	// scalar, is not there to set.
	var nf *NotFoundError
	if err := d.notFound(path); errors.As(err, &nf) && nf.Keys == nil {
		return err
	}
	v = d.ordered(path, v)
	want, err := withSet(d.value, path, normalize(v))
	if err != nil {
		return err
	}
	return d.styled(path, func() error {
		src, err := d.set(path, v)
		if err != nil {
			return err
		}
		return d.commit(src, want)
	})
}

// Delete removes the key or list element at path. Nothing there is a
// [*NotFoundError]. A list or mapping left empty stays, as [] or {}.
func (d *Doc) Delete(path []string) error {
	if len(path) == 0 {
		return errors.New("empty path")
	}
	if err := d.notFound(path); err != nil {
		return err
	}
	parent := path[:len(path)-1]
	switch container := d.parentOf(path); {
	case container != nil && container.Kind == yaml.SequenceNode:
		i, _ := strconv.Atoi(path[len(path)-1])
		list, _ := yamlvalue.At(d.value, parent).([]any)
		if len(list) == 1 {
			return d.Set(parent, []any{})
		}
		want, err := withDelete(d.value, path)
		if err != nil {
			return err
		}
		return d.styled(parent, func() error {
			src, err := d.removeItem(container, i)
			if err != nil {
				return err
			}
			return d.commit(src, want)
		})
	case container != nil && container.Kind == yaml.MappingNode && len(container.Content) == 2 &&
		container.Style&yaml.FlowStyle == 0 && len(parent) > 0:
		// The only key of a block mapping: the mapping stays, empty.
		return d.Set(parent, Map{})
	}
	want, err := withDelete(d.value, path)
	if err != nil {
		return err
	}
	return d.styled(parent, func() error {
		src, err := d.delete(path)
		if err != nil {
			return err
		}
		return d.commit(src, want)
	})
}

// Append adds v at the end of the list at path, creating it when missing.
// A list keeps its style: [a, b] becomes [a, b, c], a block list gets a new
// "- c" line.
func (d *Doc) Append(path []string, v any) error {
	n, _, found := d.lookup(path)
	if !found || n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return d.Set(path, []any{v})
	}
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("%s is not a list", strings.Join(path, "."))
	}
	old, _ := yamlvalue.At(d.value, path).([]any)
	v = d.ordered(append(slices.Clone(path), strconv.Itoa(len(old))), v)
	want, err := withSet(d.value, path, append(append([]any{}, old...), normalize(v)))
	if err != nil {
		return err
	}
	return d.styled(path, func() error {
		src, err := d.appendItem(path, n, v)
		if err != nil {
			return err
		}
		return d.commit(src, want)
	})
}

// Remove deletes every element equal to v from the list at path. It reports
// whether there was one.
func (d *Doc) Remove(path []string, v any) (bool, error) {
	v = normalize(v)
	n, _, found := d.lookup(path)
	if !found || n.Kind != yaml.SequenceNode {
		return false, nil
	}
	for {
		list, _ := yamlvalue.At(d.value, path).([]any)
		i := -1
		for j, e := range list {
			if reflect.DeepEqual(e, v) {
				i = j
				break
			}
		}
		if i < 0 {
			return true, nil
		}
		rest := append(append([]any{}, list[:i]...), list[i+1:]...)
		if len(rest) == 0 {
			return true, d.Set(path, []any{})
		}
		want, err := withSet(d.value, path, rest)
		if err != nil {
			return false, err
		}
		err = d.styled(path, func() error {
			n, _, _ := d.lookup(path)
			src, err := d.removeItem(n, i)
			if err != nil {
				return err
			}
			return d.commit(src, want)
		})
		if err != nil {
			return false, err
		}
	}
}

// commit parses the new text and keeps it only if its value is want.
func (d *Doc) commit(src []byte, want any) error {
	nd, err := Parse(src)
	if err != nil {
		return fmt.Errorf("%w: the result does not parse: %w", ErrUnsafe, err)
	}
	if !reflect.DeepEqual(normalize(nd.value), normalize(want)) {
		return fmt.Errorf("%w: the result reads back differently", ErrUnsafe)
	}
	nd.layout = d.layout
	*d = *nd
	return nil
}

// ReadsBackAs reports whether got, a value read from YAML text, is the
// value v was written as: what [Set] checks of every edit, for text built
// without it.
func ReadsBackAs(v, got any) bool { return reflect.DeepEqual(normalize(v), normalize(got)) }

// Map is a mapping whose keys are written in this order; in a block list
// or mapping it is written in block style, one key a line.
type Map []KV

// KV is one key of a Map.
type KV struct {
	Key   string
	Value any
}

// normalize turns Go values into the JSON values yamlvalue produces.
func normalize(v any) any {
	switch x := v.(type) {
	case Map:
		out := make(map[string]any, len(x))
		for _, kv := range x {
			out[kv.Key] = normalize(kv.Value)
		}
		return out
	case int:
		return int64(x)
	case float64:
		if x == float64(int64(x)) && x < 1e15 && x > -1e15 {
			return int64(x) // written as 5, read back as an integer
		}
		return x
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	}
	return v
}

// lookup finds the node at path, and its key node when the last step is a
// mapping key.
func (d *Doc) lookup(path []string) (value, key *yaml.Node, found bool) {
	if d.root == nil {
		return nil, nil, len(path) == 0
	}
	return yamlvalue.Locate(d.root, path)
}

// offset converts a node position (1-based line and rune column) to a
// byte offset in the text.
func (d *Doc) offset(n *yaml.Node) int {
	off := d.lineOffset(n.Line)
	if n.Line == 1 && bytes.HasPrefix(d.src, bom) {
		off = len(bom) // the reader's columns do not count it
	}
	for c := 1; c < n.Column && off < len(d.src); c++ {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
	}
	return off
}

// bom is the byte order mark a text may start with.
var bom = []byte("\xef\xbb\xbf")

func indentOf(line []byte) int { return len(line) - len(bytes.TrimLeft(line, " ")) }

// contentEnd returns the offset after the last non-blank, non-comment text
// on the line holding off, from off on.
func (d *Doc) contentEnd(off int) int {
	end := d.lineEnd(off)
	line := d.src[off:end]
	if i := commentStart(line); i >= 0 {
		line = line[:i]
	}
	return off + len(bytes.TrimRight(line, " \t"))
}

// commentStart returns where a comment starts in a line's text outside
// quotes, or -1.
func commentStart(line []byte) int {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0 && c == quote:
			if quote == '\'' && i+1 < len(line) && line[i+1] == '\'' {
				i++
				continue
			}
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return i
		}
	}
	return -1
}

// blockEnd returns the end of a block collection or block scalar that
// belongs to a key indented by keyIndent: the end of its last line with
// content. Lines that are blank or only comments count only when content
// follows. Compact sequences ("- " at the key's indentation) belong too.
func (d *Doc) blockEnd(from int, keyIndent int, compactSeq bool) int {
	end := d.contentEnd(from)
	for off := d.nextLine(from); off < len(d.src); off = d.nextLine(off) {
		line := d.src[off:d.lineEnd(off)]
		t := bytes.TrimLeft(line, " ")
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		ind := indentOf(line)
		if ind > keyIndent || (compactSeq && ind == keyIndent && (bytes.HasPrefix(t, []byte("- ")) || string(t) == "-")) {
			end = d.contentEnd(off)
			continue
		}
		break
	}
	return end
}

// extent returns the byte range of a value node's text. keyIndent is the
// indentation of the key (or "- ") that owns it, for block values.
func (d *Doc) extent(n *yaml.Node, keyIndent int, flow bool) (int, int, error) {
	start := d.offset(n)
	switch {
	case n.Kind == yaml.AliasNode || n.Anchor != "":
		return 0, 0, errors.New("values with anchors or aliases are not edited in place; edit the file")
	case n.Kind == yaml.ScalarNode:
		end, err := d.scalarEnd(n, start, keyIndent, flow)
		return start, end, err
	case n.Style&yaml.FlowStyle != 0:
		end, err := d.matchingBracket(start)
		return start, end, err
	default:
		compact := n.Kind == yaml.SequenceNode && indentOf(d.src[d.lineStart(start):start]) == keyIndent
		return start, d.blockEnd(start, keyIndent, compact), nil
	}
}

// scalarEnd returns where a scalar's text ends.
func (d *Doc) scalarEnd(n *yaml.Node, start, keyIndent int, flow bool) (int, error) {
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return doubleQuotedEnd(d.src, start)
	case n.Style&yaml.SingleQuotedStyle != 0:
		return singleQuotedEnd(d.src, start)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return d.blockEnd(start, keyIndent, false), nil
	default:
		return plainEnd(d.src, n.Value, start, flow)
	}
}

var errUnterminated = errors.New("unterminated quoted value")

// doubleQuotedEnd returns the offset after the " that closes the
// double-quoted scalar opening at start.
func doubleQuotedEnd(s []byte, start int) (int, error) {
	for i := start + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1, nil
		}
	}
	return 0, errUnterminated
}

// singleQuotedEnd returns the offset after the ' that closes the
// single-quoted scalar opening at start (a doubled quote is a quote in it).
func singleQuotedEnd(s []byte, start int) (int, error) {
	for i := start + 1; i < len(s); i++ {
		if s[i] == '\'' {
			if i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			return i + 1, nil
		}
	}
	return 0, errUnterminated
}

// plainEnd returns where the plain scalar with the value value, starting
// at start, ends: before a line break, a comment, or (in a flow
// collection) the punctuation that ends it. A plain value that spans lines
// is an error.
func plainEnd(s []byte, value string, start int, flow bool) (int, error) {
	end := start
	for i := start; i < len(s) && !plainStops(s, start, i, flow); i++ {
		end = i + 1
	}
	text := strings.TrimRight(string(s[start:end]), " \t")
	if text == value {
		return start + len(text), nil
	}
	return 0, errors.New("a plain value that spans lines is not edited in place; edit the file")
}

// plainStops reports whether the plain scalar starting at start ends
// before the byte at i.
func plainStops(s []byte, start, i int, flow bool) bool {
	c := s[i]
	if yamlbreak.Len(s, i) > 0 || (c == '#' && i > start && (s[i-1] == ' ' || s[i-1] == '\t')) {
		return true
	}
	if flow && (c == ',' || c == ']' || c == '}') {
		return true
	}
	return flow && c == ':' && (i+1 == len(s) || s[i+1] == ' ')
}

// matchingBracket returns the offset after the ] or } that closes the flow
// collection opening at start.
func (d *Doc) matchingBracket(start int) (int, error) {
	depth := 0
	var quote byte
	s := d.src
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0:
			if c == quote {
				if quote == '\'' && i+1 < len(s) && s[i+1] == '\'' {
					i++
					continue
				}
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		case c == '#' && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t' || yamlbreak.StartsLine(s, i)):
			i = d.lineEnd(i) - 1
		}
	}
	return 0, errors.New("unclosed flow collection")
}

func splice(src []byte, start, end int, text string) []byte {
	out := make([]byte, 0, len(src)-(end-start)+len(text))
	out = append(out, src[:start]...)
	out = append(out, text...)
	return append(out, src[end:]...)
}

// keyIndent returns the indentation a value's key stands at: the column of
// the key node minus one.
func keyIndent(key *yaml.Node) int { return key.Column - 1 }

// parentOf returns the container of the node at path.
func (d *Doc) parentOf(path []string) *yaml.Node {
	if len(path) == 0 {
		return nil
	}
	parent, _, found := d.lookup(path[:len(path)-1])
	if !found {
		return nil
	}
	return parent
}

// isFlowContext reports whether a node sits inside a flow collection, by
// the container that holds it.
func isFlow(container *yaml.Node) bool {
	return container != nil && container.Style&yaml.FlowStyle != 0
}

func (d *Doc) set(path []string, v any) ([]byte, error) {
	n, key, found := d.lookup(path)
	if !found {
		return d.insert(path, v)
	}
	container := d.parentOf(path)
	flow := isFlow(container)
	indent := 0
	switch {
	case key != nil:
		indent = keyIndent(key)
	case container != nil && container.Kind == yaml.SequenceNode:
		indent = d.offset(n) - d.lineStart(d.offset(n)) - 2
	}
	start, end, err := d.extent(n, indent, flow)
	if err != nil {
		return nil, err
	}
	blockValue := n.Kind != yaml.ScalarNode && n.Style&yaml.FlowStyle == 0
	from := start
	if blockValue && key != nil {
		from = d.afterColon(key) // key:\n  - a  →  key: text
	}
	var text string
	switch {
	case key != nil && !flow && isRecordList(v):
		// Records go one key a line, whatever the old value looked like.
		from = d.afterColon(key)
		text, err = d.blockList(v.([]any), keyIndent(key), d.sectionList(path))
	case isScalar(v):
		text, err = encodeScalar(normalize(v), flow, d.keptStyle(n, start, end, flow, indent), indent)
	case blockValue && n.Kind == yaml.SequenceNode && key != nil && allScalars(v) && len(v.([]any)) > 0:
		// Keep a block list a block list: one "- item" per line.
		first := n.Content[0]
		itemIndent := max(d.offset(first)-d.lineStart(d.offset(first))-2, 0)
		text, err = d.blockList(v.([]any), itemIndent-2, d.sectionList(path))
	default:
		text, err = encodeFlow(v)
	}
	if err != nil {
		return nil, err
	}
	if from != start && !strings.HasPrefix(text, d.eol) {
		text = " " + text
	}
	return d.spliceValue(from, end, text), nil
}

// spliceValue replaces the text of a value, src[from:end], with text; from
// is on the line of the value's key (or "- "). A comment on that line is
// kept on it: one the old text covered (key: # c over a block list, or
// | # c), and one after the old text when the new text has several lines.
// A new text that starts on the next line (a block list) leaves the key's
// line as it was.
func (d *Doc) spliceValue(from, end int, text string) []byte {
	lineEnd := d.lineEnd(from)
	var comment string
	switch {
	case end > lineEnd:
		if cs := commentStart(d.src[from:lineEnd]); cs >= 0 {
			comment = string(d.src[from+len(bytes.TrimRight(d.src[from:from+cs], " \t")) : lineEnd])
		}
	case strings.Contains(text, "\n") && !strings.HasPrefix(text, d.eol):
		if rest := d.src[end:lineEnd]; bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte("#")) {
			comment, end = string(rest), lineEnd
		}
	}
	if comment == "" {
		return d.splice(from, end, text)
	}
	if comment[0] != ' ' && comment[0] != '\t' {
		comment = " " + comment
	}
	switch i := strings.Index(text, "\n"); {
	case strings.HasPrefix(text, d.eol):
		text = comment + text // key: # c, then the lines of the value
	case i >= 0 && strings.HasPrefix(strings.TrimSpace(text), "|") || i >= 0 && strings.HasPrefix(strings.TrimSpace(text), ">"):
		text = text[:i] + comment + text[i:] // on the header of a | or > block
	default:
		text += comment
	}
	return d.splice(from, end, text)
}

// keptStyle returns the quoting a new scalar keeps from the one it
// replaces: none when the old one was written as roadlog fmt writes it (its
// quotes were needed, not chosen), the old style otherwise ('i' stays
// quoted in a file that quotes it).
func (d *Doc) keptStyle(old *yaml.Node, start, end int, flow bool, indent int) yaml.Style {
	if old.Kind != yaml.ScalarNode || old.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) == 0 {
		return 0
	}
	if canon, err := encodeScalar(old.Value, flow, 0, indent); err == nil && canon == string(d.src[start:end]) {
		return 0
	}
	return old.Style
}

// afterColon returns the offset just after the ":" that follows a key.
func (d *Doc) afterColon(key *yaml.Node) int {
	off := d.offset(key)
	end, err := d.scalarEnd(key, off, 0, true)
	if err != nil {
		end = off + len(key.Value)
	}
	for end < len(d.src) && d.src[end] != ':' {
		end++
	}
	return min(end+1, len(d.src))
}

func (d *Doc) insert(path []string, v any) ([]byte, error) {
	// Find the deepest existing mapping on the path.
	i := len(path) - 1
	for i > 0 {
		if _, _, found := d.lookup(path[:i]); found {
			break
		}
		i--
	}
	for j := len(path) - 1; j >= i+1; j-- {
		v = Map{{Key: path[j], Value: v}}
	}
	key := path[i]
	var m *yaml.Node
	if i == 0 {
		m = d.root
	} else {
		m, _, _ = d.lookup(path[:i])
	}
	if m != nil && m.Kind == yaml.ScalarNode && m.Tag == "!!null" && i > 0 {
		// key: (empty)  →  key: {k: v}
		return d.set(path[:i], Map{{Key: key, Value: v}})
	}
	if m == nil {
		// An empty document.
		text, err := d.blockEntry(key, v, 0, i == 0)
		if err != nil {
			return nil, err
		}
		src := d.src
		if len(src) > 0 && !yamlbreak.StartsLine(src, len(src)) {
			src = append(append([]byte{}, src...), d.eol...)
		}
		return append(append([]byte{}, src...), text+d.eol...), nil
	}
	if m.Kind == yaml.SequenceNode {
		return nil, fmt.Errorf("%s has no element %s", strings.Join(path[:i], "."), key)
	}
	if m.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s is not a mapping", strings.Join(path[:i], "."))
	}
	// The new key goes before the first key that comes after it in fmt's
	// order; keys fmt does not order go last.
	at := d.insertAt(path[:i], m, key)
	if m.Style&yaml.FlowStyle != 0 {
		text, err := d.entry(key, v, true, 0)
		if err != nil {
			return nil, err
		}
		if at < len(m.Content)/2 {
			off := d.offset(m.Content[2*at])
			return d.splice(off, off, text+", "), nil
		}
		return d.appendFlow(m, text)
	}
	if len(m.Content) == 0 {
		return nil, errors.New("cannot add to an empty block mapping")
	}
	indent := keyIndent(m.Content[0])
	text, err := d.blockEntry(key, v, indent, i == 0)
	if err != nil {
		return nil, err
	}
	// A top-level key of a list file stands apart, one blank line above it.
	gap := ""
	if i == 0 && d.layout.Sections {
		gap = d.eol
	}
	if at == 0 {
		// Before the first key, on its line: "- id: x" becomes
		// "- new: v" and "  id: x".
		off := d.offset(m.Content[0])
		return d.splice(off, off, text+d.eol+gap+strings.Repeat(" ", indent)), nil
	}
	prevKey, prevVal := m.Content[2*at-2], m.Content[2*at-1]
	_, end, err := d.extent(prevVal, keyIndent(prevKey), false)
	if err != nil {
		return nil, err
	}
	off := d.lineEnd(end)
	return d.splice(off, off, d.eol+gap+strings.Repeat(" ", indent)+text), nil
}

// insertAt returns the index (in pairs) of the entry a new key goes
// before in the mapping m at path, or the number of entries for the end.
func (d *Doc) insertAt(path []string, m *yaml.Node, key string) int {
	n := len(m.Content) / 2
	if d.layout.KeyOrder == nil {
		return n
	}
	order := d.layout.KeyOrder(path)
	rank := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	r := rank(key)
	for j := range n {
		if rank(m.Content[2*j].Value) > r {
			return j
		}
	}
	return n
}

// blockEntry formats "key: value" for a block mapping at indent: a list of
// Maps as a block list under the key, anything else inline. top is true
// for a key of the document's top mapping.
func (d *Doc) blockEntry(key string, v any, indent int, top bool) (string, error) {
	if !isRecordList(v) {
		return d.entry(key, v, false, indent)
	}
	k, err := encodeKey(key, false)
	if err != nil {
		return "", err
	}
	text, err := d.blockList(v.([]any), indent, top && d.layout.Sections)
	return k + ":" + text, err
}

// sectionList reports whether the list at path is a top-level list of a
// file whose top-level items stand apart, one blank line between them.
func (d *Doc) sectionList(path []string) bool { return d.layout.Sections && len(path) == 1 }

// blockList writes a list under a key at indent as the text that follows
// "key:": one "- item" line per item (records one key a line), two spaces
// deeper than the key; with sections, a blank line between items.
func (d *Doc) blockList(list []any, indent int, sections bool) (string, error) {
	var b strings.Builder
	for i, e := range list {
		var text string
		var err error
		switch {
		case isRecord(e):
			text, err = d.blockItem(e.(Map), indent+2)
		default:
			if isScalar(e) {
				text, err = encodeScalar(normalize(e), false, 0, indent+2)
			} else {
				text, err = encodeFlow(e)
			}
			text = "- " + text
		}
		if err != nil {
			return "", err
		}
		if i > 0 && sections {
			b.WriteString(d.eol)
		}
		b.WriteString(d.eol + strings.Repeat(" ", indent+2) + text)
	}
	return b.String(), nil
}

// blockItem formats a Map as a block list item whose dash stands at
// dashIndent: "- k1: v1", then "k2: v2" lines under k1. The first line
// carries no indentation.
func (d *Doc) blockItem(m Map, dashIndent int) (string, error) {
	if len(m) == 0 {
		return "- {}", nil
	}
	var b strings.Builder
	for i, kv := range m {
		text, err := d.blockEntry(kv.Key, kv.Value, dashIndent+2, false)
		if err != nil {
			return "", err
		}
		if i == 0 {
			b.WriteString("- " + text)
			continue
		}
		b.WriteString(d.eol + strings.Repeat(" ", dashIndent+2) + text)
	}
	return b.String(), nil
}

// entry formats "key: value" with the value inline (scalar or flow), for a
// key at indent.
func (d *Doc) entry(key string, v any, flow bool, indent int) (string, error) {
	k, err := encodeKey(key, flow)
	if err != nil {
		return "", err
	}
	var text string
	if isScalar(v) {
		text, err = encodeScalar(normalize(v), flow, 0, indent)
	} else {
		text, err = encodeFlow(v)
	}
	return k + ": " + text, err
}

func (d *Doc) delete(path []string) ([]byte, error) {
	n, key, _ := d.lookup(path)
	container := d.parentOf(path)
	if key == nil || container == nil || container.Kind != yaml.MappingNode {
		return nil, errors.New("only mapping keys and list elements can be removed")
	}
	if container.Style&yaml.FlowStyle != 0 {
		return d.deleteFlowEntry(key, n)
	}
	_, end, err := d.extent(n, keyIndent(key), false)
	if err != nil {
		return nil, err
	}
	keyOff := d.offset(key)
	ls := d.lineStart(keyOff)
	if strings.TrimSpace(string(d.src[ls:keyOff])) != "" {
		// "- id: x" / "  title: y": the next key moves up to the dash,
		// when nothing but the line break and indentation is between.
		if container.Content[0] != key || len(container.Content) < 4 {
			return nil, errors.New("the first field of a list item cannot be removed in place; edit the file")
		}
		next := d.offset(container.Content[2])
		if gap := d.src[d.contentEnd(end):next]; len(bytes.TrimSpace(gap)) != 0 || countBreaks(gap) != 1 {
			return nil, errors.New("the first field of a list item cannot be removed in place; edit the file")
		}
		return d.splice(keyOff, next, ""), nil
	}
	stop := d.nextLine(end)
	// Between two blank lines, the entry takes one of them along, so that
	// no two blank lines are left in a row.
	if ls >= 1 && stop < len(d.src) && d.blankLine(d.lineStart(ls-1)) && d.blankLine(stop) {
		stop = d.nextLine(stop)
	}
	return d.splice(ls, stop, ""), nil
}

// blankLine reports whether the line starting at off holds only spaces.
func (d *Doc) blankLine(off int) bool {
	return len(bytes.TrimSpace(d.src[off:d.lineEnd(off)])) == 0
}

func (d *Doc) deleteFlowEntry(key, val *yaml.Node) ([]byte, error) {
	start := d.offset(key)
	_, end, err := d.extent(val, 0, true)
	if err != nil {
		return nil, err
	}
	// Take the comma after the entry, or else the one before it.
	rest := d.src[end:]
	t := bytes.TrimLeft(rest, " ")
	if len(t) > 0 && t[0] == ',' {
		after := bytes.TrimLeft(t[1:], " ")
		return d.splice(start, len(d.src)-len(after), ""), nil
	}
	before := bytes.TrimRight(d.src[:start], " ")
	if len(before) > 0 && before[len(before)-1] == ',' {
		return d.splice(len(before)-1, end, ""), nil
	}
	return d.splice(start, end, ""), nil
}

// appendFlow adds an entry's text at the end of a flow mapping or
// sequence: {a: 1} → {a: 1, b: 2}, [] → [x].
func (d *Doc) appendFlow(coll *yaml.Node, text string) ([]byte, error) {
	start := d.offset(coll)
	end, err := d.matchingBracket(start)
	if err != nil {
		return nil, err
	}
	closing := end - 1
	if len(coll.Content) == 0 {
		return d.splice(closing, closing, text), nil
	}
	last := bytes.TrimRight(d.src[:closing], " \t\r\n")
	return d.splice(len(last), len(last), ", "+text), nil
}

func (d *Doc) appendItem(path []string, seq *yaml.Node, v any) ([]byte, error) {
	flow := seq.Style&yaml.FlowStyle != 0
	if flow {
		text, err := Flow(v)
		if err != nil {
			return nil, err
		}
		return d.appendFlow(seq, text)
	}
	first := seq.Content[0]
	dash := d.offset(first)
	ls := d.lineStart(dash)
	itemIndent := dash - ls - 2
	if itemIndent < 0 || string(d.src[dash-2:dash]) != "- " {
		return nil, errors.New("this list's layout is not edited in place; edit the file")
	}
	lastItem := seq.Content[len(seq.Content)-1]
	_, end, err := d.extent(lastItem, itemIndent, false)
	if err != nil {
		return nil, err
	}
	var text string
	switch {
	case isScalar(v):
		text, err = encodeScalar(normalize(v), false, 0, itemIndent)
		text = "- " + text
	default:
		if isRecord(v) {
			text, err = d.blockItem(v.(Map), itemIndent)
		} else {
			text, err = encodeFlow(v)
			text = "- " + text
		}
	}
	if err != nil {
		return nil, err
	}
	// Items set apart by blank lines get a blank line before the new one,
	// as do the items of a list file's top-level lists.
	gap := ""
	if len(seq.Content) == 1 && d.sectionList(path) {
		gap = d.eol
	}
	if len(seq.Content) >= 2 {
		lastLine := d.lineStart(d.offset(lastItem))
		if lastLine >= 2 {
			prev := d.lineStart(lastLine - 1)
			if len(bytes.TrimSpace(d.src[prev:lastLine])) == 0 {
				gap = d.eol
			}
		}
	}
	at := d.lineEnd(end)
	return d.splice(at, at, d.eol+gap+strings.Repeat(" ", itemIndent)+text), nil
}

func (d *Doc) removeItem(seq *yaml.Node, i int) ([]byte, error) {
	item := seq.Content[i]
	if seq.Style&yaml.FlowStyle != 0 {
		start := d.offset(item)
		_, end, err := d.extent(item, 0, true)
		if err != nil {
			return nil, err
		}
		rest := bytes.TrimLeft(d.src[end:], " ")
		if len(rest) > 0 && rest[0] == ',' {
			after := bytes.TrimLeft(rest[1:], " ")
			return d.splice(start, len(d.src)-len(after), ""), nil
		}
		before := bytes.TrimRight(d.src[:start], " ")
		if len(before) > 0 && before[len(before)-1] == ',' {
			return d.splice(len(before)-1, end, ""), nil
		}
		return d.splice(start, end, ""), nil
	}
	off := d.offset(item)
	ls := d.lineStart(off)
	itemIndent := off - ls - 2
	if itemIndent < 0 || strings.TrimSpace(string(d.src[ls:off])) != "-" {
		return nil, errors.New("this list's layout is not edited in place; edit the file")
	}
	_, end, err := d.extent(item, itemIndent, false)
	if err != nil {
		return nil, err
	}
	return d.splice(ls, d.nextLine(end), ""), nil
}

func isScalar(v any) bool {
	switch v.(type) {
	case []any, map[string]any, Map, []string:
		return false
	}
	return true
}

// isRecordList reports whether v is a non-empty list of records: Maps
// with an id, which fmt writes one key a line.
func isRecordList(v any) bool {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return false
	}
	for _, e := range list {
		if !isRecord(e) {
			return false
		}
	}
	return true
}

func isRecord(v any) bool {
	m, ok := v.(Map)
	return ok && slices.ContainsFunc(m, func(kv KV) bool { return kv.Key == "id" })
}

func allScalars(v any) bool {
	list, ok := v.([]any)
	if !ok {
		return false
	}
	for _, e := range list {
		if !isScalar(e) {
			return false
		}
	}
	return true
}

// withSet returns a copy of root with the value at path set, creating
// mappings on the way.
func withSet(root any, path []string, v any) (any, error) {
	if len(path) == 0 {
		return v, nil
	}
	switch x := root.(type) {
	case nil:
		child, err := withSet(nil, path[1:], v)
		return map[string]any{path[0]: child}, err
	case map[string]any:
		out := make(map[string]any, len(x)+1)
		for k, e := range x {
			out[k] = e
		}
		child, err := withSet(x[path[0]], path[1:], v)
		out[path[0]] = child
		return out, err
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(x) {
			return nil, fmt.Errorf("no list element %s", path[0])
		}
		out := append([]any{}, x...)
		child, err := withSet(x[i], path[1:], v)
		out[i] = child
		return out, err
	}
	return nil, fmt.Errorf("%s is not a mapping", path[0])
}

// withDelete returns a copy of root without the key or list element at
// path.
func withDelete(root any, path []string) (any, error) {
	if len(path) == 0 {
		return nil, errors.New("empty path")
	}
	switch x := root.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = e
		}
		if len(path) == 1 {
			delete(out, path[0])
			return out, nil
		}
		child, err := withDelete(x[path[0]], path[1:])
		out[path[0]] = child
		return out, err
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(x) {
			return nil, fmt.Errorf("no list element %s", path[0])
		}
		if len(path) == 1 {
			return slices.Delete(slices.Clone(x), i, i+1), nil
		}
		out := append([]any{}, x...)
		child, err := withDelete(x[i], path[1:])
		out[i] = child
		return out, err
	}
	return nil, fmt.Errorf("%s is not a mapping", path[0])
}
