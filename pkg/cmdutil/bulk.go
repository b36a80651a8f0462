package cmdutil

import (
	"context"
	"fmt"

	"github.com/roadlog/roadlog/pkg/bulk"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// BulkFlags are the flags of a write command that changes every item an
// expression selects (set, move): --where, --mine and --dry-run.
type BulkFlags struct {
	Where  string
	Mine   bool
	DryRun bool
}

// Register adds the flags to cmd; what says what the command does to the
// items it selects ("set the fields of").
func (b *BulkFlags) Register(cmd *cobra.Command, what string) {
	cmd.Flags().StringVarP(&b.Where, "where", "w", "", what+" every item for which `EXPR` is true (see roadlog help expressions)")
	cmd.Flags().BoolVar(&b.Mine, "mine", false, what+" every item you own: --where 'owner == me()'")
	cmd.Flags().BoolVar(&b.DryRun, "dry-run", false, "print what would change, record by record, and write nothing")
}

// Selecting reports whether the items are selected by --where or --mine
// rather than given by ID.
func (b *BulkFlags) Selecting() bool { return b.Where != "" || b.Mine }

// Expr is the expression that selects the items: --where, and with --mine
// owner == me().
func (b *BulkFlags) Expr() string {
	if !b.Mine {
		return b.Where
	}
	return view.Mine(b.Where, "owner")
}

// SelectItems returns the items of the session's workspace the flags
// select ([bulk.Select]); me() is the user of f. A mistake in the
// expression is an input error.
func (b *BulkFlags) SelectItems(ctx context.Context, f *Factory, s *change.Session) ([]*workspace.Record, error) {
	recs, err := bulk.Select(plan.New(s.WS, s.Now), b.Expr(), Bind(ctx, f.Me))
	if err != nil {
		return nil, ViewError(err)
	}
	return recs, nil
}

// NoteNoMatch says on stderr that the expression selected nothing, which
// is not an error: there was nothing to change.
func NoteNoMatch(ios *iostreams.IOStreams, b *BulkFlags) {
	fmt.Fprintln(ios.ErrOut, safetext.Line("nothing to change: no item matches "+b.Expr()))
}

// PrintDiffs writes what a bulk change did (or, on a dry run, would do)
// on stderr, a line per field of each record, and the IDs of the records
// it changed on stdout, one per line.
func PrintDiffs(ios *iostreams.IOStreams, verb string, diffs []bulk.Diff, dryRun bool) {
	if len(diffs) == 0 {
		fmt.Fprintln(ios.ErrOut, "nothing changed: every item is that way already")
		return
	}
	seen := map[string]bool{}
	var ids []string
	for _, d := range diffs {
		fmt.Fprintln(ios.ErrOut, safetext.Line(verb+" "+d.String()))
		if !seen[d.ID] {
			seen[d.ID] = true
			ids = append(ids, d.ID)
		}
	}
	if dryRun {
		fmt.Fprintf(ios.ErrOut, "dry run: %d record(s) would change; nothing written\n", len(ids))
		return
	}
	for _, id := range ids {
		fmt.Fprintln(ios.Out, safetext.Line(id))
	}
}
