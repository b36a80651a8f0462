package workspace

import (
	"crypto/sha256"
	"io/fs"
)

// statOf keeps what Stat says about a file that a write changes: size,
// modification time and mode, and where the system gives them (Linux)
// change time, inode and device.
func statOf(fi fs.FileInfo) fileStat {
	if st, ok := sysStat(fi); ok {
		return st
	}
	return fileStat{size: fi.Size(), mtime: fi.ModTime().UnixNano(), mode: uint32(fi.Mode())}
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
