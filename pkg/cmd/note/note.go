// Package note implements `roadlog note ID TEXT`: append a dated,
// attributed entry to the Notes section of an item, insight or decision.
package note

import (
	"context"
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	id    string
	text  string
	force bool
}

// NewCmd returns the note command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "note ID TEXT [flags]",
		Short: "append a dated, attributed note to an item, insight or decision",
		Long: `Append an entry to the "## Notes" section of a record's Markdown body,
adding the section at the end of the body when it has none:

  - 2026-12-01, Ana Ruiz: Called the bank; the API needs a contract.

The date is today; the author is the name Git puts on your commits
(GIT_AUTHOR_NAME, else user.name), else $USER. The rest of the
file stays byte for byte, its line endings too. The ID is printed on standard
output, what was noted and by whom on standard error.`,
		Example:           `  roadlog note ACME-12 "Legal says the wording needs a review"`,
		Args:              cmdutil.ExactArgs(2, "the ID of a record and the text of the note"),
		ValidArgsFunction: cmdutil.SafeCompletions(completeID(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.id, opts.text = args[0], args[1]
			if strings.TrimSpace(opts.text) == "" {
				return cmdutil.InputErrorf("the note is empty: give its text")
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "write even when the workspace would have new errors")
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	root, err := f.Root()
	if err != nil {
		return err
	}
	author, source := whoAmI(ctx, f, root)
	if author == "" {
		return cmdutil.InputErrorf("who is writing? set your name with git config --global user.name \"Your Name\", or $USER")
	}
	s, r, err := cmdutil.BeginRecordEdit(ctx, f, opts.id)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.AddNote(r, change.Note{Date: f.Now(), Author: author, Text: opts.text}); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, opts.force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("noted on %s as %s (%s) (%s)", r.ID(), author, source, r.File.Path)))
	fmt.Fprintln(f.IO.Out, safetext.Line(r.ID()))
	return nil
}

// whoAmI returns the author of a note and where the name comes from: the
// name Git would put on a commit (GIT_AUTHOR_NAME, which overrides
// user.name for Git too, else user.name), else $USER.
func whoAmI(ctx context.Context, f *cmdutil.Factory, root string) (name, source string) {
	if n := strings.TrimSpace(f.Getenv("GIT_AUTHOR_NAME")); n != "" {
		return n, "GIT_AUTHOR_NAME"
	}
	g := &gitx.Client{Dir: root}
	if out, err := g.Run(ctx, "config", "--get", "user.name"); err == nil {
		if n := strings.TrimSpace(string(out)); n != "" {
			return n, "git user.name"
		}
	}
	if n := strings.TrimSpace(f.Getenv("USER")); n != "" {
		return n, "$USER"
	}
	return "", ""
}

// completeID completes the ID only.
func completeID(f *cmdutil.Factory) cobra.CompletionFunc {
	ids := cmdutil.CompleteIDs(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return ids(cmd, args, toComplete)
	}
}
