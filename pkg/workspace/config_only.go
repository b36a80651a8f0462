package workspace

import (
	"context"
	"io/fs"
	"os"
)

// OpenConfig loads only roadlog.yaml of the workspace rooted at dir, as
// [Open] reads it: the result has its Config and ConfigFile and no
// records, for commands that need nothing else (`roadlog config get`).
func OpenConfig(ctx context.Context, dir string) (*Workspace, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = root.Close() }() // read only
	ws, err := Load(ctx, configOnly{root.FS()})
	if err != nil {
		return nil, err
	}
	ws.Root = dir
	return ws, nil
}

// configOnly is a file system in which only roadlog.yaml exists.
type configOnly struct{ fsys fs.FS }

func (c configOnly) Open(name string) (fs.File, error) {
	if name != ConfigFile {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return c.fsys.Open(name)
}
