// Package configcmd implements `roadlog config get KEY` and `roadlog
// config set KEY VALUE`: read and change roadlog.yaml by dotted keys.
package configcmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/config"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// NewCmd returns the config command with its get and set subcommands.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config <command>",
		Short: "read or change roadlog.yaml by its keys",
		Long: `Read or change the configuration in roadlog.yaml by dotted keys: product.name,
workflow.statuses, people.ana.email, board.closed_recent_days. The keys are
those of the file's schema (roadlog schema config); a key it does not know
is refused, with the nearest one.`,
		Example: `  roadlog config get workflow.statuses
  roadlog config set product.name "Acme Checkout"
  roadlog config set --unset board.closed_recent_days`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newGetCmd(f), newSetCmd(f))
	return cmd
}

// getOptions are the inputs of config get.
type getOptions struct {
	factory *cmdutil.Factory
	key     string
	format  string
}

var formats = []string{"text", "json"}

func newGetCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &getOptions{factory: f}
	cmd := &cobra.Command{
		Use:   "get KEY [flags]",
		Short: "print the value of a key of roadlog.yaml",
		Long: `Print the value of a key of roadlog.yaml: text and numbers as they are, a list
or a mapping as YAML (without the file's comments); --format json prints
{"key": …, "value": …}. A key the file does not set exits with status 1 and
says so; roadlog then uses the key's default.`,
		Example: `  roadlog config get product.key
  roadlog config get people --format json`,
		Args: cmdutil.ExactArgs(1, "a key of roadlog.yaml, as product.name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.key = args[0]
			if err := cmdutil.CheckEnum("--format", "format", opts.format, formats); err != nil {
				return err
			}
			return runGet(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output `FORMAT`: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runGet(ctx context.Context, opts *getOptions) error {
	f := opts.factory
	root, err := f.Root()
	if err != nil {
		return err
	}
	ws, err := workspace.OpenConfig(ctx, root) // the plan is not needed
	if err != nil {
		return cmdutil.FailureErrorf("load workspace %s: %w", root, err)
	}
	v, err := config.Get(ws, opts.key)
	if err != nil {
		return configError(err)
	}
	if opts.format == "json" {
		return render.JSON(f.IO.Out, struct {
			Key   string `json:"key"`
			Value any    `json:"value"`
		}{v.Key, v.Data()})
	}
	return v.WriteText(f.IO.Out)
}

// configError gives a read error its exit code: a key that is not set, 1;
// a key that does not exist, 2.
func configError(err error) error {
	var (
		notSet *config.NotSetError
		input  *change.InputError
	)
	switch {
	case errors.As(err, &notSet):
		return cmdutil.FindingsErrorf("%w", err)
	case errors.As(err, &input):
		return cmdutil.InputErrorf("%w", err)
	}
	return cmdutil.FailureErrorf("%w", err)
}

// setOptions are the inputs of config set.
type setOptions struct {
	factory *cmdutil.Factory
	key     string
	value   string
	unset   []string
	force   bool
}

func newSetCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &setOptions{factory: f}
	cmd := &cobra.Command{
		Use:   "set KEY VALUE | --unset KEY [flags]",
		Short: "change a key of roadlog.yaml",
		Long: `Set a key of roadlog.yaml to a value, typed by the file's schema: text as it
is, numbers as numbers, a list as [a, b] (or a, b), a mapping as {k: v}.
--unset KEY removes a key (repeat it for several). The rest of the file stays
byte for byte, its comments too.

The change is refused, with nothing written, when the workspace would have
new errors (a status items still use, a WIP limit of 0); --force writes it
anyway. When the workspace keeps editor schemas (.roadlog/schema, written by
roadlog init or roadlog schema --write), they are rewritten in the same edit.`,
		Example: `  roadlog config set product.name "Acme Checkout"
  roadlog config set workflow.statuses "[idea, ready, in-progress, done]"
  roadlog config set workflow.wip.review 2
  roadlog config set --unset rules.orphan-item`,
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(opts.unset) > 0 && len(args) == 0:
				return nil
			case len(opts.unset) > 0:
				return cmdutil.UsageErrorf("give KEY VALUE or --unset KEY, not both")
			case len(args) != 2:
				return cmdutil.UsageErrorf("give a key of roadlog.yaml and its value (KEY VALUE), or --unset KEY")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 2 {
				opts.key, opts.value = args[0], args[1]
			}
			return runSet(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.unset, "unset", nil, "remove `KEY` from roadlog.yaml (repeatable)")
	cmd.Flags().BoolVar(&opts.force, "force", false, "write even when the workspace would have new errors")
	return cmd
}

func runSet(ctx context.Context, opts *setOptions) error {
	f := opts.factory
	var changes []change.Change
	if opts.key != "" || opts.value != "" {
		changes = append(changes, change.Change{Path: config.Path(opts.key), Text: opts.value})
	}
	// Check the keys before taking the lock: a typo needs no workspace.
	for _, c := range changes {
		if _, err := change.ConfigKey(c.Path); err != nil {
			return cmdutil.InputErrorf("%w", err)
		}
	}
	for _, u := range opts.unset {
		if _, err := change.ConfigKey(config.Path(u)); err != nil {
			return cmdutil.InputErrorf("--unset: %w", err)
		}
	}
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetConfig(changes, opts.unset); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if len(s.Changed()) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "%s already says so; nothing written\n", workspace.ConfigFile)
		return nil
	}
	schemas, err := s.CommitConfig(ctx, opts.force)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	for _, c := range changes {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("set %s = %s in %s", strings.Join(c.Path, "."), c.Text, workspace.ConfigFile)))
	}
	for _, u := range opts.unset {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("removed %s from %s", u, workspace.ConfigFile)))
	}
	if len(schemas) > 0 {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line("updated the editor schemas: "+strings.Join(schemas, ", ")))
	}
	return nil
}
