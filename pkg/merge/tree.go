package merge

import (
	"reflect"
	"slices"
	"strings"
)

// step is one step of a path through a plan file's value: a mapping key,
// or (id set) the record with that ID in the list the path has reached.
type step struct {
	key string
	id  string
}

// route is a place in a file's value that means the same on every side:
// records are named by ID, not by position.
type route []step

func (p route) with(s step) route { return append(slices.Clone(p), s) }

// String is the path as the driver's messages show it:
// initiatives/I-3/status.
func (p route) String() string {
	parts := make([]string, len(p))
	for i, s := range p {
		parts[i] = s.key
		if s.id != "" {
			parts[i] = s.id
		}
	}
	return strings.Join(parts, "/")
}

// missing stands for a key or record that a side does not have.
type missingT struct{}

var missing any = missingT{}

// opKind is what an operation does to ours.
type opKind int

const (
	opSet     opKind = iota // set the value at route (a key, added when missing)
	opDelete                // delete the key at route
	opDrop                  // delete the record at route from its list
	opAppend                // append the element value to the list at route
	opAdd                   // add theirs' record at route after the last of its list, as theirs wrote it
	opReplace               // replace the record at route with theirs', as theirs wrote it
	opRemove                // remove the element value from the list at route
)

// op is one change of theirs to make in ours.
type op struct {
	kind  opKind
	at    route
	value any
}

// conflict is a place both sides changed differently.
type conflict struct {
	at  route
	why string
}

// merger walks the three values of a file and collects what to do.
type merger struct {
	ops       []op
	conflicts []conflict
	// textOnly says why the file must be merged as text: a change of
	// theirs that no operation makes in ours.
	textOnly string
}

// walk merges the values at p: o the base's, a ours, b theirs (each may be
// missing). Ours is the text the result is made from, so only theirs'
// changes become operations.
func (m *merger) walk(p route, o, a, b any) {
	if equal(a, b) {
		return
	}
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		om, _ := o.(map[string]any)
		m.mapping(p, om, am, bm)
		return
	}
	al, aok := records(a)
	bl, bok := records(b)
	if aok && bok {
		ol, ook := records(o)
		// A list empty in the base (roadlog init writes `releases: []`)
		// is one with no records yet.
		if ook || o == missing || isEmptyList(o) {
			// Records merged by ID keep ours' order; where ours left the
			// list alone, that would lose theirs' order.
			if !equal(o, a) || keepsOrder(al, bl) {
				m.recordList(p, ol, al, bl)
				return
			}
		}
	}
	if equal(o, b) {
		return // only ours changed
	}
	if equal(o, a) { // only theirs changed: theirs' value, in theirs' order
		if b == missing {
			m.ops = append(m.ops, op{kind: opDelete, at: p})
		} else {
			m.ops = append(m.ops, op{kind: opSet, at: p, value: b})
		}
		return
	}
	if os, as, bs, ok := scalarSets(o, a, b); ok && m.scalarList(p, os, as, bs) {
		return
	}
	m.conflicts = append(m.conflicts, conflict{at: p, why: changedWhy(a, b)})
}

// changedWhy says what both sides did to one value.
func changedWhy(a, b any) string {
	switch {
	case a == missing:
		return "ours removed it, theirs changed it"
	case b == missing:
		return "ours changed it, theirs removed it"
	}
	return "both sides changed it, differently"
}

// mapping merges two mappings key by key, in sorted order, so that the
// operations come out the same every time.
func (m *merger) mapping(p route, o, a, b map[string]any) {
	for _, k := range keysOf(a, b) {
		m.walk(p.with(step{key: k}), get(o, k), get(a, k), get(b, k))
	}
}

// keysOf returns the keys of the mappings, sorted: the order operations
// are made in, so that the result does not depend on map order.
func keysOf(ms ...map[string]any) []string {
	var keys []string
	for _, m := range ms {
		for k := range m {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func get(m map[string]any, k string) any {
	if v, ok := m[k]; ok {
		return v
	}
	return missing
}

// record is one element of a list of records, with its ID.
type record struct {
	id    string
	value map[string]any
}

// records returns a list whose elements are all mappings with a distinct,
// non-empty text id: a list of records, which merges by ID.
func records(v any) ([]record, bool) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	out := make([]record, 0, len(list))
	seen := map[string]bool{}
	for _, e := range list {
		em, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		id, ok := em["id"].(string)
		if !ok || id == "" || seen[id] {
			return nil, false
		}
		seen[id] = true
		out = append(out, record{id, em})
	}
	return out, true
}

func byID(rs []record) map[string]map[string]any {
	out := make(map[string]map[string]any, len(rs))
	for _, r := range rs {
		out[r.id] = r.value
	}
	return out
}

// recordList merges lists of records by ID. Records theirs added go after
// all of ours, in theirs' order.
func (m *merger) recordList(p route, o, a, b []record) {
	om, am, bm := byID(o), byID(a), byID(b)
	if moved(o, b) && m.textOnly == "" {
		// Ours' order is the result's: theirs' moves would be lost.
		m.textOnly = p.String() + ": theirs moved records, which only a merge line by line keeps"
	}
	for _, r := range a {
		at := p.with(step{id: r.id})
		ov, inO := om[r.id]
		bv, inB := bm[r.id]
		switch {
		case inB && !inO && !equal(r.value, bv):
			m.conflicts = append(m.conflicts, conflict{at: at, why: "both sides added " + r.id + ", differently; keep one, then give the other a new ID with `roadlog renumber`"})
		case inB && inO && equal(ov, r.value) && !equal(ov, bv):
			// Only theirs changed it: theirs' record, as theirs wrote it.
			m.ops = append(m.ops, op{kind: opReplace, at: at, value: bv})
		case inB:
			m.walk(at, value(ov, inO), r.value, bv)
		case !inO: // ours added it
		case equal(ov, r.value):
			m.ops = append(m.ops, op{kind: opDrop, at: at})
		default:
			m.conflicts = append(m.conflicts, conflict{at: at, why: "ours changed it, theirs removed it"})
		}
	}
	for _, r := range b {
		if _, inA := am[r.id]; inA {
			continue
		}
		at := p.with(step{id: r.id})
		ov, inO := om[r.id]
		switch {
		case !inO:
			m.ops = append(m.ops, op{kind: opAdd, at: at, value: r.value})
		case !equal(ov, r.value):
			m.conflicts = append(m.conflicts, conflict{at: at, why: "ours removed it, theirs changed it"})
		}
	}
}

// isEmptyList reports whether v is a list with no elements.
func isEmptyList(v any) bool {
	list, ok := v.([]any)
	return ok && len(list) == 0
}

// keepsOrder reports whether merging theirs' records into ours by ID,
// ours' first and theirs' additions after them, gives theirs' order.
func keepsOrder(a, b []record) bool {
	am, bm := byID(a), byID(b)
	var got []string
	for _, r := range a {
		if _, ok := bm[r.id]; ok {
			got = append(got, r.id)
		}
	}
	for _, r := range b {
		if _, ok := am[r.id]; !ok {
			got = append(got, r.id)
		}
	}
	return slices.EqualFunc(got, b, func(id string, r record) bool { return id == r.id })
}

// moved reports whether the records of the base that theirs kept are in
// another order in theirs.
func moved(o, b []record) bool {
	om, bm := byID(o), byID(b)
	var inO, inB []string
	for _, r := range o {
		if _, ok := bm[r.id]; ok {
			inO = append(inO, r.id)
		}
	}
	for _, r := range b {
		if _, ok := om[r.id]; ok {
			inB = append(inB, r.id)
		}
	}
	return !slices.Equal(inO, inB)
}

func value(v map[string]any, ok bool) any {
	if !ok {
		return missing
	}
	return v
}

// scalarSets returns the three values as lists of distinct scalars, the
// base's empty when missing, when they all are.
func scalarSets(o, a, b any) (os, as, bs []any, ok bool) {
	conv := func(v any, allowMissing bool) ([]any, bool) {
		if v == missing && allowMissing {
			return nil, true
		}
		list, ok := v.([]any)
		if !ok {
			return nil, false
		}
		for i, e := range list {
			switch e.(type) {
			case string, int64, float64, bool:
			default:
				return nil, false
			}
			if slices.ContainsFunc(list[:i], func(x any) bool { return equal(x, e) }) {
				return nil, false
			}
		}
		return list, true
	}
	if os, ok = conv(o, true); !ok {
		return nil, nil, nil, false
	}
	if as, ok = conv(a, false); !ok {
		return nil, nil, nil, false
	}
	if bs, ok = conv(b, false); !ok {
		return nil, nil, nil, false
	}
	return os, as, bs, true
}

// scalarList merges two changes of a list of distinct scalars (labels): the
// result is ours without what theirs removed, with what theirs added at
// the end. A list theirs reordered, or added to other than at its end, is
// not merged this way.
func (m *merger) scalarList(p route, o, a, b []any) bool {
	in := func(list []any, v any) bool {
		return slices.ContainsFunc(list, func(x any) bool { return equal(x, v) })
	}
	var keptB, keptO []any // the base's elements theirs kept, in each order
	for _, v := range b {
		if in(o, v) {
			keptB = append(keptB, v)
		}
	}
	for _, v := range o {
		if in(b, v) {
			keptO = append(keptO, v)
		}
	}
	if !equal(keptB, keptO) {
		return false
	}
	// What theirs added goes at the end of ours: only where theirs put it
	// there too. An order may mean something (the board's statuses).
	if !equal(b[:len(keptB)], keptB) {
		return false
	}
	for _, v := range o {
		if !in(b, v) && in(a, v) {
			m.ops = append(m.ops, op{kind: opRemove, at: p, value: v})
		}
	}
	for _, v := range b {
		if !in(o, v) && !in(a, v) {
			m.ops = append(m.ops, op{kind: opAppend, at: p, value: v})
		}
	}
	return true
}

// equal compares two values read from YAML.
func equal(a, b any) bool { return reflect.DeepEqual(a, b) }
