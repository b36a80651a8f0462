// Package peoplecmd implements `roadlog people`: the people of roadlog.yaml
// with the open work each owns, as a view.
package peoplecmd

import (
	"context"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/people"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

type options struct {
	f      *cmdutil.Factory
	View   cmdutil.ViewFlags
	Script cmdutil.ScriptFlags
}

// NewCmd returns the people command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{f: f}
	cmd := &cobra.Command{
		Use:   "people [flags]",
		Short: "list people with the open work they own",
		Long: `List the people of roadlog.yaml (people:), and anyone else who owns open work,
with what each owns: open backlog items, overdue ones (open and due before
today) and open initiatives. Fields: ` + strings.Join(people.Fields, ", ") + `.

--mine shows only you: the person whose email is your Git email
(GIT_AUTHOR_EMAIL, else git config user.email).`,
		Example: `  roadlog people
  roadlog people --where 'open > 0' --sort -open
  roadlog people --mine --format json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.View.Mine { // a person is theirs: id, not owner
				opts.View.Mine = false
				opts.View.Where = view.Mine(opts.View.Where, "id")
			}
			if err := opts.View.Check(); err != nil {
				return err
			}
			opts.View.Piped(f.IO)
			return run(cmd.Context(), opts)
		},
	}
	opts.View.Register(cmd, cmdutil.AllViewFlags, func() []string { return people.Fields })
	opts.Script.Register(cmd, func(*cobra.Command) []string { return people.Fields })
	cmd.AddCommand(newAddCmd(f))
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.f
	ws, err := f.Workspace(ctx)
	if err != nil {
		return err
	}
	p := plan.New(ws, f.Now())
	v, err := view.SelectPeople(p, view.Options{Query: view.Query{
		Where: opts.View.Where, Sort: opts.View.Sort, Columns: view.SplitColumns(opts.View.Columns), Limit: opts.View.Limit,
		Me: cmdutil.Bind(ctx, f.Me),
	}})
	if err != nil {
		return cmdutil.ViewError(err)
	}
	cmdutil.NoteUnreadable(f.IO, ws)
	if opts.Script.On() {
		return opts.Script.Write(ctx, f.IO, v.Rows, people.Fields)
	}
	if opts.View.Format == "json" {
		return render.JSON(f.IO.Out, v.JSON())
	}
	vr := make([]view.Row, len(v.Rows))
	for i, r := range v.Rows {
		vr[i] = view.Row{Values: r}
	}
	return render.Write(f.IO.Out, opts.View.Format, view.Layout(vr, v.Columns, render.Raw(opts.View.Format)), render.Options{Width: f.IO.TableWidth()})
}
