// Package show implements `roadlog show ID`: one record with every field,
// its Markdown rendered for the terminal, and what refers to it.
package show

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/mdbody"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

var formats = []string{"text", "json"}

// options are the inputs of the command.
type options struct {
	io        *iostreams.IOStreams
	workspace func(context.Context) (*workspace.Workspace, error)
	now       func() time.Time

	id     string
	format string
	script cmdutil.ScriptFlags
}

// scriptFields are the --json fields of a record beyond its view fields.
var scriptFields = []string{"body", "referenced_by"}

// NewCmd returns the show command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{io: f.IO, workspace: f.Workspace, now: f.Now}
	cmd := &cobra.Command{
		Use:   "show ID [flags]",
		Short: "show one record with its fields, text and references",
		Long: `Show one record of any kind: every field in file order (references with the
title of what they name), what roadlog computes for it (how the score comes
about, progress, whether it is blocked), its Markdown rendered for the
terminal, and every record that refers to it: children, dependents, the items
of an initiative or release, items citing an insight, risks and decisions
linking it. Text wraps at the terminal's width.

--format json writes the same as JSON. show is one record, so the list
flags --where, --sort, --columns and --limit do not apply.`,
		Example: `  roadlog show ACME-12
  roadlog show INIT-2 --format json`,
		Args:              cmdutil.ExactArgs(1, "the ID of a record"),
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.id = args[0]
			if err := cmdutil.CheckEnum("--format", "format", opts.format, formats); err != nil {
				return err
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output `FORMAT`: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	opts.script.Register(cmd, func(c *cobra.Command) []string {
		ws, err := f.Workspace(c.Context())
		if err != nil || len(c.Flags().Args()) == 0 {
			return nil
		}
		if r := ws.Find(c.Flags().Args()[0]); r != nil {
			return append(plan.New(ws, f.Now()).FieldNames(r.Kind()), scriptFields...)
		}
		return nil
	})
	return cmd
}

func run(ctx context.Context, opts *options) error {
	ws, err := opts.workspace(ctx)
	if err != nil {
		return err
	}
	p := plan.New(ws, opts.now())
	r, err := view.Find(p, opts.id)
	if err != nil {
		return cmdutil.InputErrorf("%w", err)
	}
	if dups := ws.Lookup(opts.id); len(dups) > 1 {
		fmt.Fprintf(opts.io.ErrOut, "note: %d records have the ID %s; showing the one in %s\n", len(dups), safetext.Line(opts.id), safetext.Line(r.File.Path))
	}
	refs := p.ReferenceGroups(r)
	if opts.script.On() { // the record's fields as the views name them, its text and referrers
		o := map[string]any{}
		for k, v := range p.Row(r) {
			o[k] = v
		}
		j := view.NewDetail(p, r, refs)
		o["body"], o["referenced_by"] = j.Body, j.ReferencedBy
		return opts.script.Write(ctx, opts.io, o, append(p.FieldNames(r.Kind()), scriptFields...))
	}
	if opts.format == "json" {
		return render.JSON(opts.io.Out, view.NewDetail(p, r, refs))
	}
	width := opts.io.TerminalWidth()
	text := showText(p, r, refs, width, style{color: opts.io.ColorEnabled()})
	return cmdutil.Page(opts.io, func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	})
}

// fieldOrder returns the record's keys in file order.
func fieldOrder(r *workspace.Record) []string {
	var keys []string
	seen := map[string]bool{}
	if n := r.Node(); n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i].Value; k != "<<" && !seen[k] {
				keys = append(keys, k)
				seen[k] = true
			}
		}
	}
	// Keys the node does not show (merged in): sorted, after the others.
	var extra []string
	for k := range r.Meta().Fields {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	return append(keys, extra...)
}

// skipFields are shown elsewhere: in the heading, or as the body.
var skipFields = map[string]bool{"description": true, "key_results": true, "personas": true}

// describe shows a field's value; IDs in reference fields get their title.
func describe(p *plan.Plan, k model.Kind, key string, v any) string {
	if key == "owner" {
		if id, ok := v.(string); ok {
			if person, ok := p.WS.Config.People[id]; ok && person.Name != "" {
				return id + " (" + person.Name + ")"
			}
		}
	}
	if model.IsReference(k, key) {
		var parts []string
		for _, id := range model.IDsIn(v) {
			if t := p.Record(id); t != nil && t.Meta().Title != "" {
				parts = append(parts, id+" · "+t.Meta().Title)
			} else {
				parts = append(parts, id+" (not found)")
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, "\n")
		}
	}
	return query.Text(v)
}

// computedLines says what roadlog works out for the record.
func computedLines(p *plan.Plan, r *workspace.Record) [][2]string {
	var out [][2]string
	switch m := r.Model.(type) {
	case *model.Item:
		name := "score"
		if p.Model != nil {
			name = p.Model.Name // the stored score: line holds the inputs
		}
		out = append(out, [2]string{name, p.ExplainScore(m)})
		if c := p.Criteria(m); c.Total > 0 {
			// Numbered as check and uncheck take them.
			text := fmt.Sprintf("%d of %d done", c.Done, c.Total)
			for i, cr := range mdbody.Criteria(m.Body) {
				box := "[ ]"
				if cr.Checked {
					box = "[x]"
				}
				text += fmt.Sprintf("\n%d. %s %s", i+1, box, cr.Text)
			}
			out = append(out, [2]string{"criteria", text})
		}
		if p.Blocked(m) {
			var open []string
			for _, id := range m.DependsOn {
				if t := p.Record(id); t != nil {
					if d, ok := t.Model.(*model.Item); ok && !p.Closed(d) {
						open = append(open, id+" ("+d.Status+")")
					}
				}
			}
			out = append(out, [2]string{"blocked", "by " + strings.Join(open, ", ")})
		}
		if in := p.InitiativeOf(m); in != "" && m.Initiative == "" {
			out = append(out, [2]string{"initiative", in + " (through its parent)"})
		}
	case *model.Initiative:
		out = append(out, [2]string{"progress", p.Progress(m.ID).ItemsText()})
	case *model.Release:
		out = append(out, [2]string{"progress", p.Progress(m.ID).ItemsText()})
	case *model.Objective:
		if o := p.ObjectiveProgress(m); o.Known() {
			out = append(out, [2]string{"progress", plan.Percent(o.Value) + " (mean of its key results)"})
		} else {
			out = append(out, [2]string{"progress", o.Note()})
		}
	case *model.KeyResult:
		if v, ok := plan.KeyResultProgress(m); ok {
			out = append(out, [2]string{"progress", plan.Percent(v)})
		}
	case *model.Risk:
		if e := plan.Exposure(m); e > 0 {
			out = append(out, [2]string{"exposure", fmt.Sprintf("%d (likelihood %d × impact %d)", e, m.Likelihood, m.Impact)})
		}
	}
	return out
}

func showText(p *plan.Plan, r *workspace.Record, refs []plan.RefGroup, width int, st style) string {
	var b strings.Builder
	m := r.Meta()
	title := m.Title
	if pe, ok := r.Model.(*model.Persona); ok && title == "" {
		title = pe.Name
	}
	for _, l := range render.Wrap(safetext.Line(m.ID+" · "+title), width) {
		b.WriteString(st.bold(l) + "\n")
	}
	for _, l := range render.Wrap(m.Kind.Label()+" in "+safetext.Line(m.Path), width) {
		b.WriteString(st.dim(l) + "\n")
	}
	b.WriteString("\n")

	var lines [][2]string
	for _, k := range fieldOrder(r) {
		if skipFields[k] || k == "id" || k == "title" {
			continue
		}
		lines = append(lines, [2]string{safetext.Line(k), describe(p, r.Kind(), k, m.Fields[k])})
	}
	lines = append(lines, computedLines(p, r)...)
	keyWidth := 0
	for _, l := range lines {
		keyWidth = max(keyWidth, render.Width(l[0]))
	}
	// Values line up after the keys and wrap there; when the keys leave
	// too little room, a value goes under its key.
	indent := 2 + keyWidth + 2
	if width-indent < 20 {
		indent = 4
	}
	for _, l := range lines {
		key := "  " + st.dim(l[0]+strings.Repeat(" ", keyWidth-render.Width(l[0]))) + "  "
		if indent == 4 {
			b.WriteString("  " + st.dim(l[0]) + "\n")
			key = "    "
		}
		for _, v := range strings.Split(l[1], "\n") {
			for _, part := range render.Wrap(safetext.Line(v), width-indent) {
				b.WriteString(key + part + "\n")
				key = strings.Repeat(" ", indent)
			}
		}
	}
	if md := strings.TrimSpace(view.Body(r)); md != "" {
		b.WriteString("\n" + renderMarkdown(md, width, st))
	}
	for _, g := range refs {
		b.WriteString("\n" + st.bold(g.Name) + "\n")
		for _, rec := range g.Records {
			line := rec.ID() + " · " + rec.Meta().Title
			if it, ok := rec.Model.(*model.Item); ok && it.Status != "" {
				line += " (" + it.Status + ")"
			}
			prefix := "  "
			for _, part := range render.Wrap(safetext.Line(line), width-4) {
				b.WriteString(prefix + part + "\n")
				prefix = "    "
			}
		}
	}
	return b.String()
}
