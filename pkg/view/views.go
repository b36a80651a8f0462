package view

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/people"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// This file says what each named view is: the records it starts from, its
// default columns, the options of its own and the JSON it writes. The view
// commands and the JSON API (pkg/viewapi) both select through it, so that
// `roadlog backlog --format json` and GET /api/views/backlog cannot drift.

// Options are what a named view is asked for: the view flags, and the
// options some views have of their own. Query.Columns nil means the
// view's default columns, and JSON objects with every field; a list, even
// an empty one (--columns ,), also makes the columns the keys of each JSON
// object.
type Options struct {
	Query
	All bool   // backlog: closed items too (--all)
	By  string // roadmap: horizon (also ""), quarter or theme (--by)
	Raw bool   // the output is CSV or TSV, which shows more by default (roadmap --by quarter)
}

// columns returns the columns of a view whose default is def, and whether
// they were asked for.
func (o Options) columns(def []string) ([]string, bool) {
	if len(o.Columns) == 0 {
		return def, o.Columns != nil
	}
	return o.Columns, true
}

// SplitColumns splits a comma-separated --columns value, dropping blank
// names: nil when s is empty (not given), else a list, empty for ",".
func SplitColumns(s string) []string {
	if s == "" {
		return nil
	}
	out := []string{}
	for c := range strings.SplitSeq(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// CheckLimit reports a negative --limit.
func CheckLimit(n int) error {
	if n < 0 {
		return &FlagError{"--limit", fmt.Errorf("%d is negative; give 0 for all, or a positive number", n)}
	}
	return nil
}

// Mine is where with owner == me() added (--mine): field names who owns a
// record, "owner", or "id" for a person.
func Mine(where, field string) string {
	if strings.TrimSpace(where) == "" {
		return field + " == me()"
	}
	return "(" + where + ") && " + field + " == me()"
}

// Table is a view of records of one kind as rows under columns: the
// backlog, or a list.
type Table struct {
	Kind    model.Kind
	Rows    []Row
	Columns []string // what a table shows: the asked-for columns, or the view's default
	// Explicit says the columns were asked for: they are then the keys of
	// each JSON object too.
	Explicit bool
}

// JSON is the body of the view's JSON: the records under their kind's
// plural ([Objects]).
func (t *Table) JSON() any {
	var keys []string
	if t.Explicit {
		keys = t.Columns
	}
	return map[string][]Object{Plural(t.Kind): Objects(t.Rows, keys)}
}

// selectTable selects recs of kind k by o, under def when o asks for no
// columns.
func selectTable(p *plan.Plan, k model.Kind, recs []*workspace.Record, o Options, def []string) (*Table, error) {
	cols, explicit := o.columns(def)
	q := o.Query
	q.Columns = cols
	rows, err := Select(p, k, recs, q)
	if err != nil {
		return nil, err
	}
	return &Table{Kind: k, Rows: rows, Columns: cols, Explicit: explicit}, nil
}

// SelectBacklog is `roadlog backlog`: the open items in backlog order,
// the closed ones too with o.All, archived ones with o.Archived, under the
// items' [DefaultColumns].
func SelectBacklog(p *plan.Plan, o Options) (*Table, error) {
	var recs []*workspace.Record
	for _, it := range p.Items() {
		if o.All || !p.Closed(it) || o.Archived && p.Archived(it) {
			recs = append(recs, p.WS.RecordOf(it))
		}
	}
	return selectTable(p, model.KindItem, recs, o, DefaultColumns(model.KindItem))
}

// SelectList is `roadlog list KIND`: every record of kind k ([Records]),
// under its [DefaultColumns].
func SelectList(p *plan.Plan, k model.Kind, o Options) (*Table, error) {
	return selectTable(p, k, Records(p, k), o, DefaultColumns(k))
}

// DefaultCards are the fields a board's card shows without --columns.
var DefaultCards = []string{"id", "title"}

// Board is `roadlog board`: the selected items as columns of cards by
// status.
type Board struct {
	Columns []BoardColumn
	Cards   []string // the fields a card shows
	// Explicit says the cards' fields were asked for: they are then the
	// keys of each JSON item too.
	Explicit bool
}

// SelectBoard selects the items of the board: every item, by o, into its
// status's column; o.Limit caps the cards of each column.
func SelectBoard(p *plan.Plan, o Options) (*Board, error) {
	cards, explicit := o.columns(DefaultCards)
	q := o.Query
	q.Columns, q.Limit = cards, 0
	rows, err := Select(p, model.KindItem, Records(p, model.KindItem), q)
	if err != nil {
		return nil, err
	}
	return &Board{Columns: BoardColumns(p, rows, o.Limit), Cards: cards, Explicit: explicit}, nil
}

// Shown returns the cards the board shows, column by column.
func (b *Board) Shown() []Row {
	var out []Row
	for _, c := range b.Columns {
		out = append(out, c.Rows...)
	}
	return out
}

type boardJSON struct {
	Columns []boardColumnJSON `json:"columns"`
}

type boardColumnJSON struct {
	Status    string   `json:"status"`
	WIPLimit  *int     `json:"wip_limit"`
	Count     int      `json:"count"`
	Older     int      `json:"older"` // closed items counted, not listed
	OverLimit bool     `json:"over_limit"`
	Items     []Object `json:"items"`
}

// JSON is the body of the board's JSON: each column with its WIP limit and
// its cards.
func (b *Board) JSON() any {
	out := boardJSON{Columns: []boardColumnJSON{}}
	var keys []string
	if b.Explicit {
		keys = b.Cards
	}
	for _, c := range b.Columns {
		cj := boardColumnJSON{Status: c.Status, Count: len(c.Items), Older: c.Older, OverLimit: c.Over(), Items: Objects(c.Rows, keys)}
		if c.Limit > 0 {
			limit := c.Limit
			cj.WIPLimit = &limit
		}
		out.Columns = append(out.Columns, cj)
	}
	return out
}

// Groupings are the ways the roadmap groups initiatives (--by).
var Groupings = []string{"horizon", "quarter", "theme"}

// NoTheme is the title of the roadmap's group of initiatives without a
// known theme.
const NoTheme = "(no theme)"

// RoadmapColumns are what an initiative of the roadmap shows without
// --columns, by grouping; raw is for CSV and TSV.
func RoadmapColumns(by string, raw bool) []string {
	switch {
	case by == "quarter" && raw:
		return []string{"id", "title", "start", "end"}
	case by == "quarter":
		return []string{"id", "title"}
	case by == "theme":
		return []string{"id", "title", "horizon", "status", "items", "progress"}
	}
	return []string{"id", "title", "theme", "horizon", "status", "start", "end", "items", "progress"}
}

// Roadmap is `roadlog roadmap`: the selected initiatives, grouped as By
// says; only the grouping of By is filled in.
type Roadmap struct {
	By       string // horizon, quarter or theme
	Rows     []Row  // the initiatives, in order
	Columns  []string
	Explicit bool // the columns were asked for, and are the keys of each JSON initiative
	Horizons []plan.Group[Row]
	Themes   []plan.ThemeGroup[Row]
	Timeline plan.Timeline // one span for each of Rows
}

// SelectRoadmap selects the initiatives by o and groups them by o.By.
func SelectRoadmap(p *plan.Plan, o Options) (*Roadmap, error) {
	by := o.By
	if by == "" {
		by = "horizon"
	}
	if !slices.Contains(Groupings, by) {
		return nil, &FlagError{"--by", errors.New(suggest.Unknown("grouping", by, Groupings))}
	}
	t, err := selectTable(p, model.KindInitiative, Records(p, model.KindInitiative), o, RoadmapColumns(by, o.Raw))
	if err != nil {
		return nil, err
	}
	m := &Roadmap{By: by, Rows: t.Rows, Columns: t.Columns, Explicit: t.Explicit}
	switch by {
	case "quarter":
		dates := make([][2]string, len(m.Rows))
		for i, r := range m.Rows {
			dates[i] = [2]string{query.Text(r.Values["start"]), query.Text(r.Values["end"])}
		}
		m.Timeline = plan.NewTimeline(dates)
	case "theme":
		m.Themes = plan.ByTheme(p.WS.Themes, m.Rows, func(r Row) string { return query.Text(r.Values["theme"]) })
	default:
		m.Horizons = plan.ByHorizon(m.Rows, func(r Row) string { return query.Text(r.Values["horizon"]) })
	}
	return m, nil
}

type horizonsJSON struct {
	Horizons []horizonJSON `json:"horizons"`
}

type horizonJSON struct {
	Name        string   `json:"name"`
	Initiatives []Object `json:"initiatives"`
}

type themesJSON struct {
	Themes []themeJSON `json:"themes"`
}

type themeJSON struct {
	ID          string   `json:"id,omitempty"`
	Title       string   `json:"title"`
	Initiatives []Object `json:"initiatives"`
}

type timelineJSON struct {
	Quarters    []string `json:"quarters"`
	Initiatives []any    `json:"initiatives"`
}

type timelineItemJSON struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Start    string   `json:"start,omitempty"`
	End      string   `json:"end,omitempty"`
	Quarters []string `json:"quarters"`
}

// JSON is the body of the roadmap's JSON: the horizons, the themes, or
// the quarters with the quarters each initiative runs in.
func (m *Roadmap) JSON() any {
	var keys []string // the keys of an initiative: all without --columns
	if m.Explicit {
		keys = m.Columns
	}
	switch m.By {
	case "quarter":
		return m.timelineJSON(keys)
	case "theme":
		out := themesJSON{Themes: []themeJSON{}}
		for _, g := range m.Themes {
			tj := themeJSON{Title: NoTheme, Initiatives: Objects(g.Members, keys)}
			if g.Theme != nil {
				tj.ID, tj.Title = g.Theme.ID, g.Theme.Title
			}
			out.Themes = append(out.Themes, tj)
		}
		return out
	}
	out := horizonsJSON{}
	for _, g := range m.Horizons {
		out.Horizons = append(out.Horizons, horizonJSON{Name: g.Name, Initiatives: Objects(g.Members, keys)})
	}
	return out
}

// timelineJSON lists the quarters, then each initiative with the quarters
// it runs in; with --columns, an initiative has those keys and quarters.
func (m *Roadmap) timelineJSON(keys []string) timelineJSON {
	tl := m.Timeline
	out := timelineJSON{Quarters: []string{}, Initiatives: []any{}}
	for _, q := range tl.Quarters {
		out.Quarters = append(out.Quarters, q.String())
	}
	objects := Objects(m.Rows, keys)
	for i, r := range m.Rows {
		quarters := []string{}
		for _, q := range tl.Quarters {
			if tl.Spans[i].Covers(q) {
				quarters = append(quarters, q.String())
			}
		}
		if keys != nil {
			objects[i]["quarters"] = quarters
			out.Initiatives = append(out.Initiatives, objects[i])
			continue
		}
		out.Initiatives = append(out.Initiatives, timelineItemJSON{
			ID: query.Text(r.Values["id"]), Title: query.Text(r.Values["title"]),
			Start: query.Text(r.Values["start"]), End: query.Text(r.Values["end"]), Quarters: quarters,
		})
	}
	return out
}

// Objectives is `roadlog objectives`: the selected objectives, each with
// its key results. Its columns are fixed.
type Objectives struct {
	Rows []Row
	p    *plan.Plan
}

// SelectObjectives selects the objectives by o's where, sort and limit;
// o.Columns does not apply.
func SelectObjectives(p *plan.Plan, o Options) (*Objectives, error) {
	q := o.Query
	q.Columns = nil
	rows, err := Select(p, model.KindObjective, Records(p, model.KindObjective), q)
	if err != nil {
		return nil, err
	}
	return &Objectives{Rows: rows, p: p}, nil
}

type objectivesJSON struct {
	Objectives []objectiveJSON `json:"objectives"`
}

type objectiveJSON struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	Period      string          `json:"period,omitempty"`
	Owner       string          `json:"owner,omitempty"`
	Progress    *float64        `json:"progress"`   // when every key result is measurable
	Measurable  int             `json:"measurable"` // key results with a progress
	Initiatives []string        `json:"initiatives"`
	KeyResults  []keyResultJSON `json:"key_results"`
}

type keyResultJSON struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Unit     string   `json:"unit,omitempty"`
	Baseline *float64 `json:"baseline"`
	Target   *float64 `json:"target"`
	Current  *float64 `json:"current"`
	Progress *float64 `json:"progress"`
}

// JSON is the body of the objectives' JSON: each objective with its
// progress, the initiatives serving it and its key results.
func (v *Objectives) JSON() any {
	p := v.p
	out := objectivesJSON{Objectives: []objectiveJSON{}}
	for _, r := range v.Rows {
		o := r.Record.Model.(*model.Objective)
		oj := objectiveJSON{ID: o.ID, Title: o.Title, Period: o.Period, Owner: o.Owner, Initiatives: []string{}, KeyResults: []keyResultJSON{}}
		prog := p.ObjectiveProgress(o)
		if prog.Known() {
			oj.Progress = &prog.Value
		}
		oj.Measurable = prog.Measurable
		for _, in := range p.InitiativesFor(o.ID) {
			oj.Initiatives = append(oj.Initiatives, in.ID)
		}
		for _, kr := range o.KeyResults {
			kj := keyResultJSON{ID: kr.ID, Title: kr.Title, Unit: kr.Unit, Baseline: kr.Baseline, Target: kr.Target, Current: kr.Current}
			if val, ok := plan.KeyResultProgress(kr); ok {
				kj.Progress = &val
			}
			oj.KeyResults = append(oj.KeyResults, kj)
		}
		out.Objectives = append(out.Objectives, oj)
	}
	return out
}

// People is `roadlog people`: the selected people ([people.Rows]) under
// columns.
type People struct {
	Rows    []map[string]any
	Columns []string // the asked-for columns, or every field ([people.Fields])
}

// SelectPeople checks o's columns against [people.Fields], then selects
// the people by o; me() is the person whose ID is the user's (--mine is
// [Mine] with "id").
func SelectPeople(p *plan.Plan, o Options) (*People, error) {
	cols, _ := o.columns(people.Fields)
	if err := CheckColumns(cols, people.Fields); err != nil {
		return nil, err
	}
	rows, err := people.Select(people.Rows(p), p.Today, people.Query{Where: o.Where, Sort: o.Sort, Limit: o.Limit, Me: o.Me})
	if err != nil {
		var fe *people.FlagError
		if errors.As(err, &fe) {
			return nil, &FlagError{fe.Flag, fe.Err}
		}
		return nil, err
	}
	return &People{Rows: rows, Columns: cols}, nil
}

type peopleJSON struct {
	People []map[string]any `json:"people"`
}

// JSON is the body of the people's JSON: each person with the columns as
// keys.
func (v *People) JSON() any {
	out := make([]map[string]any, len(v.Rows))
	for i, r := range v.Rows {
		o := map[string]any{}
		for _, c := range v.Columns {
			o[c] = query.Lookup(r, c)
		}
		out[i] = o
	}
	return peopleJSON{People: out}
}

// SelectStats is `roadlog stats`: the counts of the items o's where
// selects (with o.Archived, archived ones too). Its rows and columns are
// fixed, so o's sort, columns and limit do not apply.
func SelectStats(p *plan.Plan, o Options) (plan.Stats, error) {
	rows, err := Select(p, model.KindItem, Records(p, model.KindItem), Query{Where: o.Where, Me: o.Me, Archived: o.Archived})
	if err != nil {
		return plan.Stats{}, err
	}
	items := make([]*model.Item, len(rows))
	for i, r := range rows {
		items[i] = r.Record.Model.(*model.Item)
	}
	return p.Stats(items), nil
}
