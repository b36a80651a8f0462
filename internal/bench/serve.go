package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The bounds of `bench serve`'s flags: the load test is bounded in count
// as well as in time (-timeout).
const (
	maxLoadRequests = 100000
	maxLoadEdits    = 1000
)

// The statuses the edits move items between: the generated workspace
// (internal/testws) puts every item whose number is a multiple of 6 in
// idea, and has no WIP limits.
const (
	moveFrom = "idea"
	moveTo   = "discovery"
)

// stopGrace is how long the server has to exit after SIGINT.
const stopGrace = 2 * time.Second

// shownWithin bounds the wait for a record page to show an edit.
const shownWithin = 5 * time.Second

// loadOptions are the flags of `bench serve`.
type loadOptions struct {
	dir      string // the cache: workspaces and the roadlog binary
	size     int    // items of the workspace
	requests int    // page GETs
	edits    int    // moves, each followed by reading the record's page
	roadlog  string // a roadlog binary to measure instead of building this tree
	timeout  time.Duration
}

// serveCmd is `bench serve [flags]`: the load test of roadlog serve.
func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := parseLoadFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "bench: serve: %v\n", err)
		return 2
	}
	res, err := loadTest(ctx, opts, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "bench: serve: %v\n", err)
		return 1
	}
	if err := res.write(stdout); err != nil {
		fmt.Fprintf(stderr, "bench: serve: %v\n", err)
		return 1
	}
	if failed := res.failed(); failed > 0 {
		fmt.Fprintf(stderr, "bench: serve: %s failed (above)\n", plural(failed, "request"))
		return 1
	}
	return 0
}

func parseLoadFlags(args []string, stderr io.Writer) (loadOptions, error) {
	opts := loadOptions{}
	fset := flag.NewFlagSet("bench serve", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/bench serve [flags]\n\nflags:")
		fset.PrintDefaults()
	}
	fset.StringVar(&opts.dir, "dir", filepath.Join(os.TempDir(), "roadlog-bench"), "folder that caches the generated workspaces between runs")
	fset.IntVar(&opts.size, "size", 10000, "items of the workspace")
	fset.IntVar(&opts.requests, "requests", 300, "GETs of pages, one at a time: the views and records' pages, each asked again")
	fset.IntVar(&opts.edits, "edits", 20, "moves of distinct items on the board, each followed by reading the item's page")
	fset.StringVar(&opts.roadlog, "roadlog", "", "measure this roadlog binary instead of building the tree")
	fset.DurationVar(&opts.timeout, "timeout", 5*time.Minute, "stop at this deadline and report what was measured")
	if err := fset.Parse(args); err != nil {
		return opts, err
	}
	if fset.NArg() > 0 {
		return opts, fmt.Errorf("unexpected argument %q; the size goes in -size", fset.Arg(0))
	}
	switch {
	case opts.size < 6:
		return opts, fmt.Errorf("-size: %d; at least 6", opts.size)
	case opts.requests < 1 || opts.requests > maxLoadRequests:
		return opts, fmt.Errorf("-requests: %d; 1 to %s", opts.requests, thousands(maxLoadRequests))
	case opts.edits < 0 || opts.edits > maxLoadEdits:
		return opts, fmt.Errorf("-edits: %d; 0 to %s", opts.edits, thousands(maxLoadEdits))
	case opts.edits > opts.size/6:
		return opts, fmt.Errorf("-edits: %d; a workspace of %d items has %d in %s", opts.edits, opts.size, opts.size/6, moveFrom)
	case opts.timeout < time.Second:
		return opts, fmt.Errorf("-timeout: %v; at least 1s", opts.timeout)
	}
	dir, err := filepath.Abs(opts.dir)
	opts.dir = dir
	return opts, err
}

// The views every page mix asks for, in turn.
var loadViews = []struct{ name, path string }{
	{"GET / (overview)", "/"},
	{"GET /board.html", "/board.html"},
	{"GET /backlog.html", "/backlog.html"},
	{"GET /roadmap.html", "/roadmap.html"},
}

// recordRow is the name of the rows of record pages.
const recordRow = "GET /records/ID.html"

// The rows of edits.
const (
	postRow  = "POST /_edit/move"
	shownRow = "POST /_edit/move → page shows it"
)

// pageMix is the paths of n page requests on a workspace of size items:
// two in five are views (the overview, the board, the backlog and the
// roadmap in turn), the others records' pages, each asked twice, two
// requests apart, of records spread evenly over the workspace.
func pageMix(n, size int) []string {
	var paths []string
	views, records := 0, 0
	var recordSlot []int // distinct record of each record request, by order
	for i := range n {
		if i%5 == 0 || i%5 == 2 {
			paths = append(paths, loadViews[views%len(loadViews)].path)
			views++
			continue
		}
		recordSlot = append(recordSlot, records/4*2+records%2)
		paths = append(paths, "")
		records++
	}
	distinct := 0
	for _, d := range recordSlot {
		distinct = max(distinct, d+1)
	}
	k := 0
	for i, p := range paths {
		if p != "" {
			continue
		}
		paths[i] = fmt.Sprintf("/records/B-%d.html", 1+recordSlot[k]*size/distinct%size)
		k++
	}
	return paths
}

// editItems are the items the edits move: m distinct items in moveFrom,
// spread evenly over a workspace of size items.
func editItems(m, size int) []string {
	ids := make([]string, m)
	for j := range ids {
		ids[j] = fmt.Sprintf("B-%d", 6*(1+j*(size/6)/m))
	}
	return ids
}

// loadRow is one row of the load test's table: requests of one kind.
type loadRow struct {
	name  string
	n, ok int             // requests made, and answered as expected
	times []time.Duration // of those answered as expected
}

// loadResult is what the load test measured.
type loadResult struct {
	size, requests, edits int // as asked
	pagesDone, editsDone  int // as made before the deadline, if it came
	timeout               time.Duration
	stopped               bool          // the deadline came
	rows                  []*loadRow    // in the table's order
	ready                 time.Duration // from starting the server to its first answer
	peak                  int64         // the server's peak memory (VmHWM) in bytes; 0: not known
	exitCode              int           // the server's exit status after SIGINT; -1 when killed
	exitAfter             time.Duration // how long after SIGINT it exited
	goos, goarch          string        // the machine; runtime's unless a test sets them
	cores                 int
}

// newLoadResult has a row of each kind, with nothing measured yet.
func newLoadResult(opts loadOptions) *loadResult {
	r := &loadResult{size: opts.size, requests: opts.requests, edits: opts.edits, timeout: opts.timeout}
	for _, v := range loadViews {
		r.rows = append(r.rows, &loadRow{name: v.name + ", first"}, &loadRow{name: v.name + ", again"})
	}
	r.rows = append(r.rows, &loadRow{name: recordRow + ", first"}, &loadRow{name: recordRow + ", again"},
		&loadRow{name: postRow}, &loadRow{name: shownRow})
	return r
}

// row is the row with the name.
func (r *loadResult) row(name string) *loadRow {
	for _, row := range r.rows {
		if row.name == name {
			return row
		}
	}
	panic("no row " + name)
}

// failed counts the requests not answered as expected.
func (r *loadResult) failed() int {
	n := 0
	for _, row := range r.rows {
		n += row.n - row.ok
	}
	return n
}

// pageRow is the row of a GET of path, first or again.
func (r *loadResult) pageRow(path string, again bool) *loadRow {
	name := recordRow
	for _, v := range loadViews {
		if v.path == path {
			name = v.name
		}
	}
	if again {
		return r.row(name + ", again")
	}
	return r.row(name + ", first")
}

// loadTest builds roadlog (unless given one), prepares the workspace,
// starts roadlog serve on it, makes the requests and the edits, and stops
// the server with SIGINT.
func loadTest(ctx context.Context, opts loadOptions, stderr io.Writer) (*loadResult, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.timeout)
	defer cancel()
	if err := os.MkdirAll(opts.dir, 0o755); err != nil {
		return nil, err
	}
	roadlog := opts.roadlog
	if roadlog == "" {
		roadlog = filepath.Join(opts.dir, "bin", "roadlog")
		fmt.Fprintf(stderr, "building roadlog into %s\n", roadlog)
		if err := buildRoadlog(ctx, roadlog); err != nil {
			return nil, err
		}
	}
	w := newWorkspace(opts.dir, opts.size, roadlog, "", "")
	if err := w.prepare(ctx, stderr); err != nil {
		return nil, fmt.Errorf("%s items: %w", label(opts.size), err)
	}
	srv, err := startServer(ctx, w, stderr)
	if err != nil {
		return nil, err
	}
	res := newLoadResult(opts)
	res.ready = srv.ready
	c := &loadClient{base: srv.url, http: &http.Client{Transport: &http.Transport{}}}
	defer c.http.CloseIdleConnections()
	if err := c.pages(ctx, res, pageMix(opts.requests, opts.size), stderr); err != nil {
		srv.kill()
		return nil, err
	}
	if err := c.moves(ctx, res, editItems(opts.edits, opts.size), stderr); err != nil {
		srv.kill()
		return nil, err
	}
	res.stopped = ctx.Err() != nil
	res.peak = peakMemory(srv.cmd.Process.Pid)
	fmt.Fprintln(stderr, "stopping roadlog serve with SIGINT")
	res.exitCode, res.exitAfter, err = srv.stop()
	if err != nil {
		return nil, err
	}
	return res, nil
}

// server is roadlog serve running as a child process.
type server struct {
	cmd     *exec.Cmd
	url     string        // where it answers, as it printed it
	ready   time.Duration // from its start to its first answer
	exited  chan struct{} // closed when it has exited
	waitErr error         // its Wait's result, once exited is closed
	log     *lockedBuffer // its standard error
}

// startServer starts `roadlog serve --addr 127.0.0.1:0` on the workspace
// and waits until it answers.
func startServer(ctx context.Context, w *workspace, stderr io.Writer) (*server, error) {
	fmt.Fprintf(stderr, "%s: starting roadlog serve\n", label(w.n))
	// Not bound to ctx: at the deadline the server is still stopped with
	// SIGINT, which is part of what is measured.
	cmd := exec.Command(w.roadlog, "-C", w.dir, "serve", "--addr", "127.0.0.1:0") //nolint:noctx // see above
	cmd.Env = w.env
	first := &firstLine{line: make(chan string, 1)}
	s := &server{cmd: cmd, exited: make(chan struct{}), log: &lockedBuffer{}}
	cmd.Stdout, cmd.Stderr = first, s.log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.waitErr = cmd.Wait(); close(s.exited) }()
	select {
	case s.url = <-first.line:
	case <-s.exited:
		return nil, fmt.Errorf("roadlog serve ended before it printed its address: %w\n%s", s.waitErr, tail(s.log.String(), 2000))
	case <-ctx.Done():
		s.kill()
		return nil, fmt.Errorf("roadlog serve printed no address within -timeout: %w", ctx.Err())
	}
	u, err := url.Parse(strings.TrimSpace(s.url))
	if err != nil || u.Scheme != "http" || u.Host == "" {
		s.kill()
		return nil, fmt.Errorf("roadlog serve printed %q, not its address", s.url)
	}
	s.url = "http://" + u.Host
	// Any answer will do: a path that is no page, so that no page is made
	// before it is measured.
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"/_bench-ready", nil)
		if err != nil {
			s.kill()
			return nil, err
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
			break
		}
		select {
		case <-s.exited:
			return nil, fmt.Errorf("roadlog serve ended: %w\n%s", s.waitErr, tail(s.log.String(), 2000))
		case <-ctx.Done():
			s.kill()
			return nil, fmt.Errorf("roadlog serve did not answer within -timeout: %w", ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
	s.ready = time.Since(start)
	fmt.Fprintf(stderr, "%s: roadlog serve answers at %s after %s s\n", label(w.n), s.url, seconds(s.ready))
	return s, nil
}

// stop sends SIGINT and waits stopGrace for the server to exit: its exit
// status (-1 when it had to be killed) and how long it took.
func (s *server) stop() (int, time.Duration, error) {
	start := time.Now()
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		s.kill()
		return 0, 0, fmt.Errorf("SIGINT to roadlog serve: %w", err)
	}
	select {
	case <-s.exited:
		if _, exit := errors.AsType[*exec.ExitError](s.waitErr); s.waitErr != nil && !exit {
			return 0, 0, fmt.Errorf("roadlog serve: %w", s.waitErr)
		}
		return s.cmd.ProcessState.ExitCode(), time.Since(start), nil
	case <-time.After(stopGrace):
		s.kill()
		return -1, time.Since(start), nil
	}
}

// kill ends the server at once and waits for it.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// firstLine is a writer that sends the first line written to it.
type firstLine struct {
	mu   sync.Mutex
	buf  []byte
	sent bool
	line chan string
}

func (f *firstLine) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.sent {
		f.buf = append(f.buf, p...)
		if i := strings.IndexByte(string(f.buf), '\n'); i >= 0 {
			f.line <- string(f.buf[:i])
			f.sent, f.buf = true, nil
		}
	}
	return len(p), nil
}

// lockedBuffer is a buffer that a child process writes while the program
// may read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// loadClient makes the requests, one at a time.
type loadClient struct {
	base  string // http://127.0.0.1:PORT
	http  *http.Client
	token string // the session's token, from a page
}

// get fetches a path: its status, body and round-trip time.
func (c *loadClient) get(ctx context.Context, path string) (int, string, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return 0, "", 0, err
	}
	return c.do(req)
}

func (c *loadClient) do(req *http.Request) (int, string, time.Duration, error) {
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", 0, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, string(body), time.Since(start), err
}

// pages makes the page requests of the mix, each path's first request
// and the others in rows of their own.
func (c *loadClient) pages(ctx context.Context, res *loadResult, mix []string, stderr io.Writer) error {
	fmt.Fprintf(stderr, "%s: %s\n", label(res.size), plural(len(mix), "page request"))
	seen := map[string]bool{}
	for _, path := range mix {
		code, _, d, err := c.get(ctx, path)
		if ctx.Err() != nil {
			return nil // the deadline: the table says how far it got
		}
		row := res.pageRow(path, seen[path])
		seen[path] = true
		row.n++
		res.pagesDone++
		switch {
		case err != nil:
			return fmt.Errorf("GET %s: %w", path, err)
		case code != http.StatusOK:
			fmt.Fprintf(stderr, "GET %s: %d, want 200\n", path, code)
		default:
			row.ok++
			row.times = append(row.times, d)
		}
	}
	return nil
}

// tokenMeta and cardVersion find the session's token and a card's
// version in a live page.
var (
	tokenMeta   = regexp.MustCompile(`<meta name="roadlog-token" content="([0-9a-f]+)">`)
	cardVersion = regexp.MustCompile(`data-id="(B-[0-9]+)" data-version="([0-9a-f]+)"`)
	shownStatus = regexp.MustCompile(`<dt>status</dt>\s*<dd>` + regexp.QuoteMeta(moveTo) + `</dd>`)
)

// moves moves each item from moveFrom to moveTo as the board does, and
// reads its page until it shows the new status.
func (c *loadClient) moves(ctx context.Context, res *loadResult, ids []string, stderr io.Writer) error {
	if len(ids) == 0 || ctx.Err() != nil {
		return nil
	}
	fmt.Fprintf(stderr, "%s: %s\n", label(res.size), plural(len(ids), "edit"))
	code, board, _, err := c.get(ctx, "/board.html")
	if ctx.Err() != nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("GET /board.html for the cards' versions: %w", err)
	}
	if code != http.StatusOK {
		return fmt.Errorf("GET /board.html for the cards' versions: %d, want 200", code)
	}
	m := tokenMeta.FindStringSubmatch(board)
	if m == nil {
		return errors.New("the board has no roadlog-token: is the server read-only?")
	}
	c.token = m[1]
	versions := map[string]string{}
	for _, m := range cardVersion.FindAllStringSubmatch(board, -1) {
		versions[m[1]] = m[2]
	}
	post, shown := res.row(postRow), res.row(shownRow)
	for _, id := range ids {
		start := time.Now()
		ok, d, err := c.move(ctx, id, versions[id], stderr)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		post.n++
		shown.n++
		res.editsDone++
		if !ok {
			continue
		}
		post.ok++
		post.times = append(post.times, d)
		if ok, err := c.waitShown(ctx, id, stderr); ctx.Err() != nil {
			shown.n-- // the deadline came while waiting
			return nil
		} else if err != nil {
			return err
		} else if ok {
			shown.ok++
			shown.times = append(shown.times, time.Since(start))
		}
	}
	return nil
}

// move posts one move as the board's script does: whether the server
// moved it, and the round-trip time.
func (c *loadClient) move(ctx context.Context, id, version string, stderr io.Writer) (bool, time.Duration, error) {
	if version == "" {
		fmt.Fprintf(stderr, "POST %s: %s has no card on the board\n", postRow, id)
		return false, 0, nil
	}
	form := url.Values{"record": {id}, "version": {version}, "status": {moveTo}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/_edit/move", strings.NewReader(form.Encode()))
	if err != nil {
		return false, 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Roadlog-Token", c.token)
	code, body, d, err := c.do(req)
	if err != nil {
		return false, 0, fmt.Errorf("POST /_edit/move %s: %w", id, err)
	}
	var answer struct {
		OK      bool   `json:"ok"`
		Message string `json:"message"`
	}
	want := fmt.Sprintf("moved %s: %s → %s ", id, moveFrom, moveTo)
	if err := json.Unmarshal([]byte(body), &answer); err != nil || code != http.StatusOK || !answer.OK || !strings.HasPrefix(answer.Message, want) {
		fmt.Fprintf(stderr, "POST /_edit/move %s: %d %s; want 200 and %q…\n", id, code, strings.TrimSpace(body), want)
		return false, 0, nil
	}
	return true, d, nil
}

// waitShown reads an item's page until it shows moveTo as its status, for
// at most shownWithin.
func (c *loadClient) waitShown(ctx context.Context, id string, stderr io.Writer) (bool, error) {
	path := "/records/" + id + ".html"
	limit := time.Now().Add(shownWithin)
	for {
		code, page, _, err := c.get(ctx, path)
		if err != nil {
			return false, fmt.Errorf("GET %s: %w", path, err)
		}
		if code == http.StatusOK && shownStatus.MatchString(page) {
			return true, nil
		}
		if time.Now().After(limit) {
			fmt.Fprintf(stderr, "GET %s: %d, and no status %s after %v\n", path, code, moveTo, shownWithin)
			return false, nil
		}
		time.Sleep(5 * time.Millisecond)
	}
}
