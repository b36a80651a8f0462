package change

import (
	"os"
	"path"
)

// folders opens each folder of an edit once, as an os.Root of its own:
// every operation of an os.Root walks each step of its path, so the files
// of an edit of thousands (an import) are written and renamed faster from
// their folder's root. The folder roots stay inside the workspace's.
type folders struct {
	root *os.Root
	open map[string]*os.Root
}

func newFolders(root *os.Root) *folders {
	return &folders{root: root, open: map[string]*os.Root{}}
}

// of returns the root of the folder of p (created when missing) and p's
// name in it.
func (f *folders) of(p string) (*os.Root, string, error) { return f.in(p, true) }

// in is [folders.of], creating a missing folder only when create.
func (f *folders) in(p string, create bool) (*os.Root, string, error) {
	dir, name := path.Dir(p), path.Base(p)
	if dir == "." {
		return f.root, name, nil
	}
	if r, ok := f.open[dir]; ok {
		return r, name, nil
	}
	if create {
		if err := f.root.MkdirAll(dir, 0o755); err != nil {
			return nil, "", err
		}
	}
	r, err := f.root.OpenRoot(dir)
	if err != nil {
		return nil, "", err
	}
	f.open[dir] = r
	return r, name, nil
}

// close closes the folder roots; files are written by rename, so there is
// nothing to report.
func (f *folders) close() {
	for _, r := range f.open {
		_ = r.Close()
	}
}

// rename renames the file at from over the one at to: within their folder
// when they share it (as a temporary file and its target do).
func (f *folders) rename(from, to string) error {
	if path.Dir(from) != path.Dir(to) {
		return f.root.Rename(from, to)
	}
	r, name, err := f.in(to, false)
	if err != nil {
		return f.root.Rename(from, to) // says what is missing
	}
	return r.Rename(path.Base(from), name)
}
