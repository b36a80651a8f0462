//go:build !linux

package workspace

import (
	"crypto/sha256"
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

// statDir returns the stat data of the folder at p, not following a
// symlink, or false when it is not a folder.
func (s *statter) statDir(p string) (fileStat, bool) {
	fi, err := s.root.Lstat(p)
	if err != nil || !fi.IsDir() {
		return fileStat{}, false
	}
	return statOf(fi), true
}

// dirNames returns the hash of the names in the folder at p.
func (s *statter) dirNames(p string) ([sha256.Size]byte, bool) {
	d, err := s.root.Open(p)
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	defer func() { _ = d.Close() }() // read only
	names, err := d.Readdirnames(-1)
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	return namesHash(names), true
}
