// Package move implements `roadlog move ID STATUS`: change an item's
// status, within the workflow's WIP limits.
package move

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/bulk"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	id     string
	status string
	force  bool
	bulk   cmdutil.BulkFlags // --where, --mine, --dry-run: every item selected
	format string
}

// NewCmd returns the move command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "move {ID | --where EXPR} STATUS [flags]",
		Short: "change an item's status, within WIP limits",
		Long: `Move a backlog item to another status of workflow.statuses. When the status
has a WIP limit (workflow.wip) that the move would pass, it is refused;
--force moves it anyway. A move to a closed status (workflow.closed) sets
the item's closed date to today, which the board uses to list only recent
closed items (board.closed_recent_days); a move back to an open status
removes it.

--where EXPR (or --mine) instead of an ID moves every backlog item the
expression selects, under one lock, all together or not at all; the WIP
limit is checked once, for all of them. --dry-run prints, per item, the
fields with their old and new values, and writes nothing.`,
		Example: `  roadlog move ACME-12 in-progress
  roadlog move ACME-12 done
  roadlog move --where 'status == "review"' done --dry-run`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.bulk.Selecting() {
				return cmdutil.ExactArgs(1, "a status (the items come from --where)")(cmd, args)
			}
			return cmdutil.ExactArgs(2, "an item ID and a status")(cmd, args)
		},
		ValidArgsFunction: cmdutil.SafeCompletions(complete(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.bulk.Selecting() {
				opts.status = args[0]
				return runWhere(cmd.Context(), opts)
			}
			if opts.bulk.DryRun {
				return cmdutil.UsageErrorf("--dry-run goes with --where or --mine")
			}
			opts.id, opts.status = args[0], args[1]
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "move past a WIP limit, and write even when the workspace would have new errors")
	opts.bulk.Register(cmd, "move")
	cmdutil.WrittenFlag(cmd, &opts.format)
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	s, r, err := cmdutil.BeginRecordEdit(ctx, f, opts.id)
	if err != nil {
		return err
	}
	defer s.Close()
	it, ok := r.Model.(*model.Item)
	if !ok {
		return cmdutil.InputErrorf("%s is %s %s; move changes the status of backlog items (use roadlog set %s status=…)",
			opts.id, r.Kind().Article(), r.Kind().Label(), opts.id)
	}
	cfg := s.WS.Config
	if err := cmdutil.CheckEnum("", "status", opts.status, cfg.Workflow.Statuses); err != nil {
		return err
	}
	if it.Status == opts.status {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line(it.ID+" is "+it.Status+" already"))
		return cmdutil.PrintWritten(f.IO, opts.format, false, cmdutil.Written{ID: it.ID, File: r.File.Path, Change: "nothing: status is " + it.Status + " already"})
	}
	from := it.Status
	if load, ok := plan.RoomFor(cfg, s.WS.Items, it, opts.status); !ok && !opts.force {
		var there []string
		for _, o := range load.Items {
			there = append(there, o.ID)
		}
		slices.SortFunc(there, model.CompareIDs)
		return cmdutil.FindingsErrorf("%s is at its WIP limit of %d (%s); finish one first, or use --force",
			opts.status, load.Limit, strings.Join(there, ", "))
	}
	changes, unset := bulk.StatusChanges(cfg, r, opts.status, f.Now())
	if err := s.Set(r, changes, unset, false); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, opts.force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if from == "" {
		from = "(no status)"
	}
	fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("moved %s: %s → %s (%s)", it.ID, from, opts.status, r.File.Path)))
	return cmdutil.PrintWritten(f.IO, opts.format, false, cmdutil.Written{ID: it.ID, File: r.File.Path, Change: "status: " + from + " → " + opts.status})
}

func complete(f *cmdutil.Factory) cobra.CompletionFunc {
	ids := cmdutil.CompleteIDs(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		switch len(args) {
		case 0:
			return ids(cmd, args, toComplete)
		case 1:
			if ws, err := f.Workspace(context.Background()); err == nil {
				return ws.Config.Workflow.Statuses, cobra.ShellCompDirectiveNoFileComp
			}
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}
