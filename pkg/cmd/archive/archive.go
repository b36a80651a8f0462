// Package archive implements `roadlog archive ID…`: move closed backlog
// items into the archive folder, where they are still loaded but left out
// of the views.
package archive

import (
	"context"
	"fmt"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/retire"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	ids    []string
	where  string
	dryRun bool
	undo   bool
	format string
}

// NewCmd returns the archive command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "archive {ID… | --where EXPR} [flags]",
		Short: "move closed items into the archive folder",
		Long: `Move closed backlog items (status in workflow.closed) into the archive
folder, backlog/archive/ (under paths.backlog). Their IDs do not change and
they are still loaded, so references to them resolve and validate stays
clean; backlog, board, list and stats leave them out unless --archived, and
the report keeps their pages but leaves them off its backlog and board.

An item that is not closed is refused, and so are all the others with it:
several IDs are archived all together or not at all. --where archives every
closed item not yet archived for which the expression is true, e.g.
--where 'closed < "2026-01-01"'. --undo moves archived items back into the
backlog folder. --dry-run says what would move. roadlog does not run git:
commit the moved files as usual.`,
		Example: `  roadlog archive ACME-10 ACME-11
  roadlog archive --where 'closed < "2026-01-01"' --dry-run
  roadlog archive --undo ACME-10`,
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ids = args
			switch {
			case len(args) == 0 && opts.where == "":
				return cmdutil.UsageErrorf("%q needs item IDs or --where", cmd.CommandPath())
			case len(args) > 0 && opts.where != "":
				return cmdutil.UsageErrorf("give item IDs or --where, not both")
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.where, "where", "w", "", "archive every closed item for which `EXPR` is true")
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "say what would move, and move nothing")
	cmd.Flags().BoolVar(&opts.undo, "undo", false, "move archived items back into the backlog folder")
	cmdutil.WrittenFlag(cmd, &opts.format)
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	p := plan.New(s.WS, s.Now)
	ids := opts.ids
	if opts.where != "" {
		rows, err := view.Select(p, model.KindItem, view.Records(p, model.KindItem), view.Query{Where: opts.where, Archived: opts.undo})
		if err != nil {
			return cmdutil.ViewError(err)
		}
		for _, r := range rows {
			if it := r.Record.Model.(*model.Item); p.Closed(it) && p.Archived(it) == opts.undo {
				ids = append(ids, it.ID)
			}
		}
	}
	move, verb, none := retire.Archive, "archived", "the items are archived already"
	if opts.undo {
		move, verb, none = retire.Unarchive, "unarchived", "the items are not archived"
	}
	if opts.dryRun {
		verb = "would move"
	}
	if opts.where != "" && len(ids) == 0 {
		none = "no item matches --where"
	}
	moved, err := move(s, p, ids)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if len(moved) == 0 {
		fmt.Fprintln(f.IO.ErrOut, "nothing to move: "+none)
		return cmdutil.PrintWritten(f.IO, opts.format, opts.dryRun)
	}
	if !opts.dryRun {
		if err := s.Commit(ctx, false); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	for _, m := range moved {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("%s %s: %s → %s", verb, m.ID, m.From, m.To)))
	}
	if opts.dryRun {
		fmt.Fprintln(f.IO.ErrOut, "dry run: nothing written")
	}
	written := make([]cmdutil.Written, len(moved))
	for i, m := range moved {
		written[i] = cmdutil.Written{ID: m.ID, File: m.To, Change: verb + ": " + m.From + " → " + m.To}
	}
	return cmdutil.PrintWritten(f.IO, opts.format, opts.dryRun, written...)
}
