// Package rm implements `roadlog rm ID…`: delete records, refused while
// anything refers to them.
package rm

import (
	"context"
	"errors"
	"fmt"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/retire"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	ids      []string
	dropRefs bool
	dryRun   bool
	format   string
}

// NewCmd returns the rm command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "rm ID… [flags]",
		Short: "delete records, refused while anything refers to them",
		Long: `Delete records: the file of an item, insight or decision, or the entry of
a theme, initiative, objective, key result, release, risk or persona in its
file (only that entry's lines and the comments above it go; an objective
takes its key results along).

While a record that stays refers to one removed (a child's parent, a
dependency, an initiative's items, a risk's links…), nothing is removed and
every reference is listed with its file, line and field; --drop-refs
removes those references too (an ID leaves a list; a field naming one
record goes). References among the records removed together do not count.
Several IDs are removed all together or not at all. --dry-run says what
would change. roadlog does not run git rm: commit the change as usual.`,
		Example: `  roadlog rm ACME-33
  roadlog rm INIT-8 --drop-refs --dry-run`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.UsageErrorf("%q needs the IDs of the records to delete", cmd.CommandPath())
			}
			return nil
		},
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ids = args
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.dropRefs, "drop-refs", false, "remove the references to the deleted records too")
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "say what would change, and change nothing")
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
	res, err := retire.Remove(s, plan.New(s.WS, s.Now), opts.ids, opts.dropRefs)
	var refd *retire.ReferencedError
	if errors.As(err, &refd) {
		fmt.Fprintln(f.IO.ErrOut, "roadlog: not removed: these references name what would be removed:")
		for _, r := range refd.Referrers {
			fmt.Fprintln(f.IO.ErrOut, "  "+safetext.Line(r.String()))
		}
		fmt.Fprintln(f.IO.ErrOut, "change them first, or give --drop-refs to remove them too")
		return cmdutil.ErrFindings
	}
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	drop, remove := "dropped reference ", "removed "
	if opts.dryRun {
		drop, remove = "would drop reference ", "would remove "
	} else if err := s.Commit(ctx, false); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	for _, r := range res.Referrers {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line(drop+r.String()))
	}
	for _, r := range res.Records {
		where := r.File.Path
		if len(r.Pointer) > 0 {
			where = fmt.Sprintf("%s:%d", where, r.Pos().Line)
		}
		fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("%s%s %s (%s)", remove, r.Kind().Label(), r.ID(), where)))
	}
	if opts.dryRun {
		fmt.Fprintln(f.IO.ErrOut, "dry run: nothing written")
	}
	var written []cmdutil.Written
	for _, r := range res.Records {
		written = append(written, cmdutil.Written{ID: r.ID(), File: r.File.Path, Change: "removed"})
	}
	for _, r := range res.Referrers {
		written = append(written, cmdutil.Written{ID: r.Ref.From.ID(), File: r.Path, Change: "dropped reference: " + r.String()})
	}
	return cmdutil.PrintWritten(f.IO, opts.format, opts.dryRun, written...)
}
