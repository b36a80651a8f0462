// Package history streams a workspace's history from Git: for each commit
// on the first-parent line, oldest first, the records it changed and how,
// compared exactly as `roadlog diff` compares two revisions (package diff).
// It runs one git log for the walk and one git cat-file --batch for the
// files, and reads only the files a commit touched, and those a change of
// roadlog.yaml's paths brings into the workspace or leaves out of it.
package history

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/roadlog/roadlog/pkg/diff"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Commit is one commit of the history with the records it changed.
type Commit struct {
	ID          string
	AuthorName  string
	AuthorEmail string
	AuthorDate  time.Time
	CommitDate  time.Time
	Subject     string
	// Merge: the commit has several parents; its changes are those it
	// brought into the first parent.
	Merge bool
	// Graft: the oldest commit of a shallow clone. What it seems to add
	// may be older: history before it is not in the clone.
	Graft   bool
	Changes []Change // in natural order of ID
}

// Change is what one commit did to one record.
type Change struct {
	ID      string     `json:"id"`               // after the commit; "" when it was removed
	OldID   string     `json:"old_id,omitempty"` // before the commit; "" when it was added
	Kind    model.Kind `json:"kind"`
	Type    string     `json:"type,omitempty"` // items: story, bug, …
	Title   string     `json:"title"`          // after the commit, else before
	Path    string     `json:"path,omitempty"` // file after the commit; "" when removed
	OldPath string     `json:"old_path,omitempty"`
	Added   bool       `json:"added,omitempty"`
	Removed bool       `json:"removed,omitempty"`
	// Fields are the fields and body that changed, as package diff lists
	// them. A rank change carries the item's places among the open items
	// of the whole backlog before and after.
	Fields []diff.Field `json:"fields"`
	// Record is the record as the commit left it; nil when it was
	// removed. Package flow reads every field of it, changed or not.
	Record model.Record `json:"-"`
}

// Renumbered reports whether the record's ID changed.
func (c Change) Renumbered() bool { return c.ID != "" && c.OldID != "" && c.ID != c.OldID }

// Moved reports whether the record's file was renamed.
func (c Change) Moved() bool { return c.Path != "" && c.OldPath != "" && c.Path != c.OldPath }

// Options tune the walk.
type Options struct {
	Rev string // the last commit of the walk; HEAD when ""
}

// state is the workspace as of the last commit walked: the bytes of every
// workspace file and an index of the open items in backlog order.
type state struct {
	files map[string][]byte // workspace-relative path → content
	cfg   *workspace.Config
	items map[string][]*model.Item // path → the items its file holds
	byID  map[string]*model.Item
	open  []*model.Item // open items in backlog order (model.CompareItems)
	// ids are the blob IDs of the files of the commit's tree that may
	// hold records ([mayHoldRecords]), workspace or not, by path: a change
	// of roadlog.yaml's paths brings files in or leaves them out without
	// touching them.
	ids map[string]string
}

// Walk calls fn for every commit of the first-parent history up to
// opts.Rev, oldest first. Commits that changed no record are passed too,
// with no Changes. Walk stops at the first error fn returns and returns it.
func Walk(ctx context.Context, git *gitx.Client, opts Options, fn func(*Commit) error) error {
	shallow := git.Shallow(ctx)
	blobs := git.Blobs(ctx)
	defer func() { _ = blobs.Close() }() // read only
	st := &state{
		files: map[string][]byte{}, cfg: workspace.DefaultConfig(), items: map[string][]*model.Item{},
		byID: map[string]*model.Item{}, ids: map[string]string{},
	}
	first := true
	err := git.Log(ctx, gitx.LogOptions{Rev: opts.Rev}, func(gc *gitx.Commit) error {
		c := &Commit{
			ID: gc.ID, AuthorName: gc.AuthorName, AuthorEmail: gc.AuthorEmail, AuthorDate: gc.AuthorDate,
			CommitDate: gc.CommitDate, Subject: gc.Subject, Merge: len(gc.Parents) > 1,
			Graft: shallow && first && len(gc.Parents) == 0,
		}
		first = false
		changes, err := st.apply(ctx, blobs, gc)
		if err != nil {
			return fmt.Errorf("read commit %s: %w", gitx.Short(gc.ID), err)
		}
		c.Changes = changes
		return fn(c)
	})
	if err != nil {
		return err
	}
	return blobs.Err()
}

// commitFiles is what one commit does to the workspace's files: both sides
// of the files it touched, as file systems to load, and the config after it.
type commitFiles struct {
	before, after fstest.MapFS
	configChanged bool
	newCfg        *workspace.Config
	touched       []gitx.FileChange // the changes to workspace files
	newFiles      map[string][]byte // path → content after the commit
}

// placed locates a field of a change that carries backlog places.
type placed struct{ change, field int }

// apply moves the state over one commit and returns the records it changed.
func (st *state) apply(ctx context.Context, blobs *gitx.Blobs, gc *gitx.Commit) ([]Change, error) {
	defer st.track(gc.Files)
	cf, err := st.configSides(ctx, blobs, gc)
	if err != nil {
		return nil, err
	}
	cf.touched = st.touched(gc.Files, cf.newCfg)
	if cf.configChanged {
		cf.touched = append(cf.touched, st.regrouped(gc.Files, cf.newCfg)...)
	}
	if len(cf.touched) == 0 && !cf.configChanged {
		return nil, nil
	}
	if err := st.readTouched(blobs, cf); err != nil {
		return nil, err
	}
	base, err := load(ctx, cf.before, gc.CommitDate)
	if err != nil {
		return nil, err
	}
	head, err := load(ctx, cf.after, gc.CommitDate)
	if err != nil {
		return nil, err
	}
	d := diff.Compare(diff.Side{Plan: base}, diff.Side{Plan: head}, diff.Options{})
	changes := changesOf(base, head, d)

	// Places in the whole backlog: before the commit from the index as it
	// is, after it from the index moved over the commit.
	ranks := st.oldPlaces(changes)
	st.advance(cf, base, head)
	for _, r := range ranks {
		f := changes[r.change].Fields[r.field]
		f.Places.New = st.place(changes[r.change].ID)
	}
	return changes, nil
}

// configSides starts both sides of a commit with roadlog.yaml as it was
// before and after it, and reads the config after it.
func (st *state) configSides(ctx context.Context, blobs *gitx.Blobs, gc *gitx.Commit) (*commitFiles, error) {
	cf := &commitFiles{before: fstest.MapFS{}, after: fstest.MapFS{}, newCfg: st.cfg, newFiles: map[string][]byte{}}
	if raw, ok := st.files[workspace.ConfigFile]; ok {
		cf.before[workspace.ConfigFile] = &fstest.MapFile{Data: raw}
		cf.after[workspace.ConfigFile] = &fstest.MapFile{Data: raw}
	}
	for _, fc := range gc.Files {
		if fc.NewPath != workspace.ConfigFile && fc.OldPath != workspace.ConfigFile {
			continue
		}
		cf.configChanged = true
		delete(cf.after, workspace.ConfigFile)
		if fc.NewPath == workspace.ConfigFile {
			raw, err := blobs.Read(fc.NewID)
			if err != nil {
				return nil, err
			}
			cf.after[workspace.ConfigFile] = &fstest.MapFile{Data: raw}
		}
	}
	if cf.configChanged {
		ws, err := workspace.Load(ctx, fstest.MapFS{workspace.ConfigFile: cf.after[workspace.ConfigFile]})
		if err != nil {
			cf.newCfg = workspace.DefaultConfig() // an unreadable roadlog.yaml: as if there were none
		} else {
			cf.newCfg = ws.Config
		}
	}
	return cf, nil
}

// touched returns the changes to files of the workspace, under its config
// before the commit or newCfg after it; roadlog.yaml is not among them.
func (st *state) touched(files []gitx.FileChange, newCfg *workspace.Config) []gitx.FileChange {
	var touched []gitx.FileChange
	for _, fc := range files {
		if st.relevant(newCfg, fc.OldPath) || st.relevant(newCfg, fc.NewPath) {
			touched = append(touched, fc)
		}
	}
	return touched
}

// regrouped returns the files a commit that changes the config does not
// touch but brings into the workspace or leaves out of it (paths: moved
// to a folder that already has files, or away from one), as changes that
// keep them as they are: their records join or leave as if added or
// removed.
func (st *state) regrouped(files []gitx.FileChange, newCfg *workspace.Config) []gitx.FileChange {
	seen := map[string]bool{workspace.ConfigFile: true}
	for _, fc := range files {
		seen[fc.OldPath], seen[fc.NewPath] = true, true
	}
	var out []gitx.FileChange
	for _, p := range slices.Sorted(maps.Keys(st.ids)) {
		if !seen[p] && inWorkspace(st.cfg, p) != inWorkspace(newCfg, p) {
			id := st.ids[p]
			out = append(out, gitx.FileChange{Status: 'M', OldPath: p, NewPath: p, OldID: id, NewID: id})
		}
	}
	return out
}

// track moves the blob IDs of the tree over a commit's file changes.
func (st *state) track(files []gitx.FileChange) {
	for _, fc := range files {
		if fc.OldPath != "" && fc.Status != 'C' {
			delete(st.ids, fc.OldPath)
		}
		if fc.NewPath != "" && mayHoldRecords(fc.NewPath) {
			st.ids[fc.NewPath] = fc.NewID
		}
	}
}

// mayHoldRecords reports whether a file could be one of a workspace's
// under some config: Markdown (record folders) or YAML (the single files).
// Only these are tracked, so that the source files of a large repository
// do not fill memory.
func mayHoldRecords(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".yaml", ".yml":
		return true
	}
	return false
}

// relevant reports whether p is a workspace file other than roadlog.yaml
// before the commit or after it.
func (st *state) relevant(newCfg *workspace.Config, p string) bool {
	return p != "" && p != workspace.ConfigFile && (inWorkspace(st.cfg, p) || inWorkspace(newCfg, p))
}

// readTouched fills both sides of cf with the files the commit touched,
// reading every blob it needs in one exchange with git.
func (st *state) readTouched(blobs *gitx.Blobs, cf *commitFiles) error {
	var want []string
	for _, fc := range cf.touched {
		if fc.OldPath != "" {
			if _, kept := st.files[fc.OldPath]; !kept && fc.OldID != "" {
				want = append(want, fc.OldID) // it was outside the workspace's folders then
			}
		}
		if fc.NewPath != "" && fc.NewID != "" {
			want = append(want, fc.NewID)
		}
	}
	got, err := blobs.ReadMany(want)
	if err != nil {
		return err
	}
	blob := map[string][]byte{}
	for i, id := range want {
		blob[id] = got[i]
	}
	for _, fc := range cf.touched {
		if fc.OldPath != "" && fc.Status != 'C' { // a copy keeps its source
			raw, kept := st.files[fc.OldPath]
			if !kept {
				raw = blob[fc.OldID]
			}
			cf.before[fc.OldPath] = &fstest.MapFile{Data: raw}
		}
		if fc.NewPath != "" {
			cf.after[fc.NewPath] = &fstest.MapFile{Data: blob[fc.NewID]}
			cf.newFiles[fc.NewPath] = blob[fc.NewID]
		}
	}
	return nil
}

// oldPlaces sets the places before the commit on every rank change and
// returns where those are, for the places after it.
func (st *state) oldPlaces(changes []Change) []placed {
	var ranks []placed
	for i, ch := range changes {
		for j, f := range ch.Fields {
			if f.Places != nil {
				ranks = append(ranks, placed{i, j})
				f.Places.Old = st.place(ch.OldID)
			}
		}
	}
	return ranks
}

// advance moves the files, the config and the index over the commit.
func (st *state) advance(cf *commitFiles, base, head *plan.Plan) {
	for _, fc := range cf.touched {
		if fc.OldPath != "" && (fc.Status != 'C') {
			delete(st.files, fc.OldPath)
		}
	}
	for p, raw := range cf.newFiles {
		st.files[p] = raw
	}
	if cf.configChanged {
		if raw, ok := cf.after[workspace.ConfigFile]; ok {
			st.files[workspace.ConfigFile] = raw.Data
		} else {
			delete(st.files, workspace.ConfigFile)
		}
		st.cfg = cf.newCfg
	}
	st.reindex(base, head, cf.configChanged)
}

// load reads a workspace from the files of one side of a commit.
func load(ctx context.Context, fsys fs.FS, when time.Time) (*plan.Plan, error) {
	ws, err := workspace.Load(ctx, fsys)
	if err != nil {
		return nil, err
	}
	return plan.New(ws, when), nil
}

// inWorkspace reports whether a path is one of the workspace's files under
// cfg: a single file, or a file under a record folder.
func inWorkspace(cfg *workspace.Config, p string) bool {
	pp := cfg.Paths
	for _, single := range []string{pp.Product, pp.Objectives, pp.Roadmap, pp.Releases, pp.Risks} {
		if clean(single) == p {
			return true
		}
	}
	for _, dir := range []string{pp.Backlog, pp.Insights, pp.Decisions} {
		if d := clean(dir); d != "" && strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

func clean(p string) string {
	p = path.Clean(strings.TrimPrefix(p, "./"))
	if !fs.ValidPath(p) || p == "." {
		return ""
	}
	return p
}

// changesOf turns a comparison of the files a commit touched into one
// change a record.
func changesOf(base, head *plan.Plan, d *diff.Diff) []Change {
	was := map[string]string{} // head ID → base ID
	for _, r := range d.Renamed {
		was[r.To] = r.From
	}
	fields := map[string][]diff.Field{}
	for _, c := range d.Changed {
		fields[c.ID] = c.Fields
	}
	added := map[string]bool{}
	for _, r := range d.Added {
		added[r.ID] = true
	}
	var out []Change
	matched := map[string]bool{}
	for _, id := range head.WS.IDs() {
		h := head.Record(id)
		if h == nil {
			continue
		}
		ch := Change{ID: id, Kind: h.Kind(), Title: h.Meta().Title, Path: h.Meta().Path, Record: h.Model}
		if it, ok := h.Model.(*model.Item); ok {
			ch.Type = it.Type
		}
		if added[id] {
			ch.Added = true
			out = append(out, ch)
			continue
		}
		from := id
		if w, ok := was[id]; ok {
			from = w
		}
		b := base.Record(from)
		if b == nil {
			continue
		}
		matched[from] = true
		ch.OldID, ch.OldPath, ch.Fields = from, b.Meta().Path, fields[id]
		if len(ch.Fields) > 0 || ch.Renumbered() || ch.Moved() {
			out = append(out, ch)
		}
	}
	for _, r := range d.Removed {
		b := base.Record(r.ID)
		if b == nil || matched[r.ID] {
			continue
		}
		ch := Change{OldID: r.ID, Kind: b.Kind(), Type: r.Type, Title: r.Title, OldPath: r.Path, Removed: true}
		out = append(out, ch)
	}
	slices.SortFunc(out, func(a, b Change) int { return model.CompareIDs(a.key(), b.key()) })
	return out
}

func (c Change) key() string {
	if c.ID != "" {
		return c.ID
	}
	return c.OldID
}

// place is an item's place among the open items of the backlog, from 1;
// 0 when it is closed or not an item. It counts as [plan.Plan.Places] does.
func (st *state) place(id string) int {
	it := st.byID[id]
	if it == nil || st.cfg.IsClosed(it.Status) {
		return 0
	}
	i, _ := slices.BinarySearchFunc(st.open, it, model.CompareItems)
	for ; i < len(st.open) && model.CompareItems(st.open[i], it) == 0; i++ {
		if st.open[i] == it {
			return i + 1
		}
	}
	return 0
}

// rebuildAfter is how many items a commit may touch before the index of
// open items is sorted again rather than updated item by item.
const rebuildAfter = 256

// reindex moves the index of items over a commit: the items of base's
// files leave it, those of head's files join it. all asks for a rebuild:
// which statuses are closed may have changed.
func (st *state) reindex(base, head *plan.Plan, all bool) {
	rebuild := all || len(base.WS.Items)+len(head.WS.Items) > rebuildAfter
	for _, f := range base.WS.Files {
		for _, it := range st.items[f.Path] {
			if st.byID[it.ID] == it {
				delete(st.byID, it.ID)
			}
			if !rebuild && !st.cfg.IsClosed(it.Status) {
				st.removeOpen(it)
			}
		}
		delete(st.items, f.Path)
	}
	for _, it := range head.WS.Items {
		st.items[it.Path] = append(st.items[it.Path], it)
		st.byID[it.ID] = it
		if !rebuild && !st.cfg.IsClosed(it.Status) {
			i, _ := slices.BinarySearchFunc(st.open, it, model.CompareItems)
			st.open = slices.Insert(st.open, i, it)
		}
	}
	if !rebuild {
		return
	}
	st.open = st.open[:0]
	for _, its := range st.items {
		for _, it := range its {
			if !st.cfg.IsClosed(it.Status) {
				st.open = append(st.open, it)
			}
		}
	}
	slices.SortFunc(st.open, func(a, b *model.Item) int {
		return cmp.Or(model.CompareItems(a, b), strings.Compare(a.Path, b.Path))
	})
}

func (st *state) removeOpen(it *model.Item) {
	i, _ := slices.BinarySearchFunc(st.open, it, model.CompareItems)
	for ; i < len(st.open) && model.CompareItems(st.open[i], it) == 0; i++ {
		if st.open[i] == it {
			st.open = slices.Delete(st.open, i, i+1)
			return
		}
	}
}
