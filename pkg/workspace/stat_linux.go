package workspace

import (
	"io/fs"
	"os"
	"path"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// sysStat reads the system's stat data behind fi, with the change time,
// inode and device that fs.FileInfo does not give.
func sysStat(fi fs.FileInfo) (fileStat, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStat{}, false
	}
	return fileStat{
		size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano(),
		ino: st.Ino, dev: st.Dev, mode: st.Mode,
	}, true
}

// unixStat keeps the stat data of st, as sysStat does.
func unixStat(st *unix.Stat_t) fileStat {
	return fileStat{
		size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano(),
		ino: st.Ino, dev: st.Dev, mode: st.Mode,
	}
}

// statter reads the stat data of files inside a root: with fstatat on
// their folder, opened once through the root, which is a third of the
// system calls of os.Root.Stat. It is safe for concurrent use.
type statter struct {
	root *os.Root
	mu   sync.Mutex
	dirs map[string]*os.File
}

func newStatter(root *os.Root) *statter { return &statter{root: root, dirs: map[string]*os.File{}} }

// stat returns the stat data of the regular file at p (a symlink inside the
// root followed), or false when it is not one or cannot be read.
func (s *statter) stat(p string) (fileStat, bool) {
	dir, err := s.dir(path.Dir(p))
	if err != nil {
		return fileStat{}, false
	}
	var st unix.Stat_t
	if err := unix.Fstatat(int(dir.Fd()), path.Base(p), &st, unix.AT_SYMLINK_NOFOLLOW); err != nil { //nolint:gosec // a file descriptor fits an int
		return fileStat{}, false
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
		return unixStat(&st), true
	case unix.S_IFLNK:
		fi, err := s.root.Stat(p) // followed, and kept inside the root
		if err != nil || !fi.Mode().IsRegular() {
			return fileStat{}, false
		}
		return statOf(fi), true
	}
	return fileStat{}, false
}

func (s *statter) dir(p string) (*os.File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.dirs[p]; ok {
		return d, nil
	}
	d, err := s.root.Open(p)
	if err != nil {
		return nil, err
	}
	s.dirs[p] = d
	return d, nil
}

// close closes the folders opened.
func (s *statter) close() {
	for _, d := range s.dirs {
		_ = d.Close()
	}
}

// statDir returns the stat data of the folder at p, not following a
// symlink, or false when it is not a folder.
func (s *statter) statDir(p string) (fileStat, bool) {
	dir, err := s.dir(path.Dir(p))
	if err != nil {
		return fileStat{}, false
	}
	var st unix.Stat_t
	if err := unix.Fstatat(int(dir.Fd()), path.Base(p), &st, unix.AT_SYMLINK_NOFOLLOW); err != nil || st.Mode&unix.S_IFMT != unix.S_IFDIR { //nolint:gosec // a file descriptor fits an int
		return fileStat{}, false
	}
	return unixStat(&st), true
}

// open opens the regular file at p for reading with one openat on its
// folder, or returns nil when it is anything else or cannot be opened so
// (a symlink, a FIFO, a device, nothing): the caller then reads it the
// careful way, through the root. It is checked before it is opened, and
// opened without blocking, so that a FIFO put there meanwhile cannot hang
// the read (the read checks again what it opened).
func (s *statter) open(p string) *os.File {
	dir, err := s.dir(path.Dir(p))
	if err != nil {
		return nil
	}
	dfd := int(dir.Fd()) //nolint:gosec // a file descriptor fits an int
	var st unix.Stat_t
	if unix.Fstatat(dfd, path.Base(p), &st, unix.AT_SYMLINK_NOFOLLOW) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil
	}
	fd, err := unix.Openat(dfd, path.Base(p), unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if err != nil {
		return nil
	}
	return os.NewFile(uintptr(fd), p) //nolint:gosec // a file descriptor is not negative
}
