// Package validatecmd implements `roadlog validate`: the schemas and rules of
// the workspace, reported in text, JSON, GitHub annotations, SARIF or JUnit.
package validatecmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// Options are the inputs of the command.
type Options struct {
	IO        *iostreams.IOStreams
	Workspace func(context.Context) (*workspace.Workspace, error)
	Build     cmdutil.Build
	Getenv    func(string) string
	Now       func() time.Time
	Git       func(context.Context) (*gitx.Client, error)

	Format string
	Strict bool
	Since  string
}

// NewCmd returns the validate command. runF, when set, replaces the run, so
// that tests can check flag parsing alone.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace, Build: f.Build, Getenv: f.Getenv, Now: f.Now, Git: f.Git}
	formats := append([]string{"auto"}, diag.Formats...)
	var rules strings.Builder
	for _, r := range validate.Rules {
		fmt.Fprintf(&rules, "  %-28s %-8s %s\n", r.Name, r.Default, r.Description)
	}
	cmd := &cobra.Command{
		Use:   "validate [flags]",
		Short: "check the workspace against its schemas and rules",
		Long: `Check every file of the workspace against its JSON Schema and the rules below,
and report every problem with its file, line and column.

Rules and their default severity (change them under rules: in roadlog.yaml):
` + rules.String() + `
--since REV reports only the problems in files changed since the Git
revision REV (committed, staged, unstaged or new), so that a pull request
answers for what it touches. Rules over the whole workspace (cycles,
duplicate IDs, references) still see every file.

Exit status: 0 no errors; 1 errors (with --strict, warnings too); 2 wrong
usage or the workspace could not be read.`,
		Example: `  roadlog validate
  roadlog validate --strict --format sarif > roadlog.sarif
  roadlog validate --format junit > roadlog-junit.xml
  roadlog validate --since origin/main`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains(formats, opts.Format) {
				return cmdutil.InputErrorf("--format: unknown format %q; %s", opts.Format,
					hintOr(suggest.Hint(opts.Format, formats), "use one of: "+strings.Join(formats, ", ")))
			}
			if opts.Since != "" {
				if err := gitx.CheckRev(opts.Since); err != nil {
					return cmdutil.InputErrorf("--since: %w; give a branch, tag or commit", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "auto", "output `FORMAT`: "+strings.Join(formats, ", ")+" (auto: github under GitHub Actions, else text)")
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "fail (exit 1) on warnings too")
	cmd.Flags().StringVar(&opts.Since, "since", "", "report only problems in files changed since Git revision `REV`")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// since keeps the findings and files of the files changed since
// opts.Since.
func since(ctx context.Context, opts *Options, list diag.List, files []string) (diag.List, []string, error) {
	git, err := opts.Git(ctx)
	if err != nil {
		return nil, nil, err
	}
	commit, err := git.Resolve(ctx, opts.Since)
	if err != nil {
		return nil, nil, cmdutil.InputErrorf("--since: %w", err)
	}
	changed, err := git.Changed(ctx, commit)
	if err != nil {
		return nil, nil, cmdutil.FailureErrorf("--since: %w", err)
	}
	in := map[string]bool{}
	for _, f := range changed {
		in[f] = true
	}
	var kept diag.List
	for _, d := range list {
		if in[d.Path] {
			kept = append(kept, d)
		}
	}
	var keptFiles []string
	for _, f := range files {
		if in[f] {
			keptFiles = append(keptFiles, f)
		}
	}
	return kept, keptFiles, nil
}

func hintOr(h, fallback string) string {
	if h != "" {
		return h
	}
	return fallback
}

func run(ctx context.Context, opts *Options) error {
	ws, err := opts.Workspace(ctx)
	if err != nil {
		return err
	}
	list, err := validate.Run(ctx, ws, validate.Options{Now: opts.Now()})
	if err != nil {
		return cmdutil.FailureErrorf("validate: %w", err)
	}
	files := ws.FilePaths()
	if opts.Since != "" {
		if list, files, err = since(ctx, opts, list, files); err != nil {
			return err
		}
	}
	format := opts.Format
	if format == "auto" {
		format = "text"
		if opts.Getenv("GITHUB_ACTIONS") == "true" {
			format = "github"
		}
	}
	report := &diag.Report{
		Diagnostics: list,
		Files:       files,
		Rules:       validate.Rules,
		Tool:        diag.Tool{Name: "roadlog", Version: opts.Build.Version, URI: "https://github.com/roadlog/roadlog"},
		Color:       opts.IO.ColorEnabled(),
		Strict:      opts.Strict,
	}
	if format == "github" || format == "sarif" {
		report.PathPrefix = repoPrefix(ws.Root, opts.Getenv("GITHUB_WORKSPACE"))
	}
	if err := diag.Write(opts.IO.Out, format, report); err != nil {
		return cmdutil.FailureErrorf("write %s: %w", format, err)
	}
	summary := list.Summary(len(files))
	if opts.Since != "" {
		summary += " changed since " + opts.Since
	}
	fmt.Fprintln(opts.IO.ErrOut, summary)
	if list.Max() == diag.Error || (opts.Strict && list.Max() == diag.Warning) {
		return cmdutil.ErrFindings
	}
	return nil
}

// repoPrefix returns the workspace root relative to the repository root,
// with a trailing slash ("plan/"), so that annotation paths resolve against
// the repository. The repository root is GITHUB_WORKSPACE when the workspace
// is inside it, else the nearest folder above with a .git entry.
func repoPrefix(root, githubWorkspace string) string {
	if root == "" {
		return ""
	}
	top := ""
	if githubWorkspace != "" {
		if abs, err := filepath.Abs(githubWorkspace); err == nil {
			top = abs
		}
	}
	if top == "" || !within(root, top) {
		top = ""
		for d := root; ; d = filepath.Dir(d) {
			if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
				top = d
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	if top == "" {
		return ""
	}
	rel, err := filepath.Rel(top, root)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	return filepath.ToSlash(rel) + "/"
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && !strings.HasPrefix(rel, "..")
}
