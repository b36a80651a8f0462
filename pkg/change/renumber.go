package change

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
)

// RenumberTarget returns the record `renumber old newID` changes: the
// one with the ID old (the first in file order when several have it, as after
// a merge). It refuses a new ID that is not valid or is taken.
func RenumberTarget(ws *workspace.Workspace, old, newID string) (*workspace.Record, error) {
	if err := model.CheckID(newID); err != nil {
		return nil, &InputError{err}
	}
	recs := ws.Lookup(old)
	if len(recs) == 0 {
		_, err := Find(ws, old)
		return nil, err
	}
	if t := ws.Find(newID); t != nil {
		return nil, inputErrorf("%s is taken by %s %q", newID, t.Kind().Label(), t.Meta().Title)
	}
	return recs[0], nil
}

// CheckReferencesReadable refuses a renumber while a file of the workspace
// does not parse or cannot be read: a reference to the old ID in it could
// not be found, and would name nothing after the renumber. The
// [ConflictError] names the files; --force goes ahead.
func CheckReferencesReadable(ws *workspace.Workspace) error {
	var bad []string
	for _, d := range ws.Diagnostics {
		if d.Rule == "parse" && !slices.Contains(bad, d.Path) {
			bad = append(bad, d.Path)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	return conflictf("cannot see the references in %s: it does not parse or cannot be read, and a reference there would name nothing afterwards; fix it first (roadlog validate shows where), or use --force and fix its references by hand",
		strings.Join(bad, ", "))
}

// Renumbered is what [Session.Renumber] changed.
type Renumbered struct {
	Refs    int    // references rewritten
	Files   int    // files whose YAML changed
	OldPath string // the record's file
	NewPath string // its file after the move, for one-file records; "" otherwise
	// Mentions lists the files whose Markdown text still mentions the old
	// ID: text is not rewritten.
	Mentions []string
}

// Renumber stages giving target the ID newID: its id, every reference field
// in the workspace that names it (see [model.References]) and, for a
// record kept in a file of its own, the file's name. When several records
// have target's ID, only target changes: which of them a reference means
// is a guess.
func (s *Session) Renumber(target *workspace.Record, newID string) (*Renumbered, error) {
	ws := s.WS
	old := target.ID()
	byFile := map[*workspace.File][][]string{} // file → pointers to set, grouped so that each file is parsed once
	byFile[target.File] = append(byFile[target.File], append(slices.Clone(target.Pointer), "id"))
	res := &Renumbered{OldPath: target.File.Path}
	if len(ws.Lookup(old)) == 1 {
		for _, r := range ws.Records {
			for _, ref := range model.References(r.Kind()) {
				switch v := r.Meta().Fields[ref.Field].(type) {
				case string:
					if v == old {
						byFile[r.File] = append(byFile[r.File], append(slices.Clone(r.Pointer), ref.Field))
						res.Refs++
					}
				case []any:
					for i, e := range v {
						if e == old {
							byFile[r.File] = append(byFile[r.File], append(slices.Clone(r.Pointer), ref.Field, strconv.Itoa(i)))
							res.Refs++
						}
					}
				}
			}
		}
	}
	files := make([]*workspace.File, 0, len(byFile))
	for file := range byFile {
		files = append(files, file)
	}
	slices.SortFunc(files, func(a, b *workspace.File) int { return strings.Compare(a.Path, b.Path) })
	for _, file := range files {
		pointers := byFile[file]
		err := s.editYAML(file, func(d *yamledit.Doc) error {
			for _, p := range pointers {
				if err := d.Set(p, newID); err != nil {
					return fmt.Errorf("%s: %w", strings.Join(p, "."), err)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	res.Files = len(files)

	if target.Kind().Info().OwnFile {
		base := path.Base(res.OldPath)
		rest, ok := strings.CutPrefix(base, old)
		if !ok {
			rest = "-" + strings.TrimPrefix(base, "-")
		}
		res.NewPath = path.Join(path.Dir(res.OldPath), newID+rest)
		if _, exists := s.Content(res.NewPath); exists {
			return nil, inputErrorf("%s exists already", res.NewPath)
		}
		content, _ := s.Content(res.OldPath)
		s.Write(res.NewPath, content)
		s.Remove(res.OldPath)
	}

	mentions := model.NewIDSet([]string{old})
	for _, file := range ws.Files {
		if file.Body != "" && mentionsExactly(mentions, file.Body, old) {
			p := file.Path
			if p == res.OldPath && res.NewPath != "" {
				p = res.NewPath
			}
			res.Mentions = append(res.Mentions, p)
		}
	}
	return res, nil
}

// mentionsExactly reports whether text mentions id, as written, by the one
// rule of [model.IDSet.Find].
func mentionsExactly(set *model.IDSet, text, id string) bool {
	for _, m := range set.Find(text) {
		if text[m.Start:m.End] == id {
			return true
		}
	}
	return false
}
