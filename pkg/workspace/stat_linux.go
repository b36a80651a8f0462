package workspace

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"
	"syscall"
	"time"

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
// the read (the read checks again what it opened). The file is a bare
// descriptor, not an *os.File, which would ask the poller to watch it and
// fail: two system calls a file for nothing.
func (s *statter) open(p string) fs.File {
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
	return &fdFile{fd: fd, name: path.Base(p)}
}

// exactSize reports whether f is read as its fstat says: a file of the
// statter, whose read stops at the size fstat gave rather than making
// another system call to see the end.
func exactSize(f fs.File) bool {
	_, ok := f.(*fdFile)
	return ok
}

// fdFile is an open file read with plain system calls.
type fdFile struct {
	fd   int
	name string
}

func (f *fdFile) Stat() (fs.FileInfo, error) {
	var st syscall.Stat_t
	if err := syscall.Fstat(f.fd, &st); err != nil {
		return nil, &fs.PathError{Op: "fstat", Path: f.name, Err: err}
	}
	return &fdInfo{name: f.name, st: st}, nil
}

func (f *fdFile) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, b)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *fdFile) Close() error { return syscall.Close(f.fd) }

// fdInfo is what fstat said of an fdFile.
type fdInfo struct {
	name string
	st   syscall.Stat_t
}

func (i *fdInfo) Name() string       { return i.name }
func (i *fdInfo) Size() int64        { return i.st.Size }
func (i *fdInfo) ModTime() time.Time { return time.Unix(i.st.Mtim.Unix()) }
func (i *fdInfo) IsDir() bool        { return i.Mode().IsDir() }
func (i *fdInfo) Sys() any           { return &i.st }

func (i *fdInfo) Mode() fs.FileMode {
	m := fs.FileMode(i.st.Mode & 0o777)
	switch i.st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	default:
		m |= fs.ModeIrregular
	}
	return m
}
