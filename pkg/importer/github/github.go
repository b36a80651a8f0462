// Package github reads GitHub issues as an [importer.Batch]: the JSON that
// `gh issue list --state all --json number,title,body,state,stateReason,
// labels,assignees,milestone,author,createdAt,closedAt,url` prints, and
// the JSON of the REST issues API, one page or several concatenated
// (`gh api --paginate` writes `[…][…]`; pages saved one a line work too).
//
// Issues become items keyed github:OWNER/REPO#N (IDs GH-N where free),
// milestones releases keyed github:OWNER/REPO/milestones/N (IDs R-N, the
// due date their date). The status is the state, or a closed issue's
// reason (COMPLETED, NOT_PLANNED, DUPLICATE), mapped by the import's
// rules; the first label that names a type (bug, enhancement, feature,
// "type: bug", …) or the REST issue type is the type. Labels stay labels,
// the first assignee is the owner, every assignee a person. The author,
// the issue URL and further assignees are kept under origin.fields. Pull
// requests in REST output are skipped; API bookkeeping (ids, API URLs,
// reactions, counts) is not kept.
package github

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/importer/internal/conv"
	"github.com/roadlog/roadlog/pkg/model"
)

// Source is the prefix of the keys of records read from GitHub.
const Source = "github"

// Read reads the issues in the JSON file name.
func Read(name string) (*importer.Batch, error) {
	raw, err := conv.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, raw)
}

// named is a login with an optional display name: an author, an assignee.
type named struct {
	Login string `json:"login"`
	Name  string `json:"name"`
}

// milestone is a milestone as gh (dueOn) or the REST API (due_on, state)
// writes it.
type milestone struct {
	Number      int64  `json:"number"`
	Title       string `json:"title"`
	Description string `json:"description"`
	DueOn       string `json:"dueOn"` //nolint:tagliatelle // gh's name
	DueOnREST   string `json:"due_on"`
	State       string `json:"state"`
	HTMLURL     string `json:"html_url"`
}

// issue holds the fields of both formats: gh's camelCase and REST's
// snake_case.
type issue struct {
	Number          *int64          `json:"number"`
	Title           string          `json:"title"`
	Body            string          `json:"body"`
	State           string          `json:"state"`
	StateReason     string          `json:"stateReason"` //nolint:tagliatelle // gh's name
	StateReasonREST string          `json:"state_reason"`
	Labels          []label         `json:"labels"`
	Assignees       []named         `json:"assignees"`
	Assignee        *named          `json:"assignee"`
	Milestone       *milestone      `json:"milestone"`
	Author          *named          `json:"author"`
	User            *named          `json:"user"`
	ClosedBy        *named          `json:"closed_by"`
	CreatedAt       string          `json:"createdAt"` //nolint:tagliatelle // gh's name
	CreatedAtREST   string          `json:"created_at"`
	ClosedAt        string          `json:"closedAt"` //nolint:tagliatelle // gh's name
	ClosedAtREST    string          `json:"closed_at"`
	URL             string          `json:"url"`
	HTMLURL         string          `json:"html_url"`
	PullRequest     json.RawMessage `json:"pull_request"`
	Type            *struct {
		Name string `json:"name"`
	} `json:"type"`
}

// label is a label as an object ({"name": "bug", …}) or as its name.
type label string

func (l *label) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = label(s)
		return nil
	}
	var o struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	*l = label(o.Name)
	return nil
}

// reader builds the batch.
type reader struct {
	name       string
	lines      conv.Lines
	b          *importer.Batch
	releases   []importer.Record
	milestones map[string]bool // keys of milestones read
	people     map[string]bool
	pulls      int
}

// Parse reads the issues in raw, the content of the file name.
func Parse(name string, raw []byte) (*importer.Batch, error) {
	text, _, err := conv.Text(raw, false)
	if err != nil {
		return nil, &importer.InputError{File: name, Msg: err.Error()}
	}
	r := &reader{name: name, lines: conv.NewLines(text), b: &importer.Batch{}, milestones: map[string]bool{}, people: map[string]bool{}}
	dec := json.NewDecoder(bytes.NewReader(text))
	values := 0
	for {
		start := skipSpace(text, int(dec.InputOffset()))
		if start >= len(text) {
			break
		}
		values++
		switch text[start] {
		case '[':
			if _, err := dec.Token(); err != nil {
				return nil, r.jsonError(text, start, err)
			}
			for dec.More() {
				if err := r.element(text, start, dec); err != nil {
					return nil, err
				}
			}
			if _, err := dec.Token(); err != nil { // the closing ]
				return nil, r.jsonError(text, start, err)
			}
		case '{': // one issue, as `gh api repos/O/R/issues/N` prints it
			if err := r.element(text, start, dec); err != nil {
				return nil, err
			}
		default:
			l, c := r.lines.Pos(start)
			msg := fmt.Sprintf("column %d: expected a list of issues ([…])", c)
			if tok, err := dec.Token(); err == nil {
				msg += ", found " + describe(tok)
			} else {
				msg = fmt.Sprintf("column %d: malformed JSON: %s", c, err)
			}
			return nil, &importer.InputError{File: name, Line: l, Msg: msg}
		}
	}
	if values == 0 {
		return nil, &importer.InputError{File: name, Msg: "holds no JSON: write the output of `gh issue list --json …` or `gh api repos/OWNER/REPO/issues` into it"}
	}
	if r.pulls > 0 {
		r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: skipped %d pull request%s", name, r.pulls, map[bool]string{true: "s"}[r.pulls > 1]))
	}
	r.b.Records = append(r.releases, r.b.Records...)
	return r.b, nil
}

func describe(tok json.Token) string {
	switch t := tok.(type) {
	case string:
		return strconv.Quote(t)
	case nil:
		return "null"
	}
	return fmt.Sprint(tok)
}

func skipSpace(text []byte, off int) int {
	for off < len(text) && strings.IndexByte(" \t\r\n,", text[off]) >= 0 {
		off++
	}
	return off
}

func (r *reader) at(off int, msg string) error {
	l, c := r.lines.Pos(off)
	return &importer.InputError{File: r.name, Line: l, Msg: fmt.Sprintf("column %d: %s", c, msg)}
}

// jsonError places a decoding error of the value that starts at top. The
// decoder's offsets count from its buffer, not the input: the input is
// checked again from top, and the first error found there is the one.
func (r *reader) jsonError(text []byte, top int, err error) error {
	var se *json.SyntaxError
	var v json.RawMessage
	if e := json.Unmarshal(text[top:], &v); errors.As(e, &se) && !strings.Contains(se.Error(), "after top-level value") {
		if strings.Contains(se.Error(), "unexpected end") {
			return r.at(len(text), "malformed JSON: it ends in the middle of a value (cut short?)")
		}
		return r.at(top+int(se.Offset)-1, "malformed JSON: "+se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return r.at(len(text), "malformed JSON: it ends in the middle of a value (cut short?)")
	}
	return r.at(top, "malformed JSON: "+err.Error())
}

// typeMsg says which field holds a value of the wrong type.
func typeMsg(te *json.UnmarshalTypeError) string {
	f := "an issue"
	if te.Field != "" {
		f = strconv.Quote(te.Field)
	}
	want := te.Type.Kind().String()
	switch want {
	case "struct", "map":
		want = "an object"
	case "slice":
		want = "a list"
	case "string":
		want = "text"
	case "int64", "float64":
		want = "a number"
	}
	got, _, _ := strings.Cut(te.Value, " ")
	got = map[string]string{"number": "a number", "string": "text", "bool": "true or false", "array": "a list", "object": "an object"}[got]
	return fmt.Sprintf("%s is %s, not %s", f, cmpOr(got, te.Value), want)
}

// element reads the issue that dec reads next from text, in the value
// that starts at top.
func (r *reader) element(text []byte, top int, dec *json.Decoder) error {
	start := skipSpace(text, int(dec.InputOffset()))
	var msg json.RawMessage
	if err := dec.Decode(&msg); err != nil {
		return r.jsonError(text, top, err)
	}
	var is issue
	if err := json.Unmarshal(msg, &is); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return r.at(start+int(te.Offset)-1, typeMsg(te))
		}
		return r.at(start, "not an issue: "+err.Error())
	}
	return r.issue(&is, start)
}

// repoOf returns "OWNER/REPO" and the host of an issue or milestone URL
// (web or API); host is "" for github.com.
func repoOf(u string) (repo, host string, ok bool) {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return "", "", false
	}
	parts := strings.Split(strings.Trim(p.Path, "/"), "/")
	if p.Host == "api.github.com" || len(parts) > 0 && parts[0] == "api" {
		// https://api.github.com/repos/O/R/issues/N, or GHES's /api/v3/repos/…
		for i, s := range parts {
			if s == "repos" && i+2 < len(parts) {
				parts = parts[i+1:]
				break
			}
		}
	}
	if len(parts) < 3 {
		return "", "", false
	}
	host = p.Host
	if host == "github.com" || host == "api.github.com" {
		host = ""
	}
	return parts[0] + "/" + parts[1], host, true
}

func (r *reader) issue(is *issue, start int) error {
	line, _ := r.lines.Pos(start)
	where := fmt.Sprintf("%s:%d", r.name, line)
	if len(is.PullRequest) > 0 && string(is.PullRequest) != "null" {
		r.pulls++
		return nil
	}
	if is.Number == nil {
		return r.at(start, `an issue without "number": is this the output of gh issue list --json number,… or of the REST issues API?`)
	}
	n := *is.Number
	web := cmpOr(is.HTMLURL, is.URL)
	repo, host, ok := repoOf(web)
	if !ok {
		repo, host, ok = repoOf(is.URL)
	}
	prefix := Source + ":"
	if host != "" {
		prefix += host + "/"
	}
	if !ok {
		r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: issue #%d has no url naming its repository; keyed %s#%d, which another repository's issue would share", where, n, Source, n))
		repo = ""
	}
	rec := importer.Record{
		Kind:     model.KindItem,
		SourceID: "GH-" + strconv.FormatInt(n, 10),
		Key:      prefix + repo + "#" + strconv.FormatInt(n, 10),
		Title:    strings.TrimSpace(is.Title),
		Fields:   map[string]any{},
		Extra:    map[string]any{},
		Body:     body(is.Body),
		Where:    where,
	}
	if rec.Title == "" {
		rec.Title = fmt.Sprintf("(issue #%d has no title)", n)
		r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: issue #%d has no title; titled %q", where, n, rec.Title))
	}
	rec.Status = status(is.State, cmpOr(is.StateReason, is.StateReasonREST))
	if rec.Status == "" {
		return r.at(start, fmt.Sprintf(`issue #%d has no "state"`, n))
	}
	var labels []any
	var names []string
	for _, l := range is.Labels {
		if s := strings.TrimSpace(string(l)); s != "" && !containsAny(labels, s) {
			labels = append(labels, s)
			names = append(names, s)
		}
	}
	if len(labels) > 0 {
		rec.Fields["labels"] = labels
	}
	if is.Type != nil && is.Type.Name != "" {
		rec.Type = is.Type.Name
	} else {
		rec.Type = conv.TypeFromLabels(names)
	}
	r.assignees(&rec, is, where)
	if a := cmpPerson(is.Author, is.User); a != "" {
		rec.Extra["author"] = a
	}
	if is.ClosedBy != nil && is.ClosedBy.Login != "" {
		rec.Extra["closed_by"] = is.ClosedBy.Login
	}
	if web != "" {
		rec.Extra["url"] = web
	}
	if d := conv.Date(cmpOr(is.CreatedAt, is.CreatedAtREST)); d != "" {
		rec.Fields["created"] = d
	}
	if d := conv.Date(cmpOr(is.ClosedAt, is.ClosedAtREST)); d != "" && strings.EqualFold(is.State, "closed") {
		rec.Fields["closed"] = d
	}
	if m := is.Milestone; m != nil && m.Title != "" {
		rec.Fields["release"] = r.milestone(m, prefix, repo, where)
	}
	r.b.Records = append(r.b.Records, rec)
	return nil
}

// assignees makes the first assignee the owner and every one a person;
// further ones are kept under origin.fields.assignees.
func (r *reader) assignees(rec *importer.Record, is *issue, where string) {
	assignees := is.Assignees
	if len(assignees) == 0 && is.Assignee != nil {
		assignees = []named{*is.Assignee}
	}
	var more []any
	for i, a := range assignees {
		k := conv.PersonKey(a.Login)
		if k == "" {
			r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: assignee %q cannot be a key of people; kept under origin.fields.assignees", where, a.Login))
			more = append(more, a.Login)
			continue
		}
		if _, has := rec.Fields["owner"]; !has {
			rec.Fields["owner"] = k
		} else if i > 0 {
			more = append(more, a.Login)
		}
		if !r.people[k] {
			r.people[k] = true
			r.b.People = append(r.b.People, importer.Person{Key: k, Name: cmpOr(strings.TrimSpace(a.Name), a.Login)})
		}
	}
	if len(more) > 0 {
		rec.Extra["assignees"] = more
	}
}

// milestone adds the release a milestone becomes, once, and returns its
// source ID.
func (r *reader) milestone(m *milestone, prefix, repo, where string) string {
	id := "R-" + strconv.FormatInt(m.Number, 10)
	key := prefix + repo + "/milestones/" + strconv.FormatInt(m.Number, 10)
	if m.Number == 0 {
		id = "R-" + model.Slug(m.Title, 30)
		key = prefix + repo + "/milestones/" + m.Title
	}
	if r.milestones[key] {
		return id
	}
	r.milestones[key] = true
	rel := importer.Record{Kind: model.KindRelease, SourceID: id, Key: key, Title: strings.TrimSpace(m.Title), Fields: map[string]any{}, Where: where}
	if d := conv.Date(cmpOr(m.DueOn, m.DueOnREST)); d != "" {
		rel.Fields["date"] = d
	}
	switch strings.ToLower(m.State) {
	case "open":
		rel.Fields["status"] = "planned"
	case "closed":
		rel.Fields["status"] = "released"
	}
	if s := strings.TrimSpace(m.Description); s != "" {
		rel.Fields["description"] = s
	}
	r.releases = append(r.releases, rel)
	return id
}

// status is what the import maps: an open issue's state; a closed one's
// reason when it has one (COMPLETED, NOT_PLANNED, DUPLICATE), else its
// state.
func status(state, reason string) string {
	state = strings.TrimSpace(state)
	reason = strings.TrimSpace(reason)
	if strings.EqualFold(state, "closed") && reason != "" && !strings.EqualFold(reason, "reopened") {
		return reason
	}
	return state
}

// body is an issue's Markdown with LF line ends.
func body(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimRight(s, "\n \t")
	if s == "" {
		return ""
	}
	return s + "\n"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func cmpPerson(ps ...*named) string {
	for _, p := range ps {
		if p != nil && p.Login != "" {
			return p.Login
		}
	}
	return ""
}

func containsAny(list []any, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
