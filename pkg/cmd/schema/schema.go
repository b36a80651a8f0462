// Package schemacmd implements `roadlog schema [KIND]`: the JSON Schemas of
// the workspace's files, for editors and other tools.
package schemacmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/schema"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	io        *iostreams.IOStreams
	workspace func(context.Context) (*workspace.Workspace, error)
	root      func() (string, error)

	kind  string
	base  bool
	write bool
}

// NewCmd returns the schema command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{io: f.IO, workspace: f.Workspace, root: f.Root}
	kinds := kindNames()
	cmd := &cobra.Command{
		Use:   "schema [KIND] [flags]",
		Short: "print the JSON Schema of a kind of file",
		Long: `Print the JSON Schema (draft 2020-12) of a kind of file. Inside a workspace
the schema includes what its roadlog.yaml declares (statuses, types, people,
scoring inputs, custom fields); --base prints the schema as built in.

Without KIND, list the kinds. With --write, write every schema into
` + change.SchemaDir + `/ of the workspace, where the yaml-language-server modelines
that roadlog init writes point; run it again after changing roadlog.yaml.`,
		Example: `  roadlog schema item
  roadlog schema roadmap --base > roadmap.schema.json
  roadlog schema --write`,
		Args:      cmdutil.MaximumNArgs(1),
		ValidArgs: kinds,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.kind = args[0]
				if err := cmdutil.CheckEnum("", "kind", opts.kind, kinds); err != nil {
					return err
				}
			}
			if opts.write && opts.kind != "" {
				return cmdutil.UsageErrorf("--write writes every kind; leave out KIND")
			}
			if opts.write && opts.base {
				return cmdutil.UsageErrorf("--write writes the workspace's schemas; leave out --base")
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.base, "base", false, "print the built-in schema, without the workspace's additions")
	cmd.Flags().BoolVar(&opts.write, "write", false, "write every schema into "+change.SchemaDir+"/ of the workspace")
	return cmd
}

func kindNames() []string {
	out := make([]string, len(schema.Kinds))
	for i, k := range schema.Kinds {
		out[i] = k.Name
	}
	return out
}

func run(ctx context.Context, opts *options) error {
	if opts.write {
		ws, err := opts.workspace(ctx)
		if err != nil {
			return err
		}
		// Under the lock: an edit deletes stale temporary files in Dir.
		unlock, err := workspace.Lock(ctx, ws.Root, change.LockWait)
		if err != nil {
			return cmdutil.FailureErrorf("%w", err)
		}
		defer unlock()
		written, err := change.WriteSchemas(ws.Root, ws.Config)
		if err != nil {
			return cmdutil.FailureErrorf("%w", err)
		}
		fmt.Fprintf(opts.io.ErrOut, "wrote %d schemas to %s/\n", written, change.SchemaDir)
		return nil
	}
	if opts.kind == "" {
		var b strings.Builder
		for _, k := range schema.Kinds {
			fmt.Fprintf(&b, "%-11s %s\n", k.Name, k.File)
		}
		_, err := fmt.Fprint(opts.io.Out, b.String())
		return err
	}
	cfg := workspace.DefaultConfig()
	if !opts.base {
		if _, err := opts.root(); err == nil {
			ws, err := opts.workspace(ctx)
			if err != nil {
				return err
			}
			cfg = ws.Config
		}
	}
	var doc map[string]any
	var err error
	if opts.base {
		doc, err = validate.Base(opts.kind)
	} else {
		doc, err = validate.Document(opts.kind, cfg)
	}
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	// Values from roadlog.yaml (statuses, descriptions of fields) are in
	// it: Marshal writes characters that would act on a terminal as \u
	// escapes.
	out, err := render.Marshal(doc)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	_, err = opts.io.Out.Write(out)
	return err
}
