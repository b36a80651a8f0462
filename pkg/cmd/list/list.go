// Package list implements `roadlog list KIND`: any kind of record as a table.
package list

import (
	"context"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
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
	Archived  bool // include archived items

	Kind model.Kind
}

// NewCmd returns the list command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace, Now: f.Now}
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
			opts.Kind = k
			if err := opts.View.Check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	opts.View.Register(cmd, cmdutil.AllViewFlags, func() []string {
		if k, ok := model.ParseKind(firstArg(cmd)); ok {
			return cmdutil.FieldNames(f, k)
		}
		return nil
	})
	cmdutil.ArchivedFlag(cmd, &opts.Archived)
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	ws, err := opts.Workspace(ctx)
	if err != nil {
		return err
	}
	p := plan.New(ws, opts.Now())
	cols := opts.View.ColumnList(view.DefaultColumns(opts.Kind))
	rows, err := view.Select(p, opts.Kind, view.Records(p, opts.Kind), view.Query{
		Where: opts.View.Where, Sort: opts.View.Sort, Columns: cols, Limit: opts.View.Limit, Archived: opts.Archived,
	})
	if err != nil {
		return cmdutil.ViewError(err)
	}
	cmdutil.NoteUnreadable(opts.IO, ws)
	return view.Print(opts.IO.Out, opts.View.Format, opts.IO.TableWidth(), opts.Kind, rows, cols, opts.View.Columns != "")
}

func firstArg(cmd *cobra.Command) string {
	if args := cmd.Flags().Args(); len(args) > 0 {
		return args[0]
	}
	return ""
}
