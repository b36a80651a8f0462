package gitx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Tree is the tree of one commit under a folder, served as an [fs.FS]
// without a checkout: listed with git ls-tree, read on demand through one
// long-running git cat-file --batch, or ahead of time with
// [Tree.Prefetch]. It is safe for concurrent use; Close stops git.
type Tree struct {
	entries map[string]*entry // by path, folders included ("." is the top)
	*Blobs

	aheadMu sync.Mutex
	ahead   map[string]*fetched // by object ID: what Prefetch read and no one has yet
}

// fetched is the content of an object read ahead, and how many files of
// the tree still have to read it.
type fetched struct {
	data  []byte
	users int
}

type entry struct {
	name     string
	mode     fs.FileMode
	size     int64
	oid      string
	children []*entry // folders only, sorted by name
}

// Tree returns the files under Dir at rev, with paths relative to Dir. rev
// must name a commit; see [Client.Resolve].
func (c *Client) Tree(ctx context.Context, rev string) (*Tree, error) {
	if err := CheckRev(rev); err != nil {
		return nil, err
	}
	out, err := c.Run(ctx, "ls-tree", "-r", "-t", "--long", "-z", "--end-of-options", rev, "--", ".")
	if err != nil {
		return nil, err
	}
	t := &Tree{entries: map[string]*entry{".": {name: ".", mode: fs.ModeDir | 0o555}}}
	for _, line := range bytes.Split(out, []byte{0}) {
		if len(line) == 0 {
			continue
		}
		// <mode> SP <type> SP <object> SP+ <size> TAB <path>
		meta, name, ok := bytes.Cut(line, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if !ok || len(fields) != 4 {
			return nil, fmt.Errorf("git ls-tree: unexpected line %q", line)
		}
		p := string(name)
		if !fs.ValidPath(p) {
			continue // outside Dir: cannot happen with "-- ."
		}
		e := &entry{name: path.Base(p), oid: fields[2]}
		switch fields[0] {
		case "040000":
			e.mode = fs.ModeDir | 0o555
		case "100644":
			e.mode = 0o444
		case "100755":
			e.mode = 0o555
		case "120000":
			e.mode = fs.ModeSymlink | 0o777
		default:
			continue // submodules
		}
		if fields[3] != "-" {
			e.size, _ = strconv.ParseInt(fields[3], 10, 64)
		}
		t.entries[p] = e
	}
	for p, e := range t.entries {
		if p == "." {
			continue
		}
		if parent := t.entries[path.Dir(p)]; parent != nil {
			parent.children = append(parent.children, e)
		}
	}
	for _, e := range t.entries {
		slices.SortFunc(e.children, func(a, b *entry) int { return strings.Compare(a.name, b.name) })
	}
	t.Blobs = c.Blobs(ctx)
	return t, nil
}

// Open opens a file or folder of the tree.
func (t *Tree) Open(name string) (fs.File, error) {
	e, err := t.lookup("open", name)
	if err != nil {
		return nil, err
	}
	if e.mode.IsDir() {
		return &dirFile{info: info{e}, entries: e.children}, nil
	}
	// A symlink opens as itself, not followed: its Stat says so and the
	// loader refuses it, so a revision cannot reach outside the workspace.
	return &blobFile{info: info{e}, tree: t}, nil
}

// Stat describes a file or folder of the tree without following symlinks.
func (t *Tree) Stat(name string) (fs.FileInfo, error) {
	e, err := t.lookup("stat", name)
	if err != nil {
		return nil, err
	}
	return info{e}, nil
}

// Lstat is [Tree.Stat]: nothing is followed.
func (t *Tree) Lstat(name string) (fs.FileInfo, error) { return t.Stat(name) }

// ReadLink returns a symlink's target.
func (t *Tree) ReadLink(name string) (string, error) {
	e, err := t.lookup("readlink", name)
	if err != nil {
		return "", err
	}
	if e.mode&fs.ModeSymlink == 0 {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	data, err := t.read(e.oid)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(data), nil
}

// ReadDir lists a folder, sorted by name.
func (t *Tree) ReadDir(name string) ([]fs.DirEntry, error) {
	e, err := t.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	if !e.mode.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	out := make([]fs.DirEntry, len(e.children))
	for i, c := range e.children {
		out[i] = fs.FileInfoToDirEntry(info{c})
	}
	return out, nil
}

// ReadFile reads a whole file.
func (t *Tree) ReadFile(name string) ([]byte, error) {
	e, err := t.lookup("read", name)
	if err != nil {
		return nil, err
	}
	if !e.mode.IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	data, err := t.read(e.oid)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

// OID returns the object ID of the regular file at name, as git ls-tree
// listed it, and false for a folder, a symlink or a path not in the tree.
// Files with the same ID have the same bytes (see [IsBlob]).
func (t *Tree) OID(name string) (string, bool) {
	e := t.entries[name]
	if e == nil || !e.mode.IsRegular() {
		return "", false
	}
	return e.oid, true
}

// Prefetch reads the regular files for which want returns true (given
// each one's path and size) in one pipelined request to git, rather than
// one request and answer per file, and keeps them until each is read once.
// It returns what went wrong reading from git; a file it does not read is
// read on demand as before.
func (t *Tree) Prefetch(want func(name string, size int64) bool) error {
	users := map[string]int{}
	var oids []string
	for p, e := range t.entries {
		if !e.mode.IsRegular() || !want(p, e.size) {
			continue
		}
		if users[e.oid] == 0 {
			oids = append(oids, e.oid)
		}
		users[e.oid]++
	}
	if len(oids) == 0 {
		return nil
	}
	slices.Sort(oids) // the same requests in the same order every time
	data, err := t.ReadMany(oids)
	if err != nil {
		return err
	}
	t.aheadMu.Lock()
	defer t.aheadMu.Unlock()
	if t.ahead == nil {
		t.ahead = map[string]*fetched{}
	}
	for i, oid := range oids {
		t.ahead[oid] = &fetched{data: data[i], users: users[oid]}
	}
	return nil
}

// read returns the content of an object: what Prefetch read, else from
// git. Content read ahead is dropped once every file holding it has read
// it, so that it is not kept twice.
func (t *Tree) read(oid string) ([]byte, error) {
	t.aheadMu.Lock()
	if f := t.ahead[oid]; f != nil {
		f.users--
		data := f.data
		if f.users <= 0 {
			delete(t.ahead, oid)
		} else {
			data = slices.Clone(data) // another file still reads it
		}
		t.aheadMu.Unlock()
		return data, nil
	}
	t.aheadMu.Unlock()
	return t.Read(oid)
}

func (t *Tree) lookup(op, name string) (*entry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	e := t.entries[name]
	if e == nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return e, nil
}

// info is an entry as an fs.FileInfo.
type info struct{ e *entry }

func (i info) Name() string       { return i.e.name }
func (i info) Size() int64        { return i.e.size }
func (i info) Mode() fs.FileMode  { return i.e.mode }
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return i.e.mode.IsDir() }
func (i info) Sys() any           { return nil }

// blobFile is an open file; its content is fetched on the first Read.
type blobFile struct {
	info
	tree *Tree
	r    *bytes.Reader
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *blobFile) Close() error               { return nil }

func (f *blobFile) Read(p []byte) (int, error) {
	if f.r == nil {
		data, err := f.tree.read(f.e.oid)
		if err != nil {
			return 0, &fs.PathError{Op: "read", Path: f.e.name, Err: err}
		}
		f.r = bytes.NewReader(data)
	}
	return f.r.Read(p)
}

// dirFile is an open folder.
type dirFile struct {
	info
	entries []*entry
	next    int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Close() error               { return nil }

func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.e.name, Err: errors.New("is a directory")}
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.next:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && len(rest) > n {
		rest = rest[:n]
	}
	d.next += len(rest)
	out := make([]fs.DirEntry, len(rest))
	for i, c := range rest {
		out[i] = fs.FileInfoToDirEntry(info{c})
	}
	return out, nil
}
