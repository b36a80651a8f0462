package serve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// maxWatched bounds the folders watched: a record folder with more
// subfolders than this is watched at its top levels only.
const maxWatched = 4096

// watch follows changes on disk until ctx is done: each burst of changes
// (debounced) makes the server read the workspace again and tell the open
// pages whose bytes changed. It watches the workspace's folder, the
// folders of its plan files, and its record folders with their
// subfolders, and ignores hidden names (.git, .roadlog, temporary files
// and editors' swap files).
func (s *Server) watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer func() { _ = w.Close() }()
	ws := &watchSet{w: w, dirs: map[string]bool{}}
	s.watchFolders(ws.add)
	// What changed between the first read (New) and the watches is seen
	// by no watch: read again now that they are in place.
	s.Reload(ctx)
	var (
		timer    *time.Timer
		timerC   <-chan time.Time
		deadline time.Time
		paths    = map[string]bool{} // what changed since the last reading
	)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow loses events, not the watch: read everything again.
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				fmt.Fprintf(s.opts.Log, "watch: %v\n", err)
			}
			s.Reload(ctx)
			paths = map[string]bool{}
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if !s.heard(ev, ws, paths) {
				continue
			}
			if timer == nil {
				deadline = time.Now().Add(maxDebounce)
				timer = time.NewTimer(debounce)
				timerC = timer.C
			} else {
				timer.Reset(min(debounce, max(time.Until(deadline), 0)))
			}
		case <-timerC:
			timer, timerC = nil, nil
			changed := paths[""] || s.changedSince(paths)
			paths = map[string]bool{}
			if !changed {
				continue
			}
			s.Reload(ctx)
			// A folder the config names may have appeared.
			s.watchFolders(ws.add)
		}
	}
}

// heard notes an event of the watcher in paths ("" for "read everything
// again") and reports whether it may change the workspace.
func (s *Server) heard(ev fsnotify.Event, ws *watchSet, paths map[string]bool) bool {
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// A folder removed or moved away is no longer watched (the kernel
		// drops its watch): forget it and the folders below it, so that
		// one made again at its place is watched again.
		ws.forget(ev.Name)
	}
	base := filepath.Base(ev.Name)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
		return false
	}
	paths[ev.Name] = true
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			s.watchTree(ev.Name, ws.add)
			paths[""] = true // a new folder: read everything again
		}
	}
	return true
}

// watchSet is the folders a watcher watches.
type watchSet struct {
	w    *fsnotify.Watcher
	dirs map[string]bool
}

// add watches a folder, up to maxWatched of them.
func (ws *watchSet) add(dir string) {
	if len(ws.dirs) >= maxWatched || ws.dirs[dir] {
		return
	}
	if err := ws.w.Add(dir); err == nil {
		ws.dirs[dir] = true
	}
}

// forget stops watching a folder and the folders below it.
func (ws *watchSet) forget(dir string) {
	if !ws.dirs[dir] {
		return
	}
	for d := range ws.dirs {
		if d == dir || strings.HasPrefix(d, dir+string(filepath.Separator)) {
			_ = ws.w.Remove(d) // a watch the kernel dropped already is gone
			delete(ws.dirs, d)
		}
	}
}

// watchFolders adds the folders that hold the workspace's files.
func (s *Server) watchFolders(add func(string)) {
	root := s.opts.Root
	add(root)
	cfg := s.cur.Load().ws.Config
	p := cfg.Paths
	for _, file := range []string{p.Product, p.Objectives, p.Roadmap, p.Releases, p.Risks} {
		if dir := path.Dir(file); file != "" && dir != "." {
			add(filepath.Join(root, filepath.FromSlash(dir)))
		}
	}
	for _, dir := range []string{p.Backlog, p.Insights, p.Decisions} {
		if dir != "" {
			s.watchTree(filepath.Join(root, filepath.FromSlash(dir)), add)
		}
	}
}

// watchTree adds dir and the folders below it but hidden ones. dir itself
// may be a symlink to a folder, as the workspace follows it; symlinks
// below it are not followed, as the workspace does not follow them.
func (s *Server) watchTree(dir string, add func(string)) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return
	}
	add(dir)
	entries, _ := os.ReadDir(dir) // a folder that cannot be read is watched without its subfolders
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			s.watchTree(filepath.Join(dir, e.Name()), add)
		}
	}
}

// Reload reads the workspace again and tells the open pages whose bytes
// changed. A workspace that cannot be read leaves the pages as they were,
// and says why in the log.
func (s *Server) Reload(ctx context.Context) {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	g, err := s.load(ctx, s.cur.Load())
	if err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(s.opts.Log, "reading the workspace again: %v\n", err)
		}
		return
	}
	s.cur.Store(g)
	s.broadcast(g)
}

// adopt makes the workspace an edit of this server left (and checked) the
// current one, without reading the files again.
func (s *Server) adopt(ws *workspace.Workspace, findings diag.List, now time.Time) {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	g, err := s.generation(ws, findings, now, s.cur.Load())
	if err != nil {
		fmt.Fprintf(s.opts.Log, "after the edit: %v\n", err)
		return
	}
	s.cur.Store(g)
	s.broadcast(g)
}

// changedSince reports whether the files at the paths (absolute, as the
// watcher names them) may differ from what the current generation holds:
// the watcher hears of an edit's own writes too, which need no reading.
func (s *Server) changedSince(paths map[string]bool) bool {
	// An edit in flight makes its generation before it lets go: compare
	// with that one.
	s.editMu.Lock()
	defer s.editMu.Unlock()
	rel := make([]string, 0, len(paths))
	for p := range paths {
		r, err := filepath.Rel(s.opts.Root, p)
		if err != nil || r == "." || strings.HasPrefix(r, "..") {
			return true
		}
		rel = append(rel, filepath.ToSlash(r))
	}
	return !s.cur.Load().ws.Unchanged(rel)
}
