package viewapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/examples"
	"github.com/roadlog/roadlog/pkg/cli"
	"github.com/roadlog/roadlog/pkg/cmd/root"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/people"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/viewapi"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/pflag"
)

// day is "today" for the CLI (SOURCE_DATE_EPOCH) and the API alike: the
// sample's ACME item due 2026-12-05 is overdue on it.
var day = time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)

// fixture is the sample workspace in a folder, as the CLI and the API see
// it.
type fixture struct {
	dir string
	ws  *workspace.Workspace
}

// newFixture writes the sample workspace to a folder and fixes what the
// CLI reads from the environment: the day and the user's Git email (ben).
func newFixture(t *testing.T) *fixture {
	t.Helper()
	t.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(day.Unix(), 10))
	t.Setenv("GIT_AUTHOR_EMAIL", "ben@acme.example")
	t.Setenv("NO_COLOR", "1")
	dir := t.TempDir()
	sub, err := fs.Sub(examples.FS, examples.Default)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	f := &fixture{dir: dir}
	// An archived item, which the views leave out unless archived is asked for.
	if _, stderr, code := f.cli(t, "archive", archived); code != 0 {
		t.Fatalf("roadlog archive %s: %s", archived, stderr)
	}
	ws, err := workspace.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	f.ws = ws
	return f
}

// archived is the item the fixture archives: a closed one.
const archived = "ACME-11"

// me is who the user is, as the CLI finds it: the person with the Git
// email.
func (f *fixture) me(ctx context.Context) (string, error) {
	email, err := gitx.UserEmail(ctx, f.dir)
	if err != nil {
		return "", err
	}
	return people.Me(f.ws.Config, email)
}

// handler is the API over the fixture's plan as of planDay.
func (f *fixture) handler(planDay time.Time, opts ...viewapi.Option) http.Handler {
	p := plan.New(f.ws, planDay)
	return viewapi.Handler(func(context.Context) (*plan.Plan, error) { return p, nil }, func() time.Time { return day }, opts...)
}

// cli runs roadlog in the fixture's folder, as a user would.
func (f *fixture) cli(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	code = cli.Main(cmdutil.Build{Version: "test"}, append([]string{"-C", f.dir, "--no-cache"}, args...), ios)
	return out.String(), errOut.String(), code
}

// get answers a request of the handler.
func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequestWithContext(t.Context(), method, target, nil))
	return w
}

// q encodes query parameters given as name, value, name, value…
func q(pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return "?" + v.Encode()
}

const contentType = "application/json; charset=utf-8"

// TestSameAsCLI: each endpoint answers with exactly the bytes the CLI
// writes for the same view and flags with --format json.
func TestSameAsCLI(t *testing.T) {
	f := newFixture(t)
	h := f.handler(day, viewapi.WithMe(f.me))
	for _, tc := range []struct {
		target string
		args   []string
	}{
		{"/api/views/backlog", []string{"backlog"}},
		{"/api/views/backlog?all=1&archived=true", []string{"backlog", "--all", "--archived"}},
		{"/api/views/backlog?archived", []string{"backlog", "--archived"}},
		{"/api/views/backlog?all=true&archived=false", []string{"backlog", "--all"}},
		{
			"/api/views/backlog" + q("where", `status == "ready"`, "sort", "-score", "limit", "2", "columns", "id,title,score"),
			[]string{"backlog", "--where", `status == "ready"`, "--sort", "-score", "--limit", "2", "--columns", "id,title,score"},
		},
		{"/api/views/backlog" + q("columns", ","), []string{"backlog", "--columns", ","}},
		{"/api/views/backlog" + q("columns", ""), []string{"backlog", "--columns", ""}},
		{"/api/views/backlog" + q("where", "overdue", "all", "0"), []string{"backlog", "--where", "overdue"}},
		{"/api/views/backlog?mine", []string{"backlog", "--mine"}},
		{"/api/views/backlog" + q("mine", "true", "where", `type == "story"`), []string{"backlog", "--mine", "--where", `type == "story"`}},
		{"/api/views/board", []string{"board"}},
		{"/api/views/board?archived=1", []string{"board", "--archived"}},
		{"/api/views/board" + q("columns", "id,owner", "limit", "1"), []string{"board", "--columns", "id,owner", "--limit", "1"}},
		{"/api/views/board" + q("where", `owner == "ana"`, "sort", "id"), []string{"board", "--where", `owner == "ana"`, "--sort", "id"}},
		{"/api/views/list/items", []string{"list", "items"}},
		{"/api/views/list/items?archived=t", []string{"list", "items", "--archived"}},
		{"/api/views/list/item", []string{"list", "item"}},
		{"/api/views/list/themes", []string{"list", "themes"}},
		{"/api/views/list/initiatives" + q("columns", "id,progress"), []string{"list", "initiatives", "--columns", "id,progress"}},
		{"/api/views/list/objectives", []string{"list", "objectives"}},
		{"/api/views/list/key-results" + q("where", "progress > 0.3"), []string{"list", "key-results", "--where", "progress > 0.3"}},
		{"/api/views/list/releases", []string{"list", "releases"}},
		{"/api/views/list/risks" + q("sort", "-exposure", "limit", "2"), []string{"list", "risks", "--sort", "-exposure", "--limit", "2"}},
		{"/api/views/list/insights", []string{"list", "insights"}},
		{"/api/views/list/decisions", []string{"list", "decisions"}},
		{"/api/views/list/personas", []string{"list", "personas"}},
		{"/api/views/objectives", []string{"objectives"}},
		{"/api/views/objectives" + q("where", `owner == "ana"`, "limit", "1"), []string{"objectives", "--where", `owner == "ana"`, "--limit", "1"}},
		{"/api/views/people", []string{"people"}},
		{"/api/views/people" + q("where", "open > 0", "sort", "-open", "columns", "id,open"), []string{"people", "--where", "open > 0", "--sort", "-open", "--columns", "id,open"}},
		{"/api/views/people?mine=1", []string{"people", "--mine"}},
		{"/api/views/roadmap", []string{"roadmap"}},
		{"/api/views/roadmap?by=quarter", []string{"roadmap", "--by", "quarter"}},
		{"/api/views/roadmap?by=theme", []string{"roadmap", "--by", "theme"}},
		{"/api/views/roadmap" + q("by", "quarter", "columns", "id,owner"), []string{"roadmap", "--by", "quarter", "--columns", "id,owner"}},
		{"/api/views/roadmap" + q("by", "theme", "columns", "id", "where", `status != "done"`), []string{"roadmap", "--by", "theme", "--columns", "id", "--where", `status != "done"`}},
		{"/api/views/roadmap" + q("columns", "id,title", "sort", "-progress"), []string{"roadmap", "--columns", "id,title", "--sort", "-progress"}},
		{"/api/views/stats", []string{"stats"}},
		{"/api/views/stats" + q("where", `status == "ready"`, "archived", "1"), []string{"stats", "--where", `status == "ready"`, "--archived"}},
		{"/api/views/stats?mine=true", []string{"stats", "--mine"}},
		{"/api/records/ACME-12", []string{"show", "ACME-12"}},
		{"/api/records/INIT-2", []string{"show", "INIT-2"}},
		{"/api/records/OBJ-1", []string{"show", "OBJ-1"}},
		{"/api/records/KR-1", []string{"show", "KR-1"}},
		{"/api/records/R-2027.1", []string{"show", "R-2027.1"}},
		{"/api/records/RISK-1", []string{"show", "RISK-1"}},
		{"/api/records/INS-1", []string{"show", "INS-1"}},
		{"/api/records/DEC-1", []string{"show", "DEC-1"}},
	} {
		t.Run(tc.target, func(t *testing.T) {
			want, stderr, code := f.cli(t, append(tc.args, "--format", "json")...)
			if code != 0 || !strings.HasPrefix(want, "{\n  \"schema_version\": 1,\n") {
				t.Fatalf("roadlog %s: exit %d, stderr %q, stdout %q", strings.Join(tc.args, " "), code, stderr, want)
			}
			w := get(t, h, http.MethodGet, tc.target)
			if w.Code != http.StatusOK || w.Header().Get("Content-Type") != contentType {
				t.Errorf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
			}
			if diff := cmp.Diff(want, w.Body.String()); diff != "" {
				t.Errorf("body differs from roadlog %s --format json (-cli +api)\n%s", strings.Join(tc.args, " "), diff)
			}
		})
	}
}

// TestArchived: archived asks for what the views leave out otherwise, so
// the cases of [TestSameAsCLI] with it tell something.
func TestArchived(t *testing.T) {
	f := newFixture(t)
	h := f.handler(day)
	quoted := `"id": "` + archived + `"`
	for _, path := range []string{"/api/views/backlog?all=1", "/api/views/board", "/api/views/list/items"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		without := get(t, h, http.MethodGet, path).Body.String()
		with := get(t, h, http.MethodGet, path+sep+"archived=1").Body.String()
		if strings.Contains(without, quoted) || !strings.Contains(with, quoted) {
			t.Errorf("%s: %s is in it %v, with archived=1 %v", path, archived, strings.Contains(without, quoted), strings.Contains(with, quoted))
		}
	}
}

// errorBody is the body of an error answer with msg.
func errorBody(t *testing.T, msg string) string {
	t.Helper()
	b, err := json.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	return "{\n  \"error\": " + string(b) + "\n}\n"
}

// TestErrorsAsCLI: a mistake the CLI also finds gets the CLI's message, as
// a 400 (bad flag value) or a 404 (unknown kind or ID).
func TestErrorsAsCLI(t *testing.T) {
	f := newFixture(t)
	h := f.handler(day)
	for _, tc := range []struct {
		target string
		status int
		args   []string
		msg    string
	}{
		{
			"/api/views/backlog" + q("where", "status =="), 400,
			[]string{"backlog", "--where", "status =="},
			"--where: column 9: unexpected token EOF",
		},
		{
			"/api/views/backlog" + q("sort", "nope"), 400,
			[]string{"backlog", "--sort", "nope"},
			`--sort: unknown field "nope"`,
		},
		{
			"/api/views/board" + q("columns", "id,titel"), 400,
			[]string{"board", "--columns", "id,titel"},
			`--columns: unknown field "titel"; did you mean "title"?`,
		},
		{
			"/api/views/backlog?limit=-1", 400,
			[]string{"backlog", "--limit", "-1"},
			"--limit: -1 is negative; give 0 for all, or a positive number",
		},
		{
			"/api/views/roadmap?by=month", 400,
			[]string{"roadmap", "--by", "month"},
			`--by: unknown grouping "month"; use one of: horizon, quarter, theme`,
		},
		{
			"/api/views/roadmap?by=", 400,
			[]string{"roadmap", "--by", ""},
			`--by: unknown grouping ""; use one of: horizon, quarter, theme`,
		},
		{
			"/api/views/people?columns=mail", 400,
			[]string{"people", "--columns", "mail"},
			`--columns: unknown field "mail"; did you mean "email"?`,
		},
		{
			"/api/views/list/riks", 404,
			[]string{"list", "riks"},
			`unknown kind "riks"; did you mean "risks"?`,
		},
		{
			"/api/records/ACEM-12", 404,
			[]string{"show", "ACEM-12"},
			`no record has the ID "ACEM-12"; did you mean "ACME-12"?`,
		},
		{
			"/api/records/ACME-999", 404,
			[]string{"show", "ACME-999"},
			"no record has the ID \"ACME-999\"; list IDs with `roadlog list KIND`",
		},
	} {
		t.Run(tc.target, func(t *testing.T) {
			_, stderr, code := f.cli(t, append(tc.args, "--format", "json")...)
			if code != 2 || stderr != "roadlog: "+tc.msg+"\n" {
				t.Errorf("roadlog %s: exit %d, stderr %q; want 2 and %q", strings.Join(tc.args, " "), code, stderr, "roadlog: "+tc.msg+"\n")
			}
			w := get(t, h, http.MethodGet, tc.target)
			if w.Code != tc.status || w.Header().Get("Content-Type") != contentType {
				t.Errorf("status %d, Content-Type %q; want %d", w.Code, w.Header().Get("Content-Type"), tc.status)
			}
			if diff := cmp.Diff(errorBody(t, tc.msg), w.Body.String()); diff != "" {
				t.Errorf("body (-want +got)\n%s", diff)
			}
		})
	}
}

// TestErrors: mistakes only a request can make, a method other than GET,
// and paths that are no endpoint.
func TestErrors(t *testing.T) {
	f := newFixture(t)
	h := f.handler(day)
	failing := f.handler(day, viewapi.WithMe(func(context.Context) (string, error) {
		return "", errors.New("no one under people: in roadlog.yaml has the email zed@x.example (your Git email)")
	}))
	for _, tc := range []struct {
		h      http.Handler
		method string
		target string
		status int
		msg    string
	}{
		{h, "GET", "/api/views/backlgo", 404, `unknown view "backlgo"; did you mean "backlog"?`},
		{h, "GET", "/api/views/x", 404, `unknown view "x"; use one of: backlog, board, list, objectives, people, roadmap, stats`},
		{h, "GET", "/api/views/list", 404, "the list view needs a kind: /api/views/list/{kind}, one of: items, themes, initiatives, objectives, key-results, releases, risks, insights, decisions, personas"},
		{h, "GET", "/api/views/backlog?wher=x", 400, `unknown parameter "wher"; did you mean "where"? (the parameters of backlog)`},
		{h, "GET", "/api/views/objectives?columns=id", 400, `unknown parameter "columns"; use one of: where, sort, limit, mine (the parameters of objectives)`},
		{h, "GET", "/api/views/backlog?format=csv", 400, `unknown parameter "format"; use one of: where, sort, columns, limit, mine, all, archived (the parameters of backlog)`},
		{h, "GET", "/api/views/backlog?where=a&where=b", 400, `parameter "where" is given more than once`},
		{h, "GET", "/api/views/backlog?limit=ten", 400, `--limit: "ten" is not a whole number; give 0 for all, or a positive number`},
		{h, "GET", "/api/views/backlog?all=maybe", 400, `--all: "maybe" is not a boolean; give true or false`},
		{h, "GET", "/api/views/backlog?where=%zz", 400, `bad query: invalid URL escape "%zz"`},
		{h, "GET", "/api/views/backlog?mine=1", 400, "--where: me() is not available here"},
		{h, "GET", "/api/views/people?mine=1", 400, "--where: me() is not available here"},
		{failing, "GET", "/api/views/board?mine=1", 400, "no one under people: in roadlog.yaml has the email zed@x.example (your Git email)"},
		{h, "GET", "/api/records/ACME-12?format=text", 400, "a record takes no parameters (roadlog show has no view flags)"},
		{h, "GET", "/api?x=1", 400, "the index takes no parameters"},
		{h, "GET", "/api/nope", 404, `no endpoint "/api/nope"; GET /api lists them`},
		{h, "GET", "/api/views/backlog/", 404, `no endpoint "/api/views/backlog/"; GET /api lists them`},
		{h, "GET", "/api/records/", 404, `no endpoint "/api/records/"; GET /api lists them`},
		{h, "POST", "/api/views/backlog", 405, "method POST is not allowed; use GET"},
		{h, "DELETE", "/api/records/ACME-12", 405, "method DELETE is not allowed; use GET"},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			w := get(t, tc.h, tc.method, tc.target)
			if w.Code != tc.status || w.Header().Get("Content-Type") != contentType {
				t.Errorf("status %d, Content-Type %q; want %d", w.Code, w.Header().Get("Content-Type"), tc.status)
			}
			if allow := w.Header().Get("Allow"); (tc.status == 405) != (allow == "GET, HEAD") {
				t.Errorf("Allow: %q", allow)
			}
			if diff := cmp.Diff(errorBody(t, tc.msg), w.Body.String()); diff != "" {
				t.Errorf("body (-want +got)\n%s", diff)
			}
		})
	}
}

// TestPlanFails: a plan that cannot be had is the server's failure, 500,
// with the reason.
func TestPlanFails(t *testing.T) {
	h := viewapi.Handler(func(context.Context) (*plan.Plan, error) {
		return nil, errors.New("read roadlog.yaml: permission denied")
	}, func() time.Time { return day })
	for _, target := range []string{"/api/views/stats", "/api/records/ACME-1"} {
		w := get(t, h, http.MethodGet, target)
		if w.Code != 500 || w.Body.String() != errorBody(t, "read roadlog.yaml: permission denied") {
			t.Errorf("%s: %d %q", target, w.Code, w.Body.String())
		}
	}
}

// TestHead: HEAD answers as GET does, without the body, through a server
// that mounts the API as the package documentation says.
func TestHead(t *testing.T) {
	f := newFixture(t)
	h := f.handler(day)
	mux := http.NewServeMux()
	mux.Handle("/api", h)
	mux.Handle("/api/", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	index, err := srv.Client().Get(srv.URL + "/api")
	if err != nil {
		t.Fatal(err)
	}
	_ = index.Body.Close()
	if index.StatusCode != 200 || index.Request.URL.Path != "/api" {
		t.Errorf("GET /api through the server: %d at %s", index.StatusCode, index.Request.URL.Path)
	}
	getResp, err := srv.Client().Get(srv.URL + "/api/views/board")
	if err != nil {
		t.Fatal(err)
	}
	_ = getResp.Body.Close()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodHead, srv.URL+"/api/views/board", nil)
	if err != nil {
		t.Fatal(err)
	}
	head, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = head.Body.Close()
	if head.StatusCode != 200 || head.ContentLength != getResp.ContentLength || getResp.ContentLength <= 0 ||
		head.Header.Get("Content-Type") != contentType {
		t.Errorf("HEAD: %d, length %d (GET: %d), %q", head.StatusCode, head.ContentLength, getResp.ContentLength, head.Header.Get("Content-Type"))
	}
}

// TestStalePlan: a plan the server made on an earlier day answers as the
// CLI does today: the item due 2026-12-05 is overdue on the 10th, not on
// the 1st.
func TestStalePlan(t *testing.T) {
	f := newFixture(t)
	want, _, _ := f.cli(t, "backlog", "--where", "overdue", "--columns", "id", "--format", "json")
	if !strings.Contains(want, `"id": "`) {
		t.Fatalf("no overdue item in the sample today: %s", want)
	}
	h := f.handler(day.AddDate(0, 0, -9))
	for range 2 { // derived once, then kept
		w := get(t, h, http.MethodGet, "/api/views/backlog?columns=id&where=overdue")
		if diff := cmp.Diff(want, w.Body.String()); diff != "" {
			t.Errorf("(-cli +api)\n%s", diff)
		}
	}
}

// TestConcurrent: requests in parallel on a plan of another day share
// the plan derived for today, and each gets the whole answer.
func TestConcurrent(t *testing.T) {
	f := newFixture(t)
	want, _, _ := f.cli(t, "board", "--format", "json")
	h := f.handler(day.AddDate(0, 0, -1))
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Go(func() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/api/views/board", nil))
			bodies[i] = w.Body.String()
		})
	}
	wg.Wait()
	for i, b := range bodies {
		if b != want {
			t.Errorf("request %d: %q", i, b)
		}
	}
}

// TestParametersAreFlags: a view takes as parameters the flags of its
// command that select or shape records, no more and no fewer; --format
// and the scripting flags (--json, --jq, --template) are the API's own
// business.
func TestParametersAreFlags(t *testing.T) {
	f := newFixture(t)
	var index struct {
		Views []struct {
			Name       string   `json:"name"`
			Parameters []string `json:"parameters"`
		} `json:"views"`
	}
	if err := json.Unmarshal(get(t, f.handler(day), http.MethodGet, "/api").Body.Bytes(), &index); err != nil {
		t.Fatal(err)
	}
	ios, _, _, _ := iostreams.Test()
	rootCmd := root.NewCmd(cmdutil.New(ios, cmdutil.Build{}))
	if len(index.Views) != 7 {
		t.Fatalf("views: %v", index.Views)
	}
	for _, v := range index.Views {
		cmd, _, err := rootCmd.Find([]string{v.Name})
		if err != nil || cmd.Name() != v.Name {
			t.Fatalf("no command %s: %v", v.Name, err)
		}
		var flags []string
		cmd.LocalNonPersistentFlags().VisitAll(func(fl *pflag.Flag) {
			if !slices.Contains([]string{"format", "json", "jq", "template", "help"}, fl.Name) {
				flags = append(flags, fl.Name)
			}
		})
		params := slices.Clone(v.Parameters)
		slices.Sort(params)
		slices.Sort(flags)
		if diff := cmp.Diff(flags, params); diff != "" {
			t.Errorf("%s: parameters (-flags +params)\n%s", v.Name, diff)
		}
	}
}

// TestIndex: GET /api lists the views with their paths and parameters,
// the records' endpoint, the kinds and what each parameter does.
func TestIndex(t *testing.T) {
	f := newFixture(t)
	w := get(t, f.handler(day), http.MethodGet, "/api")
	if w.Code != 200 || w.Header().Get("Content-Type") != contentType {
		t.Errorf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if diff := cmp.Diff(wantIndex, w.Body.String()); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if w2 := get(t, f.handler(day), http.MethodGet, "/api/"); w2.Body.String() != w.Body.String() {
		t.Errorf("/api/ answers otherwise than /api: %s", w2.Body.String())
	}
}

const wantIndex = `{
  "schema_version": 1,
  "views": [
    {
      "name": "backlog",
      "path": "/api/views/backlog",
      "cli": "roadlog backlog --format json",
      "parameters": [
        "where",
        "sort",
        "columns",
        "limit",
        "mine",
        "all",
        "archived"
      ]
    },
    {
      "name": "board",
      "path": "/api/views/board",
      "cli": "roadlog board --format json",
      "parameters": [
        "where",
        "sort",
        "columns",
        "limit",
        "mine",
        "archived"
      ]
    },
    {
      "name": "list",
      "path": "/api/views/list/{kind}",
      "cli": "roadlog list KIND --format json",
      "parameters": [
        "where",
        "sort",
        "columns",
        "limit",
        "mine",
        "archived"
      ]
    },
    {
      "name": "objectives",
      "path": "/api/views/objectives",
      "cli": "roadlog objectives --format json",
      "parameters": [
        "where",
        "sort",
        "limit",
        "mine"
      ]
    },
    {
      "name": "people",
      "path": "/api/views/people",
      "cli": "roadlog people --format json",
      "parameters": [
        "where",
        "sort",
        "columns",
        "limit",
        "mine"
      ]
    },
    {
      "name": "roadmap",
      "path": "/api/views/roadmap",
      "cli": "roadlog roadmap --format json",
      "parameters": [
        "where",
        "sort",
        "columns",
        "limit",
        "mine",
        "by"
      ]
    },
    {
      "name": "stats",
      "path": "/api/views/stats",
      "cli": "roadlog stats --format json",
      "parameters": [
        "where",
        "mine",
        "archived"
      ]
    }
  ],
  "records": {
    "path": "/api/records/{id}",
    "cli": "roadlog show ID --format json"
  },
  "kinds": [
    "items",
    "themes",
    "initiatives",
    "objectives",
    "key-results",
    "releases",
    "risks",
    "insights",
    "decisions",
    "personas"
  ],
  "parameters": {
    "all": "closed items too (--all)",
    "archived": "archived items too (--archived)",
    "by": "group by horizon, quarter or theme (--by)",
    "columns": "these fields, comma-separated, as the keys of each record (--columns)",
    "limit": "at most this many records, 0 for all (--limit)",
    "mine": "only what the user owns (--mine)",
    "sort": "sort by these fields, comma-separated; -field for descending (--sort)",
    "where": "keep the records for which this expression is true (--where; roadlog help expressions)"
  }
}
`
