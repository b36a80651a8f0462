// Package set implements `roadlog set ID k=v…`: change fields of any
// record, byte-preserving.
package set

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	id      string
	changes []change.Change
	unset   []string
	force   bool
	body    cmdutil.BodyFlags // --body, --body-file: replace the Markdown body
	bulk    cmdutil.BulkFlags // --where, --mine, --dry-run: every item selected
}

// NewCmd returns the set command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "set {ID | --where EXPR} field=value… [flags]",
		Short: "change fields of a record",
		Long: `Change fields of a record of any kind: an item's file, or its entry in
roadmap.yaml, objectives.yaml, releases.yaml or risks.yaml.

  field=value        set a field, typed by the schema: text is taken as typed
                     (title=123 stays text, due=2027-01-15 is a date);
                     numbers, true and false as YAML reads them
  score.reach=1200   set a key of a mapping;  labels.0=x  an element of a list
  labels+=beta       add to a list;  labels-=beta  remove from it
  labels=[a, "b,c"]  set a whole list, in YAML flow (or a, b)
  score={reach: 1}   set a whole mapping, in YAML flow
  --unset field      remove a field, a key (score.reach) or an element (labels.0)

A value is written so that it reads back exactly as typed; one that cannot
be kept exactly (a whole number past 2^53, more digits than a number holds,
infinity) is refused.

Only the bytes of the changed values change: comments, blank lines, key
order, quoting, line endings and the Markdown body stay as they were, and a
new key goes where roadlog fmt puts it. The change is refused, with nothing
written, when the file does not parse or the workspace would have new
errors; --force writes it anyway.

--body TEXT or --body-file FILE (- for standard input) replaces the Markdown
body of an item, insight or decision; the front matter stays byte for byte
and the file's line endings are kept. The ID is printed on standard output,
what changed on standard error.

--where EXPR (or --mine) instead of an ID changes every backlog item the
expression selects, as the views' --where does: under one lock, all
together or not at all, refused as a whole when it would bring new errors.
--dry-run prints, per item, the field with its old and new value, and
writes nothing. When nothing matches, it says so and exits 0.`,
		Example: `  roadlog set ACME-12 status=ready estimate=5
  roadlog set ACME-12 labels+=beta score.reach=1200
  roadlog set INIT-2 horizon=next end=2027-06-30
  roadlog set ACME-12 --unset due
  roadlog set ACME-12 --body-file - < body.md
  roadlog set --where 'status == "review" && owner == "ana"' owner=bo --dry-run`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: cmdutil.SafeCompletions(completeSet(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.bulk.Selecting() {
				return runWhere(cmd.Context(), opts, args)
			}
			if len(args) == 0 {
				return cmdutil.UsageErrorf("give an ID and field=value…, or --where EXPR and field=value…")
			}
			if opts.bulk.DryRun {
				return cmdutil.UsageErrorf("--dry-run goes with --where or --mine")
			}
			opts.id = args[0]
			for _, a := range args[1:] {
				c, err := change.ParseChange(a)
				if err != nil {
					return cmdutil.InputErrorf("%w", err)
				}
				if c.Path[0] == "id" {
					return cmdutil.InputErrorf("to change an ID, use roadlog renumber %s NEW: it also rewrites every reference", opts.id)
				}
				opts.changes = append(opts.changes, c)
			}
			if err := opts.body.Check(); err != nil {
				return err
			}
			if len(opts.changes) == 0 && len(opts.unset) == 0 && !opts.body.Given() {
				return cmdutil.UsageErrorf("nothing to change: give field=value, --unset field or --body-file FILE")
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.unset, "unset", nil, "remove `FIELD` (repeat, or comma-separate)")
	cmd.Flags().BoolVar(&opts.force, "force", false, "write even when the workspace would have new errors")
	opts.body.Register(cmd, "the record, replacing its body")
	opts.bulk.Register(cmd, "set the fields of")
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	body, err := opts.body.Read(f.IO) // before the lock: stdin may take a while
	if err != nil {
		return err
	}
	s, r, err := cmdutil.BeginRecordEdit(ctx, f, opts.id)
	if err != nil {
		return err
	}
	defer s.Close()
	if len(opts.changes) > 0 || len(opts.unset) > 0 {
		if err := s.Set(r, opts.changes, opts.unset, opts.force); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	if body != nil {
		if err := s.SetBody(r, *body); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	if err := s.Commit(ctx, opts.force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	var what []string
	for _, c := range opts.changes {
		what = append(what, c.String())
	}
	for _, u := range opts.unset {
		what = append(what, "--unset "+u)
	}
	if body != nil {
		what = append(what, "body")
	}
	if len(s.Changed()) == 0 {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line(r.ID()+": nothing changed"))
		fmt.Fprintln(f.IO.Out, safetext.Line(r.ID()))
		return nil
	}
	fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("set %s: %s (%s)", r.ID(), strings.Join(what, ", "), r.File.Path)))
	fmt.Fprintln(f.IO.Out, safetext.Line(r.ID()))
	return nil
}

// completeSet completes the ID, then field names ("status=") and, after
// "field=", the values the schema allows.
func completeSet(f *cmdutil.Factory) cobra.CompletionFunc {
	ids := cmdutil.CompleteIDs(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return ids(cmd, args, toComplete)
		}
		ws, err := f.Workspace(context.Background())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		r := ws.Find(args[0])
		if r == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return completeField(ws, r.Kind(), toComplete)
	}
}

// completeField completes "field=" and, after it, allowed values.
func completeField(ws *workspace.Workspace, k model.Kind, toComplete string) ([]string, cobra.ShellCompDirective) {
	if name, _, ok := strings.Cut(toComplete, "="); ok {
		name = strings.TrimRight(name, "+-")
		field, _, err := change.LookupField(ws.Config, k, strings.Split(name, "."))
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		prefix := toComplete[:strings.IndexByte(toComplete, '=')+1]
		var values []any
		if field != nil {
			values = field.Enum
			if field.Items != nil {
				values = field.Items.Enum
			}
		}
		for _, v := range values {
			out = append(out, prefix+query.Text(v))
		}
		if model.NamesPerson(k, name) {
			for _, p := range ws.Config.PeopleKeys() {
				out = append(out, prefix+p)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	skip := map[string]bool{"id": true, "kind": true, "file": true}
	for _, c := range plan.ComputedFields(k) {
		skip[c.Name] = true
	}
	var out []string
	for _, name := range plan.New(ws, time.Time{}).FieldNames(k) {
		if !skip[name] {
			out = append(out, name+"=")
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}
