// Package validatecmd implements `roadlog validate`: the schemas and rules of
// the workspace, reported in text, JSON, GitHub annotations, SARIF or JUnit.
package validatecmd

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/diff"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	io        *iostreams.IOStreams
	workspace func(context.Context) (*workspace.Workspace, error)
	build     cmdutil.Build
	getenv    func(string) string
	now       func() time.Time
	git       func(context.Context) (*gitx.Client, error)

	format string
	strict bool
	since  string
}

// NewCmd returns the validate command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{io: f.IO, workspace: f.Workspace, build: f.Build, getenv: f.Getenv, now: f.Now, git: f.Git}
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
--since REV reports what a change answers for: every problem in the files
changed since the Git revision REV (committed, staged, unstaged or new), and
every problem anywhere else that REV did not have, such as the references a
deleted record leaves broken. A problem is one REV had when its file (after
renames), rule, record and message are the same and it was at least as
severe; its line may move. When REV has no roadlog.yaml, every problem is
new.

Exit status: 0 no errors; 1 errors (with --strict, warnings too); 2 wrong
usage or the workspace could not be read.`,
		Example: `  roadlog validate
  roadlog validate --strict --format sarif > roadlog.sarif
  roadlog validate --format junit > roadlog-junit.xml
  roadlog validate --since origin/main`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cmdutil.CheckEnum("--format", "format", opts.format, formats); err != nil {
				return err
			}
			if opts.since != "" {
				if err := gitx.CheckRev(opts.since); err != nil {
					return cmdutil.InputErrorf("--since: %w; give a branch, tag or commit", err)
				}
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "auto", "output `FORMAT`: "+strings.Join(formats, ", ")+" (auto: github under GitHub Actions, else text)")
	cmd.Flags().BoolVar(&opts.strict, "strict", false, "fail (exit 1) on warnings too")
	cmd.Flags().StringVar(&opts.since, "since", "", "report the problems in files changed since Git revision `REV`, and new ones elsewhere")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// sinceResult is what --since keeps of a run.
type sinceResult struct {
	list      diag.List // the findings in changed files, and the new ones elsewhere
	files     []string  // the files reported on: those changed, and those with new findings
	changed   int       // files of the plan changed since the revision, deleted ones included
	others    int       // files read that did not change
	inChanged int       // findings of list in changed files
}

// since keeps the findings of list that are in a file changed since
// opts.since or that the workspace at opts.since does not have.
func since(ctx context.Context, opts *options, ws *workspace.Workspace, list diag.List) (*sinceResult, error) {
	git, err := opts.git(ctx)
	if err != nil {
		return nil, err
	}
	commit, err := git.Resolve(ctx, opts.since)
	if err != nil {
		return nil, cmdutil.InputErrorf("--since: %w", err)
	}
	paths, err := git.Changed(ctx, commit)
	if err != nil {
		return nil, cmdutil.FailureErrorf("--since: %w", err)
	}
	changed := map[string]bool{}
	for _, p := range paths {
		changed[p] = true
	}
	// The files the workspace shares with the revision are taken as read,
	// with their findings: only the others are fetched and checked.
	base, err := diff.LoadCommitWith(ctx, git, commit, diff.LoadOptions{Like: ws})
	if err != nil {
		return nil, cmdutil.FailureErrorf("--since: %w", err)
	}
	added, err := newFindings(ctx, opts.now(), base, ws, list)
	if err != nil {
		return nil, cmdutil.FailureErrorf("--since: validate the workspace at %s: %w", opts.since, err)
	}
	isNew := map[diag.Diagnostic]bool{}
	for _, d := range added {
		isNew[d] = true
	}
	r := &sinceResult{}
	reported := map[string]bool{}
	for _, d := range list {
		if changed[d.Path] || isNew[d] {
			r.list = append(r.list, d)
			reported[d.Path] = true
		}
		if changed[d.Path] {
			r.inChanged++
		}
	}
	read := map[string]bool{}
	for _, p := range base.FilePaths() {
		read[p] = true
	}
	for _, p := range ws.FilePaths() {
		read[p] = true
		if changed[p] {
			reported[p] = true
		} else {
			r.others++
		}
	}
	for _, p := range paths {
		if read[p] {
			r.changed++
		}
	}
	r.files = slices.Sorted(maps.Keys(reported))
	return r, nil
}

// newFindings returns the findings of head (list) that base does not have.
// Base is validated only when it can differ: when its files are head's,
// byte for byte, nothing is new; when it has no roadlog.yaml, everything is.
func newFindings(ctx context.Context, now time.Time, base, head *workspace.Workspace, list diag.List) (diag.List, error) {
	if base.ConfigFile == nil {
		return list, nil
	}
	if sameFiles(base, head) {
		return nil, nil
	}
	// release-at-risk forecasts base's releases from the same history as
	// head's: what is new is what the change to the files made.
	atRisk := func(ctx context.Context, _ *workspace.Workspace, today time.Time, targets []validate.RiskTarget) ([]validate.Risk, bool) {
		return cmdutil.ReleaseRisks(ctx, head, today, targets)
	}
	baseList, err := validate.Run(ctx, base, validate.Options{Now: now, Forecast: atRisk})
	if err != nil {
		return nil, err
	}
	return diff.NewFindings(
		diff.Side{Plan: plan.New(base, now), Findings: baseList},
		diff.Side{Plan: plan.New(head, now), Findings: list},
	), nil
}

// sameFiles reports whether two workspaces read the same files with the
// same bytes, so that validating both gives the same findings.
func sameFiles(a, b *workspace.Workspace) bool {
	return slices.EqualFunc(a.Files, b.Files, func(x, y *workspace.File) bool {
		return x.Path == y.Path && bytes.Equal(x.Raw, y.Raw)
	})
}

// sinceSummary is the summary line of --since: what it reports of the
// changed files and of the others.
func sinceSummary(rev string, r *sinceResult) string {
	changed := fmt.Sprintf("%s changed since %s", files(r.changed, ""), rev)
	others := files(r.others, "other ")
	if len(r.list) == 0 {
		return fmt.Sprintf("no problems in %s, none new in %s", changed, others)
	}
	return fmt.Sprintf("%s: %d in %s, %d new in %s", r.list.Counts(), r.inChanged, changed, len(r.list)-r.inChanged, others)
}

func files(n int, what string) string {
	if n == 1 {
		return "1 " + what + "file"
	}
	return fmt.Sprintf("%d %sfiles", n, what)
}

func run(ctx context.Context, opts *options) error {
	ws, err := opts.workspace(ctx)
	if err != nil {
		return err
	}
	list, err := validate.Checked(ctx, ws, validate.Options{Now: opts.now(), Forecast: cmdutil.ReleaseRisks})
	if err != nil {
		return cmdutil.FailureErrorf("validate: %w", err)
	}
	files := ws.FilePaths()
	summary := list.Summary(len(files))
	if opts.since != "" {
		r, err := since(ctx, opts, ws, list)
		if err != nil {
			return err
		}
		list, files, summary = r.list, r.files, sinceSummary(opts.since, r)
	}
	format := opts.format
	if format == "auto" {
		format = "text"
		if opts.getenv("GITHUB_ACTIONS") == "true" {
			format = "github"
		}
	}
	report := &diag.Report{
		Diagnostics: list,
		Files:       files,
		Rules:       validate.Rules,
		Tool:        diag.Tool{Name: "roadlog", Version: opts.build.Version, URI: "https://github.com/roadlog/roadlog"},
		Color:       opts.io.ColorEnabled(),
		Strict:      opts.strict,
	}
	if format == "github" || format == "sarif" {
		report.PathPrefix = repoPrefix(ws.Root, opts.getenv("GITHUB_WORKSPACE"))
	}
	if err := diag.Write(opts.io.Out, format, report); err != nil {
		return cmdutil.FailureErrorf("write %s: %w", format, err)
	}
	fmt.Fprintln(opts.io.ErrOut, summary)
	if list.Max() == diag.Error || (opts.strict && list.Max() == diag.Warning) {
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
