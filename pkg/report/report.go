// Package report builds the static HTML site of a workspace: overview,
// roadmap, backlog, board, objectives, releases, flow (given a Git
// history: [Flow]), risks, dependency graph, findings and one page per
// record. It works from file://, makes no network request, and gives the
// same bytes for the same input.
package report

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/roadlog/roadlog/pkg/chart"
	"github.com/roadlog/roadlog/pkg/diag"
	gitflow "github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/parallel"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/*
var assetFS embed.FS

// Options tune the site.
type Options struct {
	Public     bool      // leave out internal records and internal fields
	SingleFile bool      // one HTML file with everything inlined
	Stamp      time.Time // when not zero, printed in every page's footer
	Version    string    // roadlog's version, in the footer
	Findings   diag.List // validate's findings, for the overview and the findings page
	Live       *Live     // the pages `roadlog serve` serves; nil for a site on disk
	// Flow is the Git history for the Flow page; nil (or a history
	// without commits) for a site without one.
	Flow *Flow
}

// Site is the files of a report: path → content.
type Site map[string][]byte

// Paths returns the site's paths, sorted.
func (s Site) Paths() []string {
	out := make([]string, 0, len(s))
	for p := range s {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// builder holds what every page needs.
type builder struct {
	p      *plan.Plan
	opts   Options
	tmpl   *template.Template
	md     *markdown
	title  string
	hidden map[string]bool     // IDs of records left out (--public)
	fields map[string]bool     // fields left out (--public)
	names  map[string]string   // record ID → name of its page
	recs   []*workspace.Record // the records that get a page, sorted ([builder.records])
	rules  mentionRules        // what becomes of IDs that text mentions

	rowsOnce sync.Once
	rows     []itemRow // b.items(""), which four pages show

	flow         *gitflow.History // what the Flow page shows; nil: no Flow page, or dropped once it is made ([builder.dropSiteData])
	flowOn       bool             // the site has a Flow page
	flowReleases map[string]bool  // releases with a section on the Flow page
}

// sitePages are the site-wide pages in navigation order: each page's file
// name without .html, its title, and the builder method that renders its
// content for links from a base.
var sitePages = []sitePage{
	{"index", "Overview", (*builder).overview},
	{"roadmap", "Roadmap", (*builder).roadmap},
	{"backlog", "Backlog", (*builder).backlog},
	{"board", "Board", (*builder).board},
	{"objectives", "Objectives", (*builder).objectives},
	{"releases", "Releases", (*builder).releases},
	{"risks", "Risks", (*builder).risks},
	{"dependencies", "Dependencies", (*builder).dependencies},
	{"findings", "Findings", (*builder).findings},
}

// sitePage is a site-wide page: its file name without .html, its title,
// and the builder method that renders its content for links from a base.
type sitePage struct {
	name, title string
	make        func(b *builder, base string) (string, error)
}

// pagesOfSite are the site-wide pages of b in navigation order: the
// Flow page after the releases when the workspace has a Git history.
func (b *builder) pagesOfSite() []sitePage {
	if !b.flowOn {
		return sitePages
	}
	out := make([]sitePage, 0, len(sitePages)+1)
	for _, pg := range sitePages {
		out = append(out, pg)
		if pg.name == "releases" {
			out = append(out, sitePage{flowPage, "Flow", (*builder).flowPageBody})
		}
	}
	return out
}

// Build makes the site.
func Build(ctx context.Context, p *plan.Plan, opts Options) (Site, error) {
	b, err := newBuilder(p, opts)
	if err != nil {
		return nil, err
	}
	if opts.SingleFile {
		return b.single(ctx)
	}
	return b.multi(ctx)
}

// newBuilder holds what every page of the site of p needs.
func newBuilder(p *plan.Plan, opts Options) (*builder, error) {
	b := &builder{p: p, opts: opts, hidden: map[string]bool{}, fields: map[string]bool{}}
	b.title = p.WS.Config.Report.Title
	if b.title == "" {
		b.title = p.WS.Config.Product.Name
	}
	if b.title == "" && p.WS.Product != nil {
		b.title = p.WS.Product.Name
	}
	if b.title == "" {
		b.title = "Roadmap"
	}
	if opts.Public {
		b.hidden = hiddenRecords(p.WS)
		for _, f := range p.WS.Config.Report.InternalFields {
			b.fields[f] = true
		}
	}
	b.rules = b.mentionRules()
	if opts.Public {
		// Counts of findings leave out those about hidden records.
		b.opts.Findings = publicFindings(opts.Findings, hiddenSpans(p.WS, b.hidden), b.rules)
	}
	b.recs = b.pagedRecords()
	ids := make([]string, len(b.recs))
	for i, r := range b.recs {
		ids[i] = r.ID()
	}
	b.names = recordPageNames(ids)
	if b.flow = b.flowHistory(); b.flow != nil {
		b.flowOn = true
		b.flowReleases = map[string]bool{}
		for _, rl := range b.flow.Releases {
			if !rl.Removed && b.shown(rl.ID) {
				b.flowReleases[rl.ID] = true
			}
		}
	}
	b.md = newMarkdown(b.rules)
	b.title = b.text(b.title)
	var err error
	b.tmpl, err = template.New("").Funcs(template.FuncMap{
		"percent": plan.Percent,
		"plural":  plural,
		"anchor":  b.anchor,
		"live":    b.live,
		"version": b.version,
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	return b, nil
}

// shown reports whether a record with the ID is in the site.
func (b *builder) shown(id string) bool {
	_, ok := b.names[id]
	return ok
}

// hide reports whether a public site leaves out a field.
func (b *builder) hide(field string) bool { return b.fields[field] }

// redacted stands for the ID of a hidden record in text. It holds nothing
// Markdown reads as syntax, so that it reads the same in text, code and
// links.
const redacted = "‹internal›"

// mentionRules says what becomes of IDs that text mentions: those of
// records the site shows become links (in Markdown), those of records it
// leaves out are replaced by [redacted]. A mention is found among every ID
// of the workspace, the longest first, so that R-2027.1 is not taken for a
// mention of R-2027. IDs are compared without regard to case when they are
// hidden: a file name's lower-case slug mentions them too.
func (b *builder) mentionRules() mentionRules {
	all := b.p.WS.IDs()
	for id := range b.hidden {
		all = append(all, id)
	}
	r := mentionRules{ids: model.NewIDSet(all), links: func(id, base string) string {
		if b.shown(id) {
			return b.recordURL(id, base)
		}
		return ""
	}}
	if len(b.hidden) > 0 {
		folded := make(map[string]bool, len(b.hidden))
		for id := range b.hidden {
			folded[model.FoldID(id)] = true
		}
		r.hidden = func(id string) bool { return folded[model.FoldID(id)] }
	}
	return r
}

// text is free text from a file as a page shows it: in a public site,
// with the IDs of hidden records taken out.
func (b *builder) text(s string) string {
	out, _ := b.rules.redact(s, redacted)
	return out
}

// titleOf is a record's title as the site shows it.
func (b *builder) titleOf(r *workspace.Record) string {
	if b.hide("title") {
		return ""
	}
	return b.text(r.Meta().Title)
}

// markdown renders Markdown from a file for a page at base; prefix keeps
// its heading anchors apart from those of other text on the page.
func (b *builder) markdown(src, prefix, base string) (string, error) {
	return b.md.render(src, prefix, base)
}

// recordURL links to a record's page from a page at base ("" or "../").
func (b *builder) recordURL(id, base string) string {
	if b.opts.SingleFile {
		return "#rec-" + b.names[id]
	}
	return base + "records/" + b.names[id] + ".html"
}

// anchor is an HTML id for a record's parts ("obj-" + anchor): its page
// name, which holds no character an id may not.
func (b *builder) anchor(id string) string { return b.names[id] }

func (b *builder) pageURL(name, base string) string {
	if b.opts.SingleFile {
		return "#page-" + name
	}
	return base + name + ".html"
}

// ref is a link to a record, or plain text when it is not in the site.
type ref struct {
	ID, Title, URL string
}

// ref links to the record with the ID. An ID that names no record in the
// site is plain text, and in a public site nothing at all (the zero ref):
// it may name a hidden record, or one in a file that did not load.
func (b *builder) ref(id, base string) ref {
	if !b.shown(id) {
		if b.opts.Public {
			return ref{}
		}
		return ref{ID: id}
	}
	return ref{ID: id, Title: b.titleOf(b.p.Record(id)), URL: b.recordURL(id, base)}
}

// refs links to the records with the IDs, leaving out the zero refs.
func (b *builder) refs(ids []string, base string) []ref {
	var out []ref
	for _, id := range ids {
		if r := b.ref(id, base); r.ID != "" {
			out = append(out, r)
		}
	}
	return out
}

// layout is what the frame of every page shows.
type layout struct {
	SiteTitle string
	PageTitle string
	Base      string
	Nav       []navItem
	Stamp     string
	Version   string
	Single    bool
	CSS       template.CSS
	JS        template.JS
	Index     template.JS
	Pages     []pageOut // single-file: every page
	Live      *liveView // served live: the token and the live script
}

type navItem struct {
	Title, URL string
	Current    bool
}

type pageOut struct {
	ID    string
	Title string
	Body  template.HTML
}

func (b *builder) layout(current, pageTitle, base string) layout {
	l := layout{SiteTitle: b.title, PageTitle: pageTitle, Base: base, Version: b.opts.Version, Live: b.live()}
	if !b.opts.Stamp.IsZero() {
		l.Stamp = b.opts.Stamp.UTC().Format("2006-01-02 15:04 UTC")
	}
	for _, pn := range b.pagesOfSite() {
		l.Nav = append(l.Nav, navItem{Title: pn.title, URL: b.pageURL(pn.name, base), Current: pn.name == current})
	}
	return l
}

// render executes a named template into a string. A strings.Builder
// gives its bytes without a copy: a site has a page per record, and the
// backlog of a large plan is tens of megabytes.
func (b *builder) render(name string, data any) (string, error) {
	var buf strings.Builder
	buf.Grow(4096) // a record's page, most of the pages made
	if err := b.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("template %s: %w", name, err)
	}
	return buf.String(), nil
}

// page is one page's content before the frame.
type page struct {
	name, title string // name: file name without .html, or "records/ID"
	body        string
}

// pages renders the content of every page for links from base.
func (b *builder) pages(ctx context.Context, base string) ([]page, error) {
	out := make([]page, 0, len(sitePages)+1+len(b.p.WS.Records))
	for _, m := range b.pagesOfSite() {
		body, err := m.make(b, base)
		if err != nil {
			return nil, err
		}
		out = append(out, page{name: m.name, title: m.title, body: body})
	}
	recs := b.records()
	recBase := base
	if !b.opts.SingleFile {
		recBase = "../"
	}
	bodies := make([]string, len(recs))
	if err := parallel.For(ctx, len(recs), func(i int) {
		var err error
		if bodies[i], err = b.record(recs[i], recBase); err != nil {
			// One record that cannot be shown costs its page, not the site.
			bodies[i] = `<p class="bad">This record could not be shown: ` + template.HTMLEscapeString(err.Error()) + `</p>`
		}
	}); err != nil {
		return nil, err
	}
	for i, r := range recs {
		out = append(out, page{name: "records/" + b.names[r.ID()], title: strings.TrimSpace(r.ID() + " " + b.titleOf(r)), body: bodies[i]})
	}
	return out, nil
}

// records returns the records that get a page, in a stable order: by kind,
// then as the views order them. A duplicated ID gets one page (the first).
// The slice is shared: callers do not change it.
func (b *builder) records() []*workspace.Record { return b.recs }

// pagedRecords finds [builder.records], once the hidden records are known.
func (b *builder) pagedRecords() []*workspace.Record {
	var out []*workspace.Record
	seen := map[string]bool{}
	for _, r := range b.p.WS.Records {
		id := r.ID()
		if id == "" || seen[id] || b.hidden[id] {
			continue
		}
		seen[id] = true
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, c *workspace.Record) int { return model.CompareIDs(a.ID(), c.ID()) })
	return out
}

func (b *builder) multi(ctx context.Context) (Site, error) {
	src, err := b.source()
	if err != nil {
		return nil, err
	}
	files := make([][]byte, len(src.paths))
	errs := make([]error, len(src.paths))
	if err := parallel.For(ctx, len(src.paths), func(i int) {
		files[i], errs[i] = src.make(i)
	}); err != nil {
		return nil, err
	}
	site := make(Site, len(src.paths))
	for i, p := range src.paths {
		if errs[i] != nil {
			return nil, errs[i]
		}
		site[p] = files[i]
	}
	return site, nil
}

// source is the files of the multi-page site, each made when it is asked
// for, so that a writer can write each page as soon as it is made and
// drop it: the whole site is never held at once.
func (b *builder) source() (source, error) {
	type file struct {
		path string
		key  func() string
		make func() ([]byte, error)
		site bool // a site-wide page
	}
	var files []file
	recordFrame, err := b.frame("records/", "../")
	if err != nil {
		return source{}, err
	}
	site := b.siteKey(recordFrame)
	for _, m := range b.pagesOfSite() {
		var key func() string
		if m.name == flowPage {
			key = func() string { return b.flowKey(site) }
		}
		files = append(files, file{path: m.name + ".html", key: key, site: true, make: func() ([]byte, error) {
			body, err := m.make(b, "")
			if err != nil {
				return nil, err
			}
			// The frame, not the layout around the body: the body of the
			// backlog or the board of a large plan is tens of megabytes,
			// which the layout would copy twice more.
			f, err := b.frame(m.name, "")
			if err != nil {
				return nil, err
			}
			return cleanHTML(f.wrap(m.title, body)), nil
		}})
	}
	for _, r := range b.records() {
		files = append(files, file{
			path: "records/" + b.names[r.ID()] + ".html",
			key:  func() string { return b.recordKey(site, r) },
			make: func() ([]byte, error) {
				body, err := b.record(r, "../")
				if err != nil {
					// One record that cannot be shown costs its page, not the site.
					body = `<p class="bad">This record could not be shown: ` + template.HTMLEscapeString(err.Error()) + `</p>`
				}
				return cleanHTML(recordFrame.wrap(strings.TrimSpace(r.ID()+" "+b.titleOf(r)), body)), nil
			},
		})
	}
	assets, err := fs.ReadDir(assetFS, "assets")
	if err != nil {
		return source{}, err
	}
	for _, a := range assets {
		files = append(files, file{path: a.Name(), make: func() ([]byte, error) { return readAsset(a.Name()) }})
	}
	if b.opts.Live != nil {
		paths, err := liveAssets()
		if err != nil {
			return source{}, err
		}
		for _, p := range paths {
			files = append(files, file{path: p, make: func() ([]byte, error) { return readLiveAsset(p) }})
		}
	}
	files = append(files, file{path: "search-index.js", make: func() ([]byte, error) {
		index, err := b.searchIndex("")
		if err != nil {
			return nil, err
		}
		return cleanHTML([]byte("window.roadlogIndex = " + index + ";\n")), nil
	}})
	slices.SortFunc(files, func(x, y file) int { return strings.Compare(x.path, y.path) })
	src := source{paths: make([]string, len(files))}
	for i, f := range files {
		src.paths[i] = f.path
		if f.site {
			src.early = append(src.early, i)
		}
	}
	src.make = func(i int) ([]byte, error) { return files[i].make() }
	src.key = func(i int) string {
		if files[i].key == nil {
			return ""
		}
		return files[i].key()
	}
	return src, nil
}

// dropSiteData lets go of what only the site-wide pages need, once they
// are made and before the pages of records are: the rows of the backlog's
// items and the Git history of the Flow page. On a plan of 100,000 items
// they are a tenth of the heap, which every collection of the many pages
// after them would otherwise scan again. Asked for again, the rows are
// made again.
func (b *builder) dropSiteData() {
	b.rowsOnce = sync.Once{}
	b.rows = nil
	b.flow = nil
	b.opts.Flow = nil
}

// frame is the layout of a page cut around its title and body, for the
// thousands of record pages whose frames differ in nothing else: executing
// the layout template once instead of once a page saves a fifth of the time
// of a large site.
type frame struct {
	beforeTitle, beforeBody, after string
}

// Placeholders for frame; plain letters, which no escaper changes.
const (
	titleMark = "roadlogframetitlemark"
	bodyMark  = "roadlogframebodymark"
)

// frame renders the layout of a page named name at base with placeholders.
func (b *builder) frame(name, base string) (frame, error) {
	var buf bytes.Buffer
	if err := b.tmpl.ExecuteTemplate(&buf, "layout.html", struct {
		layout
		Body template.HTML
	}{b.layout(name, titleMark, base), bodyMark}); err != nil {
		return frame{}, err
	}
	before, after, ok := strings.Cut(buf.String(), bodyMark)
	head, mid, ok2 := strings.Cut(before, titleMark)
	if !ok || !ok2 || strings.Contains(mid, titleMark) || strings.Contains(after, bodyMark) {
		return frame{}, fmt.Errorf("layout.html: the page title and body must appear once each")
	}
	return frame{beforeTitle: head, beforeBody: mid, after: after}, nil
}

// wrap puts a page's title (text) and body (HTML) into the frame.
func (f frame) wrap(title, body string) []byte {
	t := template.HTMLEscapeString(title)
	out := make([]byte, 0, len(f.beforeTitle)+len(t)+len(f.beforeBody)+len(body)+len(f.after))
	out = append(out, f.beforeTitle...)
	out = append(out, t...)
	out = append(out, f.beforeBody...)
	out = append(out, body...)
	return append(out, f.after...)
}

// single writes everything into one HTML file: each page a section, CSS,
// script and search index inline.
func (b *builder) single(ctx context.Context) (Site, error) {
	pages, err := b.pages(ctx, "")
	if err != nil {
		return nil, err
	}
	css, err := readAsset("style.css")
	if err != nil {
		return nil, err
	}
	js, err := assetFS.ReadFile("assets/app.js")
	if err != nil {
		return nil, err
	}
	index, err := b.searchIndex("")
	if err != nil {
		return nil, err
	}
	l := b.layout("", b.title, "")
	l.Single = true
	l.CSS = template.CSS(css)                                     //nolint:gosec // our own embedded stylesheet
	l.JS = template.JS(js)                                        //nolint:gosec // our own embedded script
	l.Index = template.JS("window.roadlogIndex = " + index + ";") //nolint:gosec // JSON from encoding/json, HTML-escaped
	for _, pg := range pages {
		id := "page-" + pg.name
		if strings.HasPrefix(pg.name, "records/") {
			id = "rec-" + strings.TrimPrefix(pg.name, "records/")
		}
		// Every page's sections are landmarks named by their headings, which
		// repeat across pages ("Objectives" on the overview and its own
		// page). One file must name each landmark once, so each section's
		// name starts with its page's title. The bodies come from our
		// templates, where file content is always escaped, so the attribute
		// text cannot occur in it.
		body := strings.ReplaceAll(pg.body, ` aria-labelledby="`, ` aria-labelledby="`+id+`-label `)
		l.Pages = append(l.Pages, pageOut{ID: id, Title: pg.title, Body: template.HTML(body)}) //nolint:gosec // as above
	}
	var buf bytes.Buffer
	if err := b.tmpl.ExecuteTemplate(&buf, "single.html", l); err != nil {
		return nil, err
	}
	return Site{"index.html": cleanHTML(buf.Bytes())}, nil
}

// readAsset returns the bytes of an asset of the site: the stylesheet
// with the charts' rules after the report's own.
func readAsset(name string) ([]byte, error) {
	data, err := assetFS.ReadFile("assets/" + name)
	if err != nil || name != "style.css" {
		return data, err
	}
	return append(data, "\n"+chart.CSS...), nil
}

// searchIndex is the JSON array the search box looks titles up in.
func (b *builder) searchIndex(base string) (string, error) {
	type entry struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Kind  string `json:"kind"`
		URL   string `json:"url"`
	}
	entries := []entry{}
	for _, r := range b.records() {
		entries = append(entries, entry{ID: safetext.Line(r.ID()), Title: safetext.Line(b.titleOf(r)), Kind: r.Kind().Label(), URL: b.recordURL(r.ID(), base)})
	}
	data, err := json.Marshal(entries) // escapes <, > and & for a script element
	return string(data), err
}

// cleanHTML replaces with U+FFFD what text from files may hold but a page
// (or the search index, inside its JSON strings)
// must not: the control characters HTML forbids (C0 but for line breaks
// and tabs, DEL, C1), the noncharacters, and — as in every other output
// ([safetext]) — the bidirectional overrides and isolates that would show
// a title in another order than it is written.
func cleanHTML(page []byte) []byte {
	bad := func(r rune) bool {
		if r == '\n' || r == '\r' || r == '\t' || r == '\f' || r == 0x2028 || r == 0x2029 {
			return false
		}
		return safetext.Unsafe(r) || (r >= 0xfdd0 && r <= 0xfdef) || r&0xfffe == 0xfffe
	}
	if !bytes.ContainsFunc(page, bad) {
		return page
	}
	return bytes.Map(func(r rune) rune {
		if bad(r) {
			return '\uFFFD'
		}
		return r
	}, page)
}

// plural is a count's noun: "item" for 1, "items" for any other number.
func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
