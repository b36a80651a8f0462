// Package config reads the keys of roadlog.yaml by their dotted names
// (product.name, people.ana.email, workflow.statuses) for `roadlog config
// get`: the key checked against the file's schema, its value as written.
// Changes to the file go through package change ([change.Session.SetConfig]).
package config

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"gopkg.in/yaml.v3"
)

// Value is the value of a key of roadlog.yaml as the file writes it.
type Value struct {
	Key  string
	node *yaml.Node
	data any
}

// NotSetError is a key the schema knows that roadlog.yaml does not set.
type NotSetError struct{ Key string }

func (e *NotSetError) Error() string {
	return fmt.Sprintf("%s is not set in %s; roadlog uses its default (roadlog schema config describes it)", e.Key, workspace.ConfigFile)
}

// Path splits a dotted key into its steps.
func Path(key string) []string { return strings.Split(key, ".") }

// Get returns the value of the dotted key in the workspace's roadlog.yaml.
// A key the schema does not know is a [change.InputError] with a "did you
// mean"; one the file does not set, a [*NotSetError].
func Get(ws *workspace.Workspace, key string) (*Value, error) {
	path := Path(key)
	if _, err := change.ConfigKey(path); err != nil {
		return nil, err
	}
	f := ws.ConfigFile
	if f == nil {
		return nil, &NotSetError{Key: key}
	}
	if !f.Parsed {
		return nil, fmt.Errorf("%s does not parse; fix it first (roadlog validate shows where)", f.Path)
	}
	n := f.Node(path)
	data, ok := at(f.Value, path)
	if n == nil || !ok {
		return nil, &NotSetError{Key: key}
	}
	return &Value{Key: key, node: n, data: data}, nil
}

// at returns the JSON value at path within v.
func at(v any, path []string) (any, bool) {
	for _, tok := range path {
		switch c := v.(type) {
		case map[string]any:
			next, ok := c[tok]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// Data returns the value as JSON would hold it.
func (v *Value) Data() any { return v.data }

// WriteText writes the value for a person to read: a scalar as it is (text
// unquoted, null as nothing), a list or a mapping as block YAML without the
// file's comments. Text that would act on a terminal is made harmless.
func (v *Value) WriteText(w io.Writer) error {
	n := plain(v.node)
	if n.Kind == yaml.ScalarNode {
		text := n.Value
		if n.Tag == "!!null" {
			text = ""
		}
		_, err := io.WriteString(w, safetext.Text(text)+"\n")
		return err
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, safetext.Text(buf.String()))
	return err
}

// plain returns a copy of n with no comments and block style throughout;
// aliases are followed.
func plain(n *yaml.Node) *yaml.Node {
	return plainDepth(n, 0)
}

// maxDepth bounds how deep plain follows aliases, so that a file that
// refers to itself cannot make it endless.
const maxDepth = 64

func plainDepth(n *yaml.Node, depth int) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil && depth < maxDepth {
		return plainDepth(n.Alias, depth+1)
	}
	c := *n
	c.HeadComment, c.LineComment, c.FootComment, c.Anchor = "", "", "", ""
	if c.Kind != yaml.ScalarNode {
		c.Style = 0
	}
	if len(n.Content) > 0 && depth < maxDepth {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, sub := range n.Content {
			c.Content[i] = plainDepth(sub, depth+1)
		}
	}
	return &c
}
