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

// Options are the inputs of the command.
type Options struct {
	Factory *cmdutil.Factory

	Old, New string
	Force    bool
}

// NewCmd returns the renumber command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
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
			opts.Old, opts.New = args[0], args[1]
			if err := model.CheckID(opts.New); err != nil {
				return cmdutil.InputErrorf("%w", err)
			}
			if opts.Old == opts.New {
				return cmdutil.InputErrorf("the old and the new ID are the same")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write even when the workspace would have new errors, or has files that do not parse")
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	f := opts.Factory
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	target, err := change.RenumberTarget(s.WS, opts.Old, opts.New)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if !opts.Force {
		if err := change.CheckReferencesReadable(s.WS); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	if n := len(s.WS.Lookup(opts.Old)); n > 1 {
		fmt.Fprintf(f.IO.ErrOut, "note: %d records have the ID %s; renumbering the one in %s\n", n, opts.Old, safetext.Line(target.File.Path))
	}
	res, err := s.Renumber(target, opts.New)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, opts.Force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	moved := ""
	if res.NewPath != "" {
		moved = fmt.Sprintf("; %s → %s", res.OldPath, res.NewPath)
	}
	fmt.Fprintf(f.IO.ErrOut, "renumbered %s → %s: %d reference(s) in %d file(s) rewritten%s\n",
		opts.Old, opts.New, res.Refs, res.Files, safetext.Line(moved))
	if len(res.Mentions) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "note: the text of these files still mentions %s: %s\n", opts.Old, safetext.Line(strings.Join(res.Mentions, ", ")))
	}
	return nil
}
