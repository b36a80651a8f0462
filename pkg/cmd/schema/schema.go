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

// Options are the inputs of the command.
type Options struct {
	IO        *iostreams.IOStreams
	Workspace func(context.Context) (*workspace.Workspace, error)
	Root      func() (string, error)

	Kind  string
	Base  bool
	Write bool
}

// NewCmd returns the schema command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace, Root: f.Root}
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
				opts.Kind = args[0]
				if err := cmdutil.CheckEnum("", "kind", opts.Kind, kinds); err != nil {
					return err
				}
			}
			if opts.Write && opts.Kind != "" {
				return cmdutil.UsageErrorf("--write writes every kind; leave out KIND")
			}
			if opts.Write && opts.Base {
				return cmdutil.UsageErrorf("--write writes the workspace's schemas; leave out --base")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Base, "base", false, "print the built-in schema, without the workspace's additions")
	cmd.Flags().BoolVar(&opts.Write, "write", false, "write every schema into "+change.SchemaDir+"/ of the workspace")
	return cmd
}

func kindNames() []string {
	out := make([]string, len(schema.Kinds))
	for i, k := range schema.Kinds {
		out[i] = k.Name
	}
	return out
}

func run(ctx context.Context, opts *Options) error {
	if opts.Write {
		ws, err := opts.Workspace(ctx)
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
		fmt.Fprintf(opts.IO.ErrOut, "wrote %d schemas to %s/\n", written, change.SchemaDir)
		return nil
	}
	if opts.Kind == "" {
		var b strings.Builder
		for _, k := range schema.Kinds {
			fmt.Fprintf(&b, "%-11s %s\n", k.Name, k.File)
		}
		_, err := fmt.Fprint(opts.IO.Out, b.String())
		return err
	}
	cfg := workspace.DefaultConfig()
	if !opts.Base {
		if _, err := opts.Root(); err == nil {
			ws, err := opts.Workspace(ctx)
			if err != nil {
				return err
			}
			cfg = ws.Config
		}
	}
	var doc map[string]any
	var err error
	if opts.Base {
		doc, err = validate.Base(opts.Kind)
	} else {
		doc, err = validate.Document(opts.Kind, cfg)
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
	_, err = opts.IO.Out.Write(out)
	return err
}
