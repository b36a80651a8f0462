package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/atomicfile"
)

// StateDir is the folder, relative to the root, where roadlog keeps what is
// not part of the plan: the edit lock, the journal of an edit of several
// files, backups of `roadlog edit` and the schemas for editors.
const StateDir = ".roadlog"

// LockFile is the file, relative to the root, that editing commands lock so
// that two of them never interleave.
const LockFile = StateDir + "/lock"

// GitIgnore is .roadlog/.gitignore: the lock, the journal, the backups and
// temporary files are not part of the plan; the schemas are.
const GitIgnore = "lock\njournal\nbackup/\n" + atomicfile.TempPattern + "\n"

// ErrLocked is returned when another command holds the lock for longer
// than Lock waits.
var ErrLocked = errors.New("another roadlog command is editing this workspace")

// StateDirError is a folder of [StateDir] that roadlog will not write into:
// a symlink (which could lead roadlog to write elsewhere) or not a folder.
type StateDirError struct {
	Path string // slash-separated, relative to the root
	What string // "a symlink" or "not a folder"
}

func (e *StateDirError) Error() string {
	return fmt.Sprintf("%s is %s; roadlog keeps its lock, journal and backups in a plain folder there: remove %s and run the command again", e.Path, e.What, e.Path)
}

// MakeStateDir makes sure that dir (StateDir or a folder under it) is a
// plain folder inside root, creating what is missing. It refuses, rather
// than follows, a symlink at any step, so that nothing roadlog keeps for
// itself is written anywhere else.
func MakeStateDir(root *os.Root, dir string) error {
	if dir != StateDir && !strings.HasPrefix(dir, StateDir+"/") {
		return fmt.Errorf("%s is not under %s", dir, StateDir)
	}
	parts := strings.Split(dir, "/")
	for i := range parts {
		p := path.Join(parts[:i+1]...)
		fi, err := root.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			// Mkdir does not follow a symlink made meanwhile: it fails.
			if err := root.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("create %s: %w", p, err)
			}
			fi, err = root.Lstat(p)
		}
		switch {
		case err != nil:
			return fmt.Errorf("%s: %w", p, err)
		case fi.Mode()&fs.ModeSymlink != 0:
			return &StateDirError{p, "a symlink"}
		case !fi.IsDir():
			return &StateDirError{p, "not a folder"}
		}
	}
	return nil
}

// Lock takes the workspace's edit lock, waiting up to wait for another
// command to release it. The returned function releases it.
//
// The lock file is opened through os.Root and never through a symlink: a
// symlinked .roadlog or .roadlog/lock is refused with an error that says
// what to remove. .roadlog/.gitignore is written when it is missing, and
// left alone (whatever it is) when it is there.
func Lock(ctx context.Context, root string, wait time.Duration) (func(), error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer func() { _ = r.Close() }() // the lock lives on the open file, which outlives r
	if err := MakeStateDir(r, StateDir); err != nil {
		return nil, err
	}
	f, err := openLockFile(r)
	if err != nil {
		return nil, err
	}
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, err := tryLock(f)
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("lock %s: %w", LockFile, err)
		}
		if ok {
			// Git should not see the lock, the journal or the backups.
			ignore := path.Join(StateDir, ".gitignore")
			if _, err := r.Lstat(ignore); errors.Is(err, fs.ErrNotExist) {
				_ = atomicfile.WriteFile(r, ignore, []byte(GitIgnore), 0o644) // a convenience: the lock works without it
			}
			return func() {
				_ = unlock(f)
				_ = f.Close()
			}, nil
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, ctx.Err()
		case <-deadline.C:
			_ = f.Close()
			return nil, fmt.Errorf("%w (%s is locked)", ErrLocked, LockFile)
		case <-tick.C:
		}
	}
}

// openLockFile opens LockFile for writing without following a symlink: it
// is created with O_EXCL (which never follows one) or, when it exists, it
// must be a regular file and still the same file once open.
func openLockFile(r *os.Root) (*os.File, error) {
	for range 3 {
		fi, err := r.Lstat(LockFile)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			f, err := r.OpenFile(LockFile, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, fs.ErrExist) {
				continue // another command made it first
			}
			if err != nil {
				return nil, fmt.Errorf("create %s: %w", LockFile, err)
			}
			return f, nil
		case err != nil:
			return nil, fmt.Errorf("lock %s: %w", LockFile, err)
		case fi.Mode()&fs.ModeSymlink != 0:
			return nil, fmt.Errorf("%s is a symlink; roadlog does not follow it: remove it and run the command again", LockFile)
		case !fi.Mode().IsRegular():
			return nil, fmt.Errorf("%s is not a regular file: remove it and run the command again", LockFile)
		}
		f, err := r.OpenFile(LockFile, os.O_RDWR, 0)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", LockFile, err)
		}
		if ofi, err := f.Stat(); err != nil || !os.SameFile(fi, ofi) {
			_ = f.Close()
			continue // replaced between Lstat and open: look again
		}
		return f, nil
	}
	return nil, fmt.Errorf("lock %s: it keeps changing; is something else writing .roadlog?", LockFile)
}
