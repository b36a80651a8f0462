// Package list implements `roadlog list KIND`: any kind of record as a table.
package list

import (
	"context"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	*cmdutil.ViewOptions

	kind model.Kind
}

// NewCmd returns the list command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{ViewOptions: cmdutil.NewViewOptions(f)}
	cmd := &cobra.Command{
		Use:   "list KIND [flags]",
		Short: "list records of any kind as a table",
		Long: `List the records of one kind: ` + strings.Join(model.PluralNames(), ", ") + `.

Items come in backlog order (rank, then ID), insights and decisions by ID,
the rest in the order of their file. --where, --sort, --columns and --limit
work on every field of the kind, stored or computed (see roadlog backlog
--help for the computed ones).`,
		Example: `  roadlog list initiatives --where 'horizon == "now"'
  roadlog list risks --sort -exposure --limit 5
  roadlog list key-results --columns id,title,progress --format markdown`,
		Args:      cmdutil.ExactArgs(1, "a KIND: "+strings.Join(model.PluralNames(), ", ")),
		ValidArgs: model.PluralNames(),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, ok := model.ParseKind(args[0])
			if !ok { // not a plural either: CheckEnum says what to give
				return cmdutil.CheckEnum("", "kind", args[0], model.PluralNames())
			}
			opts.kind = k
			return opts.Run(cmd.Context(), func(ctx context.Context) error { return run(ctx, opts) })
		},
	}
	opts.View.Register(cmd, cmdutil.AllViewFlags, func() []string {
		if k, ok := model.ParseKind(firstArg(cmd)); ok {
			return cmdutil.FieldNames(f, k)
		}
		return nil
	})
	cmdutil.ArchivedFlag(cmd, &opts.Archived)
	opts.Script.Register(cmd, func(c *cobra.Command) []string {
		if k, ok := model.ParseKind(firstArg(c)); ok {
			return cmdutil.FieldNames(f, k)
		}
		return nil
	})
	return cmd
}

func run(ctx context.Context, opts *options) error {
	p, err := opts.Plan(ctx)
	if err != nil {
		return err
	}
	t, err := view.SelectList(p, opts.kind, view.Options{Query: opts.Query(ctx)})
	if err := opts.Selected(p, err); err != nil {
		return err
	}
	return opts.Print(ctx, p, t)
}

func firstArg(cmd *cobra.Command) string {
	if args := cmd.Flags().Args(); len(args) > 0 {
		return args[0]
	}
	return ""
}
