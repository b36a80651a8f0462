// Package gitsetupcmd implements `roadlog git-setup`: it sends the
// workspace's plan files to roadlog's merge driver in a repository that
// roadlog init did not set up, or in a fresh clone.
package gitsetupcmd

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/gitsetup"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	io        *iostreams.IOStreams
	workspace func(context.Context) (*workspace.Workspace, error)

	check bool
}

// NewCmd returns the git-setup command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{io: f.IO, workspace: f.Workspace}
	cmd := &cobra.Command{
		Use:   "git-setup [flags]",
		Short: "merge plan files by record and field: set up Git's merge driver",
		Long: `Set up the repository so that Git merges the workspace's plan files with
roadlog merge-driver, by record and field, rather than line by line:

  - .gitattributes at the workspace's root gets a line "merge=roadlog" for
    roadlog.yaml, each plan file and the Markdown files of the record folders
    (lines already there are kept; nothing else in the file changes);
  - the repository's own configuration (.git/config) gets merge.roadlog.name
    and merge.roadlog.driver = "roadlog merge-driver %O %A %B %L %P".

.gitattributes is committed and shared; Git's configuration is not: run
roadlog git-setup once in every clone (and in CI before merging or
rebasing there). Git merges as usual where the driver is not configured.
roadlog must be on the PATH of whoever runs git. With --check, change
nothing and exit 1 when something is missing.`,
		Example: `  roadlog git-setup
  roadlog git-setup --check`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.check, "check", false, "change nothing; exit 1 when the set-up is missing or incomplete")
	return cmd
}

func run(ctx context.Context, opts *options) error {
	ws, err := opts.workspace(ctx)
	if err != nil {
		return err
	}
	git, err := gitx.New(ctx, ws.Root)
	if err != nil {
		return cmdutil.FailureErrorf("%w; run `git init` first, or roadlog git-setup in a clone", err)
	}
	lines, skipped := gitsetup.Attributes(ws.Config)
	out := opts.io.ErrOut
	for _, p := range skipped {
		fmt.Fprintf(out, "warning: %s cannot be named exactly in %s; add its line by hand\n", safetext.Line(p), gitsetup.AttributesFile)
	}
	if opts.check {
		return check(ctx, opts, ws, git, lines)
	}
	root, err := os.OpenRoot(ws.Root)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	defer func() { _ = root.Close() }() // nothing buffered
	added, err := gitsetup.EnsureLines(root, gitsetup.AttributesFile, gitsetup.AttributesComment, lines)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	changed, err := gitsetup.Configure(ctx, git)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	switch {
	case len(added) > 0:
		fmt.Fprintf(out, "added %d lines to %s\n", len(added), gitsetup.AttributesFile)
	default:
		fmt.Fprintf(out, "%s already sends the plan files to the merge driver\n", gitsetup.AttributesFile)
	}
	if changed {
		fmt.Fprintf(out, "set merge.%s.driver in the repository's configuration\n", gitsetup.Driver)
	} else {
		fmt.Fprintf(out, "merge.%s.driver is already set\n", gitsetup.Driver)
	}
	if len(added) > 0 {
		fmt.Fprintf(out, "Next: commit %s\n", gitsetup.AttributesFile)
	}
	return nil
}

// check reports what is missing, changing nothing.
func check(ctx context.Context, opts *options, ws *workspace.Workspace, git *gitx.Client, lines []string) error {
	out := opts.io.ErrOut
	root, err := os.OpenRoot(ws.Root)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	defer func() { _ = root.Close() }() // read only
	missing, err := gitsetup.MissingLines(root, gitsetup.AttributesFile, lines)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return cmdutil.FailureErrorf("%w", err)
	}
	for _, l := range missing {
		fmt.Fprintf(out, "%s lacks: %s\n", gitsetup.AttributesFile, l)
	}
	configured := gitsetup.Configured(ctx, git)
	if !configured {
		fmt.Fprintf(out, "merge.%s.driver is not set in this repository\n", gitsetup.Driver)
	}
	if len(missing) > 0 || !configured {
		fmt.Fprintln(out, "Run roadlog git-setup to set it up.")
		return cmdutil.ErrFindings
	}
	fmt.Fprintln(out, "Git merges the plan files with roadlog merge-driver.")
	return nil
}
