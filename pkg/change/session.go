// Package change is roadlog's one way to change a workspace: the edits
// commands ask for (set fields, create a record with the next free ID,
// rank an item, renumber an ID and rewrite every reference to it) and the
// session that makes them safely: under its lock, on a fresh load,
// with every change checked by validating the workspace as it would be
// (refused, with nothing written, when it brings new errors), and written
// atomically — a temporary file renamed over the original, inside os.Root;
// an edit of several files is all-or-nothing even across a crash (see
// [JournalFile]).
package change

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/diff"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlfmt"
	"github.com/roadlog/roadlog/schema"
)

// LockWait is how long a command waits for another one's lock.
const LockWait = 10 * time.Second

// Session is one edit of a workspace.
type Session struct {
	Root string
	WS   *workspace.Workspace
	Now  time.Time
	// Recovered lists the files that Begin wrote or removed to finish an
	// edit a crash had interrupted (see [JournalFile]).
	Recovered []string
	// Cleaned lists the temporary files of interrupted writes that Begin
	// deleted.
	Cleaned []string

	unlock  func()
	before  diag.List // the findings of WS as loaded, when known ([Session.Checked])
	known   bool
	after   *workspace.Workspace         // the workspace as the changes leave it, once checked
	afterF  diag.List                    // its findings
	written bool                         // the changes are on disk
	changes map[string][]byte            // path → new content; nil removes the file
	loaded  map[string][]byte            // path → content as loaded, built when first asked
	fields  map[model.Kind]*schema.Field // the fields of each kind, read when first asked
}

// Begin locks the workspace at root, finishes an edit that a crash
// interrupted, deletes temporary files such a crash left, and loads the
// workspace through its index.
func Begin(ctx context.Context, root string, now time.Time) (*Session, error) {
	return BeginWith(ctx, root, now, workspace.OpenOptions{})
}

// BeginWith is [Begin] with the options of loading the workspace.
func BeginWith(ctx context.Context, root string, now time.Time, open workspace.OpenOptions) (*Session, error) {
	unlock, err := workspace.Lock(ctx, root, LockWait)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		unlock()
		return nil, err
	}
	defer func() { _ = r.Close() }() // files are written by rename
	recovered, err := recoverLocked(r)
	if err != nil {
		unlock()
		return nil, err
	}
	ws, err := workspace.OpenWith(ctx, root, open)
	if err != nil {
		unlock()
		return nil, err
	}
	return &Session{
		Root: root, WS: ws, Now: now, Recovered: recovered, Cleaned: removeTemps(r, ws),
		unlock: unlock, changes: map[string][]byte{},
	}, nil
}

// Close keeps what loading and checking found in the workspace's index
// (see [workspace.CacheFile]) and releases the lock.
func (s *Session) Close() {
	if s.unlock != nil {
		if s.written && s.after != nil {
			s.after.KeepFindings(validate.Options{Now: s.Now}.Day(), s.afterF)
			s.after.SaveCacheAfterEdit(s.WS, s.Changed())
		} else {
			s.WS.SaveCache()
		}
		s.unlock()
		s.unlock = nil
	}
}

// Written returns the workspace as the session's committed changes left
// it, with its findings (those of validate): a caller that keeps a
// workspace in memory (roadlog serve) takes it rather than reading the
// files again. Close records in it the stat data of the files written, as
// the index keeps them: take it after Close to compare it with the disk.
// It returns nil when nothing was written, or the commit was forced past
// the check, which builds none.
func (s *Session) Written() (*workspace.Workspace, diag.List) {
	if !s.written || s.after == nil {
		return nil, nil
	}
	return s.after, s.afterF
}

// Checked tells the session what validate found in a workspace the
// caller keeps (roadlog serve keeps the one it last read, and opens the
// session from it, [workspace.OpenOptions.Prev]) at now. When the session
// loaded that same workspace, on the same day, Commit takes the findings
// rather than validating it again.
func (s *Session) Checked(ws *workspace.Workspace, findings diag.List, now time.Time) {
	if ws != nil && s.WS.Same(ws) && (validate.Options{Now: now}).Day() == (validate.Options{Now: s.Now}).Day() {
		s.before, s.known = findings, true
	}
}

// Content returns a file's bytes as this session would leave them.
func (s *Session) Content(p string) ([]byte, bool) {
	if c, ok := s.changes[p]; ok {
		return c, c != nil
	}
	return s.original(p)
}

// Original returns a file's bytes as loaded, before this session's changes.
func (s *Session) Original(p string) ([]byte, bool) { return s.original(p) }

// Write stages new content for a file, new or not.
func (s *Session) Write(p string, content []byte) { s.changes[p] = content }

// Remove stages the removal of a file.
func (s *Session) Remove(p string) { s.changes[p] = nil }

// Changed lists the files the session would change, sorted.
func (s *Session) Changed() []string { return slices.Sorted(maps.Keys(s.changes)) }

// editYAML applies fn to the YAML of a file (its front matter, or all of
// it) and stages the result; the Markdown body and everything fn does not
// touch stay byte for byte.
func (s *Session) editYAML(f *workspace.File, fn func(*yamledit.Doc) error) error {
	raw, ok := s.Content(f.Path)
	if !ok {
		return &FileError{Path: f.Path, Err: errors.New("no longer exists")}
	}
	if !f.Parsed {
		return &FileError{Path: f.Path, Err: errors.New("does not parse; fix it first (roadlog validate shows where)")}
	}
	// The staged content may differ from what was loaded: parse it again to
	// find the YAML's place.
	cur, diags := workspace.Parse(f.Path, f.Kind, raw)
	if !cur.Parsed || len(diags) > 0 {
		return &FileError{Path: f.Path, Err: errors.New("does not parse; fix it first (roadlog validate shows where)")}
	}
	doc, err := yamledit.Parse(cur.YAML())
	if err != nil {
		// The position in the file, front matter included.
		if ne, ok := errors.AsType[*yamledit.NodeError](err); ok {
			return &FileError{Path: f.Path, Pos: cur.Pos(ne.Node), Err: errors.New(ne.Msg)}
		}
		return &FileError{Path: f.Path, Err: err}
	}
	doc.SetLayout(yamlfmt.Layout(f.Kind)) // new keys where roadlog fmt puts them
	if err := fn(doc); err != nil {
		return &FileError{Path: f.Path, Err: err}
	}
	out := make([]byte, 0, len(raw)+64)
	out = append(out, raw[:cur.YAMLOffset]...)
	out = append(out, doc.Bytes()...)
	out = append(out, raw[cur.YAMLEnd:]...)
	if !bytes.Equal(out, raw) {
		s.Write(f.Path, out)
	}
	return nil
}

// Commit validates the workspace as the changes would leave it and writes
// them. Errors already there before do not block it; new ones do, unless
// force. Nothing is written when it fails before writing.
func (s *Session) Commit(ctx context.Context, force bool) error {
	if len(s.changes) == 0 {
		return nil
	}
	if !force {
		if err := s.check(ctx); err != nil {
			return err
		}
	}
	if err := s.write(); err != nil {
		return err
	}
	s.written = true
	return nil
}

// key identifies a finding without its position, which an edit shifts.
func key(d diag.Diagnostic) string { return d.Path + "\x00" + d.Rule + "\x00" + d.Message }

func (s *Session) check(ctx context.Context) error {
	opts := validate.Options{Now: s.Now}
	// The workspace as it is is checked on one core while it is loaded and
	// checked as the changes leave it on the other: the two share files,
	// whose cached parts are safe for concurrent use.
	before := s.before
	beforeErr := make(chan error, 1)
	if s.known {
		beforeErr <- nil
	} else {
		go func() {
			var err error
			before, err = validate.Checked(ctx, s.WS, opts)
			beforeErr <- err
		}()
	}
	after, afterList, err := s.checkAfter(ctx, opts)
	if err := <-beforeErr; err != nil {
		return err
	}
	if err != nil {
		return err
	}
	s.after, s.afterF = after, afterList
	had := map[string]int{}
	for _, d := range before {
		if d.Severity == diag.Error {
			had[key(d)]++
		}
	}
	var fresh diag.List
	for _, d := range afterList {
		if d.Severity != diag.Error {
			continue
		}
		if had[key(d)] > 0 {
			had[key(d)]--
			continue
		}
		fresh = append(fresh, d)
	}
	if len(fresh) == 0 {
		return nil
	}
	// A finding that only moved with its record (archive moves a file,
	// renumber renames one and its references) is not new: match records
	// after renames, as validate --since does ([diff.NewFindings]). Only
	// here, where a refusal is likely, is it worth building both plans.
	var moved diag.List
	for _, d := range diff.NewFindings(
		diff.Side{Plan: plan.New(s.WS, s.Now), Findings: before},
		diff.Side{Plan: plan.New(after, s.Now), Findings: afterList},
	) {
		if d.Severity == diag.Error {
			moved = append(moved, d)
		}
	}
	if len(moved) > 0 {
		return &RefusedError{Findings: moved}
	}
	return nil
}

// checkAfter loads the workspace as the changes leave it and validates
// it. Files the edit leaves alone are taken as loaded, with their
// findings: only the changed ones are parsed and checked again.
func (s *Session) checkAfter(ctx context.Context, opts validate.Options) (*workspace.Workspace, diag.List, error) {
	root, err := os.OpenRoot(s.Root)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = root.Close() }() // read only
	changed := make(map[string]bool, len(s.changes))
	for p, c := range s.changes {
		changed[p] = c != nil
	}
	after, err := workspace.LoadWith(ctx, &overlay{base: root.FS(), files: s.changes}, workspace.Options{
		Reuse: func(p string, _ workspace.FileKind) *workspace.File {
			if _, changed := s.changes[p]; changed {
				return nil
			}
			return s.WS.File(p)
		},
		Like: s.WS, Changed: changed,
	})
	if err != nil {
		return nil, nil, err
	}
	list, err := validate.Run(ctx, after, opts)
	if err != nil {
		return nil, nil, err
	}
	return after, list, nil
}

// write writes every change. One file is written atomically (a temporary
// file renamed over it); several are written all-or-nothing, through the
// journal described at [JournalFile]. When a write fails, what was already
// written is put back as it was.
func (s *Session) write() error {
	root, err := os.OpenRoot(s.Root)
	if err != nil {
		return err
	}
	defer func() { _ = root.Close() }() // files are written by rename
	var writes, removals []journalEntry
	content := map[string][]byte{}
	resolved := map[string]string{} // folder → where its symlinks lead
	for _, p := range s.Changed() {
		c := s.changes[p]
		old, had := s.original(p)
		if had && c != nil && bytes.Equal(old, c) || !had && c == nil {
			continue // unchanged: not written
		}
		if err := writableIn(root, p, resolved); err != nil {
			return err
		}
		e := journalEntry{Path: p}
		if had {
			e.Old = digest(old)
		}
		if c != nil {
			e.New = digest(c)
			content[p] = c
			writes = append(writes, e)
		} else {
			removals = append(removals, e)
		}
	}
	switch {
	case len(writes)+len(removals) == 0:
		return nil
	case len(writes) == 1 && len(removals) == 0:
		p := writes[0].Path
		if err := atomicfile.WriteFile(root, p, content[p], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
		return nil
	case len(writes) == 0 && len(removals) == 1:
		p := removals[0].Path
		if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", p, err)
		}
		return nil
	}

	return s.writeAll(root, writes, removals, content)
}

// writeAll writes several files all-or-nothing: every new content is
// staged beside its file, the journal names them all, then they are
// renamed into place (see [JournalFile]).
func (s *Session) writeAll(root *os.Root, writes, removals []journalEntry, content map[string][]byte) error {
	// Stage every new content, then sync it all at once; nothing has
	// changed yet.
	dirs := newFolders(root)
	defer dirs.close()
	unstage := func() {
		for _, e := range writes {
			if e.Temp != "" {
				_ = root.Remove(e.Temp)
			}
		}
	}
	staged := map[*os.Root][]string{}
	for i, e := range writes {
		r, name, err := dirs.of(e.Path)
		if err == nil {
			var tmp string
			tmp, err = atomicfile.StageUnsynced(r, name, content[e.Path], 0o644)
			writes[i].Temp = path.Join(path.Dir(e.Path), tmp)
			staged[r] = append(staged[r], tmp)
		}
		if err != nil {
			writes[i].Temp = ""
			unstage()
			if pe, ok := errors.AsType[*fs.PathError](err); ok {
				err = pe.Err // the temporary file's name says nothing to the user
			}
			return fmt.Errorf("write %s: %w", e.Path, err)
		}
		crashPoint("stage")
	}
	for _, r := range slices.SortedFunc(maps.Keys(staged), func(a, b *os.Root) int { return strings.Compare(a.Name(), b.Name()) }) {
		if err := atomicfile.SyncFiles(r, staged[r]); err != nil {
			unstage()
			return fmt.Errorf("sync %s: %w", r.Name(), err)
		}
		if err := atomicfile.SyncDir(r, "."); err != nil {
			unstage()
			return fmt.Errorf("sync %s: %w", r.Name(), err)
		}
	}
	j := &journal{Version: 1, Files: append(writes, removals...)}
	if err := writeJournal(root, j); err != nil {
		unstage()
		return err
	}
	crashPoint("journal")
	if n, err := applyIn(dirs, j.Files); err != nil {
		if uerr := s.undo(root, j.Files[:n]); uerr != nil {
			return fmt.Errorf("%w; putting back what was written failed too (%w); %s lists the files of the edit, and the next roadlog command says what to do", err, uerr, JournalFile)
		}
		unstage()
		_ = root.Remove(JournalFile)
		return err
	}
	return finish(root, j)
}

// undo puts the files of the applied journal entries back as they were.
func (s *Session) undo(root *os.Root, applied []journalEntry) error {
	var errs []error
	for _, e := range slices.Backward(applied) {
		if old, ok := s.original(e.Path); ok {
			errs = append(errs, atomicfile.WriteFile(root, e.Path, old, 0o644))
		} else if err := root.Remove(e.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// original returns a file's bytes as loaded, before this session.
func (s *Session) original(p string) ([]byte, bool) {
	if s.loaded == nil {
		s.loaded = make(map[string][]byte, len(s.WS.Files))
		for _, f := range s.WS.Files {
			s.loaded[f.Path] = f.Raw
		}
	}
	raw, ok := s.loaded[p]
	return raw, ok
}
