// Package rankcmd implements `roadlog rank`: move an item in the backlog
// order by giving it a rank between its new neighbours, rewriting its file
// only.
package rankcmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	ids    []string
	dryRun bool
	before string
	after  string
	top    bool
	bottom bool
	format string
}

// NewCmd returns the rank command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "rank ID… (--before X | --after X | --top | --bottom)",
		Short: "move an item in the backlog order",
		Long: `Move a backlog item in the backlog order. The item gets a new rank: a string
that sorts between its new neighbours' (fractional indexing), so only its
own file changes and merges stay clean.

Items without a rank come after all ranked ones, by ID; to put an item among
them, rank them first.`,
		Example: `  roadlog rank ACME-12 --top
  roadlog rank ACME-12 --before ACME-9
  roadlog rank ACME-12 --after ACME-3
  roadlog rank ACME-12 ACME-7 ACME-9 --before ACME-3`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ids = args
			n := 0
			for _, set := range []bool{opts.before != "", opts.after != "", opts.top, opts.bottom} {
				if set {
					n++
				}
			}
			if n != 1 {
				return cmdutil.UsageErrorf("give one of --before, --after, --top or --bottom")
			}
			if len(opts.ids) > 1 || opts.dryRun {
				return runMany(cmd.Context(), opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.before, "before", "", "put the item just before item `X`")
	cmd.Flags().StringVar(&opts.after, "after", "", "put the item just after item `X`")
	cmd.Flags().BoolVar(&opts.top, "top", false, "put the item first")
	cmd.Flags().BoolVar(&opts.bottom, "bottom", false, "put the item after every ranked item")
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "print each item's old and new rank, and write nothing")
	_ = cmd.RegisterFlagCompletionFunc("before", cmdutil.CompleteIDFlag(f))
	_ = cmd.RegisterFlagCompletionFunc("after", cmdutil.CompleteIDFlag(f))
	cmdutil.WrittenFlag(cmd, &opts.format)
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	s, r, err := cmdutil.BeginRecordEdit(ctx, f, opts.ids[0])
	if err != nil {
		return err
	}
	defer s.Close()
	at := change.Place{Before: opts.before, After: opts.after, Top: opts.top, Bottom: opts.bottom}
	old, newRank, err := s.Rerank(r, at)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if old == newRank {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("%s is already %s; nothing written", r.ID(), strings.Replace(where(at), "to the", "at the", 1))))
		return cmdutil.PrintWritten(f.IO, opts.format, false, cmdutil.Written{ID: r.ID(), File: r.File.Path, Change: "nothing: rank " + old + " already"})
	}
	if err := s.Commit(ctx, false); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if old == "" {
		old = "none"
	}
	fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("ranked %s %s (rank %s → %s, %s)", r.ID(), where(at), old, newRank, r.File.Path)))
	return cmdutil.PrintWritten(f.IO, opts.format, false, cmdutil.Written{ID: r.ID(), File: r.File.Path, Change: "rank: " + old + " → " + newRank})
}

// where says where the item went, for the message.
func where(at change.Place) string {
	switch {
	case at.Top:
		return "to the top"
	case at.Bottom:
		return "to the bottom"
	case at.Before != "":
		return "before " + at.Before
	}
	return "after " + at.After
}
