package importer

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/rank"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlfmt"
)

// Options are the choices of an import.
type Options struct {
	Map       []string // --map rules (see [ParseMapping])
	Prefix    string   // re-key items: PREFIX-N instead of the source's prefix
	Overwrite bool     // replace fields edited in roadlog since the last import
}

// Op is what an import does to a record.
type Op string

// The operations of a [Plan].
const (
	OpCreate    Op = "created"
	OpUpdate    Op = "updated"
	OpUnchanged Op = "unchanged"
)

// FieldChange is one field an update changes, or keeps because it was
// edited in roadlog.
type FieldChange struct {
	Field    string
	Old, New any  // JSON values; nil when absent
	Kept     bool // edited in roadlog since the last import: left alone
}

// Action is what the import does to one record.
type Action struct {
	Op      Op
	Kind    model.Kind
	ID      string
	Key     string // the source key, or ""
	Title   string
	Changes []FieldChange // of an update, and the fields kept
}

// Plan is what an import did, or with a dry run would do.
type Plan struct {
	Actions  []Action
	People   []Person // added to roadlog.yaml
	Warnings []string
}

// originField is where an imported record keeps its source key, the hashes
// of the values imported and the source's fields roadlog has no place for.
const originField = "origin"

// bodyField names the Markdown body among a record's hashes.
const bodyField = "body"

// Import stages the records of b in the session s and returns the plan.
// It writes nothing: the caller commits the session, or with a dry run
// only prints the plan. Statuses and types no rule maps stop it with an
// [*UnknownError] before anything is staged.
func Import(ctx context.Context, s *change.Session, b *Batch, o Options) (*Plan, error) {
	m, err := ParseMapping(s.WS.Config, o.Map)
	if err != nil {
		return nil, &InputError{Msg: err.Error()}
	}
	im := &importer{s: s, b: b, o: o, m: m, plan: &Plan{Warnings: slices.Clone(b.Warnings)}}
	if err := im.mapNames(); err != nil {
		return nil, err
	}
	im.match()
	if err := im.checkOwnIDs(); err != nil {
		return nil, err
	}
	im.assignIDs()
	if err := im.rewriteRefs(); err != nil {
		return nil, err
	}
	if err := im.addPeople(); err != nil {
		return nil, err
	}
	if err := im.stage(ctx); err != nil {
		return nil, err
	}
	if err := im.asGiven(); err != nil {
		return nil, err
	}
	im.canonical()
	for _, r := range m.Unused() {
		im.plan.Warnings = append(im.plan.Warnings, fmt.Sprintf("--map %s: no record has it", r))
	}
	return im.plan, nil
}

type importer struct {
	s    *change.Session
	b    *Batch
	o    Options
	m    *Mapping
	plan *Plan

	recs  []*rec
	idOf  map[string]string // SourceID → roadlog ID
	taken map[string]bool
}

// rec is a record of the batch on its way into the workspace.
type rec struct {
	Record
	status, typ string
	id          string
	existing    *workspace.Record
	dup         bool // its SourceID names another record of the batch
}

func (im *importer) warnf(format string, args ...any) {
	im.plan.Warnings = append(im.plan.Warnings, fmt.Sprintf(format, args...))
}

// mapNames maps every item's status and type, and lists what no rule maps.
func (im *importer) mapNames() error {
	unknown := map[string]bool{}
	seen := map[string]bool{}
	for _, r := range im.b.Records {
		k := r.Key
		if k == "" {
			k = "id:" + r.SourceID
		}
		x := &rec{Record: r}
		if seen[k] {
			// Another record with the same ID (Backlog.md keeps archived
			// tasks whose IDs were reused): imported too, under an ID of
			// its own.
			for n := 2; seen[k]; n++ {
				k = fmt.Sprintf("%s~%d", cmp.Or(r.Key, "id:"+r.SourceID), n)
			}
			x.Key = k
			if r.Key == "" {
				x.Key = ""
			}
			x.dup = true
			im.warnf("%s: %s comes twice in the input; imported this one under a new ID", r.Where, r.SourceID)
		}
		seen[k] = true
		if r.Kind == model.KindItem {
			if r.Status != "" {
				st, ok := im.m.Status(r.Status)
				if !ok {
					unknown[fmt.Sprintf("status %q (--map status.%s=%s)", r.Status, r.Status, firstOr(im.s.WS.Config.Workflow.Statuses))] = true
				}
				x.status = st
			}
			if r.Type != "" {
				t, ok := im.m.Type(r.Type)
				if !ok {
					unknown[fmt.Sprintf("type %q (--map type.%s=%s)", r.Type, r.Type, firstOr(im.s.WS.Config.Types))] = true
				}
				x.typ = t
			}
		}
		im.recs = append(im.recs, x)
	}
	if len(unknown) > 0 {
		return &UnknownError{Hints: slices.Sorted(maps.Keys(unknown))}
	}
	return nil
}

func firstOr(list []string) string {
	if len(list) == 0 {
		return "NAME"
	}
	return list[0]
}

// originKey returns the source key a workspace record was imported from.
func originKey(r *workspace.Record) string {
	o, _ := r.Meta().Fields[originField].(map[string]any)
	k, _ := o["source"].(string)
	return k
}

// match finds the workspace records the batch's records were imported as.
func (im *importer) match() {
	bySource := map[string]*workspace.Record{}
	for _, r := range im.s.WS.Records {
		if k := originKey(r); k != "" {
			bySource[k] = r
		}
	}
	for _, x := range im.recs {
		if x.Key != "" {
			x.existing = bySource[x.Key]
			continue
		}
		if r := im.s.WS.Find(im.keyed(x)); r != nil && r.Kind() == x.Kind {
			x.existing = r
		}
	}
}

// keyed is the ID a record asks for: its source ID, or with --prefix, an
// item's number under the prefix (so that importing again with the same
// --prefix finds what the first import wrote).
func (im *importer) keyed(x *rec) string {
	if im.o.Prefix != "" && x.Kind == model.KindItem {
		return im.o.Prefix + "-" + numberPart(x.SourceID)
	}
	return x.SourceID
}

// checkOwnIDs refuses a record whose ID is roadlog's own (no Key: it is
// matched by ID) when the ID could not be kept: given twice, not valid,
// or another kind's. Numbering it anew, as records of other tools are,
// would add it again on every import.
func (im *importer) checkOwnIDs() error {
	for _, x := range im.recs {
		if x.Key != "" || x.existing != nil {
			continue
		}
		id := im.keyed(x)
		var msg string
		switch {
		case x.dup:
			msg = fmt.Sprintf("%s comes twice in the input; give each record an ID of its own", x.SourceID)
		case model.CheckID(id) != nil:
			msg = fmt.Sprintf("%v; give the record a valid ID", model.CheckID(id))
		case im.s.WS.Find(id) != nil:
			r := im.s.WS.Find(id)
			msg = fmt.Sprintf("%s is %s %q in the workspace; give the record another ID", id, r.Kind().Label(), r.Meta().Title)
		default:
			continue
		}
		return &InputError{Msg: x.Where + ": " + msg}
	}
	return nil
}

// assignIDs keeps the IDs of matched records and the source's IDs where
// they are valid and free, and numbers the rest.
func (im *importer) assignIDs() {
	im.idOf = map[string]string{}
	im.taken = map[string]bool{}
	for _, r := range im.s.WS.Records {
		im.taken[r.ID()] = true
	}
	var later []*rec
	for _, x := range im.recs {
		if x.existing != nil {
			x.id = x.existing.ID()
			if !x.dup {
				im.idOf[x.SourceID] = x.id
			}
			continue
		}
		cand := im.keyed(x)
		if model.CheckID(cand) == nil && !im.taken[cand] && !x.dup {
			x.id = cand
			im.taken[cand] = true
			im.idOf[x.SourceID] = cand
			continue
		}
		later = append(later, x)
	}
	for _, x := range later {
		prefix := x.Kind.Info().IDPrefix
		if x.Kind == model.KindItem {
			prefix = cmp.Or(im.o.Prefix, im.s.WS.Config.Product.Key, "ITEM")
		}
		x.id = im.next(prefix)
		im.taken[x.id] = true
		if !x.dup {
			im.idOf[x.SourceID] = x.id
		}
		im.warnf("%s: %s is not a free roadlog ID; imported as %s", x.Where, x.SourceID, x.id)
	}
}

// numberPart is what follows the source ID's prefix: "12" of "task-12",
// "1.2" of "BACK-1.2"; the whole ID when it has no prefix.
func numberPart(id string) string {
	if i := strings.IndexAny(id, "0123456789"); i > 0 {
		return id[i:]
	}
	return id
}

// next is the next free PREFIX-N above every ID with the prefix.
func (im *importer) next(prefix string) string {
	highest := 0
	for id := range im.taken {
		if rest, ok := strings.CutPrefix(id, prefix+"-"); ok {
			if n, err := strconv.Atoi(rest); err == nil {
				highest = max(highest, n)
			}
		}
	}
	return prefix + "-" + strconv.Itoa(highest+1)
}

// rewriteRefs makes reference fields name roadlog IDs. A reference to
// nothing in the batch or the workspace is moved to origin.fields, with a
// warning, rather than dropped or left to fail validation; a record
// without a Key has no origin to keep it in, so there it is an
// [*InputError].
func (im *importer) rewriteRefs() error {
	for _, x := range im.recs {
		fields := maps.Clone(x.Fields)
		for _, ref := range model.References(x.Kind) {
			v, ok := fields[ref.Field]
			if !ok {
				continue
			}
			var kept, lost []any
			for _, id := range model.IDsIn(v) {
				switch {
				case im.idOf[id] != "":
					kept = append(kept, im.idOf[id])
				case im.s.WS.Find(id) != nil:
					kept = append(kept, id)
				default:
					lost = append(lost, id)
				}
			}
			if len(lost) > 0 && x.Key == "" {
				return &InputError{Msg: fmt.Sprintf("%s: %s: %s names %s, which is neither in the input nor in the workspace; import it too, or remove the reference",
					x.Where, x.SourceID, ref.Field, joinAny(lost))}
			}
			if len(lost) > 0 {
				if x.Extra == nil {
					x.Extra = map[string]any{}
				}
				x.Extra[ref.Field] = lost
				im.warnf("%s: %s names %s, which is not in the input; kept under %s.fields.%s", x.Where, ref.Field, joinAny(lost), originField, ref.Field)
			}
			switch {
			case len(kept) == 0:
				delete(fields, ref.Field)
			case ref.List:
				fields[ref.Field] = kept
			default:
				fields[ref.Field] = kept[0]
			}
		}
		if x.Objective != "" {
			x.Objective = cmp.Or(im.idOf[x.Objective], x.Objective)
		}
		x.Fields = fields
	}
	return nil
}

func joinAny(v []any) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

// addPeople adds the people the batch names to roadlog.yaml.
func (im *importer) addPeople() error {
	cfg := im.s.WS.Config
	var add []Person
	seen := map[string]bool{}
	for _, p := range im.b.People {
		if _, ok := cfg.People[p.Key]; ok || seen[p.Key] {
			continue
		}
		seen[p.Key] = true
		add = append(add, p)
	}
	if len(add) == 0 {
		return nil
	}
	slices.SortFunc(add, func(a, b Person) int { return strings.Compare(a.Key, b.Key) })
	raw, _ := im.s.Content(workspace.ConfigFile)
	doc, err := yamledit.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", workspace.ConfigFile, err)
	}
	for _, p := range add {
		if err := doc.Set([]string{"people", p.Key}, map[string]any{"name": cmp.Or(p.Name, p.Key)}); err != nil {
			return fmt.Errorf("%s: add %s to people: %w", workspace.ConfigFile, p.Key, err)
		}
	}
	im.s.Write(workspace.ConfigFile, doc.Bytes())
	im.plan.People = add
	return nil
}

// canonical writes roadlog.yaml and the list files the import changed
// (releases.yaml, roadmap.yaml, …) as roadlog fmt does, when they were so
// before: entries added to them come in flow style.
func (im *importer) canonical() {
	kinds := map[string]workspace.FileKind{workspace.ConfigFile: workspace.FileConfig}
	for _, k := range model.Kinds() {
		if !k.Info().OwnFile {
			kinds[im.s.WS.Config.PathOf(k)] = workspace.FileKind(k.Info().File)
		}
	}
	for _, p := range im.s.Changed() {
		kind, ok := kinds[p]
		if !ok {
			continue
		}
		if orig, existed := im.s.Original(p); existed && !formatted(p, kind, orig) {
			continue
		}
		raw, _ := im.s.Content(p)
		if f, diags := workspace.Parse(p, kind, raw); len(diags) == 0 {
			if out, err := yamlfmt.Format(f); err == nil {
				im.s.Write(p, out)
			}
		}
	}
}

func formatted(p string, kind workspace.FileKind, raw []byte) bool {
	f, diags := workspace.Parse(p, kind, raw)
	if len(diags) > 0 {
		return false
	}
	out, err := yamlfmt.Format(f)
	return err == nil && bytes.Equal(out, raw)
}

// values are the fields a record is imported with, body included, without
// its origin.
func (x *rec) values() map[string]any {
	v := maps.Clone(x.Fields)
	if v == nil {
		v = map[string]any{}
	}
	v["title"] = x.Title
	if x.status != "" {
		v["status"] = x.status
	}
	if x.typ != "" {
		v["type"] = x.typ
	}
	if x.Kind.Info().OwnFile && !x.NoBody {
		v[bodyField] = x.Body
	}
	return v
}

// hash is a short hash of a value as imported: equal values, equal hashes.
func hash(field string, v any) string {
	if field == bodyField {
		s, _ := v.(string)
		v = normBody(s)
	}
	b, _ := json.Marshal(v) // JSON values always marshal
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:4])
}

// normBody is a body as compared: LF line ends, no trailing blank lines.
func normBody(s string) string {
	return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n \t")
}

// origin is the origin mapping a record is written with.
func (x *rec) origin(hashes map[string]any) map[string]any {
	o := map[string]any{"source": x.Key, "hashes": hashes}
	if len(x.Extra) > 0 {
		o["fields"] = x.Extra
	}
	return o
}

// stage creates and updates the records in the session.
func (im *importer) stage(ctx context.Context) error {
	ranks, err := im.ranks()
	if err != nil {
		return err
	}
	// Key results of objectives that are new come with their objective.
	withObjective := map[string][]*rec{}
	for _, x := range im.recs {
		if x.Kind == model.KindKeyResult && x.existing == nil && im.isNew(x.Objective) {
			withObjective[x.Objective] = append(withObjective[x.Objective], x)
		}
	}
	// New items, insights and decisions are files of their own: they are
	// created together, on every core.
	var files []change.NewRecord
	var fileRecs []*rec
	for _, x := range im.recs {
		if x.existing != nil {
			if err := im.update(x); err != nil {
				return fmt.Errorf("%s: %s: %w", x.Where, x.id, err)
			}
			continue
		}
		if x.Kind == model.KindKeyResult && im.isNew(x.Objective) {
			continue // written with its objective
		}
		n, err := im.newRecord(x, ranks[x], withObjective[x.id])
		if err == nil && x.Kind.Info().OwnFile {
			files, fileRecs = append(files, n), append(fileRecs, x)
		} else if err == nil {
			_, _, err = im.s.Create(ctx, n)
		}
		if err != nil {
			return fmt.Errorf("%s: %s: %w", x.Where, x.id, err)
		}
	}
	if _, err := im.s.CreateFiles(ctx, files); err != nil {
		if ce, ok := errors.AsType[*change.CreateError](err); ok {
			x := fileRecs[ce.Index]
			return fmt.Errorf("%s: %s: %w", x.Where, x.id, ce.Err)
		}
		return err
	}
	return nil
}

// isNew reports whether id is an objective this import creates.
func (im *importer) isNew(id string) bool {
	for _, x := range im.recs {
		if x.id == id && x.existing == nil && x.Kind == model.KindObjective {
			return true
		}
	}
	return false
}

// ranks places new items without a rank after every ranked item: those
// with an Order first, by it, then the others in batch order. Their ranks
// share one prefix and have the same length, so that thousands stay short.
func (im *importer) ranks() (map[*rec]string, error) {
	var news []*rec
	for _, x := range im.recs {
		if x.Kind == model.KindItem && x.existing == nil && x.Fields["rank"] == nil {
			news = append(news, x)
		}
	}
	out := map[*rec]string{}
	if len(news) == 0 {
		return out, nil
	}
	slices.SortStableFunc(news, func(a, b *rec) int {
		switch {
		case a.Order != nil && b.Order != nil:
			return cmp.Compare(*a.Order, *b.Order)
		case a.Order != nil:
			return -1
		case b.Order != nil:
			return 1
		}
		return 0
	})
	last := ""
	for _, it := range im.s.WS.Items {
		last = max(last, it.Rank)
	}
	prefix, err := rank.Between(last, "")
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	base := len(rank.Digits)
	width := 1
	for n := base - 1; n < len(news); n *= base - 1 {
		width++
	}
	c := 0
	for _, x := range news {
		c++
		if c%base == 0 {
			c++ // a rank never ends in "0"
		}
		digits := make([]byte, width)
		for i, v := width-1, c; i >= 0; i-- {
			digits[i] = rank.Digits[v%base]
			v /= base
		}
		out[x] = prefix + string(digits)
	}
	return out, nil
}

// text is a value as `roadlog set` takes it: text as it is, anything
// else in YAML's flow style.
func text(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	return yamledit.Flow(v)
}

func changes(vals map[string]any) ([]change.Change, error) {
	var out []change.Change
	for _, k := range slices.Sorted(maps.Keys(vals)) {
		t, err := text(vals[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out = append(out, change.Change{Path: []string{k}, Op: change.OpSet, Text: t})
	}
	return out, nil
}

// newRecord is the new record x becomes, ranked rk, with the key results
// krs when it is an objective; it adds them to the plan's actions, the
// objective before its key results.
func (im *importer) newRecord(x *rec, rk string, krs []*rec) (change.NewRecord, error) {
	vals := x.values()
	hashes := map[string]any{}
	for k, v := range vals {
		hashes[k] = hash(k, v)
	}
	body, hasBody := vals[bodyField].(string)
	delete(vals, bodyField)
	delete(vals, "title")
	delete(vals, "type")
	if rk != "" {
		vals["rank"] = rk
	}
	if x.Key != "" {
		vals[originField] = x.origin(hashes)
	}
	im.plan.Actions = append(im.plan.Actions, Action{Op: OpCreate, Kind: x.Kind, ID: x.id, Key: x.Key, Title: x.Title})
	if len(krs) > 0 {
		var list []any
		for _, kr := range krs {
			v := kr.values()
			v["id"] = kr.id
			list = append(list, v)
			im.plan.Actions = append(im.plan.Actions, Action{Op: OpCreate, Kind: kr.Kind, ID: kr.id, Key: kr.Key, Title: kr.Title})
		}
		vals["key_results"] = list
	}
	sets, err := changes(vals)
	if err != nil {
		return change.NewRecord{}, err
	}
	archived := x.Archived
	if archived && !im.s.WS.Config.IsClosed(x.status) {
		// roadlog archive takes only closed items: an open one stays in
		// the backlog, where the board and views show it.
		archived = false
		im.warnf("%s: %s is archived but %s, which is not closed; imported into the backlog", x.Where, x.id, cmp.Or(x.status, "has no status"))
	}
	n := change.NewRecord{Kind: x.Kind, Type: x.typ, Title: x.Title, ID: x.id, Objective: x.Objective, Sets: sets, Archived: archived, FileName: x.FileName}
	if hasBody || x.NoBody && x.Kind.Info().OwnFile {
		n.Body = &body
	}
	return n, nil
}

// update changes the fields of a record that changed upstream, leaving
// alone those edited in roadlog since the last import unless Overwrite.
func (im *importer) update(x *rec) error {
	r := x.existing
	cur := maps.Clone(r.Meta().Fields)
	if x.Kind.Info().OwnFile {
		cur[bodyField] = model.Body(r.Model)
	}
	oldOrigin, _ := cur[originField].(map[string]any)
	oldHashes, _ := oldOrigin["hashes"].(map[string]any)
	vals := x.values()
	hashes := map[string]any{}
	var fcs []FieldChange
	set := map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(vals)) {
		h := hash(k, vals[k])
		hashes[k] = h
		c, had := cur[k]
		if had && hash(k, c) == h {
			continue
		}
		old, _ := oldHashes[k].(string)
		if !im.o.Overwrite && had && hash(k, c) != old {
			// Edited in roadlog (or there before the import): keep it. A
			// record matched by ID (no Key) has no hashes: a value that
			// differs is kept too.
			fcs = append(fcs, FieldChange{Field: k, Old: c, New: vals[k], Kept: true})
			if old != "" {
				hashes[k] = old
			}
			continue
		}
		fcs = append(fcs, FieldChange{Field: k, Old: c, New: vals[k]})
		set[k] = vals[k]
	}
	gone, unset := im.gone(cur, vals, oldHashes)
	fcs = append(fcs, gone...)
	if x.Key != "" {
		o := x.origin(hashes)
		if hash("", o) != hash("", oldOrigin) {
			set[originField] = o
		}
	}
	body, bodyChanged := set[bodyField].(string)
	delete(set, bodyField)
	title := x.Title
	if _, ok := set["title"]; !ok {
		title = r.Meta().Title // kept
	}
	a := Action{Op: OpUnchanged, Kind: x.Kind, ID: x.id, Key: x.Key, Title: title, Changes: fcs}
	if len(set) > 0 || len(unset) > 0 || bodyChanged {
		a.Op = OpUpdate
	}
	if len(set) > 0 || len(unset) > 0 {
		sets, err := changes(set)
		if err != nil {
			return err
		}
		if err := im.s.Set(r, sets, unset, false); err != nil {
			return err
		}
	}
	if bodyChanged {
		if err := im.s.SetBody(r, body); err != nil {
			return err
		}
	}
	im.plan.Actions = append(im.plan.Actions, a)
	return nil
}

// gone lists the fields imported last time that are gone upstream: they
// are unset, unless edited in roadlog since.
func (im *importer) gone(cur, vals, oldHashes map[string]any) (fcs []FieldChange, unset []string) {
	for _, k := range slices.Sorted(maps.Keys(oldHashes)) {
		if _, still := vals[k]; still || k == bodyField {
			continue
		}
		c, had := cur[k]
		if !had {
			continue
		}
		if hash(k, c) != oldHashes[k] && !im.o.Overwrite {
			fcs = append(fcs, FieldChange{Field: k, Old: c, Kept: true})
			continue
		}
		fcs = append(fcs, FieldChange{Field: k, Old: c})
		unset = append(unset, k)
	}
	return fcs, unset
}
