package change

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// writable refuses to write p when it, or the folder it resolves to through
// symlinks inside the workspace, lies in .git or .roadlog: roadlog.yaml's
// paths: cannot point there (see [workspace.PathProblem]), and neither can
// a symlinked folder on the way. os.Root already keeps every write inside
// the workspace.
func writable(r *os.Root, p string) error { return writableIn(r, p, nil) }

// writableIn is [writable] with the folders already resolved in resolved
// (folder → where it leads), which it adds to; nil resolves every time.
func writableIn(r *os.Root, p string, resolved map[string]string) error {
	dir, ok := resolved[path.Dir(p)]
	if !ok {
		var err error
		if dir, err = resolveDir(r, path.Dir(p)); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
		if resolved != nil {
			resolved[path.Dir(p)] = dir
		}
	}
	if workspace.InStateOrGit(p) || workspace.InStateOrGit(dir) {
		return fmt.Errorf("write %s: roadlog does not write plan files into .git or %s (the folder is %s)", p, workspace.StateDir, dir)
	}
	return nil
}

// maxLinks bounds the symlinks followed when resolving a path, as the
// operating system's own limit does.
const maxLinks = 40

// resolveDir returns the folder dir leads to inside r once every symlink
// on the way is followed, as a slash-separated path relative to r's top.
// Parts that do not exist yet are kept as they are: they will be created
// as plain folders.
func resolveDir(r *os.Root, dir string) (string, error) {
	var done []string
	todo := strings.Split(dir, "/")
	links := 0
	for len(todo) > 0 {
		part := todo[0]
		todo = todo[1:]
		switch part {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", errors.New("the path leaves the workspace")
			}
			done = done[:len(done)-1]
			continue
		}
		cur := path.Join(append(done, part)...)
		fi, err := r.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			done = append(done, part)
			continue
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done = append(done, part)
			continue
		}
		if links++; links > maxLinks {
			return "", fmt.Errorf("%s: too many levels of symlinks", cur)
		}
		target, err := r.Readlink(cur)
		if err != nil {
			return "", err
		}
		target = filepath.ToSlash(target)
		if path.IsAbs(target) || filepath.IsAbs(target) || filepath.VolumeName(target) != "" {
			return "", fmt.Errorf("%s is a symlink out of the workspace", cur)
		}
		todo = append(strings.Split(target, "/"), todo...)
	}
	if len(done) == 0 {
		return ".", nil
	}
	return path.Join(done...), nil
}

// removeTemps deletes the temporary files that a killed roadlog left in
// the folders it writes, and returns their paths. It runs under the lock,
// so no edit is writing them. Only files named as [atomicfile.IsTemp] names
// them, and made for a file roadlog edits there, are deleted: `roadlog
// report`, which does not take the lock, may be writing its own. The
// index's folder is cleaned too: a command that does not edit writes the
// index without the lock, and a temporary file removed under it only
// leaves that index unsaved, which the next command writes.
func removeTemps(r *os.Root, ws *workspace.Workspace) []string {
	cfg := ws.Config
	var out []string
	remove := func(dir string, recurse bool, isTarget func(string) bool) {
		removed, _ := atomicfile.RemoveTemps(r, dir, recurse, isTarget) // a folder it cannot read holds nothing to edit
		out = append(out, removed...)
	}
	for _, d := range []string{workspace.StateDir, workspace.StateDir + "/schema", workspace.StateDir + "/backup", workspace.CacheDir} {
		remove(d, false, nil)
	}
	singles := map[string][]string{".": {workspace.ConfigFile}}
	for _, p := range []string{cfg.Paths.Product, cfg.Paths.Objectives, cfg.Paths.Roadmap, cfg.Paths.Releases, cfg.Paths.Risks} {
		p = path.Clean(p)
		singles[path.Dir(p)] = append(singles[path.Dir(p)], path.Base(p))
	}
	for dir, names := range singles {
		remove(dir, false, func(t string) bool {
			return slices.Contains(names, t)
		})
	}
	for _, d := range []string{cfg.Paths.Backlog, cfg.Paths.Insights, cfg.Paths.Decisions} {
		if ws.RecordFoldersHoldNoTemps() {
			break // the workspace's index knows there are none
		}
		remove(path.Clean(d), true, func(t string) bool {
			lower := strings.ToLower(t)
			return strings.HasSuffix(lower, ".md") || strings.HasSuffix(lower, ".markdown")
		})
	}
	slices.Sort(out)
	return slices.Compact(out)
}
