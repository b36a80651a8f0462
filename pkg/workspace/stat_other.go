//go:build !linux

package workspace

import (
	"io/fs"
	"os"
)

// sysStat gives nothing beyond fs.FileInfo here: change time, inode and
// device are read on Linux only.
func sysStat(fs.FileInfo) (fileStat, bool) { return fileStat{}, false }

// statter reads the stat data of files inside a root.
type statter struct{ root *os.Root }

func newStatter(root *os.Root) *statter { return &statter{root: root} }

// stat returns the stat data of the regular file at p (a symlink inside the
// root followed), or false when it is not one or cannot be read.
func (s *statter) stat(p string) (fileStat, bool) {
	fi, err := s.root.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return fileStat{}, false
	}
	return statOf(fi), true
}

func (s *statter) close() {}

// open returns nil: files are read through the root (see the Linux one).
func (s *statter) open(string) fs.File { return nil }

// exactSize reports false: files are read to their end.
func exactSize(fs.File) bool { return false }

// statDir returns the stat data of the folder at p, not following a
// symlink, or false when it is not a folder.
func (s *statter) statDir(p string) (fileStat, bool) {
	fi, err := s.root.Lstat(p)
	if err != nil || !fi.IsDir() {
		return fileStat{}, false
	}
	return statOf(fi), true
}
