// Package yamlfmt writes the YAML of a workspace file in roadlog's one
// canonical form: keys in schema order, short collections on one line,
// quotes only where needed, two-space indentation, comments kept, values
// unchanged.
package yamlfmt

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamlbreak"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"github.com/roadlog/roadlog/schema"
	"gopkg.in/yaml.v3"
)

// Format returns a file with its YAML in canonical form.
func Format(file *workspace.File) ([]byte, error) {
	out, _, err := FormatValue(file)
	return out, err
}

// FormatValue is [Format] that also returns the value the YAML holds, the
// same before and after (nil when there is nothing to format): for a
// caller that built the YAML and checks it reads back as meant.
func FormatValue(file *workspace.File) ([]byte, any, error) {
	src := file.YAML()
	if len(bytes.TrimSpace(src)) == 0 {
		return file.Raw, nil, nil
	}
	eol := yamlbreak.LineEnding(src)
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return file.Raw, nil, nil
	}
	if top := doc.Content[0]; top.Kind == yaml.ScalarNode && top.Tag == "!!null" && top.Value == "" {
		return file.Raw, nil, nil // document markers with nothing between them: nothing to format
	}
	before, problems := yamlvalue.Convert(doc.Content[0])
	if len(problems) > 0 {
		return nil, nil, errors.New(problems[0].Msg)
	}
	if hasAnchors(&doc) {
		return nil, nil, errors.New("it uses anchors or aliases")
	}
	if depth(doc.Content[0], MaxDepth+1) > MaxDepth {
		// One entry a line, a document this deep is quadratic in size
		// (each level indents every line below it): no plan nests so.
		return nil, nil, fmt.Errorf("it nests more than %d levels deep", MaxDepth)
	}
	canonical(doc.Content[0], schema.Base(string(file.Kind)), true, 0, lineWidth)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, nil, err
	}
	out := yamledit.ReadableEscapes(buf.Bytes())
	if !file.Kind.Markdown() {
		out = spaceSections(out)
	}
	if eol != "\n" {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte(eol)) // the file's own line ending
	}
	var check yaml.Node
	if err := yaml.Unmarshal(out, &check); err != nil {
		return nil, nil, fmt.Errorf("the result does not parse: %w", err)
	}
	if len(check.Content) == 0 {
		return nil, nil, errors.New("the result holds no document")
	}
	after, _ := yamlvalue.Convert(check.Content[0])
	if !reflect.DeepEqual(before, after) {
		return nil, nil, errors.New("the values would read back differently")
	}
	result := append(append([]byte(nil), file.Raw[:file.YAMLOffset]...), out...)
	result = append(result, file.Raw[file.YAMLEnd:]...)
	if len(result) > 0 && result[len(result)-1] != '\n' && !bytes.HasSuffix(result, []byte(eol)) {
		result = append(result, eol...)
	}
	return result, before, nil
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
func canonical(n *yaml.Node, sch *schema.Field, record bool, indent, room int) (comments bool) {
	comments = n.HeadComment != "" || n.LineComment != "" || n.FootComment != ""
	switch n.Kind {
	case yaml.ScalarNode:
		n.Style = 0
		if n.Tag == "!!str" {
			n.Style = yamledit.CanonicalStyle(n.Value)
		}
	case yaml.SequenceNode:
		var items *schema.Field
		if sch != nil {
			items = sch.Items
		}
		for _, c := range n.Content {
			if canonical(c, items, c.Kind == yaml.MappingNode && isRecord(c), indent+4, lineWidth-indent-4) {
				comments = true
			}
		}
		setCollectionStyle(n, false, comments, room)
	case yaml.MappingNode:
		reorder(n, sch)
		for i := 0; i+1 < len(n.Content); i += 2 {
			sub := sch.Key(n.Content[i].Value)
			k := n.Content[i]
			keyComments := canonical(k, nil, false, indent, lineWidth)
			v := n.Content[i+1]
			style := v.Style
			if canonical(v, sub, v.Kind == yaml.MappingNode && isRecord(v), indent+2, lineWidth-indent-len(k.Value)-2) || keyComments {
				comments = true
			}
			if keyComments && v.Kind != yaml.ScalarNode {
				// "key: # c" over a block value: the comment is the key's,
				// and yaml.v3 drops it when the value goes on one line.
				v.Style = style
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
func reorder(m *yaml.Node, sch *schema.Field) {
	order := sch.Names()
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

// Layout returns how fmt lays out a kind of file, for edits that keep a
// file in canonical form canonical: the key order of the schema, blank
// lines between the sections of YAML files, and the style (one line or one
// item a line) fmt gives each collection.
func Layout(k workspace.FileKind) yamledit.Layout {
	sch := schema.Base(string(k))
	return yamledit.Layout{
		KeyOrder: func(path []string) []string { return sch.At(path).Names() },
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
