// Package set implements `roadlog set ID k=v…`: change fields of any
// record, byte-preserving.
package set

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/edit"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/spf13/cobra"
)

// Options are the inputs of the command.
type Options struct {
	Factory *cmdutil.Factory

	ID      string
	Changes []Change
	Unset   []string
	Force   bool
}

// Op is what an assignment does.
type Op int

// The assignment operators.
const (
	OpSet    Op = iota // k=v
	OpAppend           // k+=v
	OpRemove           // k-=v
)

// Change is one k=v, k+=v or k-=v.
type Change struct {
	Path []string
	Op   Op
	Text string
}

func (c Change) String() string {
	op := " = "
	switch c.Op {
	case OpAppend:
		op = " += "
	case OpRemove:
		op = " -= "
	}
	return strings.Join(c.Path, ".") + op + c.Text
}

// ParseChange reads "k=v", "k+=v", "k-=v" or "a.b=v".
func ParseChange(s string) (Change, error) {
	i := strings.IndexByte(s, '=')
	if i <= 0 {
		return Change{}, fmt.Errorf("%q is not field=value", s)
	}
	c := Change{Text: s[i+1:]}
	name := s[:i]
	switch {
	case strings.HasSuffix(name, "+"):
		c.Op, name = OpAppend, strings.TrimSuffix(name, "+")
	case strings.HasSuffix(name, "-"):
		c.Op, name = OpRemove, strings.TrimSuffix(name, "-")
	}
	if name == "" || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, "..") {
		return Change{}, fmt.Errorf("%q is not field=value", s)
	}
	c.Path = strings.Split(name, ".")
	return c, nil
}

// NewCmd returns the set command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "set ID field=value… [flags]",
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
errors; --force writes it anyway.`,
		Example: `  roadlog set ACME-12 status=ready estimate=5
  roadlog set ACME-12 labels+=beta score.reach=1200
  roadlog set INIT-2 horizon=next end=2027-06-30
  roadlog set ACME-12 --unset due`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: cmdutil.SafeCompletions(completeSet(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			for _, a := range args[1:] {
				c, err := ParseChange(a)
				if err != nil {
					return cmdutil.InputErrorf("%s", err)
				}
				if c.Path[0] == "id" {
					return cmdutil.InputErrorf("to change an ID, use roadlog renumber %s NEW: it also rewrites every reference", opts.ID)
				}
				opts.Changes = append(opts.Changes, c)
			}
			if len(opts.Changes) == 0 && len(opts.Unset) == 0 {
				return cmdutil.UsageErrorf("nothing to change: give field=value or --unset field")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.Unset, "unset", nil, "remove `FIELD` (repeat, or comma-separate)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write even when the workspace would have new errors")
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	f := opts.Factory
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := cmdutil.FindRecord(s.WS, opts.ID)
	if err != nil {
		return err
	}
	if err := Apply(s, r, opts.Changes, opts.Unset, opts.Force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, opts.Force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	var what []string
	for _, c := range opts.Changes {
		what = append(what, c.String())
	}
	for _, u := range opts.Unset {
		what = append(what, "--unset "+u)
	}
	if len(s.Changed()) == 0 {
		fmt.Fprintln(f.IO.ErrOut, safetext.Line(r.ID()+": nothing changed"))
		return nil
	}
	fmt.Fprintln(f.IO.ErrOut, safetext.Line(fmt.Sprintf("set %s: %s (%s)", r.ID(), strings.Join(what, ", "), r.File.Path)))
	return nil
}

// Step is one typed change, ready to apply to a YAML document.
type Step struct {
	Path  []string
	Op    Op
	Value any
	Unset bool
}

// Steps types the changes by the schema of a kind of record: a number stays
// a number, a date a date. A field the schema does not know is refused
// unless force.
func Steps(cfg *workspace.Config, k model.Kind, changes []Change, unset []string, force bool) ([]Step, error) {
	var steps []Step
	for _, c := range changes {
		field, hint, err := edit.LookupField(cfg, k, c.Path)
		if err != nil {
			return nil, cmdutil.FailureErrorf("%w", err)
		}
		if !field.Known && !force {
			if hint == "" {
				hint = "declare it under fields: in roadlog.yaml, or use --force"
			}
			return nil, cmdutil.InputErrorf("%s has no field %q; %s", k.Label(), strings.Join(c.Path, "."), hint)
		}
		f := field
		if c.Op != OpSet {
			if !slices.Contains(field.Types, "array") && field.Known {
				return nil, cmdutil.InputErrorf("%s is not a list: %s needs a list field", strings.Join(c.Path, "."), c)
			}
			if field.Items != nil {
				f = field.Items
			} else {
				f = &edit.Field{}
			}
		}
		v, err := edit.ParseValue(f, c.Text)
		if err != nil {
			return nil, cmdutil.InputErrorf("%s: %s", strings.Join(c.Path, "."), err)
		}
		steps = append(steps, Step{Path: c.Path, Op: c.Op, Value: v})
	}
	for _, u := range unset {
		path := strings.Split(u, ".")
		if slices.Contains(path, "") {
			return nil, cmdutil.InputErrorf("--unset %q: give a field, a.b for a key of a mapping, or labels.0 for an element of a list", u)
		}
		if u == "id" || u == "title" {
			return nil, cmdutil.InputErrorf("--unset %s: every record needs one", u)
		}
		steps = append(steps, Step{Path: path, Unset: true})
	}
	return steps, nil
}

// ApplySteps applies steps to the record at pointer in a document.
func ApplySteps(d *yamledit.Doc, pointer []string, steps []Step) error {
	for _, st := range steps {
		p := append(append([]string(nil), pointer...), st.Path...)
		var err error
		switch {
		case st.Unset:
			err = d.Delete(p)
		case st.Op == OpAppend:
			err = d.Append(p, st.Value)
		case st.Op == OpRemove:
			_, err = d.Remove(p, st.Value)
		default:
			err = d.Set(p, st.Value)
		}
		var nf *yamledit.NotFoundError
		if errors.As(err, &nf) {
			return &notThereError{step: st, pointer: len(pointer), nf: nf}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", strings.Join(st.Path, "."), err)
		}
	}
	return nil
}

// notThereError is a step whose path names nothing in the record: a field
// that is not set, an element past the end of a list.
type notThereError struct {
	step    Step
	pointer int // the steps of the path that lead to the record
	nf      *yamledit.NotFoundError
	id      string
}

func (e *notThereError) Error() string {
	what := strings.Join(e.step.Path, ".")
	if e.step.Unset {
		what = "--unset " + what
	}
	rel := e.nf.Path[e.pointer:]
	at := max(e.nf.At-e.pointer, 0)
	where := strings.Join(rel[:at], ".")
	of := ""
	if e.id != "" {
		of = " of " + e.id
	}
	switch {
	case e.nf.Len == 0:
		return fmt.Sprintf("%s: %s%s is an empty list", what, where, of)
	case e.nf.Len > 0:
		return fmt.Sprintf("%s: %s%s has %d element(s), 0 to %d", what, where, of, e.nf.Len, e.nf.Len-1)
	case e.nf.Keys == nil:
		return fmt.Sprintf("%s: %s%s is not a list or a mapping", what, where, of)
	}
	in := ""
	if e.id != "" {
		in = " in " + e.id
	}
	msg := fmt.Sprintf("%s: %s is not set%s", what, strings.Join(rel[:at+1], "."), in)
	if c := suggest.Closest(rel[at], e.nf.Keys); c != "" {
		msg += fmt.Sprintf("; did you mean %q?", strings.Join(append(slices.Clone(rel[:at]), c), "."))
	}
	return msg
}

// Apply stages the changes to a record.
func Apply(s *edit.Session, r *workspace.Record, changes []Change, unset []string, force bool) error {
	steps, err := Steps(s.WS.Config, r.Kind(), changes, unset, force)
	if err != nil {
		return err
	}
	err = s.EditYAML(r.File, func(d *yamledit.Doc) error { return ApplySteps(d, r.Pointer, steps) })
	var nt *notThereError
	if errors.As(err, &nt) {
		// Not the file's fault but the command line's: a usage error.
		nt.id = r.ID()
		return cmdutil.InputErrorf("%s", nt)
	}
	return err
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
		return CompleteField(ws, r.Kind(), toComplete)
	}
}

// CompleteField completes "field=" and, after it, allowed values.
func CompleteField(ws *workspace.Workspace, k model.Kind, toComplete string) ([]string, cobra.ShellCompDirective) {
	if name, _, ok := strings.Cut(toComplete, "="); ok {
		name = strings.TrimRight(name, "+-")
		field, _, err := edit.LookupField(ws.Config, k, strings.Split(name, "."))
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		prefix := toComplete[:strings.IndexByte(toComplete, '=')+1]
		values := field.Enum
		if field.Items != nil {
			values = field.Items.Enum
		}
		for _, v := range values {
			out = append(out, prefix+query.Text(v))
		}
		if name == "owner" {
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
