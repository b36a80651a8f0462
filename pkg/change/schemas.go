package change

import (
	"bytes"
	"fmt"
	"os"
	"path"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/schema"
)

// SchemaDir is where the schemas of a workspace are written for editors,
// relative to its root; the yaml-language-server modelines that `roadlog
// init` writes point here.
const SchemaDir = workspace.StateDir + "/schema"

// WriteSchemas writes the schema of every kind of file, with what cfg
// declares, into SchemaDir under root and returns how many there are. It
// writes through os.Root and never through a symlinked .roadlog, so that
// nothing outside the workspace is touched; each file is replaced
// atomically, and only when it changes.
func WriteSchemas(root string, cfg *workspace.Config) (int, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return 0, err
	}
	defer func() { _ = r.Close() }() // nothing buffered: files are written with atomicfile
	if err := workspace.MakeStateDir(r, SchemaDir); err != nil {
		return 0, err
	}
	n := 0
	for _, k := range schema.Kinds {
		doc, err := validate.Document(k.Name, cfg)
		if err != nil {
			return n, err
		}
		out, err := render.Marshal(doc)
		if err != nil {
			return n, err
		}
		name := path.Join(SchemaDir, k.Name+".schema.json")
		// Anything but a regular file (a symlink) is replaced.
		if fi, err := r.Lstat(name); err == nil && fi.Mode().IsRegular() {
			if old, err := r.ReadFile(name); err == nil && bytes.Equal(old, out) {
				n++
				continue
			}
		}
		if err := atomicfile.WriteFile(r, name, out, 0o644); err != nil {
			return n, fmt.Errorf("write %s: %w", name, err)
		}
		n++
	}
	return n, nil
}
