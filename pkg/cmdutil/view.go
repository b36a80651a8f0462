package cmdutil

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// ViewFlags are the flags the views share. A view registers those it
// implements and no others, so that --help lists only what works.
type ViewFlags struct {
	Where   string
	Sort    string
	Columns string
	Limit   int
	Format  string
	// Mine keeps only what the user owns: --where 'owner == me()'.
	Mine bool

	format *pflag.Flag // --format, to tell whether it was given
}

// ViewFlag names one of the view flags.
type ViewFlag int

// The view flags.
const (
	Where ViewFlag = 1 << iota
	Sort
	Columns
	Limit
	Format

	AllViewFlags = Where | Sort | Columns | Limit | Format
)

// Register adds the view flags named by which to cmd. fields, when set,
// lists the field names for shell completion of --columns and --sort.
func (v *ViewFlags) Register(cmd *cobra.Command, which ViewFlag, fields func() []string) {
	v.Format = "table"
	f := cmd.Flags()
	if which&Where != 0 {
		f.StringVarP(&v.Where, "where", "w", "", "show only records for which `EXPR` is true, e.g. 'status == \"ready\" && score > 100'")
		f.BoolVar(&v.Mine, "mine", false, "show only what you own: --where 'owner == me()' (see roadlog help expressions)")
	}
	if which&Sort != 0 {
		f.StringVarP(&v.Sort, "sort", "s", "", "sort by `FIELDS`, comma-separated; -field for descending, e.g. -score,id")
	}
	if which&Columns != 0 {
		f.StringVarP(&v.Columns, "columns", "c", "", "show these `FIELDS`, comma-separated; dotted paths like score.reach")
	}
	if which&Limit != 0 {
		f.IntVarP(&v.Limit, "limit", "n", 0, "show at most `N` records (0: all)")
	}
	if which&Format != 0 {
		f.StringVarP(&v.Format, "format", "f", "table", "output `FORMAT`: "+strings.Join(render.Formats, ", ")+" (piped: tsv)")
		v.format = f.Lookup("format")
		_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(render.Formats, cobra.ShellCompDirectiveNoFileComp))
	}
	if fields != nil {
		complete := func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			// Complete the last name of a comma-separated list.
			prefix := ""
			if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
				prefix = toComplete[:i+1]
			}
			var out []string
			for _, name := range fields() {
				out = append(out, prefix+name, prefix+"-"+name)
			}
			return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
		}
		if which&Columns != 0 {
			_ = cmd.RegisterFlagCompletionFunc("columns", SafeCompletions(complete))
		}
		if which&Sort != 0 {
			_ = cmd.RegisterFlagCompletionFunc("sort", SafeCompletions(complete))
		}
	}
}

// Check reports flags that are wrong whatever the workspace: an unknown
// format or a negative limit.
func (v *ViewFlags) Check() error {
	if err := CheckEnum("--format", "format", v.Format, render.Formats); err != nil {
		return err
	}
	if err := view.CheckLimit(v.Limit); err != nil {
		return ViewError(err)
	}
	if v.Mine {
		v.Where = view.Mine(v.Where, "owner")
		v.Mine = false // folded into Where once
	}
	return nil
}

// Piped makes the default table tsv when stdout is not a terminal, as gh
// does, so that a pipe gets whole values, tab-separated, one record a line;
// a --format given explicitly (table included) is kept.
func (v *ViewFlags) Piped(ios *iostreams.IOStreams) {
	if v.Format == "table" && v.format != nil && !v.format.Changed && !ios.IsStdoutTTY() {
		v.Format = "tsv"
	}
}

// ColumnList splits --columns, or returns def when it names no column
// ("", ",").
func (v *ViewFlags) ColumnList(def []string) []string {
	if out := view.SplitColumns(v.Columns); len(out) > 0 {
		return out
	}
	return def
}

// ViewError turns a mistake in a view flag into a usage error (exit 2,
// without the whole usage: the message points at the mistake) and passes
// other errors through.
func ViewError(err error) error {
	if view.IsFlagError(err) {
		return InputErrorf("%w", err)
	}
	return err
}

// NoteUnreadable tells on stderr that files could not be read, since a view
// of a workspace with broken files is missing their records.
func NoteUnreadable(ios *iostreams.IOStreams, ws *workspace.Workspace) {
	n := ws.Unreadable()
	if n == 1 {
		fmt.Fprintln(ios.ErrOut, "note: 1 file could not be read and is left out; run `roadlog validate`")
	} else if n > 1 {
		fmt.Fprintf(ios.ErrOut, "note: %d files could not be read and are left out; run `roadlog validate`\n", n)
	}
}

// FieldNames lists the fields of a kind in the current workspace, for
// shell completion; nothing when the workspace does not load.
func FieldNames(f *Factory, k model.Kind) []string {
	ws, err := f.Workspace(context.Background())
	if err != nil {
		return nil
	}
	return plan.New(ws, f.Now()).FieldNames(k)
}

// CompleteIDs completes record IDs, each with its title, for commands whose
// first argument is an ID.
func CompleteIDs(f *Factory) cobra.CompletionFunc {
	ids := CompleteIDFlag(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return ids(cmd, args, toComplete)
	}
}

// CompleteIDFlag completes record IDs for a flag's value.
func CompleteIDFlag(f *Factory) cobra.CompletionFunc {
	return SafeCompletions(func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		ws, err := f.Workspace(context.Background())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, r := range ws.Records {
			if id := r.ID(); id != "" && strings.HasPrefix(id, toComplete) {
				out = append(out, id+"\t"+safetext.Line(r.Meta().Title))
			}
		}
		slices.SortFunc(out, model.CompareIDs)
		return slices.Compact(out), cobra.ShellCompDirectiveNoFileComp
	})
}

// SafeCompletions wraps a completion function whose candidates come from
// files (IDs, titles, statuses, field names), so that none can act on the
// terminal or break the completion protocol: a candidate whose value holds
// a control character, a bidi control or a byte that is not UTF-8 is left
// out (it is not a value anyone could type), and its description (after a
// tab) is cleaned with [safetext.Line].
func SafeCompletions(fn cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		list, dir := fn(cmd, args, toComplete)
		out := list[:0:0]
		for _, c := range list {
			value, desc, hasDesc := strings.Cut(c, "\t")
			if safetext.Line(value) != value {
				continue
			}
			if hasDesc {
				value += "\t" + safetext.Line(desc)
			}
			out = append(out, value)
		}
		return out, dir
	}
}

// ViewOptions are what every view command reads: the streams, the
// workspace and its read model as of now, and the view flags it
// registered. A view with flags of its own embeds them in its options.
type ViewOptions struct {
	IO        *iostreams.IOStreams
	Workspace func(context.Context) (*workspace.Workspace, error)
	Now       func() time.Time
	Me        func(context.Context) (string, error) // who the user is, for --mine and me()
	View      ViewFlags
	Archived  bool // include archived items (--archived, on the views that register it)
	// Script is --json and --jq, on the views that register them.
	Script ScriptFlags
}

// NewViewOptions returns the ViewOptions of f.
func NewViewOptions(f *Factory) *ViewOptions {
	return &ViewOptions{IO: f.IO, Workspace: f.Workspace, Now: f.Now, Me: f.Me}
}

// Run checks the view flags, which are wrong whatever the workspace
// ([ViewFlags.Check]), then runs the view.
func (o *ViewOptions) Run(ctx context.Context, run func(context.Context) error) error {
	if err := o.View.Check(); err != nil {
		return err
	}
	o.View.Piped(o.IO)
	return run(ctx)
}

// Plan loads the workspace and its read model.
func (o *ViewOptions) Plan(ctx context.Context) (*plan.Plan, error) {
	ws, err := o.Workspace(ctx)
	if err != nil {
		return nil, err
	}
	return plan.New(ws, o.Now()), nil
}

// Select selects and sorts recs, records of kind k, by --where and --sort
// and fills in q's columns and limit ([view.Select]). A mistake in a flag
// is an input error ([ViewError]); once the selection is made, files that
// could not be read are noted on stderr ([NoteUnreadable]).
func (o *ViewOptions) Select(ctx context.Context, p *plan.Plan, k model.Kind, recs []*workspace.Record, q view.Query) ([]view.Row, error) {
	q.Where, q.Sort, q.Me, q.Archived = o.View.Where, o.View.Sort, Bind(ctx, o.Me), o.Archived
	rows, err := view.Select(p, k, recs, q)
	if err != nil {
		return nil, ViewError(err)
	}
	NoteUnreadable(o.IO, p.WS)
	return rows, nil
}

// Query is the query of the view flags: --where (with --mine folded in by
// [ViewFlags.Check]), --sort, --columns ([view.SplitColumns]), --limit
// and --archived, with me() as the user.
func (o *ViewOptions) Query(ctx context.Context) view.Query {
	return view.Query{
		Where: o.View.Where, Sort: o.View.Sort, Columns: view.SplitColumns(o.View.Columns), Limit: o.View.Limit,
		Me: Bind(ctx, o.Me), Archived: o.Archived,
	}
}

// Selected ends a view's selection (view.SelectBacklog and the like) that
// returned err: a mistake in a flag is an input error ([ViewError]);
// without one, files that could not be read are noted on stderr
// ([NoteUnreadable]).
func (o *ViewOptions) Selected(p *plan.Plan, err error) error {
	if err != nil {
		return ViewError(err)
	}
	NoteUnreadable(o.IO, p.WS)
	return nil
}

// Print writes a table view as --json asks ([ViewOptions.WriteRows]), or
// in the --format of the flags ([view.Print]).
func (o *ViewOptions) Print(ctx context.Context, p *plan.Plan, t *view.Table) error {
	if o.Script.On() {
		return o.WriteRows(ctx, p, t.Kind, t.Rows)
	}
	return view.Print(o.IO.Out, o.View.Format, o.IO.TableWidth(), t)
}

// WriteRows writes rows of kind k as --json and --jq ask: their fields,
// stored and computed, as the views name them.
func (o *ViewOptions) WriteRows(ctx context.Context, p *plan.Plan, k model.Kind, rows []view.Row) error {
	objs := make([]map[string]any, len(rows))
	for i, r := range rows {
		objs[i] = r.Values
	}
	return o.Script.Write(ctx, o.IO, objs, p.FieldNames(k))
}

// KindFields returns the --json fields of a view of records of kind k.
func KindFields(f *Factory, k model.Kind) func(*cobra.Command) []string {
	return func(*cobra.Command) []string { return FieldNames(f, k) }
}
