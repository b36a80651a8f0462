package diff

import (
	"cmp"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// records finds added, removed, renamed and changed records.
func (c *comparer) records() {
	added, removed := c.matchRecords()
	for _, r := range added {
		c.d.Added = append(c.d.Added, recordOf(r))
	}
	for _, r := range removed {
		c.d.Removed = append(c.d.Removed, recordOf(r))
	}
	for _, id := range c.headIDs {
		h := c.head.Record(id)
		from := c.baseID(id)
		b := c.base.Record(from)
		if b == nil {
			continue
		}
		fields := c.fields(b, h)
		if len(fields) == 0 {
			continue
		}
		ch := Change{Record: recordOf(h), Fields: fields}
		if from != id {
			ch.WasID = from
		}
		c.d.Changed = append(c.d.Changed, ch)
		c.dates(h, fields)
	}
}

// fieldOrder puts the fields a reviewer looks at first; others follow in
// name order.
var fieldOrder = []string{
	"title", "type", "status", "horizon", "owner", "parent", "theme", "initiative", "objectives", "release",
	"labels", "moscow", "estimate", "score", "start", "end", "date", "due", "period", "confidence",
	"depends_on", "insights", "links", "supersedes", "likelihood", "impact", "mitigation",
	"baseline", "target", "current", "unit", "visibility", "description",
}

func compareFields(a, b string) int {
	ia, ib := slices.Index(fieldOrder, a), slices.Index(fieldOrder, b)
	if ia < 0 {
		ia = len(fieldOrder)
	}
	if ib < 0 {
		ib = len(fieldOrder)
	}
	return cmp.Or(cmp.Compare(ia, ib), strings.Compare(a, b))
}

// fields compares a record's fields and body. References to renamed records
// count as unchanged when they follow the rename. Where the record is
// written (a moved file, a reordered list) is not a change to the plan.
func (c *comparer) fields(b, h *workspace.Record) []Field {
	if b.File == h.File && slices.Equal(b.Pointer, h.Pointer) && len(c.renamed) == 0 {
		// Read once for both sides (see LoadCommitWith): the same fields,
		// and no rename that its references would have to follow.
		return nil
	}
	bf, hf := b.Meta().Fields, h.Meta().Fields
	var changed []string // most records have none: sort only these
	differs := func(k string) bool {
		if k == "id" || (k == "key_results" && h.Kind() == model.KindObjective) {
			return false // each key result is compared as a record
		}
		ov, nv := normalize(bf[k]), normalize(hf[k])
		if model.IsReference(h.Kind(), k) {
			ov = c.mapRefs(ov)
		}
		return !equal(ov, nv)
	}
	for k := range hf {
		if differs(k) {
			changed = append(changed, k)
		}
	}
	for k := range bf {
		if _, both := hf[k]; !both && differs(k) {
			changed = append(changed, k)
		}
	}
	slices.SortFunc(changed, compareFields)
	var out []Field
	for _, k := range changed {
		ov, nv := normalize(bf[k]), normalize(hf[k])
		if model.IsReference(h.Kind(), k) {
			ov = c.mapRefs(ov)
		}
		f := change(k, bf[k], hf[k], ov, nv)
		if k == "rank" && h.Kind() == model.KindItem {
			f.Places = &Places{Old: c.basePlace[b.ID()], New: c.headPlace[h.ID()]}
		}
		out = append(out, f)
	}
	if ob, nb := c.mapText(model.Body(b.Model)), model.Body(h.Model); ob != nb {
		f := Field{Field: "body", Old: model.Body(b.Model), New: nb}
		f.Lines = lineCount(ob, nb)
		out = append(out, f)
	}
	return out
}

// change describes one field's change; ov and nv are the values as
// compared, old and new as stored.
func change(k string, before, after, ov, nv any) Field {
	f := Field{Field: k, Old: before, New: after}
	ol, oIsList := ov.([]any)
	nl, nIsList := nv.([]any)
	if (oIsList || ov == nil) && (nIsList || nv == nil) && (oIsList || nIsList) {
		os, ns := texts(ol), texts(nl)
		f.Added, f.Removed = difference(ns, os), difference(os, ns)
	}
	os, oIsText := before.(string)
	ns, nIsText := after.(string)
	if oIsText || nIsText {
		if strings.Contains(os, "\n") || strings.Contains(ns, "\n") {
			f.Lines = lineCount(os, ns)
		}
		if oIsText && nIsText {
			f.Days = days(os, ns)
		}
	}
	return f
}

// texts turns a list of scalars into strings.
func texts(l []any) []string {
	out := make([]string, len(l))
	for i, v := range l {
		if s, ok := v.(string); ok {
			out[i] = s
			continue
		}
		j, _ := json.Marshal(v)
		out[i] = string(j)
	}
	return out
}

// normalize makes numbers comparable whatever their YAML form (3, 3.0).
func normalize(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
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

// equal compares normalized values: scalars, []any and map[string]any.
func equal(a, b any) bool { return reflect.DeepEqual(a, b) }

// mapRefs rewrites the IDs in a reference field's value to head IDs.
func (c *comparer) mapRefs(v any) any {
	if len(c.renamed) == 0 {
		return v
	}
	switch x := v.(type) {
	case string:
		return c.headID(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = c.mapRefs(e)
		}
		return out
	}
	return v
}

// mapText rewrites IDs mentioned in a body to head IDs, as roadlog
// renumber does, where text mentions them by the one rule of
// [model.IDSet.Find] and as written.
func (c *comparer) mapText(s string) string {
	if len(c.renamed) == 0 {
		return s
	}
	if c.renamedIDs == nil {
		c.renamedIDs = model.NewIDSet(slices.Collect(maps.Keys(c.renamed)))
	}
	var b strings.Builder
	last := 0
	for _, m := range c.renamedIDs.Find(s) {
		id := s[m.Start:m.End]
		to, ok := c.renamed[id]
		if !ok {
			continue // the same letters in another case: not this ID
		}
		b.WriteString(s[last:m.Start])
		b.WriteString(to)
		last = m.End
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// lineCount counts the lines added and removed between two texts.
func lineCount(before, after string) *Lines {
	ol, nl := lines(before), lines(after)
	return &Lines{Added: len(difference(nl, ol)), Removed: len(difference(ol, nl))}
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// days returns how many days a date moved, or nil when either text is not
// a date.
func days(before, after string) *int {
	o, err1 := time.Parse(time.DateOnly, before)
	n, err2 := time.Parse(time.DateOnly, after)
	if err1 != nil || err2 != nil {
		return nil
	}
	d := int(n.Sub(o).Hours() / 24)
	return &d
}

// dateFields are the dates whose moves are listed, by kind.
var dateFields = map[model.Kind][]string{
	model.KindInitiative: {"start", "end"},
	model.KindRelease:    {"date"},
	model.KindItem:       {"due"},
}

// dates records the date fields among a record's changes.
func (c *comparer) dates(h *workspace.Record, fields []Field) {
	for _, f := range fields {
		if !slices.Contains(dateFields[h.Kind()], f.Field) {
			continue
		}
		os, _ := f.Old.(string)
		ns, _ := f.New.(string)
		c.d.Dates = append(c.d.Dates, Date{
			ID: h.ID(), Kind: string(h.Kind()), Title: h.Meta().Title, Field: f.Field,
			Old: os, New: ns, Days: f.Days,
		})
	}
}

// product compares the product's name, vision and strategy.
func (c *comparer) product() {
	b, h := c.base.WS.Product, c.head.WS.Product
	if b == nil {
		b = &model.Product{}
	}
	if h == nil {
		h = &model.Product{}
	}
	for _, f := range []struct{ name, old, new string }{
		{"name", b.Name, h.Name}, {"vision", b.Vision, h.Vision}, {"strategy", b.Body, h.Body},
	} {
		if f.old == f.new {
			continue
		}
		fc := Field{Field: f.name, Old: f.old, New: f.new}
		if f.name == "strategy" || strings.Contains(f.old+f.new, "\n") {
			fc.Lines = lineCount(f.old, f.new)
		}
		c.d.Product = append(c.d.Product, fc)
	}
}
