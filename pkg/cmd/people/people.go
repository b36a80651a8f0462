// Package peoplecmd implements `roadlog people`: the people of roadlog.yaml
// with the open work each owns, as a view.
package peoplecmd

import (
	"context"
	"errors"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/people"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
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
				if strings.TrimSpace(opts.View.Where) == "" {
					opts.View.Where = "id == me()"
				} else {
					opts.View.Where = "(" + opts.View.Where + ") && id == me()"
				}
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

type output struct {
	People []map[string]any `json:"people"`
}

func run(ctx context.Context, opts *options) error {
	f := opts.f
	ws, err := f.Workspace(ctx)
	if err != nil {
		return err
	}
	cols := opts.View.ColumnList(people.Fields)
	if err := view.CheckColumns(cols, people.Fields); err != nil {
		return cmdutil.ViewError(err)
	}
	p := plan.New(ws, f.Now())
	rows, err := people.Select(people.Rows(p), p.Today, people.Query{
		Where: opts.View.Where, Sort: opts.View.Sort, Limit: opts.View.Limit, Me: cmdutil.Bind(ctx, f.Me),
	})
	if err != nil {
		var fe *people.FlagError
		if errors.As(err, &fe) {
			return cmdutil.InputErrorf("%w", err)
		}
		return err
	}
	cmdutil.NoteUnreadable(f.IO, ws)
	if opts.Script.On() {
		return opts.Script.Write(ctx, f.IO, rows, people.Fields)
	}
	if opts.View.Format == "json" {
		out := make([]map[string]any, len(rows))
		for i, r := range rows {
			o := map[string]any{}
			for _, c := range cols {
				o[c] = query.Lookup(r, c)
			}
			out[i] = o
		}
		return render.JSON(f.IO.Out, output{People: out})
	}
	vr := make([]view.Row, len(rows))
	for i, r := range rows {
		vr[i] = view.Row{Values: r}
	}
	return render.Write(f.IO.Out, opts.View.Format, view.Table(vr, cols, render.Raw(opts.View.Format)), render.Options{Width: f.IO.TableWidth()})
}
