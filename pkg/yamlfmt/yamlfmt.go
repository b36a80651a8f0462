// Package yamlfmt writes the YAML of a workspace file in roadlog's one
// canonical form: keys in schema order, short collections on one line,
// quotes only where needed, two-space indentation, comments kept, values
// unchanged.
package yamlfmt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"github.com/roadlog/roadlog/schema"
	"gopkg.in/yaml.v3"
)

// Format returns a file with its YAML in canonical form.
func Format(file *workspace.File) ([]byte, error) {
	src := file.YAML()
	if len(bytes.TrimSpace(src)) == 0 {
		return file.Raw, nil
	}
	crlf := bytes.Contains(src, []byte("\r\n"))
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return file.Raw, nil
	}
	if top := doc.Content[0]; top.Kind == yaml.ScalarNode && top.Tag == "!!null" && top.Value == "" {
		return file.Raw, nil // document markers with nothing between them: nothing to format
	}
	before, problems := yamlvalue.Convert(doc.Content[0])
	if len(problems) > 0 {
		return nil, errors.New(problems[0].Msg)
	}
	if hasAnchors(&doc) {
		return nil, errors.New("it uses anchors or aliases")
	}
	if depth(doc.Content[0], MaxDepth+1) > MaxDepth {
		// One entry a line, a document this deep is quadratic in size
		// (each level indents every line below it): no plan nests so.
		return nil, fmt.Errorf("it nests more than %d levels deep", MaxDepth)
	}
	canonical(doc.Content[0], schemaOf(file.Kind), true, 0, lineWidth)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	out := yamledit.ReadableEscapes(buf.Bytes())
	if !file.Kind.Markdown() {
		out = spaceSections(out)
	}
	var check yaml.Node
	if err := yaml.Unmarshal(out, &check); err != nil {
		return nil, fmt.Errorf("the result does not parse: %w", err)
	}
	if len(check.Content) == 0 {
		return nil, errors.New("the result holds no document")
	}
	after, _ := yamlvalue.Convert(check.Content[0])
	if !reflect.DeepEqual(before, after) {
		return nil, errors.New("the values would read back differently")
	}
	if crlf {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	result := append(append([]byte(nil), file.Raw[:file.YAMLOffset]...), out...)
	result = append(result, file.Raw[file.YAMLEnd:]...)
	if len(result) > 0 && result[len(result)-1] != '\n' {
		result = append(result, '\n')
	}
	return result, nil
}

// MaxDepth is the deepest nesting of collections fmt formats.
const MaxDepth = 64

// depth returns how deeply collections nest at n, counting no further than
// limit.
func depth(n *yaml.Node, limit int) int {
	if limit <= 0 || (n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode) {
		return 0
	}
	d := 0
	for _, c := range n.Content {
		d = max(d, depth(c, limit-1))
		if d+1 >= limit {
			break
		}
	}
	return d + 1
}

func hasAnchors(n *yaml.Node) bool {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return true
	}
	for _, c := range n.Content {
		if hasAnchors(c) {
			return true
		}
	}
	return false
}

// lineWidth is the longest a line with a one-line list or mapping may be.
const lineWidth = 80

// canonical sets the canonical styles and key order under n. record is
// true for the document's top mapping and for records, which stay block;
// room is how long n may be on one line. It reports whether n or anything
// under it has a comment, so that each node is looked at once however deep
// the document nests.
func canonical(n *yaml.Node, sch *node, record bool, indent, room int) (comments bool) {
	comments = n.HeadComment != "" || n.LineComment != "" || n.FootComment != ""
	switch n.Kind {
	case yaml.ScalarNode:
		n.Style = 0
		if n.Tag == "!!str" {
			n.Style = yamledit.CanonicalStyle(n.Value)
		}
	case yaml.SequenceNode:
		var items *node
		if sch != nil {
			items = sch.get("items")
		}
		for _, c := range n.Content {
			if canonical(c, items.deref(), c.Kind == yaml.MappingNode && isRecord(c), indent+4, lineWidth-indent-4) {
				comments = true
			}
		}
		setCollectionStyle(n, false, comments, room)
	case yaml.MappingNode:
		reorder(n, sch)
		for i := 0; i+1 < len(n.Content); i += 2 {
			var sub *node
			if sch != nil {
				sub = sch.property(n.Content[i].Value)
			}
			k := n.Content[i]
			if canonical(k, nil, false, indent, lineWidth) {
				comments = true
			}
			v := n.Content[i+1]
			if canonical(v, sub.deref(), v.Kind == yaml.MappingNode && isRecord(v), indent+2, lineWidth-indent-len(k.Value)-2) {
				comments = true
			}
		}
		setCollectionStyle(n, record, comments, room)
	}
	return comments
}

// setCollectionStyle puts a collection on one line when it is short, and
// one entry a line when not. A collection with comments keeps its style:
// moving between styles would move the comments.
func setCollectionStyle(n *yaml.Node, record, comments bool, room int) {
	if comments {
		return
	}
	if !record && flowLen(n, room) <= room {
		n.Style = yaml.FlowStyle
		return
	}
	n.Style = 0
}

// isRecord reports whether a mapping is a record (it has an id), which
// stays one key a line.
func isRecord(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "id" {
			return true
		}
	}
	return false
}

// flowLen is the length of a node written on one line, or more than limit
// when it is longer or cannot be (multi-line text, records). It stops
// counting past limit, so that asking at every level of a deep document
// costs no more than the limit each time.
func flowLen(n *yaml.Node, limit int) int {
	over := max(limit, 0) + 1
	switch n.Kind {
	case yaml.ScalarNode:
		if strings.Contains(n.Value, "\n") {
			return over
		}
		l := len(n.Value)
		if yamledit.NeedsQuotes(n.Value) || strings.ContainsAny(n.Value, ",[]{}:#") {
			l += 2
		}
		return l
	case yaml.SequenceNode:
		l := 2
		for _, c := range n.Content {
			if l += flowLen(c, limit-l) + 2; l > limit {
				return over
			}
		}
		return l
	case yaml.MappingNode:
		if isRecord(n) {
			return over
		}
		l := 2
		for i := 0; i+1 < len(n.Content); i += 2 {
			if l += flowLen(n.Content[i], limit-l) + 2; l > limit {
				return over
			}
			if l += flowLen(n.Content[i+1], limit-l) + 2; l > limit {
				return over
			}
		}
		return l
	}
	return over
}

// reorder sorts a mapping's keys by the schema's order; keys the schema
// does not know keep their order after the others.
func reorder(m *yaml.Node, sch *node) {
	if sch == nil {
		return
	}
	order := sch.propertyOrder()
	if len(order) == 0 {
		return
	}
	type pair struct{ k, v *yaml.Node }
	pairs := make([]pair, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		pairs = append(pairs, pair{m.Content[i], m.Content[i+1]})
	}
	rank := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return rank(a.k.Value) - rank(b.k.Value) })
	m.Content = m.Content[:0]
	for _, p := range pairs {
		m.Content = append(m.Content, p.k, p.v)
	}
}

var (
	topKey     = regexp.MustCompile(`^[^\s#-][^:]*:`)
	listRecord = regexp.MustCompile(`^  - `)
)

// spaceSections puts one blank line between top-level keys and between the
// records of top-level lists, above the comments that lead them (comments
// at the same indentation), and never two blank lines in a row.
func spaceSections(src []byte) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	var out []string
	firstKey := true
	prevWasKey := false
	for _, l := range lines {
		starts, indent := false, ""
		switch {
		case topKey.MatchString(l):
			starts = !firstKey
			firstKey = false
			prevWasKey = strings.TrimSpace(l[strings.IndexByte(l, ':')+1:]) == ""
		case listRecord.MatchString(l):
			starts, indent = !prevWasKey, "  "
			prevWasKey = false
		case strings.TrimSpace(l) != "" && !strings.HasPrefix(strings.TrimSpace(l), "#"):
			prevWasKey = false
		}
		if starts {
			j := len(out)
			for j > 0 && strings.HasPrefix(out[j-1], indent+"#") {
				j--
			}
			out = slices.Insert(out, j, "\n")
		}
		out = append(out, l)
	}
	// One blank line at most, none at the start.
	var b strings.Builder
	blank := true
	for _, l := range out {
		isBlank := strings.TrimSpace(l) == ""
		if isBlank && blank {
			continue
		}
		blank = isBlank
		b.WriteString(l)
	}
	return []byte(b.String())
}

// node is a JSON Schema kept in key order.
type node struct {
	keys []string
	vals map[string]any // *node, or a plain value
	root *node
}

func (n *node) get(k string) *node {
	if n == nil {
		return nil
	}
	sub, _ := n.vals[k].(*node)
	return sub
}

// deref follows local $refs.
func (n *node) deref() *node {
	for range 10 {
		if n == nil {
			return nil
		}
		ref, ok := n.vals["$ref"].(string)
		if !ok {
			return n
		}
		target := n.root
		for _, t := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			target = target.get(t)
		}
		n = target
	}
	return n
}

func (n *node) property(k string) *node {
	n = n.deref()
	if n == nil {
		return nil
	}
	if p := n.get("properties").get(k); p != nil {
		return p
	}
	return n.get("additionalProperties")
}

func (n *node) propertyOrder() []string {
	n = n.deref()
	if p := n.get("properties"); p != nil {
		return p.keys
	}
	return nil
}

var (
	schemaMu    sync.Mutex
	schemaCache = map[workspace.FileKind]*node{}
)

// schemaOf returns the ordered schema of a kind of file (read once).
func schemaOf(k workspace.FileKind) *node {
	schemaMu.Lock()
	defer schemaMu.Unlock()
	if n, ok := schemaCache[k]; ok {
		return n
	}
	n := readSchema(k)
	schemaCache[k] = n
	return n
}

func readSchema(k workspace.FileKind) *node {
	raw, err := schema.FS.ReadFile(string(k) + ".schema.json")
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	v, err := decodeOrdered(dec)
	if err != nil {
		return nil
	}
	root, _ := v.(*node)
	setRoot(root, root)
	return root
}

func setRoot(n, root *node) {
	if n == nil {
		return
	}
	n.root = root
	for _, v := range n.vals {
		if sub, ok := v.(*node); ok {
			setRoot(sub, root)
		}
	}
}

// decodeOrdered decodes JSON keeping the order of object keys.
func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if t, ok := tok.(json.Delim); ok {
		switch t {
		case '{':
			n := &node{vals: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals[k] = v
			}
			_, err := dec.Token()
			return n, err
		case '[':
			var list []any
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token()
			return list, err
		}
	}
	return tok, nil
}

// Layout returns how fmt lays out a kind of file, for edits that keep a
// file in canonical form canonical: the key order of the schema, blank
// lines between the sections of YAML files, and the style (one line or one
// item a line) fmt gives each collection.
func Layout(k workspace.FileKind) yamledit.Layout {
	sch := schemaOf(k)
	return yamledit.Layout{
		KeyOrder: func(path []string) []string { return keyOrder(sch, path) },
		Sections: !k.Markdown(),
		Canonical: func(src []byte) *yaml.Node {
			var doc yaml.Node
			if err := yaml.Unmarshal(src, &doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 ||
				depth(doc.Content[0], MaxDepth+1) > MaxDepth {
				return nil
			}
			canonical(doc.Content[0], sch, true, 0, lineWidth)
			return doc.Content[0]
		},
	}
}

// keyOrder returns the order of the keys of the mapping at path under the
// schema sch, as reorder sorts them; nil when the schema does not say.
func keyOrder(sch *node, path []string) []string {
	for _, tok := range path {
		sch = sch.deref()
		if items := sch.get("items"); items != nil {
			if _, err := strconv.Atoi(tok); err == nil {
				sch = items
				continue
			}
		}
		sch = sch.property(tok)
	}
	return sch.propertyOrder()
}

// RecordKeys returns the keys of a kind of record in the order of its
// schema, for writing new records the way fmt would.
func RecordKeys(k model.Kind) []string {
	file, def := workspace.FileItem, ""
	switch k {
	case model.KindInsight:
		file = workspace.FileInsight
	case model.KindDecision:
		file = workspace.FileDecision
	case model.KindTheme, model.KindInitiative:
		file, def = workspace.FileRoadmap, string(k)
	case model.KindObjective, model.KindKeyResult:
		file, def = workspace.FileObjectives, string(k)
	case model.KindRelease:
		file, def = workspace.FileReleases, string(k)
	case model.KindRisk:
		file, def = workspace.FileRisks, string(k)
	}
	sch := schemaOf(file)
	if def != "" {
		sch = sch.get("$defs").get(def)
	}
	return sch.propertyOrder()
}
