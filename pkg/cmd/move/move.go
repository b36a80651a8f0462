// Package move implements `roadlog move ID STATUS`: change an item's
// status, within the workflow's WIP limits.
package move

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/change"
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
	format string
}

// NewCmd returns the move command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "move ID STATUS [flags]",
		Short: "change an item's status, within WIP limits",
		Long: `Move a backlog item to another status of workflow.statuses. When the status
has a WIP limit (workflow.wip) that the move would pass, it is refused;
--force moves it anyway. A move to a closed status (workflow.closed) sets
the item's closed date to today, which the board uses to list only recent
closed items (board.closed_recent_days); a move back to an open status
removes it.`,
		Example: `  roadlog move ACME-12 in-progress
  roadlog move ACME-12 done`,
		Args:              cmdutil.ExactArgs(2, "an item ID and a status"),
		ValidArgsFunction: cmdutil.SafeCompletions(complete(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.id, opts.status = args[0], args[1]
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "move past a WIP limit, and write even when the workspace would have new errors")
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
	changes, unset := []change.Change{{Path: []string{"status"}, Text: opts.status}}, []string(nil)
	switch closing := cfg.IsClosed(opts.status); {
	case closing && !cfg.IsClosed(from): // the date the board counts recent closed items by
		changes = append(changes, change.Change{Path: []string{"closed"}, Text: f.Now().UTC().Format(time.DateOnly)})
	case !closing && r.Has("closed"):
		unset = []string{"closed"}
	}
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
