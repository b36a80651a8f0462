// Package diff compares two versions of a plan and reports what a reviewer
// of the change needs: records added, removed and renamed, field changes,
// moves in the top of the backlog, score changes with the inputs behind
// them, date slips, key-result changes, scope changes of initiatives and
// releases, and the validation errors the change brings in. Records that did
// not change are not listed.
package diff

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// DefaultTop is how many open items at the top of the backlog are watched
// for moves.
const DefaultTop = 10

// Side is one end of the comparison.
type Side struct {
	Plan     *plan.Plan
	Findings diag.List // of validate.Run
}

// Options tune the comparison.
type Options struct {
	Top int // open items at the top of the backlog to watch; 0: DefaultTop
}

// Diff is what changed from base to head.
type Diff struct {
	Base        Rev                `json:"base"`
	Head        Rev                `json:"head"`
	Summary     Summary            `json:"summary"`
	Product     []Field            `json:"product"`
	Added       []Record           `json:"added"`
	Removed     []Record           `json:"removed"`
	Renamed     []Rename           `json:"renamed"`
	Changed     []Change           `json:"changed"`
	Backlog     Backlog            `json:"backlog"`
	Scores      []Score            `json:"scores"`
	Dates       []Date             `json:"dates"`
	KeyResults  []KeyResult        `json:"key_results"`
	Scope       []Scope            `json:"scope"`
	NewErrors   []diag.JSONFinding `json:"new_errors"`
	FixedErrors int                `json:"fixed_errors"`
}

// Rev names a side for people: what was asked for and the commit it is.
type Rev struct {
	Name   string `json:"name"`             // "main", "HEAD~2", "working tree"
	Commit string `json:"commit,omitempty"` // full ID; empty for the working tree
}

// Summary counts the changes.
type Summary struct {
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Renamed   int `json:"renamed"`
	Changed   int `json:"changed"`
	NewErrors int `json:"new_errors"`
}

// Record names a record.
type Record struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Type  string `json:"type,omitempty"` // items: story, bug, …
	Title string `json:"title"`
	Path  string `json:"path"`
}

// Rename is a record whose ID changed, recognised by its content.
type Rename struct {
	From       string  `json:"from"`
	To         string  `json:"to"`
	Kind       string  `json:"kind"`
	Type       string  `json:"type,omitempty"`
	Title      string  `json:"title"`
	Similarity float64 `json:"similarity"` // 0..1, of the content without the ID
}

// Change is a record present on both sides whose fields changed. Every
// changed field is listed; the text and Markdown output show rank, score
// inputs, dates and key-result values in their own sections instead.
type Change struct {
	Record
	WasID  string  `json:"was_id,omitempty"` // when renamed
	Fields []Field `json:"fields"`
}

// Field is one field's change. Old or New is nil when the field is unset
// on that side.
type Field struct {
	Field   string   `json:"field"`
	Old     any      `json:"old"`
	New     any      `json:"new"`
	Added   []string `json:"added,omitempty"`   // lists: values added
	Removed []string `json:"removed,omitempty"` // lists: values removed
	Lines   *Lines   `json:"lines,omitempty"`   // text of several lines
	Days    *int     `json:"days,omitempty"`    // dates: how far it moved
	Places  *Places  `json:"places,omitempty"`  // rank: the item's place in the backlog
}

// Places are an item's places among the open items of the backlog, from 1;
// 0 when it is not open on that side.
type Places struct {
	Old int `json:"old"`
	New int `json:"new"`
}

// Lines counts the lines added and removed in a text.
type Lines struct {
	Added   int `json:"added"`
	Removed int `json:"removed"`
}

// Backlog holds the moves at the top of the backlog.
type Backlog struct {
	Top   int    `json:"top"`
	Moves []Move `json:"moves"`
}

// Move is an item that changed place among the open items at the top of
// the backlog: moved past others, or came into or left the top.
type Move struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	From  int    `json:"from"` // place among open items in base, from 1; 0: not open there
	To    int    `json:"to"`   // place in head; 0: not open there
	// Why an item appears or disappears: added, reopened, closed, removed.
	Reason string `json:"reason,omitempty"`
}

// Score is an item whose score changed.
type Score struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Old    *float64 `json:"old"`
	New    *float64 `json:"new"`
	Inputs []Value  `json:"inputs"`
}

// Value is a numeric field's change.
type Value struct {
	Name string   `json:"name"`
	Old  *float64 `json:"old"`
	New  *float64 `json:"new"`
}

// Date is a date field that changed: an initiative's start or end, a
// release's date, an item's due date.
type Date struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
	Days  *int   `json:"days"` // positive: later (a slip); nil when either side is not a date
}

// KeyResult is a key result whose baseline, target or current value changed.
type KeyResult struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Objective   string   `json:"objective"`
	Unit        string   `json:"unit,omitempty"`
	Values      []Value  `json:"values"`
	OldProgress *float64 `json:"old_progress"`
	NewProgress *float64 `json:"new_progress"`
}

// Scope is an initiative or release whose items changed.
type Scope struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	In    []Ref  `json:"in"`
	Out   []Ref  `json:"out"`
}

// Ref names an item in a scope change.
type Ref struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.Product) == 0 && len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Renamed) == 0 &&
		len(d.Changed) == 0 && len(d.Backlog.Moves) == 0 && len(d.Scores) == 0 && len(d.Dates) == 0 &&
		len(d.KeyResults) == 0 && len(d.Scope) == 0 && len(d.NewErrors) == 0 && d.FixedErrors == 0
}

// comparer holds both sides and how base IDs map to head IDs.
type comparer struct {
	base, head *plan.Plan
	renamed    map[string]string // base ID → head ID
	was        map[string]string // head ID → base ID, for renamed records
	basePlace  map[string]int    // base ID → place among open items, from 1
	headPlace  map[string]int    // head ID → place among open items
	d          *Diff
}

// Compare works out what changed from base to head.
func Compare(base, head Side, opts Options) *Diff {
	if opts.Top <= 0 {
		opts.Top = DefaultTop
	}
	d := &Diff{
		Product: []Field{}, Added: []Record{}, Removed: []Record{}, Renamed: []Rename{}, Changed: []Change{},
		Backlog: Backlog{Top: opts.Top, Moves: []Move{}}, Scores: []Score{}, Dates: []Date{},
		KeyResults: []KeyResult{}, Scope: []Scope{}, NewErrors: []diag.JSONFinding{},
	}
	c := newComparer(base, head, d)
	c.basePlace, c.headPlace = c.base.Places(), c.head.Places()
	c.product()
	c.records()
	c.backlog(opts.Top)
	c.scores()
	c.keyResults()
	c.scope()
	c.findings(base.Findings, head.Findings)
	d.Summary = Summary{
		Added: len(d.Added), Removed: len(d.Removed), Renamed: len(d.Renamed),
		Changed: len(d.Changed), NewErrors: len(d.NewErrors),
	}
	return d
}

// ids returns the IDs of a plan's records, in natural order.
func ids(p *plan.Plan) []string {
	var out []string
	for _, id := range p.WS.IDs() {
		if p.Record(id) != nil {
			out = append(out, id)
		}
	}
	return out
}

func recordOf(r *workspace.Record) Record {
	out := Record{ID: r.ID(), Kind: string(r.Kind()), Title: r.Meta().Title, Path: r.Meta().Path}
	if it, ok := r.Model.(*model.Item); ok {
		out.Type = it.Type
	}
	return out
}

// baseID maps a head ID to the ID it had in base.
func (c *comparer) baseID(id string) string {
	if from, ok := c.was[id]; ok {
		return from
	}
	return id
}

// headID maps a base ID to the ID it has in head.
func (c *comparer) headID(id string) string {
	if to, ok := c.renamed[id]; ok {
		return to
	}
	return id
}

func newComparer(base, head Side, d *Diff) *comparer {
	return &comparer{base: base.Plan, head: head.Plan, renamed: map[string]string{}, was: map[string]string{}, d: d}
}

// matchRecords pairs the records of both sides by ID and, for IDs that
// changed, by content (see renames), and returns the records left
// unpaired: those added and those removed.
func (c *comparer) matchRecords() (added, removed []*workspace.Record) {
	for _, id := range ids(c.head) {
		if c.base.Record(id) == nil {
			added = append(added, c.head.Record(id))
		}
	}
	for _, id := range ids(c.base) {
		if c.head.Record(id) == nil {
			removed = append(removed, c.base.Record(id))
		}
	}
	return c.renames(added, removed)
}

// records finds added, removed, renamed and changed records.
func (c *comparer) records() {
	added, removed := c.matchRecords()
	for _, r := range added {
		c.d.Added = append(c.d.Added, recordOf(r))
	}
	for _, r := range removed {
		c.d.Removed = append(c.d.Removed, recordOf(r))
	}
	for _, id := range ids(c.head) {
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

// renames pairs removed and added records of the same kind whose content,
// without the ID, is alike, and returns the records left unpaired.
func (c *comparer) renames(added, removed []*workspace.Record) (a, r []*workspace.Record) {
	type pair struct {
		add, rem int
		sim      float64
	}
	var pairs []pair
	sigs := map[*workspace.Record][]string{}
	sig := func(r *workspace.Record) []string {
		if s, ok := sigs[r]; ok {
			return s
		}
		s := signature(r)
		sigs[r] = s
		return s
	}
	// Every added record is compared with every removed one, unless there
	// are so many (a bulk import, a mass renumber) that only records with
	// the same title are: the pairs grow as the product of the two.
	all := allIndexes(len(removed))
	candidates := func(int) []int { return all }
	if len(added)*len(removed) > maxRenamePairs {
		byTitle := map[string][]int{}
		for j, rr := range removed {
			k := string(rr.Kind()) + "\x00" + strings.ToLower(rr.Meta().Title)
			byTitle[k] = append(byTitle[k], j)
		}
		candidates = func(i int) []int {
			return byTitle[string(added[i].Kind())+"\x00"+strings.ToLower(added[i].Meta().Title)]
		}
	}
	for i, ar := range added {
		for _, j := range candidates(i) {
			rr := removed[j]
			if ar.Kind() != rr.Kind() {
				continue
			}
			sim, common := similarity(sig(ar), sig(rr))
			sameTitle := ar.Meta().Title != "" && strings.EqualFold(ar.Meta().Title, rr.Meta().Title)
			if sameTitle || (sim >= 0.6 && common >= 3) {
				if sameTitle {
					sim = max(sim, 0.5)
				}
				pairs = append(pairs, pair{i, j, sim})
			}
		}
	}
	slices.SortStableFunc(pairs, func(x, y pair) int {
		return cmp.Or(cmp.Compare(y.sim, x.sim), cmp.Compare(x.add, y.add), cmp.Compare(x.rem, y.rem))
	})
	usedA, usedR := map[int]bool{}, map[int]bool{}
	for _, p := range pairs {
		if usedA[p.add] || usedR[p.rem] {
			continue
		}
		usedA[p.add], usedR[p.rem] = true, true
		from, to := removed[p.rem], added[p.add]
		c.renamed[from.ID()] = to.ID()
		c.was[to.ID()] = from.ID()
		c.d.Renamed = append(c.d.Renamed, Rename{
			From: from.ID(), To: to.ID(), Kind: string(to.Kind()), Type: recordOf(to).Type, Title: to.Meta().Title,
			Similarity: math.Round(p.sim*100) / 100,
		})
	}
	slices.SortFunc(c.d.Renamed, func(x, y Rename) int { return model.CompareIDs(x.To, y.To) })
	for i, r := range added {
		if !usedA[i] {
			a = append(a, r)
		}
	}
	for j, x := range removed {
		if !usedR[j] {
			r = append(r, x)
		}
	}
	return a, r
}

// maxRenamePairs bounds the added × removed records compared by content.
const maxRenamePairs = 250_000

func allIndexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// signature is a record's content as lines, without its ID and rank: one
// line a field, then the body's non-blank lines.
func signature(r *workspace.Record) []string {
	f := r.Meta().Fields
	var out []string
	for _, k := range slices.Sorted(maps.Keys(f)) {
		if k == "id" || k == "rank" || k == "key_results" {
			continue
		}
		v, _ := json.Marshal(f[k])
		out = append(out, k+": "+string(v))
	}
	for _, l := range strings.Split(model.Body(r.Model), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// similarity is 2 × the lines a and b share over their total, and the
// number shared.
func similarity(a, b []string) (float64, int) {
	if len(a)+len(b) == 0 {
		return 0, 0
	}
	common := len(a) + len(b) - len(difference(a, b)) - len(difference(b, a))
	common /= 2
	return float64(2*common) / float64(len(a)+len(b)), common
}

// difference returns the lines of a that b does not have, counting
// repeats.
func difference(a, b []string) []string {
	n := map[string]int{}
	for _, l := range b {
		n[l]++
	}
	var out []string
	for _, l := range a {
		if n[l] > 0 {
			n[l]--
			continue
		}
		out = append(out, l)
	}
	return out
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

var idWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9._]*-[A-Za-z0-9]+`)

// mapText rewrites IDs mentioned in a body to head IDs, as roadlog
// renumber does.
func (c *comparer) mapText(s string) string {
	if len(c.renamed) == 0 {
		return s
	}
	return idWord.ReplaceAllStringFunc(s, c.headID)
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

// backlog lists the items that changed place at the top of the backlog.
// An item counts as moved when it is not in the longest run of the top
// items that kept their order, so that one item moved up five places is one
// move, not five items each down one.
func (c *comparer) backlog(top int) {
	basePos := map[string]int{}
	for id, n := range c.basePlace {
		basePos[c.headID(id)] = n
	}
	headPos := c.headPlace
	var headTop []*model.Item
	for _, it := range c.head.Items() {
		r := c.head.Record(it.ID) // nil for an item whose id is not text
		if n, ok := headPos[it.ID]; ok && n <= top && r != nil && r.Model == model.Record(it) {
			headTop = append(headTop, it)
		}
	}
	// Items at the top of head that were open in base, in head order: those
	// off the longest increasing run of base places moved.
	var seq []int
	var seqIDs []string
	for _, it := range headTop {
		if p, ok := basePos[it.ID]; ok {
			seq = append(seq, p)
			seqIDs = append(seqIDs, it.ID)
		}
	}
	stable := map[string]bool{}
	for _, i := range longestIncreasing(seq) {
		stable[seqIDs[i]] = true
	}
	var moves []Move
	for _, it := range headTop {
		from, ok := basePos[it.ID]
		switch {
		case !ok:
			moves = append(moves, Move{ID: it.ID, Title: it.Title, To: headPos[it.ID], Reason: c.whyNew(it.ID)})
		case !stable[it.ID] || from > top:
			moves = append(moves, Move{ID: it.ID, Title: it.Title, From: from, To: headPos[it.ID]})
		}
	}
	// Items that were at the top of base and are not at the top of head.
	for _, it := range c.base.Items() {
		id := c.headID(it.ID)
		from := basePos[id]
		if c.base.Closed(it) || from == 0 || from > top {
			continue
		}
		to, open := headPos[id]
		if open && to <= top {
			continue
		}
		m := Move{ID: id, Title: it.Title, From: from, To: to}
		if !open {
			m.Reason = "removed"
			if r := c.head.Record(id); r != nil {
				m.Reason = "closed"
			}
		}
		moves = append(moves, m)
	}
	slices.SortStableFunc(moves, func(a, b Move) int {
		return cmp.Or(cmp.Compare(place(a.To), place(b.To)), cmp.Compare(a.From, b.From), model.CompareIDs(a.ID, b.ID))
	})
	c.d.Backlog.Moves = append(c.d.Backlog.Moves, moves...)
}

// place sorts "not open" (0) after every place.
func place(p int) int {
	if p == 0 {
		return math.MaxInt
	}
	return p
}

// whyNew says why an item open in head was not open in base.
func (c *comparer) whyNew(id string) string {
	if c.base.Record(c.baseID(id)) != nil {
		return "reopened"
	}
	return "added"
}

// longestIncreasing returns the indexes of a longest strictly increasing
// subsequence of seq (patience sorting, O(n log n)).
func longestIncreasing(seq []int) []int {
	var tails []int // index into seq of the smallest tail of each length
	prev := make([]int, len(seq))
	for i, v := range seq {
		k, _ := slices.BinarySearchFunc(tails, v, func(t, v int) int { return cmp.Compare(seq[t], v) })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([]int, len(tails))
	if len(tails) == 0 {
		return out
	}
	k := tails[len(tails)-1]
	for i := len(tails) - 1; i >= 0; i-- {
		out[i] = k
		k = prev[k]
	}
	return out
}

// scores lists the items whose score changed, with the inputs that did.
func (c *comparer) scores() {
	for _, it := range c.head.Items() {
		if c.head.Record(it.ID) == nil || c.head.Record(it.ID).Model != model.Record(it) {
			continue // a duplicate ID
		}
		br := c.base.Record(c.baseID(it.ID))
		if br == nil {
			continue
		}
		bit, ok := br.Model.(*model.Item)
		if !ok {
			continue
		}
		os, oOK := c.base.Score(bit)
		ns, nOK := c.head.Score(it)
		if oOK == nOK && (!oOK || plan.FormatScore(os) == plan.FormatScore(ns)) {
			continue
		}
		s := Score{ID: it.ID, Title: it.Title, Inputs: []Value{}}
		if oOK {
			s.Old = &os
		}
		if nOK {
			s.New = &ns
		}
		keys := map[string]bool{}
		for k := range bit.Score {
			keys[k] = true
		}
		for k := range it.Score {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			ov, oHas := bit.Score[k]
			nv, nHas := it.Score[k]
			if oHas == nHas && ov == nv {
				continue
			}
			v := Value{Name: k}
			if oHas {
				v.Old = &ov
			}
			if nHas {
				v.New = &nv
			}
			s.Inputs = append(s.Inputs, v)
		}
		c.d.Scores = append(c.d.Scores, s)
	}
}

// keyResults lists the key results whose values changed.
func (c *comparer) keyResults() {
	for _, kr := range c.head.WS.KeyResults {
		if c.head.Record(kr.ID) == nil || c.head.Record(kr.ID).Model != model.Record(kr) {
			continue // a duplicate ID
		}
		br := c.base.Record(c.baseID(kr.ID))
		if br == nil {
			continue
		}
		bkr, ok := br.Model.(*model.KeyResult)
		if !ok {
			continue
		}
		k := KeyResult{ID: kr.ID, Title: kr.Title, Objective: kr.Objective, Unit: kr.Unit, Values: []Value{}}
		for _, v := range []struct {
			name     string
			old, new *float64
		}{{"baseline", bkr.Baseline, kr.Baseline}, {"target", bkr.Target, kr.Target}, {"current", bkr.Current, kr.Current}} {
			if (v.old == nil) == (v.new == nil) && (v.old == nil || *v.old == *v.new) {
				continue
			}
			k.Values = append(k.Values, Value{Name: v.name, Old: v.old, New: v.new})
		}
		if len(k.Values) == 0 {
			continue
		}
		if p, ok := plan.KeyResultProgress(bkr); ok {
			k.OldProgress = &p
		}
		if p, ok := plan.KeyResultProgress(kr); ok {
			k.NewProgress = &p
		}
		c.d.KeyResults = append(c.d.KeyResults, k)
	}
	slices.SortFunc(c.d.KeyResults, func(a, b KeyResult) int { return model.CompareIDs(a.ID, b.ID) })
}

// scope lists the initiatives and releases whose items changed.
func (c *comparer) scope() {
	type key struct{ id, kind string }
	baseItems := map[key][]string{}
	headItems := map[key][]string{}
	collect := func(p *plan.Plan, out map[key][]string, mapID func(string) string) {
		for _, s := range p.Scopes() {
			k := key{mapID(s.ID), string(s.Kind)}
			for _, it := range s.Items {
				out[k] = append(out[k], mapID(it.ID))
			}
		}
	}
	collect(c.base, baseItems, c.headID)
	collect(c.head, headItems, func(id string) string { return id })
	keys := map[key]bool{}
	for k := range baseItems {
		keys[k] = true
	}
	for k := range headItems {
		keys[k] = true
	}
	sorted := slices.SortedFunc(maps.Keys(keys), func(a, b key) int {
		return cmp.Or(strings.Compare(a.kind, b.kind), model.CompareIDs(a.id, b.id))
	})
	for _, k := range sorted {
		in, out := difference(headItems[k], baseItems[k]), difference(baseItems[k], headItems[k])
		if len(in) == 0 && len(out) == 0 {
			continue
		}
		s := Scope{ID: k.id, Kind: k.kind, Title: c.title(k.id), In: c.refs(in), Out: c.refs(out)}
		c.d.Scope = append(c.d.Scope, s)
	}
}

// title is a record's title in head, else in base.
func (c *comparer) title(id string) string {
	if r := c.head.Record(id); r != nil {
		return r.Meta().Title
	}
	if r := c.base.Record(c.baseID(id)); r != nil {
		return r.Meta().Title
	}
	return ""
}

func (c *comparer) refs(ids []string) []Ref {
	slices.SortFunc(ids, model.CompareIDs)
	out := make([]Ref, 0, len(ids))
	for _, id := range slices.Compact(ids) {
		out = append(out, Ref{ID: id, Title: c.title(id)})
	}
	return out
}

// findings lists the errors of head that base does not have, and counts
// the errors of base that head no longer has. Errors are matched as
// [NewFindings] matches findings.
func (c *comparer) findings(base, head diag.List) {
	errs := func(l diag.List) diag.List {
		var out diag.List
		for _, d := range l {
			if d.Severity == diag.Error {
				out = append(out, d)
			}
		}
		return out
	}
	added, fixed := c.newFindings(errs(base), errs(head))
	for _, d := range added {
		c.d.NewErrors = append(c.d.NewErrors, d.JSON())
	}
	c.d.FixedErrors = fixed
}

// String is a one-line summary: "2 added, 1 changed, 1 new error".
func (s Summary) String() string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(s.Added, "added")
	add(s.Removed, "removed")
	add(s.Renamed, "renamed")
	add(s.Changed, "changed")
	switch s.NewErrors {
	case 0:
	case 1:
		parts = append(parts, "1 new error")
	default:
		parts = append(parts, fmt.Sprintf("%d new errors", s.NewErrors))
	}
	return strings.Join(parts, ", ")
}
