// Package diffcmd implements `roadlog diff`: what changed in the plan
// between two Git revisions, or a revision and the working tree.
package diffcmd

import (
	"context"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/diff"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	base, head string // "" for the defaults
	format     string
	top        int
}

// NewCmd returns the diff command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "diff [BASE [HEAD]]",
		Short: "show what changed in the plan between Git revisions",
		Long: `Compare the plan at two Git revisions and show what a reviewer needs to
know: records added, removed and renamed (an ID change is recognised by the
content), field changes, moves at the top of the backlog, score changes with
the inputs behind them, date slips, key-result changes, initiatives and
releases whose items changed, and validation errors the change brings in.
Records that did not change are not listed.

Without HEAD the working tree is compared, uncommitted changes included.
Without BASE the base is where the current branch left the default branch:
the merge-base of HEAD with origin/HEAD, else main, else master.

Revisions are read from Git objects; nothing is checked out.

--format markdown writes a pull-request comment (long sections folded);
--format json is for scripts and carries a schema_version.`,
		Example: `  roadlog diff
  roadlog diff main
  roadlog diff v1.2.0 HEAD --format json
  roadlog diff origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.base = args[0]
			}
			if len(args) > 1 {
				opts.head = args[1]
			}
			for i, a := range args {
				if err := gitx.CheckRev(a); err != nil {
					return cmdutil.InputErrorf("%s: %w; give a branch, tag or commit", []string{"BASE", "HEAD"}[i], err)
				}
			}
			if err := cmdutil.CheckEnum("--format", "format", opts.format, diff.Formats); err != nil {
				return err
			}
			if opts.top < 1 {
				return cmdutil.InputErrorf("--top: %d is not a number of items; give 1 or more", opts.top)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output `FORMAT`: "+strings.Join(diff.Formats, ", "))
	cmd.Flags().IntVar(&opts.top, "top", diff.DefaultTop, "watch the first `N` open items of the backlog for moves")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(diff.Formats, cobra.ShellCompDirectiveNoFileComp))
	cmd.ValidArgsFunction = func(cmd *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) >= 2 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return completeRevs(cmd.Context(), f), cobra.ShellCompDirectiveNoFileComp
	}
	return cmd
}

// completeRevs offers branch names.
func completeRevs(ctx context.Context, f *cmdutil.Factory) []cobra.Completion {
	git, err := f.Git(ctx)
	if err != nil {
		return nil
	}
	refs, err := git.Branches(ctx)
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, r := range refs {
		out = append(out, strings.TrimPrefix(strings.TrimPrefix(r, "refs/heads/"), "refs/remotes/"))
	}
	return out
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	git, err := f.Git(ctx)
	if err != nil {
		return err
	}
	baseRev, headRev, err := revisions(ctx, git, opts.base, opts.head)
	if err != nil {
		return err
	}
	now := f.Now()
	base, head, err := load(ctx, f, git, baseRev.Commit, headRev.Commit)
	if err != nil {
		return err
	}
	sides := make([]diff.Side, 2)
	for i, ws := range []*workspace.Workspace{base, head} {
		findings, err := validate.Checked(ctx, ws, validate.Options{Now: now, Forecast: cmdutil.ReleaseRisks})
		if err != nil {
			return cmdutil.FailureErrorf("validate: %w", err)
		}
		sides[i] = diff.Side{Plan: plan.New(ws, now), Findings: findings}
	}
	d := diff.Compare(sides[0], sides[1], diff.Options{Top: opts.top})
	d.Base, d.Head = baseRev, headRev
	if err := diff.Write(f.IO.Out, opts.format, d); err != nil {
		return cmdutil.FailureErrorf("write %s: %w", opts.format, err)
	}
	return nil
}

// load reads both sides: the working tree (through its index) or the
// head commit, and the base commit. The side read second takes the files
// of the first whose bytes it has, with their schema findings, so that
// only what changed is fetched, parsed and checked twice.
func load(ctx context.Context, f *cmdutil.Factory, git *gitx.Client, baseCommit, headCommit string) (base, head *workspace.Workspace, err error) {
	if headCommit == "" {
		if head, err = f.Workspace(ctx); err != nil {
			return nil, nil, err
		}
		if base, err = diff.LoadCommitWith(ctx, git, baseCommit, diff.LoadOptions{Like: head}); err != nil {
			return nil, nil, cmdutil.FailureErrorf("%w", err)
		}
		return base, head, nil
	}
	if base, err = diff.LoadCommit(ctx, git, baseCommit); err != nil {
		return nil, nil, cmdutil.FailureErrorf("%w", err)
	}
	if head, err = diff.LoadCommitWith(ctx, git, headCommit, diff.LoadOptions{Like: base}); err != nil {
		return nil, nil, cmdutil.FailureErrorf("%w", err)
	}
	return base, head, nil
}

// revisions works out the commits to compare. Without base it is the
// merge-base of HEAD (or head) with the default branch; without head, the
// working tree (an empty Commit).
func revisions(ctx context.Context, git *gitx.Client, base, head string) (b, h diff.Rev, err error) {
	h = diff.Rev{Name: "working tree"}
	if head != "" {
		c, err := git.Resolve(ctx, head)
		if err != nil {
			return b, h, cmdutil.InputErrorf("HEAD: %w", err)
		}
		h = diff.Rev{Name: head, Commit: c}
	}
	if base != "" {
		c, err := git.Resolve(ctx, base)
		if err != nil {
			return b, h, cmdutil.InputErrorf("BASE: %w", err)
		}
		return diff.Rev{Name: base, Commit: c}, h, nil
	}
	from := h.Commit
	if from == "" {
		if from, err = git.Resolve(ctx, "HEAD"); err != nil {
			return b, h, cmdutil.InputErrorf("the repository has no commits yet: commit the plan, then compare with it")
		}
	}
	branch, err := git.DefaultBranch(ctx)
	if err != nil {
		return b, h, cmdutil.InputErrorf("%w", err)
	}
	tip, err := git.Resolve(ctx, branch)
	if err != nil {
		return b, h, cmdutil.InputErrorf("%w", err)
	}
	mb, err := git.MergeBase(ctx, tip, from)
	if err != nil {
		return b, h, cmdutil.InputErrorf("%w", err)
	}
	name := branch
	if mb != tip {
		name = "merge-base with " + branch
	}
	return diff.Rev{Name: name, Commit: mb}, h, nil
}
