// Package stats implements `roadlog stats`: counts of backlog items by
// status, type, owner, initiative and release, WIP against limits, the
// spread of scores and acceptance-criteria completion.
package stats

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/script"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

// NewCmd returns the stats command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := cmdutil.NewViewOptions(f)
	cmd := &cobra.Command{
		Use:   "stats [flags]",
		Short: "count items by status, type, owner, initiative and release",
		Long: `Count the backlog items by status (with WIP limits), type, owner,
initiative (epics' items included) and release, each with how many are open
and closed; show the spread of scores (min, quartiles, max) and how many
acceptance criteria are checked. --where counts only the items it selects;
--format writes the counts as a table, markdown, csv or json. The
breakdowns have fixed rows and columns, so --sort, --columns and --limit do
not apply.`,
		Example: `  roadlog stats
  roadlog stats --where 'release == "R-2027.1"'
  roadlog stats --format json | jq .scores`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return opts.Run(cmd.Context(), func(ctx context.Context) error { return run(ctx, opts) })
		},
	}
	opts.View.Register(cmd, cmdutil.Where|cmdutil.Format, nil)
	cmdutil.ArchivedFlag(cmd, &opts.Archived)
	opts.Script.Register(cmd, func(*cobra.Command) []string { return script.Keys(plan.Stats{}) })
	return cmd
}

func run(ctx context.Context, opts *cmdutil.ViewOptions) error {
	p, err := opts.Plan(ctx)
	if err != nil {
		return err
	}
	s, err := view.SelectStats(p, view.Options{Query: opts.Query(ctx)})
	if err := opts.Selected(p, err); err != nil {
		return err
	}
	if opts.Script.On() { // one object: stats describe the selection as a whole
		return opts.Script.Write(ctx, opts.IO, s, script.Keys(plan.Stats{}))
	}
	switch opts.View.Format {
	case "json":
		return render.JSON(opts.IO.Out, s)
	case "csv", "tsv":
		return render.Write(opts.IO.Out, opts.View.Format, csvTable(s), render.Options{})
	}
	return write(opts.IO.Out, s, opts.View.Format, opts.IO.TableWidth())
}

func itoa(n int) string { return strconv.Itoa(n) }

func numText(v *float64) string {
	if v == nil {
		return ""
	}
	return plan.FormatScore(*v)
}

func countTable(key string, counts []plan.Tally, titles, wip bool) *render.Table {
	t := &render.Table{Columns: []render.Column{{Name: key, Fixed: true}}}
	if titles {
		t.Columns = append(t.Columns, render.Column{Name: "title", Flex: true})
	}
	t.Columns = append(t.Columns,
		render.Column{Name: "items", Right: true, Fixed: true},
		render.Column{Name: "open", Right: true, Fixed: true, Drop: 1},
		render.Column{Name: "closed", Right: true, Fixed: true, Drop: 2})
	if wip {
		t.Columns = append(t.Columns, render.Column{Name: "wip limit", Right: true, Fixed: true})
	}
	for _, c := range counts {
		cells := []string{c.Key}
		if titles {
			cells = append(cells, c.Title)
		}
		cells = append(cells, itoa(c.Items), itoa(c.Open), itoa(c.Closed))
		if wip {
			limit := ""
			if c.WIPLimit > 0 {
				limit = itoa(c.WIPLimit)
				if c.Over {
					limit += " OVER"
				}
			}
			cells = append(cells, limit)
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

func sections(s plan.Stats) []struct {
	title string
	table *render.Table
} {
	sc := s.Scores
	// A narrow terminal keeps the model, median and spread longest.
	scores := &render.Table{Columns: []render.Column{
		{Name: "model"},
		{Name: "scored", Right: true, Drop: 3},
		{Name: "unscored", Right: true, Drop: 7},
		{Name: "min", Right: true, Drop: 2},
		{Name: "p25", Right: true, Drop: 6},
		{Name: "median", Right: true},
		{Name: "p75", Right: true, Drop: 5},
		{Name: "max", Right: true, Drop: 1},
		{Name: "mean", Right: true, Drop: 4},
	}}
	scores.Rows = [][]string{{
		sc.Model, itoa(sc.Scored), itoa(sc.Unscored), numText(sc.Min), numText(sc.P25),
		numText(sc.Median), numText(sc.P75), numText(sc.Max), numText(sc.Mean),
	}}
	crit := &render.Table{Columns: []render.Column{
		{Name: "items with criteria", Right: true, Drop: 1}, {Name: "checked", Right: true}, {Name: "total", Right: true}, {Name: "done", Right: true},
	}}
	done := ""
	if r, ok := (plan.Share{Done: s.Criteria.Checked, Total: s.Criteria.Total}).Ratio(); ok {
		done = plan.Percent(r)
	}
	crit.Rows = [][]string{{itoa(s.Criteria.Items), itoa(s.Criteria.Checked), itoa(s.Criteria.Total), done}}
	return []struct {
		title string
		table *render.Table
	}{
		{"By status", countTable("status", s.ByStatus, false, true)},
		{"By type", countTable("type", s.ByType, false, false)},
		{"By owner", countTable("owner", s.ByOwner, false, false)},
		{"By initiative", countTable("initiative", s.ByInitiative, true, false)},
		{"By release", countTable("release", s.ByRelease, true, false)},
		{"Scores", scores},
		{"Acceptance criteria", crit},
	}
}

func write(w io.Writer, s plan.Stats, format string, width int) error {
	heading := func(t string) string { return t + "\n" }
	if format == "markdown" {
		heading = func(t string) string { return "### " + t + "\n\n" }
	}
	if _, err := fmt.Fprintf(w, "%d items: %d open, %d closed\n", s.Items, s.Open, s.Closed); err != nil {
		return err
	}
	for _, sec := range sections(s) {
		if _, err := io.WriteString(w, "\n"+heading(sec.title)); err != nil {
			return err
		}
		if err := render.Write(w, format, sec.table, render.Options{Width: width}); err != nil {
			return err
		}
	}
	return nil
}

// csvTable flattens every breakdown into one table: section, key, counts.
func csvTable(s plan.Stats) *render.Table {
	t := &render.Table{Columns: []render.Column{{Name: "section"}, {Name: "key"}, {Name: "items"}, {Name: "open"}, {Name: "closed"}, {Name: "wip_limit"}}}
	add := func(section string, counts []plan.Tally) {
		for _, c := range counts {
			limit := ""
			if c.WIPLimit > 0 {
				limit = itoa(c.WIPLimit)
			}
			t.Rows = append(t.Rows, []string{section, c.Key, itoa(c.Items), itoa(c.Open), itoa(c.Closed), limit})
		}
	}
	t.Rows = append(t.Rows, []string{"total", "", itoa(s.Items), itoa(s.Open), itoa(s.Closed), ""})
	add("status", s.ByStatus)
	add("type", s.ByType)
	add("owner", s.ByOwner)
	add("initiative", s.ByInitiative)
	add("release", s.ByRelease)
	return t
}
