// Package backlog implements `roadlog backlog`: the ranked backlog as a
// table, with scores.
package backlog

import (
	"context"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	*cmdutil.ViewOptions

	all bool
}

// NewCmd returns the backlog command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{ViewOptions: cmdutil.NewViewOptions(f)}
	var computed strings.Builder
	for _, c := range plan.ComputedFields(model.KindItem) {
		computed.WriteString("  " + c.Name + strings.Repeat(" ", max(1, 16-len(c.Name))) + c.Description + "\n")
	}
	cmd := &cobra.Command{
		Use:   "backlog [flags]",
		Short: "show the ranked backlog with scores",
		Long: `Show the open backlog items in rank order (rank, then ID), with their score.
--all includes closed items.

--where takes an expression over the items' fields as named in the YAML
(custom fields included), "today" (YYYY-MM-DD), and these computed fields:
` + computed.String() + `
Operators: == != < <= > >= && || ! in, "x" in labels, len(depends_on),
hasPrefix(id, "ACME"), matches. Dates are text, so due < today works.
score.reach names an input of the score; score alone is the computed score.`,
		Example: `  roadlog backlog --where 'status == "ready" && score > 100' --columns id,title,score
  roadlog backlog --sort -score --limit 10
  roadlog backlog --where '"checkout" in labels' --format markdown
  roadlog backlog --all --format csv > backlog.csv`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return opts.Run(cmd.Context(), func(ctx context.Context) error { return run(ctx, opts) })
		},
	}
	cmd.Flags().BoolVarP(&opts.all, "all", "a", false, "include closed items")
	cmdutil.ArchivedFlag(cmd, &opts.Archived)
	opts.View.Register(cmd, cmdutil.AllViewFlags, func() []string { return cmdutil.FieldNames(f, model.KindItem) })
	opts.Script.Register(cmd, cmdutil.KindFields(f, model.KindItem))
	return cmd
}

func run(ctx context.Context, opts *options) error {
	p, err := opts.Plan(ctx)
	if err != nil {
		return err
	}
	t, err := view.SelectBacklog(p, view.Options{Query: opts.Query(ctx), All: opts.all})
	if err := opts.Selected(p, err); err != nil {
		return err
	}
	return opts.Print(ctx, p, t)
}
