// Package renumber implements `roadlog renumber OLD NEW`: change an ID and
// every reference to it.
package renumber

import (
	"context"
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	oldID, newID string
	force        bool
	format       string
}

// NewCmd returns the renumber command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "renumber OLD NEW [flags]",
		Short: "change an ID and every reference to it",
		Long: `Give a record a new ID: its id field, its file name (for items, insights and
decisions: ACME-12-guest-checkout.md becomes ACME-40-guest-checkout.md) and
every field in the workspace that names it (parent, depends_on, initiative,
release, insights, theme, objectives, links, supersedes). Mentions in
Markdown text are listed, not changed.

Use it to fix a duplicate ID that two branches brought in.`,
		Example: `  roadlog renumber ACME-12 ACME-40
  roadlog renumber INIT-2 INIT-9`,
		Args:              cmdutil.ExactArgs(2, "the old and the new ID"),
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.oldID, opts.newID = args[0], args[1]
			if err := model.CheckID(opts.newID); err != nil {
				return cmdutil.InputErrorf("%w", err)
			}
			if opts.oldID == opts.newID {
				return cmdutil.InputErrorf("the old and the new ID are the same")
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "write even when the workspace would have new errors, or has files that do not parse")
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
	target, err := change.RenumberTarget(s.WS, opts.oldID, opts.newID)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if !opts.force {
		if err := change.CheckReferencesReadable(s.WS); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	if n := len(s.WS.Lookup(opts.oldID)); n > 1 {
		fmt.Fprintf(f.IO.ErrOut, "note: %d records have the ID %s; renumbering the one in %s\n", n, opts.oldID, safetext.Line(target.File.Path))
	}
	res, err := s.Renumber(target, opts.newID)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, opts.force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	moved := ""
	if res.NewPath != "" {
		moved = fmt.Sprintf("; %s → %s", res.OldPath, res.NewPath)
	}
	fmt.Fprintf(f.IO.ErrOut, "renumbered %s → %s: %d reference(s) in %d file(s) rewritten%s\n",
		opts.oldID, opts.newID, res.Refs, res.Files, safetext.Line(moved))
	if len(res.Mentions) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "note: the text of these files still mentions %s: %s\n", opts.oldID, safetext.Line(strings.Join(res.Mentions, ", ")))
	}
	file := res.NewPath
	if file == "" {
		file = target.File.Path
	}
	return cmdutil.PrintWritten(f.IO, opts.format, false, cmdutil.Written{
		ID: opts.newID, OldID: opts.oldID, File: file,
		Change: fmt.Sprintf("id: %s → %s; %d reference(s) in %d file(s)", opts.oldID, opts.newID, res.Refs, res.Files),
	})
}
