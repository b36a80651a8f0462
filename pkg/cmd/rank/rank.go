// Package rankcmd implements `roadlog rank`: move an item in the backlog
// order by giving it a rank between its new neighbours, rewriting its file
// only.
package rankcmd

import (
	"context"
	"errors"
	"fmt"
	"slices"

	setcmd "github.com/roadlog/roadlog/pkg/cmd/set"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/rank"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// Options are the inputs of the command.
type Options struct {
	Factory *cmdutil.Factory

	ID     string
	Before string
	After  string
	Top    bool
	Bottom bool
}

// NewCmd returns the rank command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "rank ID (--before X | --after X | --top | --bottom)",
		Short: "move an item in the backlog order",
		Long: `Move a backlog item in the backlog order. The item gets a new rank: a string
that sorts between its new neighbours' (fractional indexing), so only its
own file changes and merges stay clean.

Items without a rank come after all ranked ones, by ID; to put an item among
them, rank them first.`,
		Example: `  roadlog rank ACME-12 --top
  roadlog rank ACME-12 --before ACME-9
  roadlog rank ACME-12 --after ACME-3`,
		Args:              cmdutil.ExactArgs(1, "an item ID"),
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			n := 0
			for _, set := range []bool{opts.Before != "", opts.After != "", opts.Top, opts.Bottom} {
				if set {
					n++
				}
			}
			if n != 1 {
				return cmdutil.UsageErrorf("give one of --before, --after, --top or --bottom")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Before, "before", "", "put the item just before item `X`")
	cmd.Flags().StringVar(&opts.After, "after", "", "put the item just after item `X`")
	cmd.Flags().BoolVar(&opts.Top, "top", false, "put the item first")
	cmd.Flags().BoolVar(&opts.Bottom, "bottom", false, "put the item after every ranked item")
	_ = cmd.RegisterFlagCompletionFunc("before", cmdutil.CompleteIDFlag(f))
	_ = cmd.RegisterFlagCompletionFunc("after", cmdutil.CompleteIDFlag(f))
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	f := opts.Factory
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := cmdutil.FindRecord(s.WS, opts.ID)
	if err != nil {
		return err
	}
	it, ok := r.Model.(*model.Item)
	if !ok {
		return cmdutil.InputErrorf("%s is %s %s; only backlog items have a rank", opts.ID, r.Kind().Article(), r.Kind().Label())
	}
	// The backlog without the item being moved.
	var order []*model.Item
	for _, o := range s.WS.Items {
		if o != it {
			order = append(order, o)
		}
	}
	slices.SortStableFunc(order, model.CompareItems)
	lastRanked := ""
	for _, o := range order {
		if o.Rank != "" {
			lastRanked = o.Rank
		}
	}
	indexOf := func(id, flag string) (int, error) {
		if id == it.ID {
			return 0, cmdutil.InputErrorf("%s: an item cannot move relative to itself", flag)
		}
		i := slices.IndexFunc(order, func(o *model.Item) bool { return o.ID == id })
		if i < 0 {
			return 0, cmdutil.InputErrorf("%s: %s is not a backlog item", flag, id)
		}
		return i, nil
	}
	// pos is the index in order the item will take.
	var pos int
	var where string
	switch {
	case opts.Top:
		pos, where = 0, "to the top"
	case opts.Bottom:
		pos = slices.IndexFunc(order, func(o *model.Item) bool { return o.Rank == "" })
		if pos < 0 {
			pos = len(order)
		}
		where = "to the bottom"
	case opts.Before != "":
		i, err := indexOf(opts.Before, "--before")
		if err != nil {
			return err
		}
		pos, where = i, "before "+opts.Before
	default:
		i, err := indexOf(opts.After, "--after")
		if err != nil {
			return err
		}
		pos, where = i+1, "after "+opts.After
	}
	lo, hi := "", ""
	if pos > 0 {
		lo = order[pos-1].Rank
		if lo == "" {
			return cmdutil.InputErrorf("%s has no rank, so nothing can go after it without ranking it first: roadlog rank %s --bottom",
				order[pos-1].ID, order[pos-1].ID)
		}
	}
	if pos < len(order) {
		hi = order[pos].Rank
		if hi == "" && lo != lastRanked {
			return cmdutil.InputErrorf("%s has no rank; rank it first: roadlog rank %s --bottom", order[pos].ID, order[pos].ID)
		}
	}
	newRank, err := rank.Between(lo, hi)
	if errors.Is(err, rank.ErrNoRoom) {
		return cmdutil.FindingsErrorf("no rank fits between %q and %q; give one of them another rank with roadlog set", lo, hi)
	} else if err != nil {
		return cmdutil.FindingsErrorf("%w; fix the ranks (roadlog validate shows which)", err)
	}
	old := it.Rank
	if err := setcmd.Apply(s, r, []setcmd.Change{{Path: []string{"rank"}, Text: newRank}}, nil, false); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, false); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if old == "" {
		old = "none"
	}
	fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("ranked %s %s (rank %s → %s, %s)", it.ID, where, old, newRank, r.File.Path)))
	return nil
}
