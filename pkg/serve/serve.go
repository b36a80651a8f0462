// Package serve is `roadlog serve`: the report's pages served live from
// the working tree, following every change on disk, with the edits of the
// board, the backlog and record pages made through the change layer, as
// the CLI makes them.
//
// A page is made when it is first asked for and kept until the files it
// is made from change. A watcher (fsnotify) reads the workspace again
// after a change on disk, through its index, so that only changed files
// are read; each open page holds a server-sent event stream and is told
// when its bytes changed, and fetches and morphs itself.
//
// GET /api/… answers with the same JSON as the CLI's --format json for
// the views and show (package viewapi).
//
// Safe by default: the server listens on loopback and answers only
// requests that name it by a loopback Host (no DNS rebinding); every write
// is a POST carrying the session's token from the page, from the same
// origin (no cross-site request forgery); every response has a strict
// Content-Security-Policy. On another address it asks for an access token
// (printed as a URL to open, as Jupyter does) unless read-only. Only the
// site's own paths are served.
package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/report"
	"github.com/roadlog/roadlog/pkg/viewapi"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Options tune a [Server].
type Options struct {
	Root     string                // the workspace's folder
	ReadOnly bool                  // no edits: pages without editing controls, every POST refused
	Version  string                // roadlog's version, in the pages' footer
	Now      func() time.Time      // the clock of the plan's dates and of edits
	Open     workspace.OpenOptions // how the workspace is read
	Log      io.Writer             // one line per edit and per failed reload
	// Access, when set, is the token every request must carry, once as
	// ?access=TOKEN (kept in a cookie) or as the X-Roadlog-Access header:
	// a server on an address other than loopback uses one.
	Access string
	// Me tells who the user is, for me() in the API's where; nil: me()
	// is refused.
	Me func(context.Context) (string, error)
}

// Server serves one workspace.
type Server struct {
	opts  Options
	token string // the token every write carries (from the page)

	cur atomic.Pointer[generation]

	reloadMu sync.Mutex   // one reload at a time
	editMu   sync.Mutex   // one edit at a time (the workspace lock keeps other processes out)
	settle   sync.RWMutex // held by an edit from its answer until its generation is current

	subsMu sync.Mutex
	subs   map[*subscriber]bool

	closing chan struct{} // closed when the server shuts down: event streams end
	once    sync.Once
}

// New reads the workspace and returns a server for it.
func New(ctx context.Context, opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Server{opts: opts, token: randomToken(), subs: map[*subscriber]bool{}, closing: make(chan struct{})}
	g, err := s.load(ctx, nil)
	if err != nil {
		return nil, err
	}
	s.cur.Store(g)
	return s, nil
}

// randomToken returns 128 random bits as hex.
func randomToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// NewAccessToken returns a token for [Options.Access].
func NewAccessToken() string { return randomToken() }

// Serve answers requests on ln until ctx is done, then shuts down
// gracefully: it stops accepting, ends the event streams, lets a request
// in flight (an edit) finish within grace, and returns nil.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s.Handler(ln.Addr()),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	hs.RegisterOnShutdown(s.shutdown)
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	watchErr := make(chan error, 1)
	go func() { watchErr <- s.watch(watchCtx) }()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case err := <-watchErr:
		if err != nil && ctx.Err() == nil {
			_ = hs.Close()
			return fmt.Errorf("watching %s: %w", s.opts.Root, err)
		}
	case <-ctx.Done():
	}
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		_ = hs.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// current returns the current generation, once an edit whose answer is
// out has made its own.
func (s *Server) current() *generation {
	s.settle.RLock()
	defer s.settle.RUnlock()
	return s.cur.Load()
}

// shutdown ends the event streams, which would keep Shutdown waiting.
func (s *Server) shutdown() { s.once.Do(func() { close(s.closing) }) }

// Handler returns the server's handler for requests that reach it at addr.
func (s *Server) Handler(addr net.Addr) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+report.EventsPath, s.events)
	for path, fn := range s.edits() {
		mux.HandleFunc("POST "+path, fn)
	}
	var apiOpts []viewapi.Option
	if s.opts.Me != nil {
		apiOpts = append(apiOpts, viewapi.WithMe(s.opts.Me))
	}
	api := viewapi.Handler(func(context.Context) (*plan.Plan, error) { return s.current().plan, nil }, s.opts.Now, apiOpts...)
	mux.Handle("/api", api)
	mux.Handle("/api/", api)
	mux.HandleFunc("/", s.site)
	return s.guard(addr, mux)
}

// site serves a file of the site: "/" is the overview.
func (s *Server) site(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_edit/") || r.URL.Path == report.Preview {
		w.Header().Set("Allow", "POST")
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "use GET", http.StatusMethodNotAllowed)
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/")
	if path == "" {
		path = "index.html"
	}
	g := s.current()
	if !g.pages.Has(path) {
		http.NotFound(w, r)
		return
	}
	pg, err := g.page(path)
	if err != nil {
		http.Error(w, "this page could not be made: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType(path))
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", `"`+pg.etag+`"`)
	if match := r.Header.Get("If-None-Match"); match == `"`+pg.etag+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if !strings.HasSuffix(path, ".html") {
		h.Set("Content-Length", fmt.Sprint(len(pg.data)))
		if r.Method == http.MethodGet {
			_, _ = w.Write(pg.data)
		}
		return
	}
	// An HTML page says which version of it this is, for its event stream:
	// the tag goes in at the top of the head, outside the bytes that are
	// kept, so that a page's key and bytes stay those of the site.
	head, meta, rest := pg.data, "", []byte(nil)
	if i := bytes.Index(pg.data, []byte("<head>\n")); i >= 0 {
		head, rest = pg.data[:i+len("<head>\n")], pg.data[i+len("<head>\n"):]
		meta = `<meta name="roadlog-etag" content="` + pg.etag + `">` + "\n"
	}
	h.Set("Content-Length", fmt.Sprint(len(head)+len(meta)+len(rest)))
	if r.Method == http.MethodGet {
		_, _ = w.Write(head)
		_, _ = io.WriteString(w, meta)
		_, _ = w.Write(rest)
	}
}

// contentType is the media type of a site file by its extension.
func contentType(path string) string {
	switch {
	case strings.HasSuffix(path, ".html"):
		return "text/html; charset=utf-8"
	case strings.HasSuffix(path, ".css"):
		return "text/css; charset=utf-8"
	case strings.HasSuffix(path, ".js"):
		return "text/javascript; charset=utf-8"
	}
	return "application/octet-stream"
}
