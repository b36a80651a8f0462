package move

import (
	"context"
	"errors"

	"github.com/roadlog/roadlog/pkg/bulk"
	"github.com/roadlog/roadlog/pkg/cmdutil"
)

// runWhere moves every item --where (or --mine) selects.
func runWhere(ctx context.Context, opts *options) error {
	f := opts.factory
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := cmdutil.CheckEnum("", "status", opts.status, s.WS.Config.Workflow.Statuses); err != nil {
		return err
	}
	recs, err := opts.bulk.SelectItems(ctx, f, s)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		cmdutil.NoteNoMatch(f.IO, &opts.bulk)
		return nil
	}
	diffs, err := bulk.Move(s, recs, opts.status, f.Now(), opts.force)
	var wip *bulk.WIPError
	if errors.As(err, &wip) {
		return cmdutil.FindingsErrorf("%w", err)
	} else if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if !opts.bulk.DryRun {
		if err := s.Commit(ctx, opts.force); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	cmdutil.PrintDiffs(f.IO, "move", diffs, opts.bulk.DryRun)
	return nil
}
