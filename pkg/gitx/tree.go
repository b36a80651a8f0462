package gitx

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Tree is the tree of one commit under a folder, served as an [fs.FS]
// without a checkout: listed with git ls-tree, read on demand through one
// long-running git cat-file --batch. It is safe for concurrent use; Close
// stops git.
type Tree struct {
	entries map[string]*entry // by path, folders included ("." is the top)

	mu    sync.Mutex
	start func() (*batch, error)
	b     *batch
	err   error
}

type entry struct {
	name     string
	mode     fs.FileMode
	size     int64
	oid      string
	children []*entry // folders only, sorted by name
}

type batch struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
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
	t.start = func() (*batch, error) {
		// Started on the first read and stopped by Close, but killed when
		// ctx is cancelled, so that a read waiting on it returns.
		cmd := exec.CommandContext(ctx, "git", "-C", c.Dir, "cat-file", "--batch") //nolint:gosec // fixed arguments
		cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
		cmd.WaitDelay = WaitDelay
		in, err := cmd.StdinPipe()
		if err != nil {
			return nil, err
		}
		outPipe, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		cmd.Cancel = func() error {
			// A process git started may hold the pipe open after git is
			// killed: closing it ends a read waiting on it.
			err := cmd.Process.Kill()
			_ = outPipe.Close()
			return err
		}
		if err := cmd.Start(); err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		return &batch{cmd: cmd, in: in, out: bufio.NewReaderSize(outPipe, 64<<10)}, nil
	}
	return t, nil
}

var errClosed = errors.New("the tree is closed")

// Close stops git cat-file.
func (t *Tree) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.b == nil {
		return nil
	}
	_ = t.b.in.Close() // git exits at end of input
	_, _ = io.Copy(io.Discard, t.b.out)
	err := t.b.cmd.Wait()
	t.b = nil
	t.err = errClosed
	return err
}

// Err returns what went wrong reading from git, if anything did: files that
// could not be read show up in the loaded workspace as unreadable, and
// this tells a failing git from a bad file.
func (t *Tree) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if errors.Is(t.err, errClosed) {
		return nil
	}
	return t.err
}

// read returns the content of an object.
func (t *Tree) read(oid string) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil {
		return nil, t.err
	}
	if t.b == nil {
		b, err := t.start()
		if err != nil {
			t.err = err
			return nil, err
		}
		t.b = b
	}
	fail := func(err error) ([]byte, error) {
		t.err = fmt.Errorf("git cat-file: %w", err)
		return nil, t.err
	}
	if _, err := io.WriteString(t.b.in, oid+"\n"); err != nil {
		return fail(err)
	}
	header, err := t.b.out.ReadString('\n')
	if err != nil {
		return fail(err)
	}
	// <oid> SP <type> SP <size> LF, or <object> SP missing LF
	f := strings.Fields(header)
	if len(f) != 3 {
		// "<oid> missing": a partial or broken clone. Nothing read after
		// this can be trusted to be complete.
		t.err = fmt.Errorf("git cat-file: object %s is %s in this clone; fetch it (git fetch)", oid, f[len(f)-1])
		return nil, t.err
	}
	n, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || n < 0 {
		return fail(fmt.Errorf("bad header %q", header))
	}
	data := make([]byte, n+1) // content and LF
	if _, err := io.ReadFull(t.b.out, data); err != nil {
		return fail(err)
	}
	return data[:n], nil
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
