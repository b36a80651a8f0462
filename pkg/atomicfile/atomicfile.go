// Package atomicfile writes files so that a reader, or a crash, never sees
// half of one: the bytes go to a temporary file beside the target, are
// synced, and the temporary file is renamed over the target. Every write
// goes through an os.Root, so no path or symlink leads outside it.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"
)

// tempInfix marks roadlog's temporary files: ".NAME.roadlog-RANDOM.tmp".
const tempInfix = ".roadlog-"

// TempPattern is the glob, as .gitignore reads it, that matches the names
// [IsTemp] accepts.
const TempPattern = ".*" + tempInfix + "*.tmp"

// IsTemp reports whether a file name (without its folder) is one of the
// temporary files WriteFile makes; one left behind by a killed process is
// safe to delete.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp") && strings.Contains(name, tempInfix)
}

// TempTarget returns the name of the file a temporary file (named without
// its folder) was made for: ".roadmap.yaml.roadlog-0a1b2c3d4e5f.tmp" →
// "roadmap.yaml". ok is false for a name [IsTemp] does not accept.
func TempTarget(name string) (target string, ok bool) {
	if !IsTemp(name) {
		return "", false
	}
	i := strings.LastIndex(name, tempInfix)
	if i <= 1 {
		return "", false
	}
	return name[1:i], true
}

// WriteFile replaces name inside root with data atomically. An existing
// file keeps its permissions; a new one gets perm less the umask, as
// os.WriteFile gives it. Missing parent folders
// are created. A symlink at name is replaced, not followed.
func WriteFile(root *os.Root, name string, data []byte, perm fs.FileMode) error {
	return replace(root, name, data, perm, true)
}

// WriteOutput is [WriteFile] without the sync to disk, for output that can
// be written again (the pages of the report): a reader still never sees half
// a file, but after a power cut a page may be empty. Syncing each of tens of
// thousands of pages would take most of a report's time.
func WriteOutput(root *os.Root, name string, data []byte, perm fs.FileMode) error {
	return replace(root, name, data, perm, false)
}

// WriteOutputFrom is [WriteOutput] of what write writes, for output too
// large to be made in memory first (the workspace's index). When write
// fails, name is left as it was.
func WriteOutputFrom(root *os.Root, name string, perm fs.FileMode, write func(io.Writer) error) error {
	tmp, err := stageFrom(root, name, perm, false, write)
	if err != nil {
		return err
	}
	return rename(root, tmp, name)
}

func replace(root *os.Root, name string, data []byte, perm fs.FileMode, sync bool) error {
	tmp, err := stage(root, name, data, perm, sync)
	if err != nil {
		return err
	}
	return rename(root, tmp, name)
}

// rename renames a staged file over name, or removes it when it cannot.
func rename(root *os.Root, tmp, name string) error {
	if err := root.Rename(tmp, name); err != nil {
		_ = root.Remove(tmp)
		return err
	}
	return nil
}

// Stage is the first half of [WriteFile]: it writes data, synced, to a new
// temporary file beside name and returns the temporary file's name. The
// caller renames it over name (root.Rename) or removes it. Edits of several
// files stage them all before renaming any, so that a journal can name
// every one.
func Stage(root *os.Root, name string, data []byte, perm fs.FileMode) (string, error) {
	return stage(root, name, data, perm, true)
}

// StageUnsynced is [Stage] without the sync: for an edit of many files,
// which syncs them all at once with [SyncFiles] before it relies on them.
// Staging from the folder's own root (root.OpenRoot) is faster: every
// operation of an os.Root walks each step of its path.
func StageUnsynced(root *os.Root, name string, data []byte, perm fs.FileMode) (string, error) {
	return stage(root, name, data, perm, false)
}

// randRead draws the random part of a temporary file's name; tests
// replace it to make names collide.
var randRead = rand.Read

// maxTries is how many names stage draws before it gives up on a folder
// where every one is taken.
const maxTries = 10

func stage(root *os.Root, name string, data []byte, perm fs.FileMode, sync bool) (string, error) {
	return stageFrom(root, name, perm, sync, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// stageFrom writes what write writes to a new temporary file beside name,
// synced when sync, and returns the temporary file's name.
func stageFrom(root *os.Root, name string, perm fs.FileMode, sync bool, write func(io.Writer) error) (string, error) {
	keep := false // an existing file's mode, which the umask must not narrow
	if fi, err := root.Stat(name); err == nil {
		perm, keep = fi.Mode().Perm(), true
	}
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
	}
	var (
		tmp string
		f   *os.File
		err error
	)
	for range maxTries {
		var rnd [6]byte
		_, _ = randRead(rnd[:])
		tmp = path.Join(path.Dir(name), "."+path.Base(name)+tempInfix+hex.EncodeToString(rnd[:])+".tmp")
		// O_EXCL: never follows a symlink, never reuses a file; a name
		// taken (by anything, a symlink planted there included) is
		// drawn again.
		f, err = root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return "", err
	}
	werr := write(f)
	if werr == nil && keep {
		werr = f.Chmod(perm) // the umask may have narrowed it
	}
	if werr == nil && sync {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = root.Remove(tmp)
		return "", werr
	}
	return tmp, nil
}

// SyncDir flushes a folder's entries (files created, renamed or removed in
// it) to disk, so that they survive a power cut as the files' bytes do.
// Systems that cannot sync a folder (Windows) are not an error.
func SyncDir(root *os.Root, dir string) error {
	d, err := root.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, errors.ErrUnsupported) || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EINVAL) {
		return nil
	}
	return err
}
