package change

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// JournalFile is the journal of an edit of several files, relative to the
// root. It exists only while such an edit writes, or after a crash
// interrupted one.
//
// An edit of several files is all-or-nothing across crashes, rolling
// forward: it first writes every new file content to a temporary file
// beside its target (synced), then the journal (synced: from here on the
// edit counts as done), then renames the temporary files over their targets
// and removes the files it removes, and deletes the journal last. A crash
// before the journal leaves the workspace as it was, plus temporary files
// the next edit deletes; a crash after it leaves a journal that the next
// roadlog command that edits finishes (see [Recover]) from the temporary
// files, so the workspace ends as the edit left it. Rolling forward needs
// nothing the temporary files do not already hold, and the edit had been
// checked. Read commands only say that a journal is there ([Pending]): they
// read the files as they are and write nothing, so that a journal committed
// with a change cannot make validate check other files than those committed.
const JournalFile = workspace.StateDir + "/journal"

// journal lists the files of an edit: each with the digest of its content
// before and after (sha256, hex; "" for no file) and, for a file written,
// the temporary file that holds its new content.
type journal struct {
	Version int            `json:"version"`
	Files   []journalEntry `json:"files"`
}

type journalEntry struct {
	Path string `json:"path"`
	Temp string `json:"temp,omitempty"` // "" when the file is removed
	Old  string `json:"old"`
	New  string `json:"new"`
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// state is the digest of a file's content as it is now, "" when there is
// no file.
func state(r *os.Root, p string) (string, error) {
	fi, err := r.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", p)
	}
	b, err := r.ReadFile(p)
	if err != nil {
		return "", err
	}
	return digest(b), nil
}

// writeJournal writes the journal, synced, folder included.
func writeJournal(r *os.Root, j *journal) error {
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	if err := workspace.MakeStateDir(r, workspace.StateDir); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(r, JournalFile, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", JournalFile, err)
	}
	return atomicfile.SyncDir(r, workspace.StateDir)
}

// apply renames each staged file over its target and removes the files to
// remove, in the journal's order (every write before any removal). It
// returns how many entries it completed.
func apply(r *os.Root, entries []journalEntry) error {
	dirs := newFolders(r)
	defer dirs.close()
	_, err := applyIn(dirs, entries)
	return err
}

// applyIn is apply with the folders of the entries opened once.
func applyIn(dirs *folders, entries []journalEntry) (int, error) {
	for i, e := range entries {
		if e.Temp != "" {
			err := dirs.rename(e.Temp, e.Path)
			if err != nil {
				return i, fmt.Errorf("write %s: %w", e.Path, err)
			}
			crashPoint("rename")
		} else {
			if err := dirs.root.Remove(e.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return i, fmt.Errorf("remove %s: %w", e.Path, err)
			}
			crashPoint("remove")
		}
	}
	return len(entries), nil
}

// finish syncs the folders of the journal's files and then deletes the
// journal: the edit is over.
func finish(r *os.Root, j *journal) error {
	dirs := map[string]bool{}
	for _, e := range j.Files {
		dirs[path.Dir(e.Path)] = true
	}
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		if err := atomicfile.SyncDir(r, d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	crashPoint("synced")
	if err := r.Remove(JournalFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", JournalFile, err)
	}
	return atomicfile.SyncDir(r, workspace.StateDir)
}

// InterruptedError is an edit that a crash interrupted and that cannot be
// finished as it is: nothing was changed, and the journal is kept.
type InterruptedError struct {
	Err error
}

func (e *InterruptedError) Error() string {
	return "an edit of several files was interrupted and cannot be finished: " + e.Err.Error()
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// Pending reports whether the workspace at root holds the journal of an
// edit of several files that a crash interrupted ([JournalFile]), which the
// next edit finishes. It only looks: read commands call it, write nothing,
// and read the files as they are.
func Pending(root string) bool {
	r, err := os.OpenRoot(root)
	if err != nil {
		return false
	}
	defer func() { _ = r.Close() }() // only read
	// Only a journal in a plain .roadlog folder is one an edit acts on.
	if fi, err := r.Lstat(workspace.StateDir); err != nil || !fi.IsDir() {
		return false
	}
	_, err = r.Lstat(JournalFile)
	return err == nil
}

// Recover finishes an edit of several files that a crash interrupted,
// under the workspace lock, and returns the paths it wrote or removed
// (nil when there was nothing to do). Without a journal it only looks for
// one, writing nothing. Commands that edit call it (through [Begin]) before
// they read the workspace; read commands call [Pending]. See [JournalFile].
func Recover(ctx context.Context, root string) ([]string, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer func() { _ = r.Close() }() // files are written by rename
	// Only a journal in a plain .roadlog folder is one roadlog wrote; the
	// lock refuses anything else, and a read must not fail on it.
	if fi, err := r.Lstat(workspace.StateDir); err != nil || !fi.IsDir() {
		return nil, nil // no state folder, no journal
	}
	if _, err := r.Lstat(JournalFile); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, &InterruptedError{err}
	}
	unlock, err := workspace.Lock(ctx, root, LockWait)
	if err != nil {
		return nil, &InterruptedError{err}
	}
	defer unlock()
	return recoverLocked(r)
}

// recoverLocked is Recover with the lock held. It changes nothing unless
// every file of the journal is either as the edit found it or as the edit
// leaves it, with the new content at hand; otherwise someone changed a file
// since, and only a person can tell which content is right.
func recoverLocked(r *os.Root) ([]string, error) {
	fi, err := r.Lstat(JournalFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &InterruptedError{err}
	}
	if !fi.Mode().IsRegular() {
		return nil, &InterruptedError{fmt.Errorf("%s is not a regular file; remove it", JournalFile)}
	}
	b, err := r.ReadFile(JournalFile)
	if err != nil {
		return nil, &InterruptedError{err}
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil || j.Version != 1 {
		return nil, &InterruptedError{fmt.Errorf("%s cannot be read; remove it, then check the files with roadlog validate and git status", JournalFile)}
	}
	var pending []journalEntry
	var conflicts []string
	for _, e := range j.Files {
		if err := e.check(r); err != nil {
			return nil, &InterruptedError{fmt.Errorf("%s: %w; remove it, then check the files with roadlog validate and git status", JournalFile, err)}
		}
		cur, err := state(r, e.Path)
		if err != nil {
			return nil, &InterruptedError{err}
		}
		if cur == e.New {
			continue // done before the crash
		}
		if cur == e.Old {
			if e.Temp == "" {
				pending = append(pending, e)
				continue
			}
			if staged, err := state(r, e.Temp); err == nil && staged == e.New {
				pending = append(pending, e)
				continue
			}
		}
		conflicts = append(conflicts, e.Path)
	}
	if len(conflicts) > 0 {
		return nil, &InterruptedError{fmt.Errorf("%s changed since; nothing was changed. Check the files %s lists (the temporary files beside them hold the new text), then remove %s",
			strings.Join(conflicts, ", "), JournalFile, JournalFile)}
	}
	if err := apply(r, pending); err != nil {
		return nil, &InterruptedError{err}
	}
	if err := finish(r, &j); err != nil {
		return nil, &InterruptedError{err}
	}
	out := make([]string, len(pending))
	for i, e := range pending {
		out[i] = e.Path
	}
	return out, nil
}

// check refuses an entry that is not one roadlog's own edits write: the
// journal is a file in the workspace, and whoever wrote it must not steer
// renames or removals anywhere else. An edit writes plan files (Markdown
// records and YAML files, roadlog.yaml when fmt lays it out), removes only
// records (a renumber moves one; roadlog.yaml never), and stages each
// beside its target; none lies in .git or .roadlog, also through a
// symlinked folder ([writable]).
func (e journalEntry) check(r *os.Root) error {
	ext := strings.ToLower(path.Ext(e.Path))
	record := ext == ".md" || ext == ".markdown"
	if !fs.ValidPath(e.Path) || e.Path == "." || workspace.InStateOrGit(e.Path) || !record && ext != ".yaml" && ext != ".yml" {
		return fmt.Errorf("%q is not a path roadlog edits", e.Path)
	}
	if e.Temp != "" {
		if target, ok := atomicfile.TempTarget(path.Base(e.Temp)); !ok || target != path.Base(e.Path) || path.Dir(e.Temp) != path.Dir(e.Path) {
			return fmt.Errorf("%q is not a temporary file for %s", e.Temp, e.Path)
		}
	}
	if e.Temp == "" && e.New != "" || e.Old == e.New {
		return fmt.Errorf("the entry for %s is not consistent", e.Path)
	}
	if e.Temp == "" && !record {
		return fmt.Errorf("%q is not a file roadlog removes", e.Path)
	}
	if err := writable(r, e.Path); err != nil {
		return err
	}
	return nil
}
