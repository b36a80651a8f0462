// Package editcmd implements `roadlog edit ID`: open a record's file in
// $VISUAL or $EDITOR, then check what was written before keeping it.
package editcmd

import (
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/editor"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	id    string
	force bool
}

// NewCmd returns the edit command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "edit ID [flags]",
		Short: "open a record's file in your editor, and check it when you are done",
		Long: `Open the file holding a record in $VISUAL, else $EDITOR, else vi (which
needs a terminal: without one, set $EDITOR). The editor command runs
through the shell, as git runs it, so EDITOR="code --wait" works.

The editor works on a copy; when it exits, roadlog checks the copy: if it
parses and the workspace has no new errors, it replaces the file. If not, the file is
left as it was and your text is kept in ` + editor.BackupDir + `/, and roadlog
says where, so that nothing you typed is lost; the same when the editor
exits with an error after you saved.

For a record in a list file (an initiative in roadmap.yaml) the whole file
is opened.`,
		Example: `  roadlog edit ACME-12
  EDITOR="code --wait" roadlog edit INIT-2`,
		Args:              cmdutil.ExactArgs(1, "the ID of a record"),
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.id = args[0]
			return cmdutil.EditInEditor(cmd.Context(), f, opts.id, opts.force)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "keep the text even when the workspace would have new errors (it must still parse)")
	return cmd
}
