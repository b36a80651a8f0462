package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// subscriber is an open page's event stream: the page's path and the
// version (etag) of it the page has, as far as the server knows.
type subscriber struct {
	path string
	etag string
	ch   chan string // the next etag to announce; holds one, the latest
}

// keepAlive is how often a quiet stream gets a comment, so that proxies
// and browsers keep it open.
const keepAlive = 25 * time.Second

// events is the server-sent event stream of one open page
// (/_events?path=/board.html&etag=…): an event "changed" with the page's
// new etag whenever its bytes change, at once when they differ already,
// or with the etag "gone" when the site no longer has the page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported here", http.StatusInternalServerError)
		return
	}
	path := strings.TrimPrefix(r.URL.Query().Get("path"), "/")
	if path == "" {
		path = "index.html"
	}
	g := s.current()
	if !g.pages.Has(path) {
		http.Error(w, "no such page: "+path, http.StatusNotFound)
		return
	}
	sub := &subscriber{path: path, etag: r.URL.Query().Get("etag"), ch: make(chan string, 1)}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 1000\n\n")
	fl.Flush()
	s.subsMu.Lock()
	s.subs[sub] = true
	s.subsMu.Unlock()
	defer func() {
		s.subsMu.Lock()
		delete(s.subs, sub)
		s.subsMu.Unlock()
	}()
	// The page may be older than the stream: compare with the generation
	// current now that sub is subscribed, not with g, so that one stored
	// (and broadcast) between loading g and subscribing is not missed.
	s.notify(s.cur.Load(), sub)
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case etag := <-sub.ch:
			data, _ := json.Marshal(map[string]string{"path": "/" + path, "etag": etag})
			if _, err := fmt.Fprintf(w, "event: changed\ndata: %s\n\n", data); err != nil {
				return
			}
			fl.Flush()
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": still here\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
}

// gone is the etag announced for a page the site no longer has (its
// record was removed or renamed): the page fetches itself, finds it is
// gone, and says so.
const gone = "gone"

// notify tells sub when its page in g differs from the version it has.
func (s *Server) notify(g *generation, sub *subscriber) {
	etag := gone
	if g.pages.Has(sub.path) {
		pg, err := g.page(sub.path)
		if err != nil {
			return
		}
		etag = pg.etag
	}
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	if etag == sub.etag {
		return
	}
	sub.etag = etag
	select {
	case <-sub.ch: // replace an etag not yet sent by the newer one
	default:
	}
	sub.ch <- etag
}

// broadcast tells every open page whose bytes changed in g. Each page is
// made once, however many streams show it.
func (s *Server) broadcast(g *generation) {
	s.subsMu.Lock()
	subs := make([]*subscriber, 0, len(s.subs))
	for sub := range s.subs {
		subs = append(subs, sub)
	}
	s.subsMu.Unlock()
	for _, sub := range subs {
		s.notify(g, sub)
	}
}
