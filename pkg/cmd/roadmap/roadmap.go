// Package roadmap implements `roadlog roadmap`: initiatives by horizon
// (now/next/later), on a timeline of quarters, or by theme.
package roadmap

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// Options are the inputs of the command.
type Options struct {
	IO        *iostreams.IOStreams
	Workspace func(context.Context) (*workspace.Workspace, error)
	Now       func() time.Time
	View      cmdutil.ViewFlags

	By string
}

var groupings = []string{"horizon", "quarter", "theme"}

// Horizons are the roadmap's columns, in order.
var Horizons = []string{"now", "next", "later"}

// NewCmd returns the roadmap command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "roadmap [flags]",
		Short: "show initiatives by horizon, on a quarter timeline, or by theme",
		Long: `Show the roadmap's initiatives.

  --by horizon   now / next / later columns, each initiative with its item
                 count and progress (closed items ÷ all items, epics' items
                 included)
  --by quarter   a timeline: one column per quarter from the earliest start
                 to the latest end, a bar where an initiative runs
  --by theme     the initiatives grouped by theme

--where, --sort and --limit select initiatives (fields: roadlog list
initiatives --help).`,
		Example: `  roadlog roadmap
  roadlog roadmap --by quarter
  roadlog roadmap --by theme --where 'status != "done"' --format markdown`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cmdutil.CheckEnum("--by", "grouping", opts.By, groupings); err != nil {
				return err
			}
			if err := opts.View.Check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.By, "by", "horizon", "group by `horizon`, quarter or theme")
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions(groupings, cobra.ShellCompDirectiveNoFileComp))
	opts.View.Register(cmd, func() []string { return cmdutil.FieldNames(f, model.KindInitiative) })
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	ws, err := opts.Workspace(ctx)
	if err != nil {
		return err
	}
	p := plan.New(ws, opts.Now())
	cols := opts.View.ColumnList([]string{"id", "title", "theme", "horizon", "status", "start", "end", "items", "progress"})
	rows, err := view.Select(p, model.KindInitiative, view.Records(p, model.KindInitiative), view.Query{
		Where: opts.View.Where, Sort: opts.View.Sort, Columns: cols, Limit: opts.View.Limit,
	})
	if err != nil {
		return cmdutil.ViewError(err)
	}
	cmdutil.NoteUnreadable(opts.IO, ws)
	width := opts.IO.TableWidth()
	out := opts.IO.Out
	format := opts.View.Format

	switch opts.By {
	case "quarter":
		tl := Timeline(rows)
		if format == "json" {
			return render.JSON(out, tl.json(rows))
		}
		return render.Write(out, format, tl.table(format == "csv"), render.Options{Width: width})
	case "theme":
		if format == "json" {
			return render.JSON(out, byTheme(p, rows))
		}
		return render.Write(out, format, themeTable(p, rows, format == "csv"), render.Options{Width: width})
	}
	if format == "json" {
		return render.JSON(out, byHorizon(rows))
	}
	if format == "csv" {
		return render.Write(out, format, view.Table(rows, cols, true), render.Options{})
	}
	return render.Write(out, format, horizonTable(rows), render.Options{Width: width})
}

// horizonOf returns the column an initiative goes in.
func horizonOf(r view.Row) string {
	h, _ := r.Values["horizon"].(string)
	if !slices.Contains(Horizons, h) {
		return "unscheduled"
	}
	return h
}

// Summary is an initiative on two lines: "INIT-2 Frictionless checkout",
// then "8 items · 25%".
func Summary(r view.Row) string {
	s := safetext.Line(query.Text(r.Values["id"]) + " " + query.Text(r.Values["title"]))
	if n, ok := r.Values["items"].(int64); ok {
		word := "items"
		if n == 1 {
			word = "item"
		}
		s += fmt.Sprintf("\n%d %s", n, word)
		if v, ok := r.Values["progress"]; ok {
			s += " · " + view.Cell("progress", v)
		}
	}
	return s
}

func groupByHorizon(rows []view.Row) (names []string, groups map[string][]view.Row) {
	groups = map[string][]view.Row{}
	for _, r := range rows {
		h := horizonOf(r)
		groups[h] = append(groups[h], r)
	}
	names = slices.Clone(Horizons)
	if len(groups["unscheduled"]) > 0 {
		names = append(names, "unscheduled")
	}
	return names, groups
}

func horizonTable(rows []view.Row) *render.Table {
	names, groups := groupByHorizon(rows)
	t := &render.Table{}
	depth := 0
	for _, n := range names {
		t.Columns = append(t.Columns, render.Column{Name: n, Flex: true, MultiLine: true})
		depth = max(depth, len(groups[n]))
	}
	for i := range depth {
		cells := make([]string, len(names))
		for j, n := range names {
			if i < len(groups[n]) {
				cells[j] = Summary(groups[n][i])
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

type horizonJSON struct {
	SchemaVersion int         `json:"schema_version"`
	Horizons      []groupJSON `json:"horizons"`
}

type groupJSON struct {
	Name        string        `json:"name"`
	Initiatives []view.Object `json:"initiatives"`
}

func byHorizon(rows []view.Row) horizonJSON {
	names, groups := groupByHorizon(rows)
	out := horizonJSON{SchemaVersion: render.JSONSchemaVersion}
	for _, n := range names {
		out.Horizons = append(out.Horizons, groupJSON{Name: n, Initiatives: view.Objects(groups[n], nil)})
	}
	return out
}

// themeGroups orders initiatives by the themes of roadmap.yaml, those
// without a (known) theme last.
func themeGroups(p *plan.Plan, rows []view.Row) (themes []*model.Theme, groups map[string][]view.Row) {
	groups = map[string][]view.Row{}
	known := map[string]bool{}
	for _, t := range p.WS.Themes {
		known[t.ID] = true
	}
	for _, r := range rows {
		th, _ := r.Values["theme"].(string)
		if !known[th] {
			th = ""
		}
		groups[th] = append(groups[th], r)
	}
	themes = slices.Clone(p.WS.Themes)
	if len(groups[""]) > 0 {
		themes = append(themes, &model.Theme{Meta: model.Meta{Title: "(no theme)"}})
	}
	return themes, groups
}

func themeTable(p *plan.Plan, rows []view.Row, raw bool) *render.Table {
	themes, groups := themeGroups(p, rows)
	cols := []string{"id", "title", "horizon", "status", "items", "progress"}
	t := view.Table(nil, cols, raw)
	t.Columns = append([]render.Column{{Name: "theme", Flex: true}}, t.Columns...)
	for _, th := range themes {
		sub := view.Table(groups[th.ID], cols, raw)
		for i, cells := range sub.Rows {
			name := ""
			if i == 0 || raw {
				name = th.Title
				if raw {
					name = th.ID
				}
			}
			t.Rows = append(t.Rows, append([]string{name}, cells...))
		}
		for j, c := range sub.Columns {
			t.Columns[j+1].Right = t.Columns[j+1].Right || c.Right
			t.Columns[j+1].Fixed = c.Fixed
		}
	}
	return t
}

type themeJSON struct {
	SchemaVersion int              `json:"schema_version"`
	Themes        []themeGroupJSON `json:"themes"`
}

type themeGroupJSON struct {
	ID          string        `json:"id,omitempty"`
	Title       string        `json:"title"`
	Initiatives []view.Object `json:"initiatives"`
}

func byTheme(p *plan.Plan, rows []view.Row) themeJSON {
	themes, groups := themeGroups(p, rows)
	out := themeJSON{SchemaVersion: render.JSONSchemaVersion, Themes: []themeGroupJSON{}}
	for _, th := range themes {
		out.Themes = append(out.Themes, themeGroupJSON{ID: th.ID, Title: th.Title, Initiatives: view.Objects(groups[th.ID], nil)})
	}
	return out
}

// Quarter is a calendar quarter.
type Quarter struct{ Year, Q int }

func (q Quarter) String() string { return strconv.Itoa(q.Year) + "-Q" + strconv.Itoa(q.Q) }

func (q Quarter) next() Quarter {
	if q.Q == 4 {
		return Quarter{q.Year + 1, 1}
	}
	return Quarter{q.Year, q.Q + 1}
}

func (q Quarter) before(o Quarter) bool { return q.Year < o.Year || (q.Year == o.Year && q.Q < o.Q) }

func quarterOf(date string) (Quarter, bool) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return Quarter{}, false
	}
	return Quarter{t.Year(), (int(t.Month())-1)/3 + 1}, true
}

// TimelineData places initiatives on quarters.
type TimelineData struct {
	Quarters []Quarter
	Dated    []view.Row
	Span     map[*workspace.Record][2]Quarter // first and last quarter
	Undated  []view.Row
}

// Timeline lays initiatives on the quarters from the earliest start to the
// latest end. An initiative with only one date runs in that quarter;
// without dates it is listed apart.
func Timeline(rows []view.Row) TimelineData {
	tl := TimelineData{Span: map[*workspace.Record][2]Quarter{}}
	var first, last Quarter
	for _, r := range rows {
		s, okS := quarterOf(query.Text(r.Values["start"]))
		e, okE := quarterOf(query.Text(r.Values["end"]))
		switch {
		case !okS && !okE:
			tl.Undated = append(tl.Undated, r)
			continue
		case !okS:
			s = e
		case !okE:
			e = s
		}
		if e.before(s) {
			s, e = e, s // date-order reports it; draw it anyway
		}
		if len(tl.Dated) == 0 || s.before(first) {
			first = s
		}
		if len(tl.Dated) == 0 || last.before(e) {
			last = e
		}
		tl.Dated = append(tl.Dated, r)
		tl.Span[r.Record] = [2]Quarter{s, e}
	}
	if len(tl.Dated) > 0 {
		for q := first; !last.before(q) && len(tl.Quarters) < 40; q = q.next() {
			tl.Quarters = append(tl.Quarters, q)
		}
	}
	return tl
}

func (tl TimelineData) active(r view.Row, q Quarter) bool {
	span := tl.Span[r.Record]
	return !q.before(span[0]) && !span[1].before(q)
}

func (tl TimelineData) table(raw bool) *render.Table {
	t := &render.Table{Columns: []render.Column{{Name: "id", Fixed: true}, {Name: "title", Flex: true}}}
	if raw {
		t.Columns = append(t.Columns, render.Column{Name: "start"}, render.Column{Name: "end"})
	}
	for _, q := range tl.Quarters {
		t.Columns = append(t.Columns, render.Column{Name: q.String(), Fixed: true})
	}
	bar := strings.Repeat("█", 7) // as wide as "2027-Q1"
	for _, r := range append(slices.Clone(tl.Dated), tl.Undated...) {
		cells := []string{query.Text(r.Values["id"]), query.Text(r.Values["title"])}
		if raw {
			cells = append(cells, query.Text(r.Values["start"]), query.Text(r.Values["end"]))
		}
		_, dated := tl.Span[r.Record]
		for _, q := range tl.Quarters {
			switch {
			case !dated || !tl.active(r, q):
				cells = append(cells, "")
			case raw:
				cells = append(cells, "x")
			default:
				cells = append(cells, bar)
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

type timelineJSON struct {
	SchemaVersion int            `json:"schema_version"`
	Quarters      []string       `json:"quarters"`
	Initiatives   []timelineItem `json:"initiatives"`
}

type timelineItem struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Start    string   `json:"start,omitempty"`
	End      string   `json:"end,omitempty"`
	Quarters []string `json:"quarters"`
}

func (tl TimelineData) json(rows []view.Row) timelineJSON {
	out := timelineJSON{SchemaVersion: render.JSONSchemaVersion, Quarters: []string{}, Initiatives: []timelineItem{}}
	for _, q := range tl.Quarters {
		out.Quarters = append(out.Quarters, q.String())
	}
	for _, r := range rows {
		it := timelineItem{
			ID: query.Text(r.Values["id"]), Title: query.Text(r.Values["title"]),
			Start: query.Text(r.Values["start"]), End: query.Text(r.Values["end"]), Quarters: []string{},
		}
		if _, dated := tl.Span[r.Record]; dated {
			for _, q := range tl.Quarters {
				if tl.active(r, q) {
					it.Quarters = append(it.Quarters, q.String())
				}
			}
		}
		out.Initiatives = append(out.Initiatives, it)
	}
	return out
}
