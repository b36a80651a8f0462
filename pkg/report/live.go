package report

import (
	"embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/mdbody"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/schema"
	"gopkg.in/yaml.v3"
)

// liveFS holds the live script of served pages and the libraries it uses,
// vendored with their licences (see live/VENDOR.md).
//
//go:embed live/*.js live/*.css
var liveFS embed.FS

// Live makes a site the one `roadlog serve` serves: every page carries
// the session's token and loads the live script, which follows changes on
// disk through [EventsPath]; unless ReadOnly, the board, the backlog and
// each record's page get editing controls, each of which posts to one of
// the Edit addresses. A live page is never written to disk.
type Live struct {
	Token    string // the session's token, which every write must carry
	ReadOnly bool   // no editing controls
}

// The addresses, from the site's root, that live pages use.
const (
	LiveAssets = "_live/"       // the live script and the libraries it loads
	EventsPath = "/_events"     // server-sent events: a page changed
	EditMove   = "/_edit/move"  // record, version, status: the board's move
	EditRank   = "/_edit/rank"  // record, version, before or after: the backlog's order
	EditSet    = "/_edit/set"   // record, version, f.NAME (and was.NAME) for each field: a record's form
	EditCheck  = "/_edit/check" // record, version, done (1-based numbers of the ticked): acceptance criteria
	EditNew    = "/_edit/new"   // title, type: a new backlog item
	EditBody   = "/_edit/body"  // record, version, body: a record's Markdown
	Preview    = "/_preview"    // record, body: the Markdown rendered as the page would show it
	TokenField = "token"        // the form field, or X-Roadlog-Token header, with the token
	TokenMeta  = "roadlog-token"
)

// liveView is what the templates of a live page see (nil for a static
// site).
type liveView struct {
	Token    string
	Edit     bool
	Statuses []string
	Types    []string
}

// live returns what templates see of opts.Live.
func (b *builder) live() *liveView {
	if b.opts.Live == nil {
		return nil
	}
	cfg := b.p.WS.Config
	return &liveView{Token: b.opts.Live.Token, Edit: !b.opts.Live.ReadOnly, Statuses: cfg.Workflow.Statuses, Types: cfg.Types}
}

// editable reports whether a live page edits records.
func (b *builder) editable() bool { return b.opts.Live != nil && !b.opts.Live.ReadOnly }

// version is the version of the record with the ID that an edit from a
// live page carries ("" when none).
func (b *builder) version(id string) string {
	if !b.editable() {
		return ""
	}
	r := b.p.Record(id)
	if r == nil {
		return ""
	}
	return change.Version(r)
}

// formView is the editing form of a record's live page.
type formView struct {
	Action, Token, ID, Version string
	Fields                     []formField
	Body                       string // the Markdown as written, for its editor; "" for records in list files
	HasBody                    bool
	BodyAction, PreviewAction  string
	CheckAction                string
	Criteria                   []criterionView // of an item: its acceptance criteria
}

// criterionView is an acceptance criterion on a record's live page.
type criterionView struct {
	N       int // 1-based
	Text    string
	Checked bool
}

// formField is one field of a record's form, named f.NAME in the post.
type formField struct {
	Name    string // the field's key
	Input   string // "select", "text", "date" or "number"
	Value   string // as `roadlog set NAME=VALUE` takes it
	Options []formOption
	List    bool // a list, written "a, b"
}

type formOption struct {
	Value    string
	Selected bool
}

// hiddenFromForm are fields a record's form does not offer: what the
// change layer keeps (id, rank, dates it stamps) or what only a file
// edit can express.
var hiddenFromForm = map[string]bool{"id": true, "rank": true, "created": true, "updated": true}

// form returns the editing form of r for its live page, or nil.
func (b *builder) form(r *workspace.Record) *formView {
	if !b.editable() {
		return nil
	}
	cfg := b.p.WS.Config
	fields, err := change.RecordFields(cfg, r.Kind())
	if err != nil {
		return nil
	}
	m := r.Meta()
	v := &formView{Action: EditSet, Token: b.opts.Live.Token, ID: m.ID, Version: change.Version(r)}
	names := fields.Names()
	for _, k := range fieldOrder(r.Kind(), m.Fields) {
		if !slices.Contains(names, k) {
			names = append(names, k) // a field the file has beyond the schema's
		}
	}
	for _, name := range names {
		if hiddenFromForm[name] || slices.ContainsFunc(plan.ComputedFields(r.Kind()), func(c plan.Computed) bool { return c.Name == name }) {
			continue
		}
		if f, ok := formInput(fields.Key(name), name, m.Fields[name], model.NamesPerson(r.Kind(), name), cfg); ok {
			v.Fields = append(v.Fields, f)
		}
	}
	if len(r.Pointer) == 0 && r.File.Kind.Markdown() {
		v.HasBody, v.Body = true, r.File.Body
		v.BodyAction, v.PreviewAction = EditBody, Preview
	}
	if r.Kind() == model.KindItem && len(r.Pointer) == 0 {
		v.CheckAction = EditCheck
		for i, c := range mdbody.Criteria(r.File.Body) {
			v.Criteria = append(v.Criteria, criterionView{N: i + 1, Text: b.text(c.Text), Checked: c.Checked})
		}
	}
	return v
}

// formInput is the input of one field with its current value cur; false
// for a value a form cannot show (a mapping, a list of mappings).
func formInput(f *schema.Field, name string, cur any, person bool, cfg *workspace.Config) (formField, bool) {
	out := formField{Name: name, Input: "text"}
	switch c := cur.(type) {
	case nil:
	case map[string]any:
		return out, false
	case []any:
		var parts []string
		for _, e := range c {
			switch e.(type) {
			case map[string]any, []any:
				return out, false
			}
			parts = append(parts, flowItem(e))
		}
		out.Value, out.List = strings.Join(parts, ", "), true
		if f == nil || !f.Has("array") || f.Has("string") || f.Format != "" {
			// Only "[a, b]" is read back as a list for a field the schema
			// does not declare a list only: "a, b" would be text.
			out.Value = "[" + out.Value + "]"
		}
	default:
		out.Value = query.Text(c)
	}
	if f == nil {
		// A field the schema does not declare, which only this file has:
		// roadlog set changes it only with --force, which a form does not
		// offer. The page shows it among the fields; the file changes it.
		return out, false
	}
	if f.Has("object") && !f.Has("string") {
		return out, false
	}
	if f.Has("array") {
		out.List = true
		return out, true
	}
	var enum []string
	for _, e := range f.Enum {
		enum = append(enum, query.Text(e))
	}
	if person {
		enum = cfg.PeopleKeys()
	}
	switch {
	case len(enum) > 0:
		out.Input = "select"
		out.Options = append(out.Options, formOption{Value: "", Selected: out.Value == ""})
		if out.Value != "" && !slices.Contains(enum, out.Value) {
			enum = append(enum, out.Value) // keep what the file says, valid or not
		}
		for _, e := range enum {
			out.Options = append(out.Options, formOption{Value: e, Selected: e == out.Value})
		}
	case f.Format == "date":
		out.Input = "date"
	case f.Has("number") || f.Has("integer"):
		out.Input = "number"
	}
	return out, true
}

// liveAssets are the paths of the live script and its libraries.
func liveAssets() ([]string, error) {
	entries, err := liveFS.ReadDir("live")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		out = append(out, LiveAssets+e.Name())
	}
	return out, nil
}

// readLiveAsset returns a live asset's bytes by its site path.
func readLiveAsset(p string) ([]byte, error) {
	name, ok := strings.CutPrefix(p, LiveAssets)
	if !ok {
		return nil, fmt.Errorf("%s is not a live asset", p)
	}
	return liveFS.ReadFile("live/" + name)
}

// Pages is the multi-page site of a plan made one page at a time, when a
// server asks for it: nothing is made before it is asked for.
type Pages struct {
	b     *builder
	src   source
	index map[string]int // path → its place in src
}

// NewPages returns the pages of the multi-page site of p.
func NewPages(p *plan.Plan, opts Options) (*Pages, error) {
	if opts.SingleFile {
		return nil, fmt.Errorf("report.NewPages makes a site of many pages; use Build for a single file")
	}
	b, err := newBuilder(p, opts)
	if err != nil {
		return nil, err
	}
	src, err := b.source()
	if err != nil {
		return nil, err
	}
	ps := &Pages{b: b, src: src, index: make(map[string]int, len(src.paths))}
	for i, path := range src.paths {
		ps.index[path] = i
	}
	return ps, nil
}

// Has reports whether the site has a file at the slash-separated path
// ("board.html", "records/A-1.html").
func (ps *Pages) Has(path string) bool {
	_, ok := ps.index[path]
	return ok
}

// Make returns the bytes of the file at path, made now.
func (ps *Pages) Make(path string) ([]byte, error) {
	i, ok := ps.index[path]
	if !ok {
		return nil, fmt.Errorf("the site has no %s", path)
	}
	return ps.src.make(i)
}

// Key returns a hash of everything the file at path is made from, so that
// a file whose key did not change need not be made again; "" when it
// cannot be told (the site-wide pages, which show every record).
func (ps *Pages) Key(path string) string {
	i, ok := ps.index[path]
	if !ok {
		return ""
	}
	return ps.src.key(i)
}

// RecordPath returns the path of the page of the record with the ID, or
// "" when it has none.
func (ps *Pages) RecordPath(id string) string {
	if !ps.b.shown(id) {
		return ""
	}
	return ps.b.recordURL(id, "")
}

// Markdown renders a body as the page of the record with the ID shows it:
// the preview of a body being edited.
func (ps *Pages) Markdown(id, body string) (string, error) {
	return ps.b.markdown(body, "rec-"+ps.b.anchor(id), "../")
}

// flowItem writes an item of a list as `roadlog set` reads it back, in
// "[a, b]": as it is when it reads back the same, else double-quoted (an
// item with a comma or a colon, one that would read as a number).
func flowItem(e any) string {
	text := query.Text(e)
	str, ok := e.(string)
	if !ok {
		return text
	}
	var back []any
	if err := yaml.Unmarshal([]byte("["+str+"]"), &back); err == nil && len(back) == 1 && back[0] == str {
		return str
	}
	return strconv.Quote(str) // Go's escapes are YAML's too
}
