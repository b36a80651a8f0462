package rankcmd

import (
	"context"

	"github.com/roadlog/roadlog/pkg/bulk"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// runMany ranks several items together, in the order given (or one, on a
// dry run).
func runMany(ctx context.Context, opts *options) error {
	f := opts.factory
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	recs := make([]*workspace.Record, len(opts.ids))
	for i, id := range opts.ids {
		if recs[i], err = change.Find(s.WS, id); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	at := change.Place{Before: opts.before, After: opts.after, Top: opts.top, Bottom: opts.bottom}
	diffs, err := bulk.Rank(s, recs, at)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if !opts.dryRun {
		if err := s.Commit(ctx, false); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	cmdutil.PrintDiffs(f.IO, "rank", diffs, opts.dryRun)
	return nil
}
