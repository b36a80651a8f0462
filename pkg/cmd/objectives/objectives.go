// Package objectives implements `roadlog objectives`: objectives and their
// key results with progress.
package objectives

import (
	"context"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

// NewCmd returns the objectives command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := cmdutil.NewViewOptions(f)
	cmd := &cobra.Command{
		Use:   "objectives [flags]",
		Short: "show objectives and key results with progress",
		Long: `Show each objective with its period, owner and the initiatives that serve
it, then its key results: current value against target, and progress as a
percentage and a bar. Progress of a key result is (current - baseline) ÷
(target - baseline), kept between 0 and 100%: 100% once current reaches the
target. An objective's is the mean of its key results when every one of
them is measurable; otherwise it says how many are ("1 of 4 key results
measurable") rather than pass a few off as the whole.

--where, --sort and --limit select objectives (fields: roadlog list
objectives --help); the columns are fixed (roadlog list objectives and
roadlog list key-results take --columns).`,
		Example: `  roadlog objectives
  roadlog objectives --where 'owner == "ana"' --format markdown
  roadlog objectives --format json | jq '.objectives[].key_results[].progress'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return opts.Run(cmd.Context(), func(ctx context.Context) error { return run(ctx, opts) })
		},
	}
	opts.View.Register(cmd, cmdutil.Where|cmdutil.Sort|cmdutil.Limit|cmdutil.Format, func() []string { return cmdutil.FieldNames(f, model.KindObjective) })
	opts.Script.Register(cmd, cmdutil.KindFields(f, model.KindObjective))
	return cmd
}

// bar draws a progress bar of width cells.
func bar(progress float64, width int) string {
	full := int(progress*float64(width) + 0.5)
	return strings.Repeat("█", full) + strings.Repeat("░", width-full)
}

func run(ctx context.Context, opts *cmdutil.ViewOptions) error {
	p, err := opts.Plan(ctx)
	if err != nil {
		return err
	}
	v, err := view.SelectObjectives(p, view.Options{Query: opts.Query(ctx)})
	if err := opts.Selected(p, err); err != nil {
		return err
	}
	rows := v.Rows
	if opts.Script.On() {
		return opts.WriteRows(ctx, p, model.KindObjective, rows)
	}
	if opts.View.Format == "json" {
		return render.JSON(opts.IO.Out, v.JSON())
	}
	raw := render.Raw(opts.View.Format)
	// A narrow terminal loses, in turn, the owner, initiatives, period,
	// the bar and the values before a title is cut short.
	t := &render.Table{Columns: []render.Column{
		{Name: "id", Fixed: true},
		{Name: "title", Flex: true},
		{Name: "period", Fixed: true, Drop: view.DropRank("period")},
		{Name: "owner", Drop: view.DropRank("owner")},
	}}
	if raw {
		t.Columns = append(t.Columns, render.Column{Name: "baseline"})
	}
	t.Columns = append(t.Columns,
		render.Column{Name: "current", Right: true, Fixed: true, Drop: view.DropRank("current")},
		render.Column{Name: "target", Right: true, Fixed: true, Drop: view.DropRank("target")},
		render.Column{Name: "progress", Right: true, Fixed: true})
	if raw {
		t.Columns = append(t.Columns, render.Column{Name: "measurable"})
	} else {
		// The bar, or why there is none: "1 of 4 key results measurable".
		t.Columns = append(t.Columns, render.Column{Name: "", Drop: view.DropRank("period") - 1})
	}
	t.Columns = append(t.Columns, render.Column{Name: "initiatives", Drop: view.DropRank("initiatives")})
	for _, r := range rows {
		o := r.Record.Model.(*model.Objective)
		var inits []string
		for _, in := range p.InitiativesFor(o.ID) {
			inits = append(inits, in.ID)
		}
		cells := []string{o.ID, o.Title, o.Period, o.Owner}
		if raw {
			cells = append(cells, "")
		}
		cells = append(cells, "", "")
		prog := p.ObjectiveProgress(o)
		cells = append(cells, progressCell(prog.Value, prog.Known(), raw))
		switch {
		case raw:
			cells = append(cells, strconv.Itoa(prog.Measurable))
		case prog.Known():
			cells = append(cells, barCell(prog.Value, true))
		default:
			cells = append(cells, prog.Note())
		}
		t.Rows = append(t.Rows, append(cells, strings.Join(inits, ", ")))
		for _, kr := range o.KeyResults {
			v, ok := plan.KeyResultProgress(kr)
			var cells []string
			if raw {
				cells = []string{kr.ID, kr.Title, "", "", numText(kr.Baseline), numText(kr.Current), numText(kr.Target), progressCell(v, ok, raw), ""}
			} else {
				cells = []string{"  " + kr.ID, kr.Title, "", "", model.FormatQuantity(kr.Current, kr.Unit), model.FormatQuantity(kr.Target, kr.Unit), progressCell(v, ok, raw), barCell(v, ok)}
			}
			t.Rows = append(t.Rows, append(cells, ""))
		}
	}
	return render.Write(opts.IO.Out, opts.View.Format, t, render.Options{Width: opts.IO.TableWidth()})
}

func progressCell(v float64, ok, raw bool) string {
	switch {
	case !ok:
		return ""
	case raw:
		return query.Text(v)
	}
	return plan.Percent(v)
}

func barCell(v float64, ok bool) string {
	if !ok {
		return ""
	}
	return bar(v, 10)
}

func numText(v *float64) string {
	if v == nil {
		return ""
	}
	return model.FormatNumber(*v)
}
