// Package retire takes records out of the plan, on a [change.Session]:
// archiving closed backlog items (their files move into the archive
// folder, where they are still loaded, so references to them resolve),
// bringing them back, and removing records — an item's, insight's or
// decision's file, or an entry of a list file — refused while anything
// refers to them unless those references go too.
package retire

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
)

// Moved is an item whose file an archive or unarchive moves.
type Moved struct {
	ID       string
	From, To string
}

// Archive stages moving the files of the items with the IDs into the
// archive folder. Every ID must name a closed backlog item; one that does
// not refuses them all. Items archived already are skipped.
func Archive(s *change.Session, p *plan.Plan, ids []string) ([]Moved, error) {
	return move(s, p, ids, true)
}

// Unarchive stages moving archived items back into the backlog folder.
// Items not archived are skipped.
func Unarchive(s *change.Session, p *plan.Plan, ids []string) ([]Moved, error) {
	return move(s, p, ids, false)
}

func move(s *change.Session, p *plan.Plan, ids []string, archive bool) ([]Moved, error) {
	cfg := s.WS.Config
	var out []Moved
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		r, err := change.Find(s.WS, id)
		if err != nil {
			return nil, err
		}
		it, ok := r.Model.(*model.Item)
		if !ok {
			return nil, &change.InputError{Err: fmt.Errorf("%s is %s %s; only backlog items are archived (roadlog rm deletes a record)",
				id, r.Kind().Article(), r.Kind().Label())}
		}
		if archive == p.Archived(it) {
			continue
		}
		if archive && !p.Closed(it) {
			status := it.Status
			if status == "" {
				status = "(no status)"
			}
			return nil, &change.ConflictError{Err: fmt.Errorf("%s is %s, which is not closed (%s); only closed items are archived: close it first (roadlog move %s %s)",
				id, status, strings.Join(cfg.Workflow.Closed, ", "), id, firstOr(cfg.Workflow.Closed, "done"))}
		}
		dir := cfg.ArchiveDir()
		if !archive {
			dir = path.Clean(cfg.Paths.Backlog)
		}
		to := path.Join(dir, path.Base(r.File.Path))
		if _, exists := s.Content(to); exists {
			return nil, &change.ConflictError{Err: fmt.Errorf("%s exists already; rename it or %s first", to, r.File.Path)}
		}
		content, _ := s.Content(r.File.Path)
		s.Write(to, content)
		s.Remove(r.File.Path)
		out = append(out, Moved{ID: id, From: r.File.Path, To: to})
	}
	return out, nil
}

func firstOr(list []string, def string) string {
	if len(list) > 0 {
		return list[0]
	}
	return def
}

// Referrer is a reference to a removed record from a record that stays.
type Referrer struct {
	Ref    plan.Ref
	ID     string // the removed record it names
	Path   string // the file of the reference
	Line   int
	Col    int
	Scalar bool // the field holds one ID: dropping it removes the key
}

func (r Referrer) String() string {
	from := r.Ref.From.ID()
	if from == "" {
		from = "(no id)"
	}
	return fmt.Sprintf("%s:%d:%d: %s %s %s", r.Path, r.Line, r.Col, from, r.Ref.Field, r.ID)
}

// Removed is what [Remove] stages.
type Removed struct {
	Records   []*workspace.Record // in the order asked, nested records not listed
	Referrers []Referrer          // sorted by file and position
}

// ReferencedError is a removal refused because records that stay refer to
// those removed.
type ReferencedError struct {
	Referrers []Referrer
}

func (e *ReferencedError) Error() string {
	ids := map[string]bool{}
	for _, r := range e.Referrers {
		ids[r.ID] = true
	}
	names := slices.Collect(maps.Keys(ids))
	slices.SortFunc(names, model.CompareIDs)
	return fmt.Sprintf("%s still referred to (%d reference(s)); change those first, or give --drop-refs to remove the references too",
		strings.Join(names, ", "), len(e.Referrers))
}

// Remove stages removing the records with the IDs: the file of a record
// kept in one, else its entry (with the records nested in it, such as an
// objective's key results) in its list file. References to them from
// records that stay refuse the removal with a [*ReferencedError], unless
// dropRefs, which removes them too: an ID leaves a list, a field naming one
// record goes.
func Remove(s *change.Session, p *plan.Plan, ids []string, dropRefs bool) (*Removed, error) {
	recs, gone, err := selectRecords(s.WS, ids)
	if err != nil {
		return nil, err
	}
	res := &Removed{Records: recs, Referrers: referrersOf(s.WS, p, gone)}
	if len(res.Referrers) > 0 && !dropRefs {
		return nil, &ReferencedError{Referrers: res.Referrers}
	}
	// References first: they change no list indexes.
	for _, rf := range res.Referrers {
		if err := dropReference(s, rf); err != nil {
			return nil, err
		}
	}
	return res, removeRecords(s, res.Records)
}

// selectRecords returns the records with the IDs, each once and none
// nested in another of them, and every record that goes with them: those
// and the records nested in them.
func selectRecords(ws *workspace.Workspace, ids []string) ([]*workspace.Record, map[*workspace.Record]bool, error) {
	var recs []*workspace.Record
	gone := map[*workspace.Record]bool{}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		r, err := change.Find(ws, id)
		if err != nil {
			return nil, nil, err
		}
		if gone[r] {
			continue // nested in one removed already
		}
		recs = append(recs, r)
		gone[r] = true
		for _, o := range ws.Records { // records nested in it
			if nestedIn(o, r) {
				gone[o] = true
			}
		}
	}
	// A record nested in one asked for later is not removed twice.
	recs = slices.DeleteFunc(recs, func(r *workspace.Record) bool {
		return slices.ContainsFunc(recs, func(o *workspace.Record) bool { return nestedIn(r, o) })
	})
	return recs, gone, nil
}

// nestedIn reports whether the record inner is an entry nested in the
// entry outer of the same list file.
func nestedIn(inner, outer *workspace.Record) bool {
	return inner.File == outer.File && len(outer.Pointer) > 0 && len(inner.Pointer) > len(outer.Pointer) &&
		slices.Equal(inner.Pointer[:len(outer.Pointer)], outer.Pointer)
}

// referrersOf returns the references to the records in gone from records
// that stay, in the order of their places in the files. IDs that several
// records share are skipped.
func referrersOf(ws *workspace.Workspace, p *plan.Plan, gone map[*workspace.Record]bool) []Referrer {
	var out []Referrer
	for r := range gone {
		id := r.ID()
		if id == "" || len(ws.Lookup(id)) > 1 {
			continue
		}
		for _, ref := range p.ReferencedBy(id) {
			if gone[ref.From] {
				continue
			}
			out = append(out, referrer(ref, id))
		}
	}
	slices.SortFunc(out, compareReferrers)
	return out
}

// compareReferrers orders references by file, line and column.
func compareReferrers(a, b Referrer) int {
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return a.Col - b.Col
}

// dropReference stages removing the reference rf: the ID leaves its list,
// or a field naming one record goes.
func dropReference(s *change.Session, rf Referrer) error {
	ptr := append(slices.Clone(rf.Ref.From.Pointer), rf.Ref.Field)
	return s.EditYAML(rf.Ref.From.File, func(d *yamledit.Doc) error {
		if rf.Scalar {
			return d.Delete(ptr)
		}
		_, err := d.Remove(ptr, rf.ID)
		return err
	})
}

func referrer(ref plan.Ref, id string) Referrer {
	rf := Referrer{Ref: ref, ID: id, Path: ref.From.File.Path}
	pos := ref.From.ValuePos(ref.Field)
	switch v := ref.From.Meta().Fields[ref.Field].(type) {
	case string:
		rf.Scalar = true
	case []any:
		for i, e := range v {
			if e == id {
				pos = ref.From.ValuePos(ref.Field, fmt.Sprint(i))
				break
			}
		}
	}
	rf.Line, rf.Col = pos.Line, pos.Col
	return rf
}

// removeRecords stages the removals: files of their own go; entries of a
// list file go last index first, so that the pointers of the others stay
// right.
func removeRecords(s *change.Session, recs []*workspace.Record) error {
	byFile := map[*workspace.File][]*workspace.Record{}
	var files []*workspace.File
	for _, r := range recs {
		if len(r.Pointer) == 0 {
			s.Remove(r.File.Path)
			continue
		}
		if byFile[r.File] == nil {
			files = append(files, r.File)
		}
		byFile[r.File] = append(byFile[r.File], r)
	}
	slices.SortFunc(files, func(a, b *workspace.File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range files {
		list := byFile[f]
		slices.SortFunc(list, func(a, b *workspace.Record) int { return -comparePointers(a.Pointer, b.Pointer) })
		err := s.EditYAML(f, func(d *yamledit.Doc) error {
			for _, r := range list {
				if err := d.DeleteEntry(r.Pointer); err != nil {
					return fmt.Errorf("remove %s: %w", r.ID(), err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// comparePointers orders pointers as their places in the file: list
// indexes by number.
func comparePointers(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] == b[i] {
			continue
		}
		x, errX := strconv.Atoi(a[i])
		y, errY := strconv.Atoi(b[i])
		if errX == nil && errY == nil {
			return x - y
		}
		return strings.Compare(a[i], b[i])
	}
	return len(a) - len(b)
}
