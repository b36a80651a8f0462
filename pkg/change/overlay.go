package change

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"testing/fstest"
)

// overlay is a file system with staged changes laid over the workspace, so
// that the workspace can be loaded and validated as it would be.
type overlay struct {
	base  fs.FS
	files map[string][]byte // nil: removed

	// memFS holds the staged files, built once: the workspace is loaded
	// from many goroutines, and building it per file made a load of n
	// new files take n² steps.
	memOnce sync.Once
	memFS   fstest.MapFS
}

func (o *overlay) mem() fstest.MapFS {
	o.memOnce.Do(func() {
		o.memFS = fstest.MapFS{}
		for p, c := range o.files {
			if c != nil {
				o.memFS[p] = &fstest.MapFile{Data: c, Mode: 0o644}
			}
		}
	})
	return o.memFS
}

func (o *overlay) Open(name string) (fs.File, error) {
	if c, ok := o.files[name]; ok {
		if c == nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return o.mem().Open(name)
	}
	f, err := o.base.Open(name)
	if errors.Is(err, fs.ErrNotExist) && o.hasUnder(name) {
		return o.mem().Open(name) // a folder only new files are in
	}
	return f, err
}

func (o *overlay) hasUnder(dir string) bool {
	for p, c := range o.files {
		if c != nil && strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if c, ok := o.files[name]; ok {
		if c == nil {
			return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
		}
		return o.mem().Stat(name)
	}
	fi, err := fs.Stat(o.base, name)
	if errors.Is(err, fs.ErrNotExist) && o.hasUnder(name) {
		return o.mem().Stat(name)
	}
	return fi, err
}

func (o *overlay) Lstat(name string) (fs.FileInfo, error) {
	if _, ok := o.files[name]; ok {
		return o.Stat(name)
	}
	return fs.Lstat(o.base, name)
}

func (o *overlay) ReadLink(name string) (string, error) { return fs.ReadLink(o.base, name) }

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.base, name)
	if err != nil && (!errors.Is(err, fs.ErrNotExist) || !o.hasUnder(name)) {
		return nil, err
	}
	var out []fs.DirEntry
	seen := map[string]bool{}
	for _, e := range entries {
		p := path.Join(name, e.Name())
		if c, ok := o.files[p]; ok && c == nil {
			continue
		}
		seen[e.Name()] = true
		out = append(out, e)
	}
	if o.hasUnder(name) || name == "." {
		added, _ := fs.ReadDir(o.mem(), name)
		for _, e := range added {
			if !seen[e.Name()] {
				out = append(out, e)
			}
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}
