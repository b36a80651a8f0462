package report

import (
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/schema"
)

// initiativeCard is an initiative on the roadmap or the overview.
type initiativeCard struct {
	Ref            ref
	Theme          string // its title
	ThemeID        string
	Status         string
	Items, Closed  int
	Progress       float64
	HasProgress    bool
	Start, End     string
	Confidence     string
	HorizonOrEmpty string
}

func (b *builder) initiatives(base string) []initiativeCard {
	var out []initiativeCard
	for _, in := range b.p.WS.Initiatives {
		if b.hidden[in.ID] || in.ID == "" {
			continue
		}
		share := b.progress(in.ID)
		c := initiativeCard{Ref: b.ref(in.ID, base), Items: share.Total, Closed: share.Done}
		if !b.hide("status") {
			c.Status = b.text(in.Status)
		}
		if !b.hide("start") {
			c.Start = in.Start
		}
		if !b.hide("end") {
			c.End = in.End
		}
		if !b.hide("confidence") {
			c.Confidence = b.text(in.Confidence)
		}
		if !b.hide("horizon") {
			c.HorizonOrEmpty = in.Horizon
		}
		if !b.hide("theme") && b.shown(in.Theme) {
			c.Theme, c.ThemeID = b.titleOf(b.p.Record(in.Theme)), in.Theme
		}
		c.Progress, c.HasProgress = share.Ratio()
		out = append(out, c)
	}
	return out
}

type column struct {
	Name  string
	Cards []initiativeCard
}

func byHorizon(cards []initiativeCard) []column {
	cols := []column{}
	for _, g := range plan.ByHorizon(cards, func(c initiativeCard) string { return c.HorizonOrEmpty }) {
		cols = append(cols, column{Name: g.Name, Cards: g.Members})
	}
	return cols
}

// objectiveView is an objective with its key results.
type objectiveView struct {
	Ref         ref
	Period      string
	Owner       string
	Progress    float64
	HasProgress bool
	Note        string // why there is no progress: "1 of 4 key results measurable"
	KeyResults  []krView
	Initiatives []ref
}

type krView struct {
	Ref                       ref
	Baseline, Current, Target string
	Progress                  float64
	HasProgress               bool
}

func (b *builder) objectiveViews(base string) []objectiveView {
	var out []objectiveView
	for _, o := range b.p.WS.Objectives {
		if b.hidden[o.ID] || o.ID == "" {
			continue
		}
		v := objectiveView{Ref: b.ref(o.ID, base)}
		if !b.hide("period") {
			v.Period = b.text(o.Period)
		}
		if !b.hide("owner") {
			v.Owner = b.person(o.Owner)
		}
		var shown []*model.KeyResult
		for _, kr := range o.KeyResults {
			if b.hidden[kr.ID] || (b.opts.Public && kr.ID == "") {
				continue
			}
			shown = append(shown, kr)
			k := krView{Ref: b.ref(kr.ID, base)}
			unit := kr.Unit
			if b.hide("unit") {
				unit = ""
			}
			if !b.hide("baseline") {
				k.Baseline = model.FormatQuantity(kr.Baseline, unit)
			}
			if !b.hide("current") {
				k.Current = model.FormatQuantity(kr.Current, unit)
			}
			if !b.hide("target") {
				k.Target = model.FormatQuantity(kr.Target, unit)
			}
			k.Progress, k.HasProgress = b.krProgress(kr)
			v.KeyResults = append(v.KeyResults, k)
		}
		prog := plan.ObjectiveProgressOf(shown, b.krProgressShown)
		v.Progress, v.HasProgress, v.Note = prog.Value, prog.Known(), prog.Note()
		if !b.hide("objectives") {
			for _, in := range b.p.InitiativesFor(o.ID) {
				if b.shown(in.ID) {
					v.Initiatives = append(v.Initiatives, b.ref(in.ID, base))
				}
			}
		}
		out = append(out, v)
	}
	return out
}

func (b *builder) person(key string) string {
	if p, ok := b.p.WS.Config.People[key]; ok && p.Name != "" {
		return p.Name
	}
	return b.text(key)
}

// counted reports whether an item counts in the site's numbers (progress,
// items of an initiative or release): in a public site, only items it
// shows.
func (b *builder) counted(it *model.Item) bool {
	return !b.opts.Public || (it.ID != "" && !b.hidden[it.ID])
}

// progress returns how many of the items of an initiative or release that
// the site counts are closed.
func (b *builder) progress(id string) plan.Share {
	var items []*model.Item
	for _, it := range b.p.ItemsOf(id) {
		if b.counted(it) {
			items = append(items, it)
		}
	}
	return b.p.ClosedOf(items)
}

// blocked reports whether an open item depends on an open item the site
// shows (in a public site, a hidden one does not count).
func (b *builder) blocked(it *model.Item) bool {
	if !b.opts.Public {
		return b.p.Blocked(it)
	}
	if b.hide("depends_on") || b.p.Closed(it) {
		return false
	}
	for _, id := range it.DependsOn {
		if !b.shown(id) {
			continue
		}
		if d, ok := b.p.Record(id).Model.(*model.Item); ok && !b.p.Closed(d) {
			return true
		}
	}
	return false
}

// krProgress is a key result's progress, unless a public site leaves out
// what it is worked out from.
func (b *builder) krProgress(kr *model.KeyResult) (float64, bool) {
	if !b.krProgressShown(kr) {
		return 0, false
	}
	return plan.KeyResultProgress(kr)
}

// krProgressShown reports whether the site may show a key result's
// progress: not when it hides what it is worked out from.
func (b *builder) krProgressShown(*model.KeyResult) bool {
	return !b.hide("baseline") && !b.hide("current") && !b.hide("target")
}

// itemRow is a backlog item in a table or on the board.
type itemRow struct {
	item                   *model.Item
	Pos                    int
	Ref                    ref
	Type, Status, Owner    string
	Score                  string
	ScoreSort              string
	Initiative, Release    ref
	Labels                 string
	Closed, Blocked        bool
	CriteriaDone, Criteria int
	Due                    string
	StatusIndex            int
}

// items returns the rows of the backlog's items for a page at base, made
// once for base "" (the pages share them and do not change them).
func (b *builder) items(base string) []itemRow {
	if base != "" {
		return b.makeItems(base)
	}
	b.rowsOnce.Do(func() { b.rows = b.makeItems("") })
	return b.rows
}

func (b *builder) makeItems(base string) []itemRow {
	var out []itemRow
	statusIndex := map[string]int{}
	for i, s := range b.p.WS.Config.Workflow.Statuses {
		statusIndex[s] = i
	}
	for _, it := range b.p.Items() {
		if b.hidden[it.ID] || it.ID == "" || b.p.Archived(it) {
			continue // archived items keep their own pages, not rows
		}
		r := itemRow{item: it, Pos: len(out) + 1, Ref: b.ref(it.ID, base), Closed: b.p.Closed(it), Blocked: b.blocked(it)}
		if !b.hide("type") {
			r.Type = b.text(it.Type)
		}
		if !b.hide("status") {
			r.Status = b.text(it.Status)
			r.StatusIndex = statusIndex[it.Status]
		}
		if !b.hide("owner") {
			r.Owner = b.person(it.Owner)
		}
		if !b.hide("labels") {
			r.Labels = b.text(strings.Join(it.Labels, ", "))
		}
		if !b.hide("due") {
			r.Due = it.Due
		}
		if s, ok := b.p.Score(it); ok && !b.hide("score") {
			r.Score = plan.FormatScore(s)
			r.ScoreSort = strconv.FormatFloat(s, 'f', -1, 64)
		}
		if in := b.p.InitiativeOf(it); in != "" && !b.hide("initiative") {
			r.Initiative = b.ref(in, base)
		}
		if it.Release != "" && !b.hide("release") {
			r.Release = b.ref(it.Release, base)
		}
		c := b.p.Criteria(it)
		r.CriteriaDone, r.Criteria = c.Done, c.Total
		out = append(out, r)
	}
	return out
}

func (b *builder) overview(base string) (string, error) {
	ws := b.p.WS
	var h plan.Health
	for _, it := range b.items(base) {
		h.Add(plan.ItemState{Closed: it.Closed, Blocked: it.Blocked, Scored: it.Score != "", Status: it.Status, Due: it.Due}, b.p.Today)
	}
	data := struct {
		Name, Vision string
		Strategy     template.HTML
		Objectives   []objectiveView
		Columns      []column
		Health       plan.Health
		Errors       int
		Warnings     int
		Info         int
		FindingsURL  string
		BacklogURL   string
	}{
		Objectives:  b.objectiveViews(base),
		Columns:     byHorizon(b.initiatives(base)),
		Health:      h,
		Errors:      b.opts.Findings.Count(diag.Error),
		Warnings:    b.opts.Findings.Count(diag.Warning),
		Info:        b.opts.Findings.Count(diag.Info),
		FindingsURL: b.pageURL("findings", base),
		BacklogURL:  b.pageURL("backlog", base),
	}
	if ws.Product != nil {
		data.Name, data.Vision = b.text(ws.Product.Name), b.text(ws.Product.Vision)
		if s := strings.TrimSpace(withoutHeading(ws.Product.Body, "Strategy")); s != "" {
			html, err := b.markdown(s, "strategy", base)
			if err != nil {
				return "", err
			}
			data.Strategy = template.HTML(html) //nolint:gosec // goldmark without raw HTML
		}
	}
	return b.render("overview.html", data)
}

func (b *builder) roadmap(base string) (string, error) {
	cards := b.initiatives(base)
	dates := make([][2]string, len(cards))
	for i, c := range cards {
		dates[i] = [2]string{c.Start, c.End}
	}
	tl := plan.NewTimeline(dates)
	var bars []timelineBar
	var undated []initiativeCard
	for i, c := range cards {
		if !tl.Spans[i].Dated {
			undated = append(undated, c)
			continue
		}
		bars = append(bars, timelineBar{ID: c.Ref.ID, Title: c.Ref.Title, URL: c.Ref.URL, Horizon: c.HorizonOrEmpty, Span: tl.Spans[i]})
	}
	data := struct {
		Columns  []column
		Timeline template.HTML
		Undated  []initiativeCard
		Themes   []themeView
	}{Columns: byHorizon(cards), Timeline: template.HTML(timelineSVG(tl, bars)), Undated: undated, Themes: b.themes(cards)} //nolint:gosec // SVG built with escaped text
	return b.render("roadmap.html", data)
}

type themeView struct {
	Ref   ref
	Cards []initiativeCard
}

func (b *builder) themes(cards []initiativeCard) []themeView {
	if b.hide("theme") {
		return nil
	}
	var themes []*model.Theme
	for _, t := range b.p.WS.Themes {
		if !b.hidden[t.ID] && (!b.opts.Public || t.ID != "") {
			themes = append(themes, t)
		}
	}
	var out []themeView
	for _, g := range plan.ByTheme(themes, cards, func(c initiativeCard) string { return c.ThemeID }) {
		if g.Theme == nil {
			continue // without a theme the site shows
		}
		title := b.text(g.Theme.Title)
		if b.hide("title") {
			title = ""
		}
		out = append(out, themeView{Ref: ref{ID: g.Theme.ID, Title: title}, Cards: g.Members})
	}
	return out
}

func (b *builder) backlog(base string) (string, error) {
	rows := b.items(base)
	data := struct {
		Rows     []itemRow
		Statuses []string
		Types    []string
		Owners   []string // as the Owner column shows them
		Open     int
	}{Rows: rows, Statuses: b.p.WS.Config.Workflow.Statuses, Types: b.p.WS.Config.Types}
	// The filters list the workflow's values, which tell what an internal
	// field may hold.
	if b.hide("status") {
		data.Statuses = nil
	}
	if b.hide("type") {
		data.Types = nil
	}
	owners := map[string]bool{}
	for _, r := range rows {
		if !r.Closed {
			data.Open++
		}
		if r.Owner != "" && !owners[r.Owner] {
			owners[r.Owner] = true
			data.Owners = append(data.Owners, r.Owner)
		}
	}
	slices.SortFunc(data.Owners, func(a, c string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(c)) })
	return b.render("backlog.html", data)
}

func (b *builder) board(base string) (string, error) {
	type col struct {
		Status    string
		Anchor    string // HTML id of its heading
		Limit     int
		Over      bool
		Items     []*itemRow // the rows are not copied: a large board has many
		CountText string
	}
	rows := b.items(base)
	if b.hide("status") {
		// Columns would tell each item's status: one column of all.
		all := make([]*itemRow, len(rows))
		for i := range rows {
			all[i] = &rows[i]
		}
		return b.render("board.html", []col{{Status: "items", Anchor: "col-1", Items: all, CountText: strconv.Itoa(len(rows))}})
	}
	items := make([]*model.Item, len(rows))
	rowOf := make(map[*model.Item]*itemRow, len(rows))
	for i := range rows {
		items[i] = rows[i].item
		rowOf[rows[i].item] = &rows[i]
	}
	var cols []col
	for i, l := range b.p.Board(items) {
		c := col{Status: b.text(l.Status), Anchor: "col-" + strconv.Itoa(i+1), Limit: l.Limit, Over: l.Over(), CountText: strconv.Itoa(len(l.Items))}
		if l.Limit > 0 {
			c.CountText += " of " + strconv.Itoa(l.Limit)
		}
		if l.Older > 0 {
			c.CountText += " + " + strconv.Itoa(l.Older) + " older"
		}
		for _, it := range l.Items {
			c.Items = append(c.Items, rowOf[it])
		}
		cols = append(cols, c)
	}
	return b.render("board.html", cols)
}

func (b *builder) objectives(base string) (string, error) {
	return b.render("objectives.html", b.objectiveViews(base))
}

func (b *builder) releases(base string) (string, error) {
	type releaseView struct {
		Ref          ref
		Date, Status string
		Items        []itemRow
		Closed       int
		Progress     float64
		HasProgress  bool
	}
	var out []releaseView
	rows := b.items(base)
	for _, rel := range b.p.WS.Releases {
		if b.hidden[rel.ID] || rel.ID == "" {
			continue
		}
		v := releaseView{Ref: b.ref(rel.ID, base)}
		if !b.hide("date") {
			v.Date = rel.Date
		}
		if !b.hide("status") {
			v.Status = b.text(rel.Status)
		}
		for _, r := range rows {
			if r.Release.ID == rel.ID {
				v.Items = append(v.Items, r)
				if r.Closed {
					v.Closed++
				}
			}
		}
		v.Progress, v.HasProgress = plan.Share{Done: v.Closed, Total: len(v.Items)}.Ratio()
		out = append(out, v)
	}
	return b.render("releases.html", out)
}

func (b *builder) risks(base string) (string, error) {
	type riskView struct {
		Ref                          ref
		Likelihood, Impact, Exposure int
		Status, Owner, Mitigation    string
		Links                        []ref
	}
	type cell struct {
		Risks []riskView
		Level string
	}
	var list []riskView
	var grid [5][5]cell // [impact 5..1][likelihood 1..5]
	for _, r := range b.p.WS.Risks {
		if b.hidden[r.ID] || r.ID == "" {
			continue
		}
		v := riskView{Ref: b.ref(r.ID, base)}
		if !b.hide("likelihood") && !b.hide("impact") {
			v.Likelihood, v.Impact, v.Exposure = r.Likelihood, r.Impact, plan.Exposure(r)
		}
		if !b.hide("status") {
			v.Status = b.text(r.Status)
		}
		if !b.hide("owner") {
			v.Owner = b.person(r.Owner)
		}
		if !b.hide("mitigation") {
			v.Mitigation = b.text(r.Mitigation)
		}
		if !b.hide("links") {
			for _, l := range r.Links {
				if b.shown(l) {
					v.Links = append(v.Links, b.ref(l, base))
				}
			}
		}
		list = append(list, v)
		if v.Likelihood >= 1 && v.Likelihood <= 5 && v.Impact >= 1 && v.Impact <= 5 {
			c := &grid[5-v.Impact][v.Likelihood-1]
			c.Risks = append(c.Risks, v)
		}
	}
	type row struct {
		Impact int
		Cells  []cell
	}
	var rows []row
	for i := range 5 {
		impact := 5 - i
		cells := make([]cell, 5)
		for j := range 5 {
			cells[j] = grid[i][j]
			e := impact * (j + 1)
			switch {
			case e >= 15:
				cells[j].Level = "high"
			case e >= 8:
				cells[j].Level = "medium"
			default:
				cells[j].Level = "low"
			}
		}
		rows = append(rows, row{Impact: impact, Cells: cells})
	}
	slices.SortStableFunc(list, func(a, c riskView) int { return c.Exposure - a.Exposure })
	return b.render("risks.html", struct {
		Rows []row
		List []riskView
	}{rows, list})
}

func (b *builder) dependencies(base string) (string, error) {
	var nodes []graphNode
	in := map[string]bool{}
	for _, it := range b.p.Items() {
		if b.hide("depends_on") {
			break
		}
		if b.hidden[it.ID] || it.ID == "" {
			continue
		}
		for _, d := range it.DependsOn {
			if r := b.p.Record(d); r != nil && r.Kind() == model.KindItem && b.shown(d) {
				in[it.ID], in[d] = true, true
			}
		}
	}
	for _, it := range b.p.Items() {
		if !in[it.ID] || b.p.WS.RecordOf(it) != b.p.Record(it.ID) {
			continue
		}
		n := graphNode{ID: it.ID, Title: b.titleOf(b.p.Record(it.ID)), URL: b.recordURL(it.ID, base), Closed: b.p.Closed(it)}
		if !b.hide("status") {
			n.Status = b.text(it.Status)
		}
		deps := map[string]bool{}
		for _, d := range it.DependsOn {
			if in[d] && d != it.ID && !deps[d] {
				deps[d] = true
				n.Deps = append(n.Deps, d)
			}
		}
		nodes = append(nodes, n)
	}
	slices.SortFunc(nodes, func(a, c graphNode) int { return model.CompareIDs(a.ID, c.ID) })
	return b.render("dependencies.html", struct {
		Graph template.HTML
		Count int
	}{template.HTML(dependencyGraph(nodes)), len(nodes)}) //nolint:gosec // SVG built with escaped text
}

func (b *builder) findings(_ string) (string, error) {
	type finding struct {
		Path, Pos, Severity, Rule, Text string
	}
	list := b.opts.Findings
	data := struct {
		Public                 bool
		Errors, Warnings, Info int
		Findings               []finding
	}{Public: b.opts.Public, Errors: list.Count(diag.Error), Warnings: list.Count(diag.Warning), Info: list.Count(diag.Info)}
	if !b.opts.Public {
		for _, d := range list {
			data.Findings = append(data.Findings, finding{Path: d.Path, Pos: d.Pos.String(), Severity: d.Severity.String(), Rule: d.Rule, Text: d.Text()})
		}
	}
	return b.render("findings.html", data)
}

// fieldView is one field on a record's page.
type fieldView struct {
	Name string
	Text string
	Refs []ref
}

// hiddenOnPage are fields shown elsewhere on a record's page.
var hiddenOnPage = map[string]bool{"id": true, "title": true, "description": true, "key_results": true, "personas": true, "visibility": true}

// recordView is what a record's page shows: everything but Body comes
// from recordView, which a page's key hashes.
type recordView struct {
	Kind     string
	ID       string
	Title    string
	File     string
	Fields   []fieldView
	Computed []fieldView
	Body     template.HTML
	Groups   []refGroup
	Form     *formView // served live: the record's editing form
	FlowURL  string    // a release's section of the Flow page, or ""
}

func (b *builder) record(r *workspace.Record, base string) (string, error) {
	v, body := b.recordView(r, base)
	if strings.TrimSpace(body) != "" {
		s, err := b.markdown(body, "rec-"+b.anchor(v.ID), base)
		if err != nil {
			return "", err
		}
		v.Body = template.HTML(s) //nolint:gosec // goldmark without raw HTML
	}
	return b.render("record.html", v)
}

// recordView returns what the page of r at base shows, with the Markdown
// of its body (returned apart) not yet rendered.
func (b *builder) recordView(r *workspace.Record, base string) (recordView, string) {
	m := r.Meta()
	return recordView{
		Kind:     m.Kind.Label(),
		ID:       m.ID,
		Title:    b.titleOf(r),
		File:     b.text(m.Path),
		Fields:   b.fieldViews(r, base),
		Computed: b.computed(r),
		Groups:   b.referencedBy(r, base),
		Form:     b.form(r),
		FlowURL:  b.flowURL(m.ID, base),
	}, b.bodyOf(r)
}

// fieldViews returns the fields of r the page shows, in the schema's
// order of its kind (others after, by name).
func (b *builder) fieldViews(r *workspace.Record, base string) []fieldView {
	m := r.Meta()
	var fields []fieldView
	for _, k := range fieldOrder(r.Kind(), m.Fields) {
		if hiddenOnPage[k] || b.fields[k] {
			continue
		}
		if f, ok := b.showField(r.Kind(), k, m.Fields[k], base); ok {
			fields = append(fields, f)
		}
	}
	return fields
}

// fieldOrder returns the keys of fields in the schema's order of kind;
// keys the schema does not list come last, by name.
func fieldOrder(kind model.Kind, fields map[string]any) []string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	order := schema.Record(kind).Names()
	slices.SortStableFunc(keys, func(a, c string) int {
		ia, ic := slices.Index(order, a), slices.Index(order, c)
		if ia < 0 {
			ia = len(order)
		}
		if ic < 0 {
			ic = len(order)
		}
		if ia != ic {
			return ia - ic
		}
		return strings.Compare(a, c)
	})
	return keys
}

// showField shows the value v of the field k of a record of kind; false
// when the field is left out.
func (b *builder) showField(kind model.Kind, k string, v any, base string) (fieldView, bool) {
	f := fieldView{Name: b.text(k)}
	switch {
	case model.IsReference(kind, k):
		f.Refs = b.refs(model.IDsIn(v), base)
		if len(f.Refs) == 0 && b.opts.Public {
			return f, false // it names only records the site leaves out
		}
	case k == "owner":
		f.Text = b.person(query.Text(v))
	default:
		f.Text = b.text(query.Text(v))
	}
	return f, true
}

// computed returns what the page shows that the record's file does not
// say, one describer a kind.
func (b *builder) computed(r *workspace.Record) []fieldView {
	switch x := r.Model.(type) {
	case *model.Item:
		return b.computedItem(x)
	case *model.Initiative:
		return []fieldView{{Name: "progress", Text: b.progress(x.ID).ItemsText()}}
	case *model.Release:
		return []fieldView{{Name: "progress", Text: b.progress(x.ID).ItemsText()}}
	case *model.Objective:
		return b.computedObjective(x)
	case *model.KeyResult:
		if v, ok := b.krProgress(x); ok {
			return []fieldView{{Name: "progress", Text: plan.Percent(v)}}
		}
	case *model.Risk:
		if e := plan.Exposure(x); e > 0 && !b.hide("likelihood") && !b.hide("impact") {
			return []fieldView{{Name: "exposure", Text: fmt.Sprintf("%d (likelihood × impact)", e)}}
		}
	}
	return nil
}

// computedItem: an item's computed score, acceptance criteria and whether
// it is blocked.
func (b *builder) computedItem(x *model.Item) []fieldView {
	var computed []fieldView
	if !b.hide("score") {
		computed = append(computed, fieldView{Name: "computed score", Text: b.text(b.p.ExplainScore(x))})
	}
	if c := b.p.Criteria(x); c.Total > 0 {
		computed = append(computed, fieldView{Name: "acceptance criteria", Text: fmt.Sprintf("%d of %d done", c.Done, c.Total)})
	}
	if b.blocked(x) {
		computed = append(computed, fieldView{Name: "blocked", Text: "depends on open items"})
	}
	return computed
}

// computedObjective: an objective's progress over the key results the
// site shows.
func (b *builder) computedObjective(x *model.Objective) []fieldView {
	var shown []*model.KeyResult
	for _, kr := range x.KeyResults {
		if !b.hidden[kr.ID] && (!b.opts.Public || kr.ID != "") {
			shown = append(shown, kr)
		}
	}
	o := plan.ObjectiveProgressOf(shown, b.krProgressShown)
	if o.Known() {
		return []fieldView{{Name: "progress", Text: plan.Percent(o.Value) + " (mean of its key results)"}}
	}
	return []fieldView{{Name: "progress", Text: o.Note()}}
}

// bodyOf returns the Markdown the page shows under the fields: the body
// of a record kept in its own file, else its description.
func (b *builder) bodyOf(r *workspace.Record) string {
	switch x := r.Model.(type) {
	case *model.Item:
		return x.Body
	case *model.Insight:
		return x.Body
	case *model.Decision:
		return x.Body
	}
	if d, ok := r.Meta().Fields["description"].(string); ok && !b.hide("description") {
		return d
	}
	return ""
}

type refGroup struct {
	Name string
	ID   string // of its heading, unique in the site
	Refs []ref
}

// referencedBy groups what refers to a record, as roadlog show does: the
// records the site shows.
func (b *builder) referencedBy(r *workspace.Record, base string) []refGroup {
	var out []refGroup
	for _, g := range b.p.ReferenceGroups(r) {
		var refs []ref
		seen := map[string]bool{}
		for _, rec := range g.Records {
			if id := rec.ID(); b.shown(id) && !seen[id] {
				seen[id] = true
				refs = append(refs, b.ref(id, base))
			}
		}
		if len(refs) == 0 {
			continue
		}
		out = append(out, refGroup{Name: g.Name, ID: "refs-" + b.anchor(r.ID()) + "-" + strings.ReplaceAll(strings.ToLower(g.Name), " ", "-"), Refs: refs})
	}
	return out
}

// atxHeading is a Markdown heading line: "# Strategy", "## Strategy ##".
var atxHeading = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)

// withoutHeading drops the heading that opens md when it says what the
// page's own heading for it does ("# Strategy" under "Strategy"), so the
// page does not say it twice.
func withoutHeading(md, title string) string {
	first, rest, _ := strings.Cut(strings.TrimLeft(md, "\r\n"), "\n")
	if m := atxHeading.FindStringSubmatch(strings.TrimRight(first, "\r")); m != nil && strings.EqualFold(strings.TrimSpace(m[1]), title) {
		return rest
	}
	return md
}
