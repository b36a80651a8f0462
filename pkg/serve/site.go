package serve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/report"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// generation is the workspace as the server last read it, with its pages.
// It never changes once made: a change on disk makes the next one.
type generation struct {
	n        uint64
	ws       *workspace.Workspace
	findings diag.List // what validate found in ws at now
	now      time.Time
	plan     *plan.Plan
	pages    *report.Pages

	mu    sync.Mutex
	slots map[string]*slot // pages made, or being made, by site path
	lend  map[string]*page // pages of the generation before, used when their key still matches
}

// page is one made file of the site.
type page struct {
	key  string // what it was made from (report.Pages.Key); "" unknown
	etag string // hash of its bytes
	data []byte
}

// load reads the workspace (through its index: only files whose stat data
// changed are read again) and makes the generation after prev (nil for the
// first). Pages of prev whose key does not change are carried over rather
// than made again.
func (s *Server) load(ctx context.Context, prev *generation) (*generation, error) {
	ws, err := workspace.OpenWith(ctx, s.opts.Root, s.openOptions(prev))
	if err != nil {
		return nil, err
	}
	now := s.opts.Now()
	findings, err := validate.Checked(ctx, ws, validate.Options{Now: now})
	if err != nil {
		return nil, err
	}
	ws.SaveCache()
	return s.generation(ws, findings, now, prev)
}

// openOptions are the options to open the workspace after the generation
// prev (nil for none): prev's files, kept in memory, are its index.
func (s *Server) openOptions(prev *generation) workspace.OpenOptions {
	o := s.opts.Open
	if prev != nil {
		o.Prev = prev.ws
	}
	return o
}

// generation makes the generation after prev (nil for the first) of a
// workspace read and checked at now.
func (s *Server) generation(ws *workspace.Workspace, findings diag.List, now time.Time, prev *generation) (*generation, error) {
	p := plan.New(ws, now)
	pages, err := report.NewPages(p, report.Options{
		Version:  s.opts.Version,
		Findings: findings,
		Live:     &report.Live{Token: s.token, ReadOnly: s.opts.ReadOnly},
	})
	if err != nil {
		return nil, err
	}
	g := &generation{ws: ws, findings: findings, now: now, plan: p, pages: pages, slots: map[string]*slot{}, lend: map[string]*page{}}
	if prev != nil {
		g.n = prev.n + 1
		prev.mu.Lock()
		for path, sl := range prev.slots {
			if pg := sl.done(); pg != nil && pg.key != "" {
				g.lend[path] = pg
			}
		}
		prev.mu.Unlock()
	}
	return g, nil
}

// page returns the file at path of g, made once however many ask at the
// same time; pages of other paths are made meanwhile.
func (g *generation) page(path string) (*page, error) {
	g.mu.Lock()
	sl := g.slots[path]
	if sl == nil {
		sl = &slot{}
		g.slots[path] = sl
	}
	g.mu.Unlock()
	sl.once.Do(func() {
		key := g.pages.Key(path)
		if old := g.lend[path]; old != nil && key != "" && old.key == key {
			sl.mu.Lock()
			sl.pg = old
			sl.mu.Unlock()
			return
		}
		data, err := g.pages.Make(path)
		if err != nil {
			sl.err = err
			return
		}
		sum := sha256.Sum256(data)
		sl.mu.Lock()
		sl.pg = &page{key: key, etag: hex.EncodeToString(sum[:12]), data: data}
		sl.mu.Unlock()
	})
	return sl.pg, sl.err
}

// slot is a page being made, or made.
type slot struct {
	once sync.Once
	mu   sync.Mutex // guards pg for done
	pg   *page
	err  error
}

// done returns the slot's page once made, or nil.
func (sl *slot) done() *page {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	return sl.pg
}

// debounce is how long the watcher waits after a change on disk for more
// (an editor's save, a checkout, an edit of several files) before the
// workspace is read again, and at most how long a burst delays it.
const (
	debounce    = 40 * time.Millisecond
	maxDebounce = 250 * time.Millisecond
)
