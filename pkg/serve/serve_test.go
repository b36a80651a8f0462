package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/examples"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// fixedNow is the clock of every test: dates written by edits are known.
var fixedNow = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

// example copies the example workspace into a temporary folder.
func example(t *testing.T) string {
	t.Helper()
	sub, err := fs.Sub(examples.FS, examples.Default)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fixture is a server on a workspace, reached through httptest.
type fixture struct {
	t      *testing.T
	dir    string
	srv    *Server
	url    string // the server's base address
	addr   net.Addr
	client *http.Client
}

func start(t *testing.T, dir string, opts Options) *fixture {
	t.Helper()
	opts.Root, opts.Now = dir, func() time.Time { return fixedNow }
	srv, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(nil)
	hs.Config.Handler = srv.Handler(hs.Listener.Addr())
	hs.Start()
	t.Cleanup(hs.Close)
	return &fixture{t: t, dir: dir, srv: srv, url: hs.URL, addr: hs.Listener.Addr(), client: hs.Client()}
}

// get fetches a path and returns the response and its body.
func (f *fixture) get(path string, header ...string) (*http.Response, string) {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.url+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	return f.do(req)
}

func (f *fixture) do(req *http.Request) (*http.Response, string) {
	f.t.Helper()
	res, err := f.client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return res, string(body)
}

// post sends a form as a page's script does (token header, JSON answer),
// with extra headers.
func (f *fixture) post(path string, form url.Values, header ...string) (*http.Response, result) {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Roadlog-Token", f.srv.token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, body := f.do(req)
	var out result
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		f.t.Fatalf("POST %s: %d %q is not JSON: %v", path, res.StatusCode, body, err)
	}
	return res, out
}

// version is the version of a record as its pages carry it.
func (f *fixture) version(id string) string {
	f.t.Helper()
	_, page := f.get("/board.html")
	m := regexp.MustCompile(`data-id="` + regexp.QuoteMeta(id) + `" data-version="([0-9a-f]+)"`).FindStringSubmatch(page)
	if m == nil {
		f.t.Fatalf("the board has no card %s", id)
	}
	return m[1]
}

func (f *fixture) read(rel string) string {
	f.t.Helper()
	data, err := os.ReadFile(filepath.Join(f.dir, filepath.FromSlash(rel)))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(data)
}

const acme8 = "backlog/ACME-8-save-card-after-guest-checkout.md"

// TestPages serves the site's pages with their security headers and the
// live script, and nothing else.
func TestPages(t *testing.T) {
	f := start(t, example(t), Options{})
	res, page := f.get("/")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "<title>Overview · ") {
		t.Fatalf("GET /: %d\n%s", res.StatusCode, page)
	}
	for name, want := range map[string]string{
		"Content-Security-Policy": csp,
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Content-Type":            "text/html; charset=utf-8",
	} {
		if got := res.Header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	for _, want := range []string{
		`<meta name="roadlog-etag" content="` + strings.Trim(res.Header.Get("ETag"), `"`) + `">`,
		`<meta name="roadlog-token" content="` + f.srv.token + `">`,
		`<script src="/_live/live.js"></script>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the overview lacks %s", want)
		}
	}
	res, _ = f.get("/", "If-None-Match", res.Header.Get("ETag"))
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("GET / with its ETag: %d, want 304", res.StatusCode)
	}
	for path, want := range map[string]int{
		"/_live/sortable.min.js":      http.StatusOK,
		"/_live/idiomorph.min.js":     http.StatusOK,
		"/style.css":                  http.StatusOK,
		"/records/ACME-8.html":        http.StatusOK,
		"/roadlog.yaml":               http.StatusNotFound,
		"/" + acme8:                   http.StatusNotFound,
		"/../roadlog.yaml":            http.StatusNotFound,
		"/records/../../roadlog.yaml": http.StatusNotFound,
		"/%2e%2e/roadlog.yaml":        http.StatusNotFound,
		"/.roadlog/cache/index":       http.StatusNotFound,
		"/_live/VENDOR.md":            http.StatusNotFound,
	} {
		if res, _ := f.get(path); res.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}
}

// TestHost refuses a request that names the server by another host: a
// page of another site whose name was rebound to 127.0.0.1.
func TestHost(t *testing.T) {
	f := start(t, example(t), Options{})
	_, port, _ := net.SplitHostPort(f.addr.String())
	for host, want := range map[string]int{
		"127.0.0.1:" + port:    http.StatusOK,
		"localhost:" + port:    http.StatusOK,
		"LOCALHOST:" + port:    http.StatusOK,
		"evil.example:" + port: http.StatusMisdirectedRequest,
		"evil.example":         http.StatusMisdirectedRequest,
		"127.0.0.1:1":          http.StatusMisdirectedRequest,
	} {
		if res, _ := f.get("/", "Host", host); res.StatusCode != want {
			t.Errorf("Host %q: %d, want %d", host, res.StatusCode, want)
		}
	}
}

// TestMove drags a card: the item's file changes by exactly its status
// line, and the answer carries the record's new version.
func TestMove(t *testing.T) {
	f := start(t, example(t), Options{})
	before := f.read(acme8)
	res, out := f.post("/_edit/move", url.Values{"record": {"ACME-8"}, "version": {f.version("ACME-8")}, "status": {"ready"}})
	if res.StatusCode != http.StatusOK || !out.OK {
		t.Fatalf("move: %d %+v", res.StatusCode, out)
	}
	want := strings.Replace(before, "\nstatus: idea\n", "\nstatus: ready\n", 1)
	if diff := cmp.Diff(want, f.read(acme8)); diff != "" {
		t.Errorf("the file (-want +got):\n%s", diff)
	}
	if out.Message != "moved ACME-8: idea → ready ("+acme8+")" || out.Version != f.version("ACME-8") || out.URL != "/records/ACME-8.html" {
		t.Errorf("answer %+v", out)
	}
	if _, page := f.get("/board.html"); !regexp.MustCompile(`(?s)data-status="ready".*data-id="ACME-8".*data-status="in-progress"`).MatchString(page) {
		t.Error("the board does not show ACME-8 in ready")
	}
}

// TestStale refuses an edit made from an older version of the record,
// with the record as it is now, and writes nothing.
func TestStale(t *testing.T) {
	f := start(t, example(t), Options{})
	old := f.version("ACME-8")
	if res, out := f.post("/_edit/move", url.Values{"record": {"ACME-8"}, "version": {old}, "status": {"ready"}}); !out.OK {
		t.Fatalf("first move: %d %+v", res.StatusCode, out)
	}
	after := f.read(acme8)
	res, out := f.post("/_edit/move", url.Values{"record": {"ACME-8"}, "version": {old}, "status": {"discovery"}})
	if res.StatusCode != http.StatusConflict || out.OK || !out.Stale || out.Current == nil || out.Current.Fields["status"] != "ready" || out.Current.Version != f.version("ACME-8") {
		t.Fatalf("stale move: %d %+v", res.StatusCode, out)
	}
	if out.Message != "ACME-8 changed since you read it; nothing was written: look at it again, then make your change" {
		t.Errorf("message %q", out.Message)
	}
	if f.read(acme8) != after {
		t.Error("a stale edit changed the file")
	}
}

// TestWriteRefused refuses writes without the page's token, from another
// origin or site, and on a read-only server; none changes a file.
func TestWriteRefused(t *testing.T) {
	f := start(t, example(t), Options{})
	before := f.read(acme8)
	form := url.Values{"record": {"ACME-8"}, "version": {f.version("ACME-8")}, "status": {"ready"}}
	for name, header := range map[string][]string{
		"no token":        {"X-Roadlog-Token", ""},
		"wrong token":     {"X-Roadlog-Token", "0123"},
		"foreign origin":  {"Origin", "http://evil.example"},
		"null origin":     {"Origin", "null"},
		"cross-site":      {"Sec-Fetch-Site", "cross-site"},
		"same-site other": {"Sec-Fetch-Site", "same-site"},
	} {
		res, out := f.post("/_edit/move", form, header...)
		if res.StatusCode != http.StatusForbidden || out.OK {
			t.Errorf("%s: %d %+v", name, res.StatusCode, out)
		}
	}
	if f.read(acme8) != before {
		t.Fatal("a refused write changed the file")
	}
	// A plain form post without the token gets a page that says why.
	req, _ := http.NewRequest(http.MethodPost, f.url+"/_edit/move", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, page := f.do(req)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "this page&#39;s session has ended") {
		t.Errorf("form post without token: %d\n%s", res.StatusCode, page)
	}
	// A plain form post with the token goes back to the page it came
	// from, on this server even when the Referer's path begins with "//".
	client := f.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for referer, want := range map[string]string{
		f.url + "//evil.example/board.html": "/evil.example/board.html",
		f.url + "/board.html":               "/board.html",
		"http://evil.example/board.html":    "/records/ACME-8.html",
	} {
		plain := url.Values{"record": {"ACME-8"}, "version": {f.version("ACME-8")}, "status": {"idea"}, "token": {f.srv.token}}
		req, _ = http.NewRequest(http.MethodPost, f.url+"/_edit/move", strings.NewReader(plain.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", referer)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("form post from %s: %d %q, want %q", referer, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	// A plain form post over the size limit is told so.
	big := url.Values{"token": {f.srv.token}, "record": {"ACME-8"}, "body": {strings.Repeat("x", maxForm)}}
	req, _ = http.NewRequest(http.MethodPost, f.url+"/_edit/body", strings.NewReader(big.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res, page := f.do(req); res.StatusCode != http.StatusForbidden || !strings.Contains(page, "the form could not be read: http: request body too large") {
		t.Errorf("form post over the limit: %d\n%s", res.StatusCode, page)
	}
	if res, _ := f.get("/_edit/move"); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET of an edit: %d", res.StatusCode)
	}

	ro := start(t, example(t), Options{ReadOnly: true})
	if _, page := ro.get("/board.html"); strings.Contains(page, "live-move") || strings.Contains(page, "data-version") {
		t.Error("a read-only board has editing controls")
	}
	res, out := ro.post("/_edit/move", form)
	if res.StatusCode != http.StatusForbidden || out.Message != "this server is read-only (roadlog serve --read-only)" {
		t.Errorf("read-only move: %d %+v", res.StatusCode, out)
	}
}

// TestAccess asks a server on another address than loopback for its
// access token, once, and keeps it in a cookie.
func TestAccess(t *testing.T) {
	f := start(t, example(t), Options{Access: "s3cret"})
	_, port, _ := net.SplitHostPort(f.addr.String())
	accessCookie := "roadlog_access_" + port // one per port: a host's cookies go to all its ports
	if res, _ := f.get("/"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the token: %d", res.StatusCode)
	}
	if res, _ := f.get("/", "X-Roadlog-Access", "s3cret"); res.StatusCode != http.StatusOK {
		t.Errorf("with the header: %d", res.StatusCode)
	}
	client := f.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := client.Get(f.url + "/board.html?access=s3cret")
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	cookie := res.Header.Get("Set-Cookie")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/board.html" ||
		!strings.HasPrefix(cookie, accessCookie+"=s3cret;") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
		t.Errorf("?access=: %d %q %q", res.StatusCode, res.Header.Get("Location"), cookie)
	}
	// The redirect stays on this server, whatever the path looks like.
	for path, want := range map[string]string{
		"//evil.example/?access=s3cret":      "/evil.example/",
		"//evil.example?access=s3cret&a=1":   "/evil.example?a=1",
		"///evil.example/x?access=s3cret":    "/evil.example/x",
		"/records/ACME-8.html?access=s3cret": "/records/ACME-8.html",
	} {
		res, err := client.Get(f.url + path)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("GET %s: %d %q, want %q", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	if res, _ := f.get("/", "Cookie", accessCookie+"=s3cret"); res.StatusCode != http.StatusOK {
		t.Errorf("with the cookie: %d", res.StatusCode)
	}
	if res, _ := f.get("/", "Cookie", "roadlog_access_1=s3cret"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("with the cookie of another port: %d", res.StatusCode)
	}
	if res, _ := f.get("/", "Cookie", accessCookie+"=wrong"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("with a wrong cookie: %d", res.StatusCode)
	}
}

// TestSet changes fields from a record's form: only those the user
// changed, an emptied one removed, each as `roadlog set` writes it; a
// value that would bring an error is refused with the finding on its
// field.
func TestSet(t *testing.T) {
	f := start(t, example(t), Options{})
	before := f.read(acme8)
	form := url.Values{
		"record": {"ACME-8"}, "version": {f.version("ACME-8")},
		"f.owner": {"ben"}, "was.owner": {"ana"},
		"f.title": {"Save card for next time after guest checkout"}, "was.title": {"Save card for next time after guest checkout"},
		"f.moscow": {""}, "was.moscow": {"could"},
		"f.labels": {"checkout, cards"}, "was.labels": {"checkout"},
	}
	res, out := f.post("/_edit/set", form)
	if !out.OK {
		t.Fatalf("set: %d %+v", res.StatusCode, out)
	}
	want := strings.NewReplacer("owner: ana\n", "owner: ben\n", "moscow: could\n", "", "labels: [checkout]\n", "labels: [checkout, cards]\n").Replace(before)
	if diff := cmp.Diff(want, f.read(acme8)); diff != "" {
		t.Errorf("the file (-want +got):\n%s", diff)
	}
	if out.Message != "set ACME-8: labels = checkout, cards, --unset moscow, owner = ben ("+acme8+")" {
		t.Errorf("message %q", out.Message)
	}

	now := f.read(acme8)
	res, out = f.post("/_edit/set", url.Values{"record": {"ACME-8"}, "version": {out.Version}, "f.parent": {"ACME-999"}, "was.parent": {"ACME-3"}})
	if res.StatusCode != http.StatusUnprocessableEntity || out.OK || len(out.Findings) == 0 || out.Findings[0].Field != "parent" {
		t.Fatalf("set to a missing parent: %d %+v", res.StatusCode, out)
	}
	if f.read(acme8) != now {
		t.Error("a refused edit changed the file")
	}
}

// TestWIP refuses a move past a WIP limit and says so.
func TestWIP(t *testing.T) {
	dir := example(t)
	cfg := filepath.Join(dir, "roadlog.yaml")
	data, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, []byte(strings.Replace(string(data), "wip: {in-progress: 5, review: 3}", "wip: {in-progress: 1, review: 3}", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	f := start(t, dir, Options{})
	before := f.read(acme8)
	res, out := f.post("/_edit/move", url.Values{"record": {"ACME-8"}, "version": {f.version("ACME-8")}, "status": {"in-progress"}})
	if res.StatusCode != http.StatusUnprocessableEntity || out.OK || !strings.Contains(out.Message, "WIP limit of 1") {
		t.Fatalf("move past the limit: %d %+v", res.StatusCode, out)
	}
	if f.read(acme8) != before {
		t.Error("a refused move changed the file")
	}
}

// TestEvents tells an open page that it changed when a file changes on
// disk, as a CLI edit or an editor's save changes it, and shuts down
// gracefully: the stream ends and Serve returns.
func TestEvents(t *testing.T) {
	dir := example(t)
	srv, err := New(context.Background(), Options{Root: dir, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, time.Second) }()
	base := "http://" + ln.Addr().String()
	res, err := http.Get(base + "/records/ACME-8.html")
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	etag := strings.Trim(res.Header.Get("ETag"), `"`)
	stream, err := http.Get(base + "/_events?path=/records/ACME-8.html&etag=" + etag)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stream.Body.Close() }()
	events := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- data
			}
		}
		close(events)
	}()
	// Nothing changed: nothing is said.
	select {
	case ev := <-events:
		t.Fatalf("an event before any change: %s", ev)
	case <-time.After(300 * time.Millisecond):
	}
	p := filepath.Join(dir, filepath.FromSlash(acme8))
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), "status: idea", "status: ready", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-events:
		var got struct{ Path, Etag string }
		if err := json.Unmarshal([]byte(ev), &got); err != nil || got.Path != "/records/ACME-8.html" || got.Etag == etag || got.Etag == "" {
			t.Fatalf("event %s", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s of a change on disk")
	}
	if g := srv.cur.Load(); g.ws.Find("ACME-8").Model.RecordMeta().Fields["status"] != "ready" {
		t.Error("the server did not read the change")
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	for range events { // the stream ends
	}
	// The workspace lock is free.
	unlock, err := workspace.Lock(context.Background(), dir, 0)
	if err != nil {
		t.Fatalf("lock after shutdown: %v", err)
	}
	unlock()
}

// TestAPI mounts the views' JSON: the same answers as the CLI's --format
// json (package viewapi tests that byte for byte), behind the same Host
// check, and it follows the plan as it changes.
func TestAPI(t *testing.T) {
	f := start(t, example(t), Options{})
	res, body := f.get("/api/records/ACME-8")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json; charset=utf-8" || res.Header.Get("Content-Security-Policy") != csp {
		t.Fatalf("GET /api/records/ACME-8: %d %v\n%s", res.StatusCode, res.Header, body)
	}
	var rec struct {
		SchemaVersion int `json:"schema_version"`
		Record        struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"record"`
	}
	if err := json.Unmarshal([]byte(body), &rec); err != nil || rec.SchemaVersion == 0 || !strings.Contains(body, `"id": "ACME-8"`) {
		t.Fatalf("%v: %s", err, body)
	}
	if _, out := f.post("/_edit/move", url.Values{"record": {"ACME-8"}, "version": {f.version("ACME-8")}, "status": {"ready"}}); !out.OK {
		t.Fatalf("move: %+v", out)
	}
	_, body = f.get("/api/views/backlog?where=" + url.QueryEscape(`id == "ACME-8"`) + "&columns=id,status")
	if !strings.Contains(body, `"id": "ACME-8"`) || !strings.Contains(body, `"status": "ready"`) {
		t.Errorf("the backlog's JSON after the move:\n%s", body)
	}
	if res, _ := f.get("/api/views/nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown view: %d", res.StatusCode)
	}
	_, port, _ := net.SplitHostPort(f.addr.String())
	if res, _ := f.get("/api", "Host", "evil.example:"+port); res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("the API for a foreign Host: %d", res.StatusCode)
	}
}

// TestRankAndCheck drags a backlog row and ticks criteria: each file
// changes by exactly the line the CLI's rank and check would change.
func TestRankAndCheck(t *testing.T) {
	f := start(t, example(t), Options{})
	const acme10 = "backlog/ACME-10-address-autocomplete.md"
	before := f.read(acme10)
	res, out := f.post("/_edit/rank", url.Values{"record": {"ACME-10"}, "version": {f.version("ACME-10")}, "after": {"ACME-13"}})
	if !out.OK {
		t.Fatalf("rank: %d %+v", res.StatusCode, out)
	}
	after := f.read(acme10)
	rankLine := regexp.MustCompile(`(?m)^rank: .*$`)
	if after == before || rankLine.ReplaceAllString(after, "rank: R") != rankLine.ReplaceAllString(before, "rank: R") {
		t.Errorf("rank did not change the rank line alone:\n%s", cmp.Diff(before, after))
	}
	_, body := f.get("/api/views/backlog?columns=id")
	var backlog struct{ Items []struct{ ID string } }
	if err := json.Unmarshal([]byte(body), &backlog); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range backlog.Items {
		ids = append(ids, it.ID)
	}
	if i := slices.Index(ids, "ACME-13"); i < 0 || i+1 >= len(ids) || ids[i+1] != "ACME-10" {
		t.Errorf("ACME-10 is not right after ACME-13: %v", ids)
	}

	// Tick the third criterion, clear the first: done lists what is ticked.
	res, out = f.post("/_edit/check", url.Values{"record": {"ACME-10"}, "version": {f.version("ACME-10")}, "done": {"2", "3"}})
	if !out.OK || out.Message != "ACME-10: cleared 1, ticked 3 ("+acme10+")" {
		t.Fatalf("check: %d %+v", res.StatusCode, out)
	}
	want := strings.NewReplacer("- [x] Suggestions after three characters", "- [ ] Suggestions after three characters",
		"- [ ] Falls back to manual entry", "- [x] Falls back to manual entry").Replace(after)
	if diff := cmp.Diff(want, f.read(acme10)); diff != "" {
		t.Errorf("criteria (-want +got):\n%s", diff)
	}
	if _, out := f.post("/_edit/check", url.Values{"record": {"ACME-10"}, "version": {out.Version}, "done": {"x"}}); out.OK || out.Message != `done="x" is not the number of a criterion` {
		t.Errorf("done=x: %+v", out)
	}
}

// TestEditOwnWrites: an edit makes one new generation from the workspace
// it checked; the watcher, which hears of the edit's writes, does not read
// the workspace again for them. A change by someone else still is read.
func TestEditOwnWrites(t *testing.T) {
	dir := example(t)
	srv, base := liveServer(t, dir)
	f := &fixture{t: t, dir: dir, srv: srv, url: base, client: &http.Client{}}
	for srv.cur.Load().n == 0 { // the watcher's first reading, once it watches
		time.Sleep(10 * time.Millisecond)
	}
	before := srv.cur.Load().n
	if _, out := f.post("/_edit/move", url.Values{"record": {"ACME-8"}, "version": {f.version("ACME-8")}, "status": {"ready"}}); !out.OK {
		t.Fatalf("move: %+v", out)
	}
	time.Sleep(4 * (maxDebounce + debounce)) // the watcher has heard of the write
	if n := srv.cur.Load().n; n != before+1 {
		t.Errorf("%d generations after one edit, want 1", n-before)
	}
	p := filepath.Join(dir, filepath.FromSlash(acme8))
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), "owner: ana", "owner: ben", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for srv.cur.Load().ws.Find("ACME-8").Meta().Fields["owner"] != "ben" {
		if time.Now().After(deadline) {
			t.Fatal("a change on disk was not read within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestNewBodyPreview adds an item from the backlog page, replaces its text
// and previews Markdown as its page shows it.
func TestNewBodyPreview(t *testing.T) {
	f := start(t, example(t), Options{})
	res, out := f.post("/_edit/new", url.Values{"title": {"Pay with a gift card"}, "type": {"bug"}})
	if !out.OK || out.ID != "ACME-32" || out.URL != "/records/ACME-32.html" || out.Message != "created ACME-32 (backlog/ACME-32-pay-with-a-gift-card.md)" {
		t.Fatalf("new: %d %+v", res.StatusCode, out)
	}
	file := f.read("backlog/ACME-32-pay-with-a-gift-card.md")
	for _, want := range []string{"id: ACME-32\n", "title: Pay with a gift card\n", "type: bug\n", "status: idea\n", "created: 2026-12-02\n"} {
		if !strings.Contains(file, want) {
			t.Errorf("the new file lacks %q:\n%s", want, file)
		}
	}
	if _, out := f.post("/_edit/new", url.Values{"title": {"  "}}); out.OK || out.Message != "give the new item a title" {
		t.Errorf("new without a title: %+v", out)
	}

	res, out = f.post("/_edit/body", url.Values{"record": {"ACME-32"}, "version": {out.Version}, "body": {"Gift cards at checkout.\r\n\r\n## Acceptance criteria\r\n\r\n- [ ] Balance shown\r\n"}})
	if !out.OK || out.Message != "set ACME-32: body (backlog/ACME-32-pay-with-a-gift-card.md)" {
		t.Fatalf("body: %d %+v", res.StatusCode, out)
	}
	file = f.read("backlog/ACME-32-pay-with-a-gift-card.md")
	if !strings.HasSuffix(file, "---\nGift cards at checkout.\n\n## Acceptance criteria\n\n- [ ] Balance shown\n") {
		t.Errorf("the body as written:\n%q", file)
	}

	req, _ := http.NewRequest(http.MethodPost, f.url+"/_preview", strings.NewReader(url.Values{"record": {"ACME-32"}, "body": {"See ACME-8.\n\n<script>alert(1)</script>"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Roadlog-Token", f.srv.token)
	res, html := f.do(req)
	if res.StatusCode != http.StatusOK || !strings.Contains(html, `<a href="../records/ACME-8.html">ACME-8</a>`) || strings.Contains(html, "<script") {
		t.Errorf("preview: %d\n%s", res.StatusCode, html)
	}
}

// liveServer runs a server on dir with its watcher on a real listener,
// until the test ends.
func liveServer(t *testing.T, dir string) (srv *Server, base string) {
	t.Helper()
	srv, err := New(context.Background(), Options{Root: dir, Now: func() time.Time { return fixedNow }, Log: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return srv, "http://" + ln.Addr().String()
}

// eventually waits up to 5 s for cond, and fails the test with what it
// waited for when it does not hold by then.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not within 5 s: %s", what)
		}
	}
}

// statusOf is the status of a record as srv read it last, or "" when it
// has no such record.
func statusOf(srv *Server, id string) string {
	r := srv.cur.Load().ws.Find(id)
	if r == nil {
		return ""
	}
	s, _ := r.Model.RecordMeta().Fields["status"].(string)
	return s
}

// setStatus rewrites a record file's status line, as an editor would.
func setStatus(t *testing.T, file, from, to string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), "status: "+from+"\n", "status: "+to+"\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWatchRecreated follows a record folder moved away and back (as a
// checkout of a branch without it and back does): changes in it are seen
// again, though the folder's first watch went with it.
func TestWatchRecreated(t *testing.T) {
	dir := example(t)
	srv, _ := liveServer(t, dir)
	backlog, away := filepath.Join(dir, "backlog"), filepath.Join(t.TempDir(), "backlog")
	if err := os.Rename(backlog, away); err != nil {
		t.Fatal(err)
	}
	eventually(t, "ACME-8 gone with its folder", func() bool { return statusOf(srv, "ACME-8") == "" })
	if err := os.Rename(away, backlog); err != nil {
		t.Fatal(err)
	}
	eventually(t, "ACME-8 back with its folder", func() bool { return statusOf(srv, "ACME-8") == "idea" && statusOf(srv, "ACME-10") == "review" })
	setStatus(t, filepath.Join(dir, filepath.FromSlash(acme8)), "idea", "ready")
	eventually(t, "ACME-8 ready after an edit in the folder made again", func() bool { return statusOf(srv, "ACME-8") == "ready" })
}

// TestWatchSymlink follows changes in a record folder that is a symlink
// to a folder, which the workspace reads through.
func TestWatchSymlink(t *testing.T) {
	dir := example(t)
	if err := os.Rename(filepath.Join(dir, "backlog"), filepath.Join(dir, "items")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("items", filepath.Join(dir, "backlog")); err != nil {
		t.Fatal(err)
	}
	srv, _ := liveServer(t, dir)
	if got := statusOf(srv, "ACME-8"); got != "idea" {
		t.Fatalf("ACME-8 through the symlink: status %q", got)
	}
	setStatus(t, filepath.Join(dir, "items", filepath.Base(acme8)), "idea", "ready")
	eventually(t, "ACME-8 ready after an edit in the linked folder", func() bool { return statusOf(srv, "ACME-8") == "ready" })
}

// TestBodyCRLF edits the body of a file with CRLF line ends: the file
// keeps them, and the same text posted again (a textarea posts CRLF) is
// no change.
func TestBodyCRLF(t *testing.T) {
	dir := example(t)
	file := filepath.Join(dir, filepath.FromSlash(acme8))
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	crlf := strings.ReplaceAll(string(data), "\n", "\r\n")
	if err := os.WriteFile(file, []byte(crlf), 0o644); err != nil {
		t.Fatal(err)
	}
	f := start(t, dir, Options{})
	version := f.version("ACME-8")
	res, out := f.post("/_edit/body", url.Values{"record": {"ACME-8"}, "version": {version}, "body": {"Offer to save the card, with a password, on the confirmation page.\r\n"}})
	if res.StatusCode != http.StatusOK || out.Message != "ACME-8: nothing changed" || out.Version != version {
		t.Errorf("the same body: %d %+v", res.StatusCode, out)
	}
	res, out = f.post("/_edit/body", url.Values{"record": {"ACME-8"}, "version": {version}, "body": {"Line one.\r\nLine two.\r\n"}})
	if res.StatusCode != http.StatusOK || out.Message != "set ACME-8: body ("+acme8+")" {
		t.Errorf("a new body: %d %+v", res.StatusCode, out)
	}
	want := strings.Replace(crlf, "Offer to save the card, with a password, on the confirmation page.\r\n", "Line one.\r\nLine two.\r\n", 1)
	if diff := cmp.Diff(want, f.read(acme8)); diff != "" {
		t.Errorf("the file (-want +got):\n%s", diff)
	}
}

// TestSetListFile changes a record of a list file (releases.yaml) from
// its page's form: only its own lines change, a value with YAML's special
// characters is quoted, and emptying a required field is refused.
func TestSetListFile(t *testing.T) {
	f := start(t, example(t), Options{})
	before := f.read("releases.yaml")
	_, page := f.get("/records/R-2027.1.html")
	m := regexp.MustCompile(`name="version" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the release's page has no form with a version")
	}
	res, out := f.post("/_edit/set", url.Values{"record": {"R-2027.1"}, "version": {m[1]}, "f.title": {""}, "was.title": {"Spring release"}})
	if res.StatusCode != http.StatusBadRequest || out.OK || out.Message != "--unset title: every record needs one" {
		t.Errorf("title emptied: %d %+v", res.StatusCode, out)
	}
	res, out = f.post("/_edit/set", url.Values{
		"record": {"R-2027.1"}, "version": {m[1]},
		"f.description": {`Wallets: "all" #1`}, "was.description": {"Guest checkout and wallets for every merchant."},
	})
	if res.StatusCode != http.StatusOK || out.Message != `set R-2027.1: description = Wallets: "all" #1 (releases.yaml)` {
		t.Fatalf("set: %d %+v", res.StatusCode, out)
	}
	want := strings.Replace(before, "    description: Guest checkout and wallets for every merchant.\n", "    description: \"Wallets: \\\"all\\\" #1\"\n", 1)
	if diff := cmp.Diff(want, f.read("releases.yaml")); diff != "" {
		t.Errorf("releases.yaml (-want +got):\n%s", diff)
	}
	// The version of another record is not this one's.
	res, out = f.post("/_edit/move", url.Values{"record": {"ACME-8"}, "version": {f.version("ACME-10")}, "status": {"done"}})
	if res.StatusCode != http.StatusConflict || !out.Stale {
		t.Errorf("ACME-8 moved with ACME-10's version: %d %+v", res.StatusCode, out)
	}
}

// TestEventsGone tells an open page that it is gone when its record's
// file is removed, so that it does not go on showing the record.
func TestEventsGone(t *testing.T) {
	dir := example(t)
	srv, base := liveServer(t, dir)
	res, err := http.Get(base + "/records/ACME-8.html")
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	stream, err := http.Get(base + "/_events?path=/records/ACME-8.html&etag=" + strings.Trim(res.Header.Get("ETag"), `"`))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stream.Body.Close() }()
	events := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- data
			}
		}
	}()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(acme8))); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-events:
		if ev != `{"etag":"gone","path":"/records/ACME-8.html"}` {
			t.Errorf("event %s", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no event within 5 s of the record's removal (ACME-8 read as %q)", statusOf(srv, "ACME-8"))
	}
}

// TestSetListRoundTrip shows a list whose items have commas, colons or
// read as numbers so that the value posted back, with an item added,
// gives the same items and the new one.
func TestSetListRoundTrip(t *testing.T) {
	dir := example(t)
	file := filepath.Join(dir, filepath.FromSlash(acme8))
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), "labels: [checkout]", "labels: ['a,b', 'x: y', '12', c]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	f := start(t, dir, Options{})
	_, page := f.get("/records/ACME-8.html")
	m := regexp.MustCompile(`name="f\.labels"[^>]*value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the form has no labels")
	}
	shown := html.UnescapeString(m[1])
	if shown != `"a,b", "x: y", "12", c` {
		t.Errorf("labels shown as %s", shown)
	}
	res, out := f.post("/_edit/set", url.Values{"record": {"ACME-8"}, "version": {f.version("ACME-8")}, "f.labels": {shown + ", d"}, "was.labels": {shown}})
	if res.StatusCode != http.StatusOK || !out.OK {
		t.Fatalf("set: %d %+v", res.StatusCode, out)
	}
	if got := f.read(acme8); !strings.Contains(got, "\nlabels: ['a,b', \"x: y\", \"12\", c, d]\n") {
		t.Errorf("the file:\n%s", got)
	}
}
