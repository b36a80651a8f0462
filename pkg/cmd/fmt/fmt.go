// Package fmtcmd implements `roadlog fmt`: rewrite the workspace's YAML in
// one canonical form.
package fmtcmd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamlfmt"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	check bool
	paths []string
}

// NewCmd returns the fmt command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "fmt [PATH…] [flags]",
		Short: "rewrite the YAML in one canonical form",
		Long: `Rewrite the YAML of the workspace's files — front matter and YAML files — in
one canonical form, so that diffs show changes of content, not of style:

  - keys in the order of the schema (id, title, type, status, …), unknown
    ones after them in their order;
  - short lists and mappings of plain values on one line ([a, b], {k: v}),
    longer ones one entry a line; records always one key a line;
  - quotes only where YAML needs them; multi-line text as a | block;
  - two-space indentation; one blank line between the records of a list
    file and between top-level sections; a final newline.

Comments are kept; Markdown bodies are not touched; CRLF files stay CRLF.
The values never change: a file whose values would read back differently is
left alone and reported. Running fmt twice changes nothing the second time.

--check writes nothing: it lists the files fmt would change and exits 1 if
there are any (for CI and pre-commit hooks).`,
		Example: `  roadlog fmt
  roadlog fmt --check
  roadlog fmt backlog/ACME-12-guest-checkout.md`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.check, "check", false, "list the files that would change and exit 1 if any; write nothing")
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	root, err := f.Root()
	if err != nil {
		return err
	}
	wanted, err := selectPaths(root, f.Dir, opts.paths)
	if err != nil {
		return err
	}
	// --check only reads: no lock, nothing written, so that it also works
	// on a read-only checkout.
	var s *change.Session
	var ws *workspace.Workspace
	if opts.check {
		if ws, err = f.Workspace(ctx); err != nil {
			return err
		}
	} else {
		if s, err = cmdutil.BeginEdit(ctx, f); err != nil {
			return err
		}
		defer s.Close()
		ws = s.WS
	}

	var changed, skipped []string
	for _, file := range ws.Files {
		if wanted != nil && !wanted[file.Path] {
			continue
		}
		delete(wanted, file.Path)
		if !file.Parsed {
			skipped = append(skipped, file.Path+" (does not parse)")
			continue
		}
		out, err := yamlfmt.Format(file)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s (%v)", file.Path, err))
			continue
		}
		if !bytes.Equal(out, file.Raw) {
			changed = append(changed, file.Path)
			if s != nil {
				s.Write(file.Path, out)
			}
		}
	}
	for p := range wanted {
		return cmdutil.InputErrorf("%s is not a file of the workspace", p)
	}
	for _, sk := range skipped {
		fmt.Fprintf(f.IO.ErrOut, "roadlog: left alone: %s\n", safetext.Line(sk))
	}
	if opts.check {
		for _, p := range changed {
			fmt.Fprintln(f.IO.Out, safetext.Line(p))
		}
		if len(changed) > 0 {
			fmt.Fprintf(f.IO.ErrOut, "%d file(s) would be reformatted; run roadlog fmt\n", len(changed))
			return cmdutil.ErrFindings
		}
		if len(skipped) > 0 {
			return cmdutil.ErrFindings
		}
		return nil
	}
	// Formatting keeps every value, so the workspace cannot get new
	// errors: no validation needed.
	if err := s.Commit(ctx, true); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	for _, p := range changed {
		fmt.Fprintln(f.IO.Out, safetext.Line(p))
	}
	fmt.Fprintf(f.IO.ErrOut, "formatted %d file(s)\n", len(changed))
	if len(skipped) > 0 {
		return cmdutil.ErrFindings
	}
	return nil
}

// selectPaths turns PATH arguments (relative to dir) into workspace paths;
// nil means every file.
func selectPaths(root, dir string, args []string) (map[string]bool, error) {
	if len(args) == 0 {
		return nil, nil
	}
	out := map[string]bool{}
	for _, a := range args {
		abs := a
		if !filepath.IsAbs(a) {
			abs = filepath.Join(dir, a)
		}
		abs, err := filepath.Abs(abs)
		if err != nil {
			return nil, cmdutil.FailureErrorf("%w", err)
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, cmdutil.InputErrorf("%s is outside the workspace", a)
		}
		if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
			return nil, cmdutil.InputErrorf("%s is a folder; name files, or give no path for all", a)
		}
		out[filepath.ToSlash(rel)] = true
	}
	return out, nil
}
