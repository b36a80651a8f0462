// Package check implements `roadlog check ID N|TEXT` and `roadlog uncheck
// ID N|TEXT`: tick or clear an acceptance criterion of an item.
package check

import (
	"context"
	"fmt"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	id      string
	which   string // the criterion's number or text
	checked bool   // check, or uncheck
	force   bool
}

// NewCmd returns the check command, or with checked false the uncheck
// command.
func NewCmd(f *cmdutil.Factory, checked bool) *cobra.Command {
	opts := &options{factory: f, checked: checked}
	name, short, verb := "check", "tick an acceptance criterion of an item", "Tick"
	if !checked {
		name, short, verb = "uncheck", "clear the tick of an acceptance criterion", "Clear the tick of"
	}
	cmd := &cobra.Command{
		Use:   name + " ID N|TEXT [flags]",
		Short: short,
		Long: verb + ` an acceptance criterion of an item: a check box with text in its
body ("- [ ] Pay by card"). Name it by its number, 1-based as roadlog show
numbers them, or by its text: the criterion whose text is TEXT, else the
only one whose text contains it, ignoring case. A box with no text is a
placeholder, not a criterion.

Only the box's mark changes. One that is ` + name + `ed already is left as it is
(exit 0). The ID is printed on standard output, what changed on standard
error.`,
		Example:           "  roadlog " + name + " ACME-12 2\n  roadlog " + name + ` ACME-12 "card"`,
		Args:              cmdutil.ExactArgs(2, "the ID of an item and a criterion's number or text"),
		ValidArgsFunction: cmdutil.SafeCompletions(completeID(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.id, opts.which = args[0], args[1]
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "write even when the workspace would have new errors")
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	s, r, err := cmdutil.BeginRecordEdit(ctx, f, opts.id)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := s.Check(r, opts.which, opts.checked)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, opts.force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	state := "checked"
	if !opts.checked {
		state = "unchecked"
	}
	msg := fmt.Sprintf("%s %s criterion %d: %s (%s)", state, r.ID(), t.N, t.Criterion.Text, r.File.Path)
	if t.Already {
		msg = fmt.Sprintf("%s criterion %d is %s already: %s", r.ID(), t.N, state, t.Criterion.Text)
	}
	fmt.Fprintln(f.IO.ErrOut, safetext.Line(msg))
	fmt.Fprintln(f.IO.Out, safetext.Line(r.ID()))
	return nil
}

// completeID completes the ID only: criteria are named by number or text.
func completeID(f *cmdutil.Factory) cobra.CompletionFunc {
	ids := cmdutil.CompleteIDs(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return ids(cmd, args, toComplete)
	}
}
