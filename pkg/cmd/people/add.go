package peoplecmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// addOptions are the inputs of people add.
type addOptions struct {
	f      *cmdutil.Factory
	id     string
	person change.Person
	force  bool
}

// newAddCmd returns the people add command.
func newAddCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &addOptions{f: f}
	cmd := &cobra.Command{
		Use:   "add ID --name NAME [--email EMAIL] [--role ROLE] [flags]",
		Short: "add a person to roadlog.yaml",
		Long: `Add a person under people: in roadlog.yaml, with their name and, if given,
their email (what --mine and me() match against git config user.email) and
role. The ID is what owner fields name. An ID that is already there is
refused; change that person with roadlog config set people.ID.name ….
The rest of the file stays byte for byte; the editor schemas under
.roadlog/schema, when the workspace keeps them, are rewritten in the same
edit. The ID is printed on standard output.`,
		Example: `  roadlog people add ana --name "Ana Ruiz" --email ana@acme.example --role product-manager`,
		Args:    cmdutil.ExactArgs(1, "the ID of the person, as ana"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.id = args[0]
			if strings.TrimSpace(opts.person.Name) == "" {
				return cmdutil.UsageErrorf("--name is required: the person's name, as --name \"Ana Ruiz\"")
			}
			return runAdd(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.person.Name, "name", "", "the person's `NAME`")
	cmd.Flags().StringVar(&opts.person.Email, "email", "", "their `EMAIL`, as Git knows it")
	cmd.Flags().StringVar(&opts.person.Role, "role", "", "their `ROLE` (product-manager, engineering-lead, …)")
	cmd.Flags().BoolVar(&opts.force, "force", false, "write even when the workspace would have new errors")
	return cmd
}

func runAdd(ctx context.Context, opts *addOptions) error {
	f := opts.f
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.AddPerson(opts.id, opts.person); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	schemas, err := s.CommitConfig(ctx, opts.force)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("added %s (%s) to people in %s", opts.id, opts.person.Name, workspace.ConfigFile)))
	if len(schemas) > 0 {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line("updated the editor schemas: "+strings.Join(schemas, ", ")))
	}
	fmt.Fprintln(f.IO.Out, safetext.Line(opts.id))
	return nil
}
