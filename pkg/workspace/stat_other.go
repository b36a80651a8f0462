//go:build !linux

package workspace

import (
	"io/fs"
	"os"
)

// statOf keeps what Stat says about a file that a write changes: size,
// modification time and mode (inode and change time are read on Linux).
func statOf(fi fs.FileInfo) fileStat {
	return fileStat{size: fi.Size(), mtime: fi.ModTime().UnixNano(), mode: uint32(fi.Mode())}
}

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
