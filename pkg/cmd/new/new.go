// Package newcmd implements `roadlog new`: create a backlog item with the
// next free ID, or add an initiative, objective, key result, release, risk,
// theme, insight or decision.
package newcmd

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// Options are the inputs of the command.
type Options struct {
	Factory *cmdutil.Factory

	Kind      model.Kind
	Type      string // for items
	Title     string
	ID        string // --id: instead of the next free one
	Objective string // for key results
	Sets      []string
	Edit      bool
	Force     bool
}

// recordKind returns the kind `new KIND TITLE` adds besides items, by its
// singular name ("key-result"); personas are written in product.md.
func recordKind(name string) (model.Kind, bool) {
	for _, k := range model.Kinds() {
		if k != model.KindItem && k != model.KindPersona && k.Name() == name {
			return k, true
		}
	}
	return "", false
}

// NewCmd returns the new command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "new [TYPE|KIND] TITLE [flags]",
		Short: "create a backlog item, or add an initiative, objective, release, risk…",
		Long: `Create a backlog item: backlog/<ID>-<slug>.md with the next free ID, the first
status of the workflow, today as created, a rank at the bottom of the
backlog and a body to fill in. Its path is printed.

The next ID is one above every ID roadlog can see: in the working tree and in
every local and remote-tracking branch, so that two branches do not both take
"the next" one. With ids: random in roadlog.yaml, IDs are short and random
(ACME-k7q2).

With a KIND instead of a type — initiative, objective, key-result (with
--objective), release, risk, theme, insight or decision — the record is added
to its file (roadmap.yaml, objectives.yaml, …) or written as a new one
(insights/, decisions/).

--set field=value sets more fields, typed as roadlog set types them.`,
		Example: `  roadlog new "Guest checkout without an account"
  roadlog new bug "Wallet button flickers" --set owner=ana --set labels=[wallets]
  roadlog new initiative "Buy now, pay later" --set horizon=later
  roadlog new key-result "Checkout conversion rate" --objective OBJ-1 --set target=3`,
		Args:              cobra.RangeArgs(1, 2),
		ValidArgsFunction: cmdutil.SafeCompletions(completeNew(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, ok := recordKind(args[0]); ok && len(args) == 1 {
				return noTitle(args[0])
			}
			opts.Title = args[len(args)-1]
			if strings.TrimSpace(opts.Title) == "" {
				return cmdutil.InputErrorf("the title is empty")
			}
			opts.Kind = model.KindItem
			if len(args) == 2 {
				if k, ok := recordKind(args[0]); ok {
					opts.Kind = k
				} else {
					opts.Type = args[0]
				}
			}
			if opts.Kind == model.KindKeyResult && opts.Objective == "" {
				return cmdutil.UsageErrorf("a key result needs --objective OBJ-ID")
			}
			if opts.Kind != model.KindKeyResult && opts.Objective != "" {
				return cmdutil.UsageErrorf("--objective is for key results")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Sets, "set", nil, "also set `FIELD=VALUE` (repeat)")
	cmd.Flags().StringVar(&opts.ID, "id", "", "use this `ID` instead of the next free one")
	cmd.Flags().StringVar(&opts.Objective, "objective", "", "the objective a key result belongs to")
	cmd.Flags().BoolVarP(&opts.Edit, "edit", "e", false, "open the new item in $VISUAL or $EDITOR")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write even when the workspace would have new errors")
	_ = cmd.RegisterFlagCompletionFunc("objective", cmdutil.CompleteIDFlag(f))
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	f := opts.Factory
	n := change.NewRecord{Kind: opts.Kind, Type: opts.Type, Title: opts.Title, ID: opts.ID, Objective: opts.Objective, Force: opts.Force}
	for _, a := range opts.Sets {
		c, err := change.ParseChange(a)
		if err != nil {
			return cmdutil.InputErrorf("--set: %w", err)
		}
		n.Sets = append(n.Sets, c)
	}
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	if opts.Kind == model.KindItem && opts.Type == "" && slices.Contains(s.WS.Config.Types, opts.Title) {
		return noTitle(opts.Title)
	}
	id, where, err := s.Create(ctx, n)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, opts.Force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	s.Close()
	fmt.Fprintf(f.IO.ErrOut, "created %s %s %q\n", opts.Kind.Label(), id, opts.Title)
	fmt.Fprintln(f.IO.Out, safetext.Line(where))
	if opts.Edit {
		return cmdutil.EditInEditor(ctx, f, id, false)
	}
	return nil
}

// completeNew completes types and kinds first.
func completeNew(f *cmdutil.Factory) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		if ws, err := f.Workspace(context.Background()); err == nil {
			out = append(out, ws.Config.Types...)
		}
		for _, k := range model.Kinds() {
			if _, ok := recordKind(k.Name()); ok {
				out = append(out, k.Name())
			}
		}
		slices.Sort(out)
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// noTitle is the error of `new story` alone: a type or kind is not a
// title.
func noTitle(word string) error {
	return cmdutil.UsageErrorf("%q is a type or kind, not a title: give the title after it, roadlog new %s \"TITLE\"", word, word)
}
