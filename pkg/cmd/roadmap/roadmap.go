// Package roadmap implements `roadlog roadmap`: initiatives by horizon
// (now/next/later), on a timeline of quarters, or by theme.
package roadmap

import (
	"context"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	*cmdutil.ViewOptions

	by string
}

// NewCmd returns the roadmap command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{ViewOptions: cmdutil.NewViewOptions(f)}
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
initiatives --help); --columns chooses what an initiative shows: the lines
of a card by horizon, the columns before the quarters or beside the theme.`,
		Example: `  roadlog roadmap
  roadlog roadmap --by quarter --columns id,title,owner
  roadlog roadmap --by theme --where 'status != "done"' --format markdown`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cmdutil.CheckEnum("--by", "grouping", opts.by, view.Groupings); err != nil {
				return err
			}
			return opts.Run(cmd.Context(), func(ctx context.Context) error { return run(ctx, opts) })
		},
	}
	cmd.Flags().StringVar(&opts.by, "by", "horizon", "group by `horizon`, quarter or theme")
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions(view.Groupings, cobra.ShellCompDirectiveNoFileComp))
	opts.View.Register(cmd, cmdutil.AllViewFlags, func() []string { return cmdutil.FieldNames(f, model.KindInitiative) })
	opts.Script.Register(cmd, cmdutil.KindFields(f, model.KindInitiative))
	return cmd
}

func run(ctx context.Context, opts *options) error {
	p, err := opts.Plan(ctx)
	if err != nil {
		return err
	}
	format := opts.View.Format
	m, err := view.SelectRoadmap(p, view.Options{Query: opts.Query(ctx), By: opts.by, Raw: render.Raw(format)})
	if err := opts.Selected(p, err); err != nil {
		return err
	}
	if opts.Script.On() {
		return opts.WriteRows(ctx, p, model.KindInitiative, m.Rows)
	}
	if format == "json" {
		return render.JSON(opts.IO.Out, m.JSON())
	}
	width := opts.IO.TableWidth()
	out := opts.IO.Out
	rows, cols := m.Rows, m.Columns
	switch m.By {
	case "quarter":
		return render.Write(out, format, timelineTable(m.Timeline, rows, cols, render.Raw(format)), render.Options{Width: width})
	case "theme":
		return render.Write(out, format, themeTable(m.Themes, cols, render.Raw(format)), render.Options{Width: width})
	}
	if render.Raw(format) {
		return render.Write(out, format, view.Layout(rows, cols, true), render.Options{})
	}
	card := summary
	if m.Explicit {
		card = func(r view.Row) string { return view.Card(r, cols) }
	}
	return render.Write(out, format, horizonTable(m.Horizons, card), render.Options{Width: width})
}

// summary is an initiative on two lines: "INIT-2 Frictionless checkout",
// then "8 items · 25%".
func summary(r view.Row) string {
	s := safetext.Line(query.Text(r.Values["id"]) + " " + query.Text(r.Values["title"]))
	if n, ok := r.Values["items"].(int64); ok {
		word := "items"
		if n == 1 {
			word = "item"
		}
		s += "\n" + strconv.FormatInt(n, 10) + " " + word
		if v, ok := r.Values["progress"]; ok {
			s += " · " + view.Cell("progress", v)
		}
	}
	return s
}

func horizonTable(groups []plan.Group[view.Row], card func(view.Row) string) *render.Table {
	t := &render.Table{}
	depth := 0
	for _, g := range groups {
		t.Columns = append(t.Columns, render.Column{Name: g.Name, Flex: true, MultiLine: true})
		depth = max(depth, len(g.Members))
	}
	for i := range depth {
		cells := make([]string, len(groups))
		for j, g := range groups {
			if i < len(g.Members) {
				cells[j] = card(g.Members[i])
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	// Stacked, for a narrow terminal: the horizon on the first row of its
	// initiatives.
	t.Narrow = &render.Table{Columns: []render.Column{{Name: "horizon", Fixed: true}, {Name: "initiative", Flex: true, MultiLine: true}}}
	for _, g := range groups {
		if len(g.Members) == 0 {
			t.Narrow.Rows = append(t.Narrow.Rows, []string{g.Name, ""})
		}
		for i, r := range g.Members {
			name := g.Name
			if i > 0 {
				name = ""
			}
			t.Narrow.Rows = append(t.Narrow.Rows, []string{name, card(r)})
		}
	}
	return t
}

func themeTable(groups []plan.ThemeGroup[view.Row], cols []string, raw bool) *render.Table {
	t := view.Layout(nil, cols, raw)
	t.Columns = append([]render.Column{{Name: "theme", Flex: true}}, t.Columns...)
	for _, g := range groups {
		id, title := "", view.NoTheme
		if g.Theme != nil {
			id, title = g.Theme.ID, g.Theme.Title
		}
		sub := view.Layout(g.Members, cols, raw)
		for i, cells := range sub.Rows {
			name := ""
			switch {
			case raw:
				name = id
			case i == 0:
				name = title
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

func timelineTable(tl plan.Timeline, rows []view.Row, cols []string, raw bool) *render.Table {
	var order []int
	for _, dated := range []bool{true, false} {
		for i, s := range tl.Spans {
			if s.Dated == dated {
				order = append(order, i)
			}
		}
	}
	sorted := make([]view.Row, len(order))
	for i, j := range order {
		sorted[i] = rows[j]
	}
	t := view.Layout(sorted, cols, raw)
	narrow := view.Layout(sorted, cols, raw)
	for j := range t.Columns {
		if t.Columns[j].Flex {
			t.Columns[j].MinWidth = 6 // the quarters are the point: titles give way
		}
	}
	bar := strings.Repeat("█", 7) // as wide as "2027-Q1"
	for _, q := range tl.Quarters {
		t.Columns = append(t.Columns, render.Column{Name: q.String(), Fixed: true})
	}
	for i, j := range order {
		for _, q := range tl.Quarters {
			switch {
			case !tl.Spans[j].Covers(q):
				t.Rows[i] = append(t.Rows[i], "")
			case raw:
				t.Rows[i] = append(t.Rows[i], "x")
			default:
				t.Rows[i] = append(t.Rows[i], bar)
			}
		}
	}
	if raw || len(tl.Quarters) == 0 {
		return t
	}
	// For a narrow terminal, the quarters in one column, two cells each:
	// "··████····" under "2026-Q3…2027-Q4".
	name := tl.Quarters[0].String()
	if n := len(tl.Quarters); n > 1 {
		name += "…" + tl.Quarters[n-1].String()
	}
	narrow.Columns = append(narrow.Columns, render.Column{Name: name, Fixed: true})
	for i, j := range order {
		var b strings.Builder
		for _, q := range tl.Quarters {
			if tl.Spans[j].Covers(q) {
				b.WriteString("██")
			} else {
				b.WriteString("··")
			}
		}
		narrow.Rows[i] = append(narrow.Rows[i], b.String())
	}
	t.Narrow = narrow
	return t
}
