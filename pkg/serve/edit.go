package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/bulk"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/mdbody"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/report"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// maxForm bounds the body of a write: a record's Markdown and its fields.
const maxForm = 1 << 20

// edit is one kind of write: it stages its change in s for the record rec
// (nil for a new record) from the form, and says what it did.
type edit func(s *change.Session, rec *workspace.Record, form url.Values) (done string, err error)

// edits are the server's write handlers by path.
func (s *Server) edits() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		report.EditMove:  s.handle(true, s.move),
		report.EditRank:  s.handle(true, rankEdit),
		report.EditSet:   s.handle(true, setEdit),
		report.EditCheck: s.handle(true, checkEdit),
		report.EditBody:  s.handle(true, bodyEdit),
		report.EditNew:   s.handle(false, s.create),
		report.Preview:   s.preview,
	}
}

// result is the JSON answer to a write from a page's script.
type result struct {
	OK       bool      `json:"ok"`
	ID       string    `json:"id,omitempty"`
	Version  string    `json:"version,omitempty"`
	Message  string    `json:"message"`
	Stale    bool      `json:"stale,omitempty"`
	Findings []finding `json:"findings,omitempty"`
	Current  *current  `json:"current,omitempty"`
	URL      string    `json:"url,omitempty"` // the page of the record written
}

// finding is a refused edit's finding, with the field it is about when
// that can be told.
type finding struct {
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Where   string `json:"where"` // file:line:col
}

// current is a record as it is now, for an edit refused as stale.
type current struct {
	Version string         `json:"version"`
	Fields  map[string]any `json:"fields"`
	Body    string         `json:"body,omitempty"`
}

// handle runs an edit: the record (when needs) is found and its version
// checked, the change staged and committed through the change layer — the
// workspace lock held, the change validated and refused when it brings
// new errors, written atomically — and the server's next generation made
// from the workspace the commit checked, so that the answer carries the
// record's new version and every open page learns of the change.
func (s *Server) handle(needs bool, fn edit) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			s.answer(w, r, http.StatusBadRequest, result{Message: "the form could not be read: " + err.Error()})
			return
		}
		form := r.PostForm
		s.editMu.Lock()
		defer s.editMu.Unlock()
		res, code, sess := s.run(r.Context(), needs, fn, form)
		if sess == nil {
			s.answer(w, r, code, res)
			return
		}
		fmt.Fprintf(s.opts.Log, "%s\n", res.Message)
		// Pages wait for the generation this edit makes, so that none is
		// served from before it once the answer is out.
		s.settle.Lock()
		defer s.settle.Unlock()
		ws, findings := sess.Written()
		early := false
		if ws != nil {
			if rec := ws.Find(res.ID); rec != nil {
				res.Version = change.Version(rec)
				if res.URL = s.recordURL(res.ID); res.URL != "" {
					// The answer goes out before the index is kept and the pages
					// made again: the page that asked need not wait for them.
					s.answer(w, r, code, res)
					early = true
				}
			}
		}
		sess.Close()
		if ws != nil {
			s.adopt(ws, findings, sess.Now)
		} else {
			s.Reload(context.WithoutCancel(r.Context()))
		}
		if !early {
			if rec := s.cur.Load().ws.Find(res.ID); rec != nil {
				res.Version, res.URL = change.Version(rec), s.recordURL(res.ID)
			}
			s.answer(w, r, code, res)
		}
	}
}

// run makes one edit in a session of the change layer. It returns the
// session, committed and still open, when the edit wrote something; the
// caller closes it.
func (s *Server) run(ctx context.Context, needs bool, fn edit, form url.Values) (result, int, *change.Session) {
	// The session opens the workspace from the server's: only files whose
	// stat data changed are read, and when none did, what validate found
	// in it is known.
	g := s.cur.Load()
	sess, err := change.BeginWith(ctx, s.opts.Root, s.opts.Now(), s.openOptions(g))
	if err != nil {
		switch {
		case errors.Is(err, workspace.ErrLocked):
			return result{Message: err.Error() + "; try again when it is done"}, http.StatusConflict, nil
		case errors.Is(err, fs.ErrPermission):
			return result{Message: err.Error() + "; the workspace cannot be written here (roadlog serve --read-only serves it without editing)"}, http.StatusForbidden, nil
		}
		return result{Message: err.Error()}, http.StatusInternalServerError, nil
	}
	keep := false
	defer func() {
		if !keep {
			sess.Close()
		}
	}()
	sess.Checked(g.ws, g.findings, g.now)
	var rec *workspace.Record
	id := strings.TrimSpace(form.Get("record"))
	if needs {
		if rec, err = change.Find(sess.WS, id); err != nil {
			res, code := failure(id, err)
			return res, code, nil
		}
		if err := change.CheckVersion(rec, form.Get("version")); err != nil {
			res, code := failure(id, err)
			res.Current = &current{Version: change.Version(rec), Fields: rec.Meta().Fields}
			if len(rec.Pointer) == 0 && rec.File.Kind.Markdown() {
				res.Current.Body = rec.File.Body
			}
			return res, code, nil
		}
	}
	done, err := fn(sess, rec, form)
	if err != nil {
		res, code := failure(id, err)
		return res, code, nil
	}
	if len(sess.Changed()) == 0 {
		res := result{OK: true, ID: idOf(rec, done), Message: done}
		if rec != nil {
			res.Version, res.URL = change.Version(rec), s.recordURL(rec.ID())
		}
		return res, http.StatusOK, nil
	}
	if err := sess.Commit(ctx, false); err != nil {
		res, code := failure(id, err)
		var refused *change.RefusedError
		if errors.As(err, &refused) && rec != nil {
			res.Findings = fieldFindings(refused.Findings, form)
		}
		return res, code, nil
	}
	keep = true
	return result{OK: true, ID: idOf(rec, done), Message: done}, http.StatusOK, sess
}

// idOf is the ID of the record an edit wrote: rec's, or for a new record
// the first word of what the edit says it did ("created ACME-9 …").
func idOf(rec *workspace.Record, done string) string {
	if rec != nil {
		return rec.ID()
	}
	if f := strings.Fields(done); len(f) > 1 {
		return f[1]
	}
	return ""
}

// failure is the answer to an edit the change layer refused.
func failure(id string, err error) (result, int) {
	var (
		stale    *change.StaleError
		refused  *change.RefusedError
		input    *change.InputError
		notFound *change.NotFoundError
		conflict *change.ConflictError
		fileErr  *change.FileError
		wip      *bulk.WIPError
	)
	res := result{ID: id, Message: err.Error()}
	switch {
	case errors.As(err, &stale):
		res.Stale = true
		return res, http.StatusConflict
	case errors.As(err, &refused):
		res.Message = "not written: the change would bring these errors; fix the value"
		for _, d := range refused.Findings {
			res.Findings = append(res.Findings, finding{Message: d.Text(), Where: fmt.Sprintf("%s:%d:%d", d.Path, d.Pos.Line, d.Pos.Col)})
		}
		return res, http.StatusUnprocessableEntity
	case errors.As(err, &wip):
		return res, http.StatusUnprocessableEntity
	case errors.As(err, &notFound):
		return res, http.StatusNotFound
	case errors.As(err, &input):
		return res, http.StatusBadRequest
	case errors.As(err, &conflict), errors.As(err, &fileErr):
		return res, http.StatusConflict
	}
	return res, http.StatusInternalServerError
}

// fieldFindings are the findings of a refused edit, each with the field
// of the form it names, when it names one.
func fieldFindings(list diag.List, form url.Values) []finding {
	var names []string
	for k := range form {
		if name, ok := strings.CutPrefix(k, "f."); ok {
			names = append(names, name)
		}
	}
	if s := form.Get("status"); s != "" {
		names = append(names, "status")
	}
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) }) // the longest name first
	var out []finding
	for _, d := range list {
		f := finding{Message: d.Text(), Where: fmt.Sprintf("%s:%d:%d", d.Path, d.Pos.Line, d.Pos.Col)}
		for _, n := range names {
			if mentions(d.Message, n) {
				f.Field = n
				break
			}
		}
		out = append(out, f)
	}
	return out
}

// mentions reports whether a message names a field as a word of its own.
func mentions(msg, name string) bool {
	for i := 0; ; {
		j := strings.Index(msg[i:], name)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(name)
		if (start == 0 || !wordByte(msg[start-1])) && (end == len(msg) || !wordByte(msg[end])) {
			return true
		}
		i = end
	}
}

func wordByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// move is the board's move: status, within the WIP limit.
func (s *Server) move(sess *change.Session, rec *workspace.Record, form url.Values) (string, error) {
	status := form.Get("status")
	if !slices.Contains(sess.WS.Config.Workflow.Statuses, status) {
		return "", &change.InputError{Err: fmt.Errorf("%q is not a status of the workflow (%s)", status, strings.Join(sess.WS.Config.Workflow.Statuses, ", "))}
	}
	it, ok := rec.Model.(*model.Item)
	if !ok {
		return "", &change.InputError{Err: fmt.Errorf("%s is %s %s; only backlog items move on the board", rec.ID(), rec.Kind().Article(), rec.Kind().Label())}
	}
	from := it.Status
	if _, err := bulk.Move(sess, []*workspace.Record{rec}, status, s.opts.Now(), false); err != nil {
		return "", err
	}
	if from == status {
		return rec.ID() + " is " + status + " already", nil
	}
	return fmt.Sprintf("moved %s: %s → %s (%s)", rec.ID(), orNone(from), status, rec.File.Path), nil
}

func orNone(s string) string {
	if s == "" {
		return "(no status)"
	}
	return s
}

// rankEdit is the backlog's drag: just before or just after another item.
func rankEdit(sess *change.Session, rec *workspace.Record, form url.Values) (string, error) {
	at := change.Place{Before: form.Get("before"), After: form.Get("after")}
	if (at.Before == "") == (at.After == "") {
		return "", &change.InputError{Err: errors.New("say where the item goes: before=ID or after=ID")}
	}
	old, rank, err := sess.Rerank(rec, at)
	if err != nil {
		return "", err
	}
	where := "before " + at.Before
	if at.After != "" {
		where = "after " + at.After
	}
	return fmt.Sprintf("ranked %s %s (rank %s → %s, %s)", rec.ID(), where, orNone(old), rank, rec.File.Path), nil
}

// setEdit is a record page's form: each field f.NAME whose value differs
// from was.NAME (what the page showed) is set as `roadlog set NAME=VALUE`
// would, and an emptied one is removed as `--unset NAME` would.
func setEdit(sess *change.Session, rec *workspace.Record, form url.Values) (string, error) {
	var changes []change.Change
	var unset, what []string
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		name, ok := strings.CutPrefix(k, "f.")
		if !ok || name == "" {
			continue
		}
		value := strings.TrimSpace(form.Get(k))
		if was, ok := form["was."+name]; ok && strings.TrimSpace(was[0]) == value {
			continue
		}
		if value == "" {
			if rec.Has(name) {
				unset = append(unset, name)
				what = append(what, "--unset "+name)
			}
			continue
		}
		c := change.Change{Path: strings.Split(name, "."), Text: value}
		changes = append(changes, c)
		what = append(what, c.String())
	}
	if len(changes) == 0 && len(unset) == 0 {
		return rec.ID() + ": nothing changed", nil
	}
	if err := sess.Set(rec, changes, unset, false); err != nil {
		return "", err
	}
	return fmt.Sprintf("set %s: %s (%s)", rec.ID(), strings.Join(what, ", "), rec.File.Path), nil
}

// checkEdit ticks the acceptance criteria whose numbers the form lists in
// done and clears the others: the record page's checklist.
func checkEdit(sess *change.Session, rec *workspace.Record, form url.Values) (string, error) {
	if len(rec.Pointer) > 0 || !rec.File.Kind.Markdown() {
		return "", &change.InputError{Err: fmt.Errorf("%s has no acceptance criteria", rec.ID())}
	}
	done := map[int]bool{}
	for _, v := range form["done"] {
		n, err := strconv.Atoi(v)
		if err != nil {
			return "", &change.InputError{Err: fmt.Errorf("done=%q is not the number of a criterion", v)}
		}
		done[n] = true
	}
	var what []string
	for i, c := range mdbody.Criteria(rec.File.Body) {
		n := i + 1
		if c.Checked == done[n] {
			continue
		}
		if _, err := sess.Check(rec, strconv.Itoa(n), done[n]); err != nil {
			return "", err
		}
		verb := "ticked"
		if !done[n] {
			verb = "cleared"
		}
		what = append(what, fmt.Sprintf("%s %d", verb, n))
	}
	if len(what) == 0 {
		return rec.ID() + ": nothing changed", nil
	}
	return fmt.Sprintf("%s: %s (%s)", rec.ID(), strings.Join(what, ", "), rec.File.Path), nil
}

// bodyEdit replaces a record's Markdown body.
func bodyEdit(sess *change.Session, rec *workspace.Record, form url.Values) (string, error) {
	// A textarea posts CRLF; the file keeps its own line ends, so a body
	// is the same when it differs from the file's only by them.
	body := strings.ReplaceAll(form.Get("body"), "\r\n", "\n")
	if body == strings.ReplaceAll(rec.File.Body, "\r\n", "\n") {
		return rec.ID() + ": nothing changed", nil
	}
	if err := sess.SetBody(rec, body); err != nil {
		return "", err
	}
	return fmt.Sprintf("set %s: body (%s)", rec.ID(), rec.File.Path), nil
}

// create is the backlog's new item: a title and a type.
func (s *Server) create(sess *change.Session, _ *workspace.Record, form url.Values) (string, error) {
	title := strings.TrimSpace(form.Get("title"))
	if title == "" {
		return "", &change.InputError{Err: errors.New("give the new item a title")}
	}
	id, file, err := sess.Create(context.Background(), change.NewRecord{Kind: model.KindItem, Type: form.Get("type"), Title: title})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("created %s (%s)", id, file), nil
}

// preview renders Markdown as the record's page would show it.
func (s *Server) preview(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	g := s.current()
	html, err := g.pages.Markdown(r.PostForm.Get("record"), r.PostForm.Get("body"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(html))
}

// recordURL is the address of a record's page.
func (s *Server) recordURL(id string) string {
	if p := s.cur.Load().pages.RecordPath(id); p != "" {
		return "/" + p
	}
	return ""
}

// answer writes an edit's result: JSON to a page's script (which sends
// its token as a header), and to a plain form post a redirect back to the
// page it came from, or a page that says what went wrong.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, code int, res result) {
	if r.Header.Get("X-Roadlog-Token") != "" || strings.Contains(r.Header.Get("Accept"), "application/json") {
		data, _ := json.Marshal(res)
		data = append(data, '\n')
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(code)
		_, _ = w.Write(data)
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush() // complete, by its length: the client need not wait for what the handler does next
		}
		return
	}
	back := "/"
	if ref, err := url.Parse(r.Referer()); err == nil && strings.EqualFold(ref.Host, r.Host) && strings.HasPrefix(ref.Path, "/") {
		back = "/" + strings.TrimLeft(ref.Path, "/") // "//evil.example" would be another host
	}
	if res.OK {
		if back == "/" && res.URL != "" {
			back = res.URL
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_ = failurePage.Execute(w, struct {
		Result result
		Back   string
	}{res, back})
}

var failurePage = template.Must(template.New("").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Not written · roadlog</title><link rel="stylesheet" href="/style.css"></head>
<body><main id="main">
<h1>Not written</h1>
<p role="alert">{{.Result.Message}}</p>
{{if .Result.Findings}}<ul>{{range .Result.Findings}}<li>{{if .Field}}<strong>{{.Field}}</strong>: {{end}}{{.Message}} <span class="muted">({{.Where}})</span></li>{{end}}</ul>{{end}}
<p><a href="{{.Back}}">Back to the page</a></p>
</main></body>
</html>
`))
