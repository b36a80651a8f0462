package set

import (
	"context"
	"strings"

	"github.com/roadlog/roadlog/pkg/bulk"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
)

// runWhere sets fields of every item --where (or --mine) selects: args
// are only field=value, no ID.
func runWhere(ctx context.Context, opts *options, args []string) error {
	f := opts.factory
	for _, a := range args {
		if !strings.Contains(a, "=") {
			return cmdutil.UsageErrorf("%q is not field=value: give an ID or --where, not both", a)
		}
		c, err := change.ParseChange(a)
		if err != nil {
			return cmdutil.InputErrorf("%w", err)
		}
		if c.Path[0] == "id" {
			return cmdutil.InputErrorf("to change an ID, use roadlog renumber: it also rewrites every reference")
		}
		opts.changes = append(opts.changes, c)
	}
	if opts.body.Given() {
		return cmdutil.UsageErrorf("--body and --body-file change one record: give its ID, not --where")
	}
	if len(opts.changes) == 0 && len(opts.unset) == 0 {
		return cmdutil.UsageErrorf("nothing to change: give field=value or --unset field")
	}
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	recs, err := opts.bulk.SelectItems(ctx, f, s)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		cmdutil.NoteNoMatch(f.IO, &opts.bulk)
		return nil
	}
	diffs, err := bulk.Set(s, recs, opts.changes, opts.unset, opts.force)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if !opts.bulk.DryRun {
		if err := s.Commit(ctx, opts.force); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	cmdutil.PrintDiffs(f.IO, "set", diffs, opts.bulk.DryRun)
	return nil
}
