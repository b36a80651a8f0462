package merge

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/roadlog/roadlog/pkg/yamledit"
)

// fuzzBase is a generated plan file: releases with scalar fields and a
// list of labels, some comments, a blank line between records.
func fuzzBase() []byte {
	var b strings.Builder
	b.WriteString("# releases\nreleases:\n")
	for i := 1; i <= 4; i++ {
		if i > 1 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "  - id: R-%d\n    title: Release %d # a comment\n    status: planned\n    labels: [a, b]\n", i, i)
	}
	return []byte(b.String())
}

// edit makes one random change, chosen by two bytes, with the edits'
// splice engine; one that cannot be made is skipped.
func edit(d *yamledit.Doc, op, arg byte, side string) {
	list, _ := d.Value().(map[string]any)["releases"].([]any)
	if len(list) == 0 {
		_ = d.Append([]string{"releases"}, map[string]any{"id": "R-" + side + "0", "title": "New"})
		return
	}
	i := int(arg) % len(list)
	at := []string{"releases", fmt.Sprint(i)}
	values := []string{"x", "y", "planned", "done"}
	switch op % 7 {
	case 0:
		_ = d.Set(append(at, "title"), values[int(arg>>4)%len(values)])
	case 1:
		_ = d.Set(append(at, "status"), values[int(arg>>4)%len(values)])
	case 2:
		_ = d.Delete(append(at, "title"))
	case 3:
		_ = d.Append(append(at, "labels"), string(rune('c'+arg%4)))
	case 4:
		_, _ = d.Remove(append(at, "labels"), string(rune('a'+arg%3)))
	case 5:
		_ = d.DeleteEntry(at)
	case 6:
		_ = d.Append([]string{"releases"}, yamledit.Map{{Key: "id", Value: fmt.Sprintf("R-%s%d", side, arg%3)}, {Key: "title", Value: side}})
	}
}

// FuzzMerge edits a generated plan on two sides at random and merges: the
// result is either exactly the field-wise union of both sides' changes or
// holds a conflict; nothing is ever lost silently.
func FuzzMerge(f *testing.F) {
	f.Add([]byte{0, 1, 3, 2}, []byte{1, 1, 3, 3})
	f.Add([]byte{5, 0}, []byte{0, 0})
	f.Add([]byte{6, 1, 6, 2}, []byte{6, 1, 4, 0})
	f.Add([]byte{2, 2}, []byte{0, 2})
	f.Fuzz(func(t *testing.T, ea, eb []byte) {
		base := fuzzBase()
		sides := [2][]byte{}
		for s, edits := range [][]byte{ea, eb} {
			d, err := yamledit.Parse(base)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i+1 < len(edits) && i < 16; i += 2 {
				edit(d, edits[i], edits[i+1], string(rune('a'+s)))
			}
			sides[s] = d.Bytes()
		}
		text := func(context.Context, []byte, []byte, []byte, Options) ([]byte, int, error) {
			return []byte("<<<<<<< text merge\n"), 1, nil
		}
		res, err := File(context.Background(), "releases.yaml", base, sides[0], sides[1], Options{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Conflicts) > 0 {
			if !bytes.Contains(res.Text, []byte("<<<<<<< ")) {
				t.Fatalf("conflicts %v without markers:\n%s", res.Conflicts, res.Text)
			}
			return
		}
		got, err := yamledit.Parse(res.Text)
		if err != nil {
			t.Fatalf("the clean result does not parse: %v\n%s", err, res.Text)
		}
		o, a, b := valueOf(t, base), valueOf(t, sides[0]), valueOf(t, sides[1])
		want, ok := union(o, a, b)
		if !ok {
			t.Fatalf("merged cleanly what is a conflict:\nours:\n%s\ntheirs:\n%s\nresult:\n%s", sides[0], sides[1], res.Text)
		}
		if !equal(got.Value(), want) {
			t.Fatalf("result differs from the union\nours:\n%s\ntheirs:\n%s\nresult:\n%s\nwant %v", sides[0], sides[1], res.Text, want)
		}
	})
}

func valueOf(t *testing.T, src []byte) any {
	t.Helper()
	d, err := yamledit.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return d.Value()
}

// union is the field-wise union of two sides' changes of a releases file,
// computed on values: records by ID (ours' order, then theirs' additions),
// fields by key, labels as sets. ok is false where both sides changed one
// thing differently.
func union(o, a, b any) (any, bool) {
	switch {
	case equal(o, b), equal(a, b):
		return a, true
	case equal(o, a):
		return b, true
	}
	recs := func(v any) ([]string, map[string]map[string]any) {
		list, _ := v.(map[string]any)["releases"].([]any)
		var ids []string
		out := map[string]map[string]any{}
		for _, e := range list {
			m := e.(map[string]any)
			id := m["id"].(string)
			if _, dup := out[id]; dup {
				return nil, nil
			}
			ids = append(ids, id)
			out[id] = m
		}
		return ids, out
	}
	_, om := recs(o)
	ai, am := recs(a)
	bi, bm := recs(b)
	if om == nil || am == nil || bm == nil {
		return nil, false // not a list of records: a conflict is right
	}
	var out []any
	for _, id := range append(slices.Clone(ai), bi...) {
		if slices.ContainsFunc(out, func(e any) bool { return e.(map[string]any)["id"] == id }) {
			continue
		}
		ov, inO := om[id]
		av, inA := am[id]
		bv, inB := bm[id]
		switch {
		case inA && inB && !inO && !equal(av, bv):
			return nil, false
		case inA && inB:
			r, ok := fields(ov, av, bv)
			if !ok {
				return nil, false
			}
			out = append(out, r)
		case inO && (inA && !equal(ov, av) || inB && !equal(ov, bv)):
			return nil, false // changed on one side, removed on the other
		case inO:
		case inA:
			out = append(out, av)
		default:
			out = append(out, bv)
		}
	}
	if len(out) == 0 {
		out = []any{}
	}
	return map[string]any{"releases": out}, true
}

// fields merges one record's fields.
func fields(o, a, b map[string]any) (map[string]any, bool) {
	out := map[string]any{}
	for _, k := range keysOf(o, a, b) {
		ov, av, bv := get(o, k), get(a, k), get(b, k)
		var v any
		switch {
		case equal(av, bv), equal(ov, bv):
			v = av
		case equal(ov, av):
			v = bv
		case k == "labels":
			al, aok := av.([]any)
			bl, bok := bv.([]any)
			ol, ook := ov.([]any)
			if !aok || !bok || !ook {
				return nil, false
			}
			var l []any
			for _, x := range al {
				if slices.Contains(bl, x) || !slices.Contains(ol, x) {
					l = append(l, x)
				}
			}
			for _, x := range bl {
				if !slices.Contains(ol, x) && !slices.Contains(l, x) {
					l = append(l, x)
				}
			}
			if l == nil {
				l = []any{}
			}
			v = l
		default:
			return nil, false
		}
		if v != missing {
			out[k] = v
		}
	}
	return out, true
}
