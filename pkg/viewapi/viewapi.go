// Package viewapi is roadlog's JSON API of the views and of show, for a
// server to mount: each endpoint answers with exactly the bytes the CLI
// writes for the same view, flags and plan with --format json, because
// both select through pkg/view.
//
// Endpoints (GET or HEAD; anything else is 405):
//
//	GET /api                      an index of the endpoints, views and parameters
//	GET /api/views/backlog        roadlog backlog --format json
//	GET /api/views/board          roadlog board --format json
//	GET /api/views/list/{kind}    roadlog list KIND --format json (kind: items, initiatives, …, singular or plural)
//	GET /api/views/objectives     roadlog objectives --format json
//	GET /api/views/people         roadlog people --format json
//	GET /api/views/roadmap        roadlog roadmap --format json
//	GET /api/views/stats          roadlog stats --format json
//	GET /api/records/{id}         roadlog show ID --format json
//
// A view takes the query parameters of the flags its command has, and no
// others: where, sort, columns (comma-separated), limit, and mine, all,
// archived, by where the command has them (the index lists them view by
// view). Values are URL-encoded as usual:
//
//	GET /api/views/backlog?where=status%20%3D%3D%20%22ready%22&sort=-score&limit=5
//
// answers as `roadlog backlog --where 'status == "ready"' --sort -score
// --limit 5 --format json` does. columns= (empty) is no --columns, and
// columns=, is --columns , (the default columns, as the keys of each
// record). A boolean takes true or false (1 or 0, as strconv.ParseBool
// reads them), or no value: ?all is ?all=true. me() and mine are the user
// given by [WithMe]; without it they are a bad request.
//
// Every answer is JSON with Content-Type application/json;
// charset=utf-8, Cache-Control no-cache and X-Content-Type-Options
// nosniff. A view, a record and the index start with schema_version, as
// the CLI's JSON does. An error is {"error": "…"}; for a mistake the CLI
// also finds, the message is the one it prints after "roadlog: ":
//
//   - 400: a bad where, sort, columns, limit or by (`--where: …`, named
//     after the flag as the CLI names it), a parameter the view does not
//     take or one given twice, or a me() that cannot be answered;
//   - 404: an unknown view, kind or record ID (with the CLI's "did you
//     mean"), or a path that is no endpoint;
//   - 405: a method other than GET or HEAD (with an Allow header);
//   - 500: the plan could not be had ([Handler]'s current failed).
//
// The handler routes on the whole path, /api included: a server mounts it
// for "/api" and "/api/" without stripping the prefix, e.g.
// mux.Handle("/api", h) and mux.Handle("/api/", h).
package viewapi

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/view"
)

// An Option changes what [Handler] answers.
type Option func(*handler)

// WithMe makes me() in where, and mine, the person me returns: what the
// CLI's --mine and me() take from the Git email (an error from me is a
// bad request, with its message).
func WithMe(me func(context.Context) (string, error)) Option {
	return func(h *handler) { h.me = me }
}

// Handler returns the API (see the package documentation). current
// returns the plan to answer from, as the server keeps it; it is called
// once a request. now gives the day the views count from (overdue,
// today): a plan made on another day is derived again as of now, once a
// day and plan, so that an answer is what the CLI would write now.
func Handler(current func(context.Context) (*plan.Plan, error), now func() time.Time, opts ...Option) http.Handler {
	h := &handler{current: current, now: now}
	for _, o := range opts {
		o(h)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api", h.index)
	mux.HandleFunc("/api/{$}", h.index)
	mux.HandleFunc("/api/views/{name}", h.view)
	mux.HandleFunc("/api/views/list/{kind}", h.list)
	mux.HandleFunc("/api/records/{id}", h.record)
	mux.HandleFunc("/api/", h.notFound)
	h.mux = mux
	return h
}

type handler struct {
	current func(context.Context) (*plan.Plan, error)
	now     func() time.Time
	me      func(context.Context) (string, error)
	mux     *http.ServeMux

	mu    sync.Mutex
	src   *plan.Plan // the plan current returned that dated was derived from
	dated *plan.Plan
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" is not allowed; use GET")
		return
	}
	h.mux.ServeHTTP(w, r)
}

// plan returns the current plan as of today.
func (h *handler) plan(ctx context.Context) (*plan.Plan, error) {
	p, err := h.current(ctx)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, errors.New("no plan to answer from")
	}
	now := h.now()
	today := now.UTC().Format(time.DateOnly)
	if p.Today == today {
		return p, nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.src != p || h.dated.Today != today {
		h.src, h.dated = p, plan.New(p.WS, now)
	}
	return h.dated, nil
}

// A param is a query parameter of a view: the flag of the same name.
type param struct {
	name string
	does string
}

// The parameters, in the order the index lists them.
var (
	pWhere    = param{"where", "keep the records for which this expression is true (--where; roadlog help expressions)"}
	pSort     = param{"sort", "sort by these fields, comma-separated; -field for descending (--sort)"}
	pColumns  = param{"columns", "these fields, comma-separated, as the keys of each record (--columns)"}
	pLimit    = param{"limit", "at most this many records, 0 for all (--limit)"}
	pMine     = param{"mine", "only what the user owns (--mine)"}
	pAll      = param{"all", "closed items too (--all)"}
	pArchived = param{"archived", "archived items too (--archived)"}
	pBy       = param{"by", "group by horizon, quarter or theme (--by)"}
)

// A viewDef is a view the API serves: its command's name, the parameters
// of the command's flags, and its JSON.
type viewDef struct {
	name   string
	params []param
	mine   string // the field --mine compares with me()
	json   func(p *plan.Plan, kind model.Kind, o view.Options) (any, error)
}

// views are the views by name, as the CLI has them.
var views = []viewDef{
	{"backlog", []param{pWhere, pSort, pColumns, pLimit, pMine, pAll, pArchived}, "owner", func(p *plan.Plan, _ model.Kind, o view.Options) (any, error) {
		t, err := view.SelectBacklog(p, o)
		return body(t, err)
	}},
	{"board", []param{pWhere, pSort, pColumns, pLimit, pMine, pArchived}, "owner", func(p *plan.Plan, _ model.Kind, o view.Options) (any, error) {
		b, err := view.SelectBoard(p, o)
		return body(b, err)
	}},
	{"list", []param{pWhere, pSort, pColumns, pLimit, pMine, pArchived}, "owner", func(p *plan.Plan, k model.Kind, o view.Options) (any, error) {
		t, err := view.SelectList(p, k, o)
		return body(t, err)
	}},
	{"objectives", []param{pWhere, pSort, pLimit, pMine}, "owner", func(p *plan.Plan, _ model.Kind, o view.Options) (any, error) {
		v, err := view.SelectObjectives(p, o)
		return body(v, err)
	}},
	{"people", []param{pWhere, pSort, pColumns, pLimit, pMine}, "id", func(p *plan.Plan, _ model.Kind, o view.Options) (any, error) {
		v, err := view.SelectPeople(p, o)
		return body(v, err)
	}},
	{"roadmap", []param{pWhere, pSort, pColumns, pLimit, pMine, pBy}, "owner", func(p *plan.Plan, _ model.Kind, o view.Options) (any, error) {
		m, err := view.SelectRoadmap(p, o)
		return body(m, err)
	}},
	{"stats", []param{pWhere, pMine, pArchived}, "owner", func(p *plan.Plan, _ model.Kind, o view.Options) (any, error) {
		return view.SelectStats(p, o)
	}},
}

// body is the JSON of a selected view, or its error.
func body[V interface{ JSON() any }](v V, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v.JSON(), nil
}

func viewNames() []string {
	names := make([]string, len(views))
	for i, v := range views {
		names[i] = v.name
	}
	return names
}

func findView(name string) *viewDef {
	for i := range views {
		if views[i].name == name {
			return &views[i]
		}
	}
	return nil
}

func (h *handler) view(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	v := findView(name)
	switch {
	case v == nil:
		writeError(w, http.StatusNotFound, suggest.Unknown("view", name, viewNames()))
	case name == "list":
		writeError(w, http.StatusNotFound, "the list view needs a kind: /api/views/list/{kind}, one of: "+strings.Join(model.PluralNames(), ", "))
	default:
		h.serveView(w, r, v, "")
	}
}

func (h *handler) list(w http.ResponseWriter, r *http.Request) {
	arg := r.PathValue("kind")
	k, ok := model.ParseKind(arg)
	if !ok {
		writeError(w, http.StatusNotFound, suggest.Unknown("kind", arg, model.PluralNames()))
		return
	}
	h.serveView(w, r, findView("list"), k)
}

// badRequest is a mistake in the request that is not one in a view flag.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

// meError is an error of [WithMe]'s function: who the user is could not be
// found out, which only a request for me() asks.
type meError struct{ err error }

func (e *meError) Error() string { return e.err.Error() }
func (e *meError) Unwrap() error { return e.err }

func (h *handler) serveView(w http.ResponseWriter, r *http.Request, v *viewDef, k model.Kind) {
	o, err := h.options(r, v)
	if err != nil {
		writeErr(w, err)
		return
	}
	p, err := h.plan(r.Context())
	if err != nil {
		writeErr(w, err)
		return
	}
	b, err := v.json(p, k, o)
	if err != nil {
		writeErr(w, err)
		return
	}
	writeBody(w, b)
}

// options reads the query parameters of view v as its command reads its
// flags.
func (h *handler) options(r *http.Request, v *viewDef) (view.Options, error) {
	var o view.Options
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return o, &badRequest{"bad query: " + err.Error()}
	}
	var names []string
	for _, p := range v.params {
		names = append(names, p.name)
	}
	mine := false
	for _, key := range slices.Sorted(maps.Keys(values)) {
		if !slices.Contains(names, key) {
			return o, &badRequest{suggest.Unknown("parameter", key, names) + " (the parameters of " + v.name + ")"}
		}
		if len(values[key]) > 1 {
			return o, &badRequest{"parameter " + strconv.Quote(key) + " is given more than once"}
		}
		val := values[key][0]
		switch key {
		case "where":
			o.Where = val
		case "sort":
			o.Sort = val
		case "columns":
			o.Columns = view.SplitColumns(val)
		case "limit":
			n, err := strconv.Atoi(val)
			if err != nil {
				return o, &badRequest{"--limit: " + strconv.Quote(val) + " is not a whole number; give 0 for all, or a positive number"}
			}
			if err := view.CheckLimit(n); err != nil {
				return o, err
			}
			o.Limit = n
		case "by":
			if val == "" { // as --by "": no grouping has no name
				return o, &badRequest{"--by: " + suggest.Unknown("grouping", val, view.Groupings)}
			}
			o.By = val
		default: // the booleans
			b := true
			if val != "" {
				if b, err = strconv.ParseBool(val); err != nil {
					return o, &badRequest{"--" + key + ": " + strconv.Quote(val) + " is not a boolean; give true or false"}
				}
			}
			switch key {
			case "mine":
				mine = b
			case "all":
				o.All = b
			case "archived":
				o.Archived = b
			}
		}
	}
	if mine {
		o.Where = view.Mine(o.Where, v.mine)
	}
	if h.me != nil {
		ctx := r.Context()
		o.Me = func() (string, error) {
			id, err := h.me(ctx)
			if err != nil {
				return "", &meError{err}
			}
			return id, nil
		}
	}
	return o, nil
}

func (h *handler) record(w http.ResponseWriter, r *http.Request) {
	if r.URL.RawQuery != "" {
		writeError(w, http.StatusBadRequest, "a record takes no parameters (roadlog show has no view flags)")
		return
	}
	p, err := h.plan(r.Context())
	if err != nil {
		writeErr(w, err)
		return
	}
	rec, err := view.Find(p, r.PathValue("id"))
	if err != nil {
		writeErr(w, err)
		return
	}
	writeBody(w, view.NewDetail(p, rec, p.ReferenceGroups(rec)))
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "no endpoint "+strconv.Quote(r.URL.Path)+"; GET /api lists them")
}

type indexJSON struct {
	Views      []indexView       `json:"views"`
	Records    indexEndpoint     `json:"records"`
	Kinds      []string          `json:"kinds"`
	Parameters map[string]string `json:"parameters"`
}

type indexView struct {
	Name       string   `json:"name"`
	Path       string   `json:"path"`
	CLI        string   `json:"cli"`
	Parameters []string `json:"parameters"`
}

type indexEndpoint struct {
	Path string `json:"path"`
	CLI  string `json:"cli"`
}

func (h *handler) index(w http.ResponseWriter, r *http.Request) {
	if r.URL.RawQuery != "" {
		writeError(w, http.StatusBadRequest, "the index takes no parameters")
		return
	}
	out := indexJSON{
		Records:    indexEndpoint{Path: "/api/records/{id}", CLI: "roadlog show ID --format json"},
		Kinds:      model.PluralNames(),
		Parameters: map[string]string{},
	}
	for _, v := range views {
		iv := indexView{Name: v.name, Path: "/api/views/" + v.name, CLI: "roadlog " + v.name + " --format json", Parameters: []string{}}
		if v.name == "list" {
			iv.Path += "/{kind}"
			iv.CLI = "roadlog list KIND --format json"
		}
		for _, p := range v.params {
			iv.Parameters = append(iv.Parameters, p.name)
			out.Parameters[p.name] = p.does
		}
		out.Views = append(out.Views, iv)
	}
	writeBody(w, out)
}

// writeErr answers with err's status: 400 for a mistake in the request,
// 404 for a record that does not exist, else 500.
func writeErr(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	var (
		br *badRequest
		me *meError
		ue *view.UnknownIDError
	)
	switch {
	case view.IsFlagError(err), errors.As(err, &br), errors.As(err, &me):
		status = http.StatusBadRequest
	case errors.As(err, &ue):
		status = http.StatusNotFound
	}
	writeError(w, status, err.Error())
}

// writeError answers with {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	b, _ := render.Marshal(map[string]string{"error": msg}) // a map of strings always marshals
	write(w, status, b)
}

// writeBody answers with a JSON document as the CLI writes it
// ([render.JSON]).
func writeBody(w http.ResponseWriter, body any) {
	var buf bytes.Buffer // whole before the status is sent
	if err := render.JSON(&buf, body); err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	write(w, http.StatusOK, buf.Bytes())
}

func write(w http.ResponseWriter, status int, b []byte) {
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
