package yamledit_test

import (
	"bytes"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlfmt"
	"gopkg.in/yaml.v3"
)

const fuzzItem = `id: ACME-12
title: Guest checkout   # the title
status: ready
labels: [checkout, conversion]
rank: "i"
score: {reach: 1200, impact: 2}

depends_on:
  - ACME-9
  - ACME-10
note: 'it''s'
description: |
  Line one.
  Line two.
# trailing comment
created: 2026-11-02
`

// The edits FuzzEdit makes, by op % 8.
const (
	opSet       = iota // path = v
	opDelete           // --unset path
	opAppend           // path += v
	opRemove           // path -= v
	opSetList          // path = [v, second]
	opSetMap           // path = {k: v}
	opAddRecord        // path += {id: v, title: T}
	opInsert           // path.new = v: a key that is not there yet
	numOps
)

// FuzzEdit makes every kind of edit (set, insert, append, remove, delete,
// of scalars, lists, mappings and records) on any YAML, with and without
// fmt's layout. An edit either fails and leaves the text as it was, or the
// text reads back as exactly the intended tree, computed here on its own,
// with every comment kept but those inside the value it replaced or
// removed (a set or --unset once dropped the comment on the key's line:
// "labels: # the labels" over a block list). Nothing panics. The corpus holds the
// crashers found so far (testdata/fuzz/FuzzEdit).
func FuzzEdit(f *testing.F) {
	seeds := []string{
		fuzzItem, "initiatives:\n  - id: I-1 # c\n    l: [a, b]\n", "a: {b: [1, 2]}\r\nc: 'x'\r\n", "", "# only\n",
		"themes: []\n\ninitiatives:\n  - id: I-1\n    title: T\n\n  - id: I-2\n    title: U\n",
		"labels:\n  - a\nscore:\n  reach: 1\n", "l:\n- a\n- b\nz: 1\n",
		"labels: # the labels\n  - a # first\n  - b\n", "score: # c\n  reach: 1\n",
		"labels: # c\n  - x\ndescription: | # d\n  one\n  two\n",
	}
	for _, s := range seeds {
		for op := range uint8(numOps * 3) {
			f.Add([]byte(s), op, "labels", "x")
			f.Add([]byte(s), op, "score.reach", "12")
			f.Add([]byte(s), op, "labels.0", "y")
			f.Add([]byte(s), op, "initiatives.1", "I-9")
			f.Add([]byte(s), op, "initiatives.0.status", "done")
		}
	}
	layouts := []yamledit.Layout{{}, yamlfmt.Layout(workspace.FileItem), yamlfmt.Layout(workspace.FileRoadmap)}
	f.Fuzz(func(t *testing.T, src []byte, op uint8, key, val string) {
		d, err := yamledit.Parse(src)
		if err != nil || key == "" {
			return
		}
		d.SetLayout(layouts[int(op/numOps)%len(layouts)])
		path := strings.Split(key, ".")
		var v any = val
		if n, err := strconv.ParseInt(val, 10, 32); err == nil {
			v = n
		}
		before := slices.Clone(d.Bytes())
		tree := d.Value()
		var want any
		var wantErr error
		switch op % numOps {
		case opSet:
			err = d.Set(path, v)
			want, wantErr = withSet(tree, path, plain(v))
		case opDelete:
			err = d.Delete(path)
			want, wantErr = withDelete(tree, path)
		case opAppend:
			err = d.Append(path, v)
			want, wantErr = withAppend(tree, path, plain(v))
		case opRemove:
			_, err = d.Remove(path, v)
			want, wantErr = withRemove(tree, path, plain(v))
		case opSetList:
			list := []any{v, "second"}
			err = d.Set(path, list)
			want, wantErr = withSet(tree, path, plain(list))
		case opSetMap:
			m := yamledit.Map{{Key: "k", Value: v}}
			err = d.Set(path, m)
			want, wantErr = withSet(tree, path, plain(m))
		case opAddRecord:
			rec := yamledit.Map{{Key: "title", Value: "T"}, {Key: "id", Value: v}}
			err = d.Append(path, rec)
			want, wantErr = withAppend(tree, path, plain(rec))
		case opInsert:
			path = append(path, "new")
			err = d.Set(path, v)
			want, wantErr = withSet(tree, path, plain(v))
		}
		if err != nil {
			if !bytes.Equal(d.Bytes(), before) {
				t.Fatalf("a failed edit (%v) changed the text to\n%s", err, d.Bytes())
			}
			return
		}
		if wantErr != nil {
			t.Fatalf("the edit succeeded, but %v; text now\n%s", wantErr, d.Bytes())
		}
		again, err := yamledit.Parse(d.Bytes())
		if err != nil {
			t.Fatalf("the result does not parse: %v\n%s", err, d.Bytes())
		}
		if got := again.Value(); !reflect.DeepEqual(got, want) {
			t.Fatalf("the result reads back as\n%#v\nwant\n%#v\ntext\n%s", got, want, d.Bytes())
		}
		if op%numOps != opDelete && op%numOps != opSet && op%numOps != opSetList && op%numOps != opSetMap {
			for _, c := range commentLines(before) {
				if !bytes.Contains(d.Bytes(), []byte(c)) {
					t.Fatalf("comment %q lost:\n%s", c, d.Bytes())
				}
			}
		}
		for _, c := range keptComments(t, before, op%numOps, path) {
			if !bytes.Contains(d.Bytes(), []byte(c)) {
				t.Fatalf("comment %q lost:\n%s", c, d.Bytes())
			}
		}
	})
}

// plain is v as the reader gives it back: mappings as map[string]any.
func plain(v any) any {
	switch x := v.(type) {
	case yamledit.Map:
		out := map[string]any{}
		for _, kv := range x {
			out[kv.Key] = plain(kv.Value)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

var errNoPath = errors.New("the path leads nowhere")

// withSet is the tree with the value at path set: missing mapping keys
// are added (an empty document is an empty mapping); a missing list
// element or a step under a scalar is an error.
func withSet(tree any, path []string, v any) (any, error) {
	if len(path) == 0 {
		return v, nil
	}
	switch x := tree.(type) {
	case nil:
		child, err := withSet(nil, path[1:], v)
		return map[string]any{path[0]: child}, err
	case map[string]any:
		out := maps.Clone(x)
		child, err := withSet(x[path[0]], path[1:], v)
		out[path[0]] = child
		return out, err
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(x) {
			return nil, errNoPath
		}
		out := slices.Clone(x)
		out[i], err = withSet(x[i], path[1:], v)
		return out, err
	}
	return nil, errNoPath
}

// withDelete is the tree without the key or element at path, which must
// be there.
func withDelete(tree any, path []string) (any, error) {
	switch x := tree.(type) {
	case map[string]any:
		if _, ok := x[path[0]]; !ok {
			return nil, errNoPath
		}
		out := maps.Clone(x)
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
			return nil, errNoPath
		}
		if len(path) == 1 {
			return slices.Delete(slices.Clone(x), i, i+1), nil
		}
		out := slices.Clone(x)
		out[i], err = withDelete(x[i], path[1:])
		return out, err
	}
	return nil, errNoPath
}

// withAppend is the tree with v added to the list at path, which is made
// when missing or null.
func withAppend(tree any, path []string, v any) (any, error) {
	switch list := at(tree, path).(type) {
	case nil:
		return withSet(tree, path, []any{v})
	case []any:
		return withSet(tree, path, append(slices.Clone(list), v))
	}
	return nil, errNoPath
}

// withRemove is the tree with every element equal to v taken from the list
// at path; anything else there stays as it is.
func withRemove(tree any, path []string, v any) (any, error) {
	list, ok := at(tree, path).([]any)
	if !ok {
		return tree, nil
	}
	out := []any{}
	for _, e := range list {
		if !reflect.DeepEqual(e, v) {
			out = append(out, e)
		}
	}
	if len(out) == len(list) {
		return tree, nil
	}
	return withSet(tree, path, out)
}

// at returns the value at path, or nil when there is none.
func at(tree any, path []string) any {
	for _, p := range path {
		switch x := tree.(type) {
		case map[string]any:
			tree = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			tree = x[i]
		default:
			return nil
		}
	}
	return tree
}

func commentLines(src []byte) []string {
	var out []string
	for _, l := range strings.Split(string(src), "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "#") {
			out = append(out, t)
		}
	}
	return out
}

// keptComments returns the comments of src, one line each, that an edit at
// path must keep: every comment yaml.v3 attaches to a node, but those of
// the nodes the edit replaces (set) or removes (--unset, the elements a
// list -= takes).
func keptComments(t *testing.T, src []byte, op uint8, path []string) []string {
	t.Helper()
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil {
		return nil
	}
	gone := map[*yaml.Node]bool{}
	if v, k, ok := locate(&doc, path); ok {
		switch op {
		case opSet, opSetList, opSetMap:
			gone[v] = true
		case opDelete:
			gone[v], gone[k] = true, true
		case opRemove:
			for _, e := range v.Content {
				gone[e] = true
			}
		}
	}
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || gone[n] {
			return
		}
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, l := range strings.Split(c, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					out = append(out, l)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	return out
}

// locate returns the node at path under a document, and its key node when
// a mapping holds it.
func locate(doc *yaml.Node, path []string) (value, key *yaml.Node, found bool) {
	if len(doc.Content) == 0 {
		return nil, nil, false
	}
	n := doc.Content[0]
	for _, p := range path {
		switch n.Kind {
		case yaml.MappingNode:
			next := -1
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					next = i
				}
			}
			if next < 0 {
				return nil, nil, false
			}
			key, n = n.Content[next], n.Content[next+1]
		case yaml.SequenceNode:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil, nil, false
			}
			key, n = nil, n.Content[i]
		default:
			return nil, nil, false
		}
	}
	return n, key, true
}
