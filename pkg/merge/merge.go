// Package merge merges three versions of a roadlog file by meaning, for
// `roadlog merge-driver`: lists of records by ID, records field by field,
// lists of distinct values (labels) element by element, and Markdown bodies
// by Git's own text merge. The result is ours with theirs' changes made by
// the same splice engine as the edits (package yamledit), so every byte of
// ours that no change touched is kept. Where both sides changed one thing
// differently, ordinary conflict markers go around just that entry. When a
// version does not parse, or anything else is unexpected, the whole file
// is merged as text, as Git would have: never worse than Git.
package merge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/frontmatter"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"gopkg.in/yaml.v3"
)

// TextMerge merges three texts line by line, as `git merge-file` does,
// and returns the result and how many conflicts it holds.
type TextMerge func(ctx context.Context, base, ours, theirs []byte, o Options) ([]byte, int, error)

// Options tune [File].
type Options struct {
	MarkerSize int    // the length of conflict markers; 7 when 0
	Ours       string // the labels after the markers: "ours", "base", "theirs" when empty
	Base       string
	Theirs     string
	Text       TextMerge // the line merge of bodies, and of whole files as the fallback
	// Diff3 adds the base's version between ours and theirs in conflict
	// markers, as Git's merge.conflictStyle=diff3 does.
	Diff3 bool
	// Layout is where roadlog fmt puts things in the file (package
	// yamlfmt): a key theirs added goes where fmt would order it.
	Layout yamledit.Layout
}

func (o Options) withDefaults() Options {
	if o.MarkerSize <= 0 {
		o.MarkerSize = 7
	}
	if o.Ours == "" {
		o.Ours = "ours"
	}
	if o.Base == "" {
		o.Base = "base"
	}
	if o.Theirs == "" {
		o.Theirs = "theirs"
	}
	return o
}

// Conflict is one place of a file both sides changed differently.
type Conflict struct {
	Where string // the path through the file's records and fields: initiatives/I-3/status; "body"; "" for the whole file
	Why   string
}

// Result is a merged file.
type Result struct {
	Text      []byte
	Conflicts []Conflict
	// Fallback says why the file was merged as text rather than by
	// meaning; "" when it was not.
	Fallback string
}

// File merges the three versions of the file at name (a path in the
// repository; its extension tells a Markdown record from a YAML file).
// base is empty when the file was added on both sides. An error means not
// even the text merge could run.
func File(ctx context.Context, name string, base, ours, theirs []byte, o Options) (Result, error) {
	o = o.withDefaults()
	switch {
	case bytes.Equal(ours, theirs), bytes.Equal(base, theirs):
		return Result{Text: ours}, nil
	case bytes.Equal(base, ours):
		return Result{Text: theirs}, nil
	}
	var res Result
	var err error
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		res, err = markdown(ctx, base, ours, theirs, o)
	case ".yaml", ".yml":
		res, err = yamlFile(base, ours, theirs, o)
	default:
		err = errors.New("it is not a YAML or Markdown file")
	}
	if err == nil {
		return res, nil
	}
	return Text(ctx, base, ours, theirs, o, err.Error())
}

// Text merges the whole file line by line with o.Text, saying why.
func Text(ctx context.Context, base, ours, theirs []byte, o Options, why string) (Result, error) {
	o = o.withDefaults()
	out, n, err := o.Text(ctx, base, ours, theirs, o)
	if err != nil {
		return Result{}, err
	}
	res := Result{Text: out, Fallback: why}
	if n > 0 {
		res.Conflicts = append(res.Conflicts, Conflict{Why: lineConflicts(n)})
	}
	return res, nil
}

// markdown merges a file of front matter and body: the front matter by
// meaning, the body by the text merge.
func markdown(ctx context.Context, base, ours, theirs []byte, o Options) (Result, error) {
	var docs [3]frontmatter.Document
	for i, src := range [][]byte{base, ours, theirs} {
		if i == 0 && len(bytes.TrimSpace(src)) == 0 {
			continue // added on both sides
		}
		d, err := frontmatter.Split(src)
		if err != nil {
			return Result{}, fmt.Errorf("the %s version: %w", side(i, o), err)
		}
		docs[i] = d
	}
	front, err := yamlFile(docs[0].Front, docs[1].Front, docs[2].Front, o)
	if err != nil {
		return Result{}, err
	}
	body, n, err := o.Text(ctx, docs[0].Body, docs[1].Body, docs[2].Body, o)
	if err != nil {
		return Result{}, err
	}
	d := docs[1]
	out := slices.Clone(ours[:d.FrontOffset])
	out = append(out, front.Text...)
	out = append(out, ours[d.FrontOffset+len(d.Front):d.BodyOffset]...)
	out = append(out, body...)
	if n > 0 {
		front.Conflicts = append(front.Conflicts, Conflict{Where: "body", Why: lineConflicts(n)})
	}
	front.Text = out
	return front, nil
}

// lineConflicts says how many places the line merge left conflicted.
func lineConflicts(n int) string {
	if n == 1 {
		return "both sides changed the same lines, in 1 place"
	}
	return fmt.Sprintf("both sides changed the same lines, in %d places", n)
}

func side(i int, o Options) string {
	return [...]string{o.Base, o.Ours, o.Theirs}[i]
}

// yamlFile merges the three versions of a YAML text.
func yamlFile(base, ours, theirs []byte, o Options) (Result, error) {
	var docs [3]*yamledit.Doc
	for i, src := range [][]byte{base, ours, theirs} {
		if err := oneDocument(src); err != nil {
			return Result{}, fmt.Errorf("the %s version %w", side(i, o), err)
		}
		d, err := yamledit.Parse(src)
		if err != nil {
			return Result{}, fmt.Errorf("the %s version does not parse: %w", side(i, o), err)
		}
		docs[i] = d
	}
	va, vb, vo := docs[1].Value(), docs[2].Value(), docs[0].Value()
	if vo == nil {
		vo = missing
	}
	if _, ok := va.(map[string]any); !ok {
		return Result{}, errors.New("ours is not a mapping")
	}
	if _, ok := vb.(map[string]any); !ok {
		return Result{}, errors.New("theirs is not a mapping")
	}
	var m merger
	m.walk(nil, vo, va, vb)
	if m.textOnly != "" {
		return Result{}, errors.New(m.textOnly)
	}
	doc := docs[1]
	doc.SetLayout(o.Layout)
	ops := replaceEntries(doc, docs[2], m.ops, o.Layout)
	if len(ops)*len(doc.Bytes()) > maxEditWork {
		return Result{}, fmt.Errorf("too many changes (%d) to make one by one in a file this long", len(ops))
	}
	for _, op := range ops {
		if op.kind == opAdd {
			if err := addRecord(doc, docs[2], op, o.Layout); err != nil {
				return Result{}, fmt.Errorf("%s: %w", op.at, err)
			}
			continue
		}
		if err := apply(doc, op); err != nil {
			return Result{}, fmt.Errorf("%s: %w", op.at, err)
		}
	}
	res := Result{Text: doc.Bytes()}
	if len(m.conflicts) == 0 {
		return res, nil
	}
	text, err := markConflicts(doc, docs[2], docs[0], m.conflicts, o)
	if err != nil {
		return Result{}, err
	}
	res.Text = text
	for _, c := range m.conflicts {
		res.Conflicts = append(res.Conflicts, Conflict{Where: c.at.String(), Why: c.why})
	}
	return res, nil
}

// oneDocument checks that src holds at most one YAML document, all of
// which parses: yaml.v3 reads the first alone, and theirs' changes to a
// second would be lost.
func oneDocument(src []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for n := 0; ; n++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return fmt.Errorf("does not parse: %w", err)
		case n == 1:
			return errors.New("holds more than one YAML document")
		}
	}
}

// maxEditWork bounds the operations times the length of the file: each
// operation parses the file again, and a merge must not take minutes.
const maxEditWork = 32 << 20

// apply makes one of theirs' changes in ours.
func apply(doc *yamledit.Doc, op op) error {
	at, ok := resolve(doc.Value(), op.at)
	if !ok {
		return errors.New("not found in ours")
	}
	switch op.kind {
	case opSet:
		return doc.Set(at, op.value)
	case opDelete:
		return doc.Delete(at)
	case opDrop:
		return doc.DeleteEntry(at)
	case opAppend:
		return doc.Append(at, op.value)
	case opRemove:
		_, err := doc.Remove(at, op.value)
		return err
	}
	return fmt.Errorf("unknown operation %d", op.kind)
}

// addRecord adds theirs' record at op.at after the last record of its list
// in ours, with theirs' bytes (comments, quoting) reindented to ours.
func addRecord(doc, theirs *yamledit.Doc, op op, layout yamledit.Layout) error {
	list := op.at[:len(op.at)-1]
	end, indent, err := collectionEnd(doc, list)
	if err != nil {
		return err
	}
	at, ok := resolve(theirs.Value(), op.at)
	if !ok {
		return errors.New("not found in theirs")
	}
	s, err := theirs.Span(at)
	if err != nil {
		return err
	}
	// With the comment lines above it, which describe it.
	text, ok := yamledit.Reindent(theirs.Bytes()[s.Lead:s.End], indent-s.Indent, doc.LineEnding())
	if !ok {
		return errors.New("theirs' record cannot be moved to ours' indentation")
	}
	if blankBetween(doc, list, layout) {
		text = append([]byte(doc.LineEnding()), text...) // as ours separates its records
	}
	src := slices.Concat(doc.Bytes()[:end], text, doc.Bytes()[end:])
	nd, err := yamledit.Parse(src)
	if err != nil {
		return fmt.Errorf("the record does not fit in ours: %w", err)
	}
	listAt, _ := resolve(doc.Value(), list)
	old, _ := at0(doc.Value(), listAt).([]any)
	got, _ := at0(nd.Value(), listAt).([]any)
	if !equal(got, append(slices.Clone(old), op.value)) || !equal(withValue(doc.Value(), listAt, got), nd.Value()) {
		return errors.New("the record reads back differently in ours")
	}
	*doc = *nd
	doc.SetLayout(layout)
	return nil
}

// replaceEntries makes, in one pass over the text, every change that
// takes an entry of theirs whole: a record only theirs changed, a field
// theirs set where ours has it. Each gets theirs' bytes (quoting, a
// comment on the line) reindented to ours. It returns the other
// operations, and all of them when the entries do not read back as
// theirs, to be made one by one. Made one by one, each change parses the
// file again: a branch that changed every record of a long list took
// minutes.
func replaceEntries(doc, theirs *yamledit.Doc, ops []op, layout yamledit.Layout) []op {
	type splice struct {
		start, end int
		text       []byte
	}
	var rest []op
	var splices []splice
	want := deepCopy(doc.Value()) // set in place: a copy for each change took time in the square of the records
	ours, theirsIdx := idIndex{}, idIndex{}
	for _, op := range ops {
		at, ok := ours.resolveExisting(doc.Value(), op.at)
		tat, tok := theirsIdx.resolveExisting(theirs.Value(), op.at)
		if op.kind == opReplace {
			op = setRecord(op) // what is left to do when it cannot be spliced
		}
		if op.kind != opSet || !ok || !tok || !equal(at0(theirs.Value(), tat), op.value) {
			rest = append(rest, op)
			continue
		}
		s, err := doc.Span(at)
		if err != nil {
			rest = append(rest, op) // not on lines of its own
			continue
		}
		ts, err := theirs.Span(tat)
		if err != nil {
			rest = append(rest, op)
			continue
		}
		text, ok := yamledit.Reindent(theirs.Bytes()[ts.Start:ts.End], s.Indent-ts.Indent, doc.LineEnding())
		if !ok {
			rest = append(rest, op)
			continue
		}
		splices = append(splices, splice{s.Start, s.End, text})
		want = setIn(want, at, op.value)
	}
	if len(splices) == 0 {
		return rest
	}
	// In one pass from the start: splicing each into the whole text took
	// time in the square of the records.
	slices.SortFunc(splices, func(a, b splice) int { return a.start - b.start })
	old := doc.Bytes()
	src := make([]byte, 0, len(old))
	prev := 0
	for _, sp := range splices {
		if sp.start < prev {
			return allSet(ops)
		}
		src = append(append(src, old[prev:sp.start]...), sp.text...)
		prev = sp.end
	}
	src = append(src, old[prev:]...)
	nd, err := yamledit.Parse(src)
	if err != nil || !equal(nd.Value(), want) {
		return allSet(ops)
	}
	*doc = *nd
	doc.SetLayout(layout)
	return rest
}

// allSet returns the operations to make one by one, records to replace
// set as values.
func allSet(ops []op) []op {
	out := make([]op, len(ops))
	for i, o := range ops {
		if o.kind == opReplace {
			o = setRecord(o)
		}
		out[i] = o
	}
	return out
}

// setRecord is the operation that sets a record of ours to theirs' value.
func setRecord(o op) op { return op{kind: opSet, at: o.at, value: o.value} }

// blankBetween reports whether ours puts a blank line between the last two
// records of the list at p; with one record, whether fmt would (a
// top-level list, in a layout with sections).
func blankBetween(doc *yamledit.Doc, p route, layout yamledit.Layout) bool {
	at, ok := resolve(doc.Value(), p)
	if !ok {
		return false
	}
	list, _ := at0(doc.Value(), at).([]any)
	if len(list) == 1 {
		return layout.Sections && len(p) == 1
	}
	if len(list) < 2 {
		return false
	}
	s, err := doc.Span(append(slices.Clone(at), strconv.Itoa(len(list)-1)))
	if err != nil {
		return false
	}
	before := doc.Bytes()[:s.Start]
	return bytes.HasSuffix(before, []byte("\n\n")) || bytes.HasSuffix(before, []byte("\r\n\r\n"))
}

// withValue returns v with the value at the resolved path replaced by x.
func withValue(v any, at []string, x any) any {
	if len(at) == 0 {
		return x
	}
	switch c := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(c))
		for k, e := range c {
			out[k] = e
		}
		out[at[0]] = withValue(c[at[0]], at[1:], x)
		return out
	case []any:
		out := slices.Clone(c)
		i, _ := strconv.Atoi(at[0])
		out[i] = withValue(c[i], at[1:], x)
		return out
	}
	return v
}

// deepCopy returns a copy of a value read from YAML that shares no
// mapping or list with it.
func deepCopy(v any) any {
	switch c := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(c))
		for k, e := range c {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(c))
		for i, e := range c {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// setIn sets the value at the resolved path in v itself, and returns v.
func setIn(v any, at []string, x any) any {
	if len(at) == 0 {
		return x
	}
	switch c := v.(type) {
	case map[string]any:
		c[at[0]] = setIn(c[at[0]], at[1:], x)
	case []any:
		i, _ := strconv.Atoi(at[0])
		c[i] = setIn(c[i], at[1:], x)
	}
	return v
}

// resolve turns a path into the keys and list indexes of one value. A
// last key that is not there resolves (it is added); a record that is not
// there does not.
func resolve(v any, p route) ([]string, bool) { return idIndex(nil).resolve(v, p) }

// idIndex remembers, for one value that does not change, where each ID is
// in each list of records (by the list's resolved path): finding each
// record of a long list by looking through it took seconds. A nil idIndex
// remembers nothing.
type idIndex map[string]map[string]int

// find returns the index of the first record with the ID in the list at
// the resolved path at.
func (x idIndex) find(list []any, at []string, id string) int {
	if x == nil {
		return slices.IndexFunc(list, func(e any) bool {
			em, ok := e.(map[string]any)
			return ok && em["id"] == id
		})
	}
	key := strings.Join(at, "\x00")
	ids, ok := x[key]
	if !ok {
		ids = map[string]int{}
		for i, e := range list {
			em, _ := e.(map[string]any)
			if s, ok := em["id"].(string); ok {
				if _, dup := ids[s]; !dup {
					ids[s] = i
				}
			}
		}
		x[key] = ids
	}
	if i, ok := ids[id]; ok {
		return i
	}
	return -1
}

// resolve is [resolve] with the index.
func (x idIndex) resolve(v any, p route) ([]string, bool) {
	out := make([]string, 0, len(p))
	for i, s := range p {
		if s.id == "" {
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			out = append(out, s.key)
			next, ok := m[s.key]
			if !ok && i < len(p)-1 {
				return nil, false
			}
			v = next
			continue
		}
		list, _ := v.([]any)
		j := x.find(list, out, s.id)
		if j < 0 {
			return nil, false
		}
		out = append(out, strconv.Itoa(j))
		v = list[j]
	}
	return out, true
}

// region is the text to put conflict markers around in ours, and theirs'
// text for it.
type region struct {
	start, end int
	theirs     []byte
	base       []byte // the base's entry, for the diff3 style
}

// markConflicts puts conflict markers around each conflict's entry in
// ours (or, where ours has none, at the end of the collection that would
// hold it), with theirs' entry, reindented to ours, between them.
func markConflicts(ours, theirs, base *yamledit.Doc, conflicts []conflict, o Options) ([]byte, error) {
	eol := ours.LineEnding()
	var regions []region
	ix := [3]idIndex{{}, {}, {}}
	if !o.Diff3 {
		base = nil
	}
	for _, c := range conflicts {
		r, err := conflictRegion([3]*yamledit.Doc{ours, theirs, base}, c.at, eol, ix)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.at, err)
		}
		regions = append(regions, r)
	}
	// In one pass from the start, as replaceEntries splices. Of regions
	// that start at one place, markers where ours has nothing (at the end
	// of a collection) go before the entry that follows it, else the next
	// region would overlap; otherwise in the order of the conflicts.
	slices.SortStableFunc(regions, func(a, b region) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return cmpBool(a.end > a.start, b.end > b.start)
	})
	src := ours.Bytes()
	var b bytes.Buffer
	prev := 0
	for _, r := range regions {
		if r.start < prev {
			return nil, errors.New("conflicts overlap")
		}
		b.Write(src[prev:r.start])
		mine := src[r.start:r.end]
		b.WriteString(strings.Repeat("<", o.MarkerSize) + " " + o.Ours + eol)
		b.Write(mine)
		if len(mine) > 0 && !bytes.HasSuffix(mine, []byte("\n")) {
			b.WriteString(eol)
		}
		if o.Diff3 {
			b.WriteString(strings.Repeat("|", o.MarkerSize) + " " + o.Base + eol)
			b.Write(r.base)
		}
		b.WriteString(strings.Repeat("=", o.MarkerSize) + eol)
		b.Write(r.theirs)
		b.WriteString(strings.Repeat(">", o.MarkerSize) + " " + o.Theirs + eol)
		prev = r.end
	}
	b.Write(src[prev:])
	return b.Bytes(), nil
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// conflictRegion finds the entry at p in ours and in theirs. An entry whose
// first line it shares with others (the first key of a list element) is
// marked with the whole element.
func conflictRegion(docs [3]*yamledit.Doc, p route, eol string, ix [3]idIndex) (region, error) {
	for {
		r, err := entryRegion(docs, p, eol, ix)
		if !errors.Is(err, yamledit.ErrNotOwnLines) || len(p) < 2 {
			return r, err
		}
		p = p[:len(p)-1]
	}
}

// entryRegion is the region of the entry at p in docs (ours, theirs, and
// the base when its entry is wanted, else nil); ix indexes their records.
func entryRegion(docs [3]*yamledit.Doc, p route, eol string, ix [3]idIndex) (region, error) {
	ours := docs[0]
	var r region
	var indent int
	if at, ok := ix[0].resolveExisting(ours.Value(), p); ok {
		s, err := ours.Span(at)
		if err != nil {
			return r, err
		}
		r.start, r.end, indent = s.Start, s.End, s.Indent
	} else {
		// Ours has none: the markers go after the last entry of the
		// collection that would hold it.
		end, ind, err := collectionEnd(ours, p[:len(p)-1])
		if err != nil {
			return r, err
		}
		r.start, r.end, indent = end, end, ind
	}
	for i, out := range []*[]byte{&r.theirs, &r.base} {
		d := docs[i+1]
		if d == nil {
			continue
		}
		at, ok := ix[i+1].resolveExisting(d.Value(), p)
		if !ok {
			continue
		}
		s, err := d.Span(at)
		if err != nil {
			return r, err
		}
		text, ok := yamledit.Reindent(d.Bytes()[s.Start:s.End], indent-s.Indent, eol)
		if !ok {
			return r, errors.New("an entry of theirs or the base cannot be moved to ours' indentation")
		}
		*out = text
	}
	return r, nil
}

// resolveExisting resolves a path whose last step is there too.
func (x idIndex) resolveExisting(v any, p route) ([]string, bool) {
	at, ok := x.resolve(v, p)
	if !ok {
		return nil, false
	}
	if p[len(p)-1].id == "" {
		parent, _ := x.resolve(v, p[:len(p)-1])
		m, _ := at0(v, parent).(map[string]any)
		if _, has := m[p[len(p)-1].key]; !has {
			return nil, false
		}
	}
	return at, true
}

// at0 returns the value at a resolved path.
func at0(v any, at []string) any {
	for _, k := range at {
		switch c := v.(type) {
		case map[string]any:
			v = c[k]
		case []any:
			i, _ := strconv.Atoi(k)
			v = c[i]
		default:
			return nil
		}
	}
	return v
}

// collectionEnd returns where the lines of the mapping or list at p end,
// and the indentation of its entries: after its last entry.
func collectionEnd(doc *yamledit.Doc, p route) (int, int, error) {
	at, ok := resolve(doc.Value(), p)
	if !ok {
		return 0, 0, errors.New("not found in ours")
	}
	var last string
	switch c := at0(doc.Value(), at).(type) {
	case map[string]any:
		// The last key in the text is the entry that ends last.
		end, indent := -1, 0
		for k := range c {
			s, err := doc.Span(append(slices.Clone(at), k))
			if err != nil {
				return 0, 0, err
			}
			if s.End > end {
				end, indent = s.End, s.Indent
			}
		}
		if end < 0 {
			return 0, 0, errors.New("an empty mapping")
		}
		return end, indent, nil
	case []any:
		if len(c) == 0 {
			return 0, 0, errors.New("an empty list")
		}
		last = strconv.Itoa(len(c) - 1)
	default:
		return 0, 0, errors.New("not a collection")
	}
	s, err := doc.Span(append(slices.Clone(at), last))
	if err != nil {
		return 0, 0, err
	}
	return s.End, s.Indent, nil
}
