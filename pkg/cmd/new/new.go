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

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	kind      model.Kind
	itemType  string // for items
	title     string
	id        string // --id: instead of the next free one
	objective string // for key results
	sets      []string
	edit      bool
	force     bool
	body      cmdutil.BodyFlags // --body, --body-file
	criteria  []string          // --ac
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
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "new [TYPE|KIND] TITLE [flags]",
		Short: "create a backlog item, or add an initiative, objective, release, risk…",
		Long: `Create a backlog item: backlog/<ID>-<slug>.md with the next free ID, the first
status of the workflow, today as created, a rank at the bottom of the
backlog and a body to fill in: its type's template (.roadlog/templates/<type>.md,
else .roadlog/templates/item.md, else the one built in), or the text of --body
or --body-file. Each --ac adds a criterion, "- [ ] text", under its
"## Acceptance criteria". Its ID is printed on standard output
(id=$(roadlog new "…")), what was made and where on standard error.

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
  roadlog new "Pay by bank transfer" --ac "IBAN is checked" --ac "Shows the reference"
  roadlog new spike "Which bank API?" --body-file notes.md
  roadlog new initiative "Buy now, pay later" --set horizon=later
  roadlog new key-result "Checkout conversion rate" --objective OBJ-1 --set target=3`,
		Args:              cobra.RangeArgs(1, 2),
		ValidArgsFunction: cmdutil.SafeCompletions(completeNew(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, ok := recordKind(args[0]); ok && len(args) == 1 {
				return noTitle(args[0])
			}
			opts.title = args[len(args)-1]
			if strings.TrimSpace(opts.title) == "" {
				return cmdutil.InputErrorf("the title is empty")
			}
			opts.kind = model.KindItem
			if len(args) == 2 {
				if k, ok := recordKind(args[0]); ok {
					opts.kind = k
				} else {
					opts.itemType = args[0]
				}
			}
			if opts.kind == model.KindKeyResult && opts.objective == "" {
				return cmdutil.UsageErrorf("a key result needs --objective OBJ-ID")
			}
			if opts.kind != model.KindKeyResult && opts.objective != "" {
				return cmdutil.UsageErrorf("--objective is for key results")
			}
			if err := opts.body.Check(); err != nil {
				return err
			}
			return run(cmd.Context(), opts)
		},
	}
	opts.body.Register(cmd, "the new record, instead of its template")
	cmd.Flags().StringArrayVar(&opts.criteria, "ac", nil, "add an acceptance `CRITERION` (repeat)")
	cmd.Flags().StringArrayVar(&opts.sets, "set", nil, "also set `FIELD=VALUE` (repeat)")
	cmd.Flags().StringVar(&opts.id, "id", "", "use this `ID` instead of the next free one")
	cmd.Flags().StringVar(&opts.objective, "objective", "", "the objective a key result belongs to")
	cmd.Flags().BoolVarP(&opts.edit, "edit", "e", false, "open the new item in $VISUAL or $EDITOR")
	cmd.Flags().BoolVar(&opts.force, "force", false, "write even when the workspace would have new errors")
	_ = cmd.RegisterFlagCompletionFunc("objective", cmdutil.CompleteIDFlag(f))
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	n := change.NewRecord{
		Kind: opts.kind, Type: opts.itemType, Title: opts.title, ID: opts.id, Objective: opts.objective, Force: opts.force,
		Criteria: opts.criteria,
	}
	body, err := opts.body.Read(f.IO)
	if err != nil {
		return err
	}
	n.Body = body
	for _, a := range opts.sets {
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
	if opts.kind == model.KindItem && opts.itemType == "" && slices.Contains(s.WS.Config.Types, opts.title) {
		return noTitle(opts.title)
	}
	id, where, err := s.Create(ctx, n)
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, opts.force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	s.Close()
	fmt.Fprintf(f.IO.ErrOut, "created %s %s %q (%s)\n", opts.kind.Label(), id, opts.title, safetext.Line(where))
	fmt.Fprintln(f.IO.Out, id)
	if opts.edit {
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
