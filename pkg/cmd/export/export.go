// Package export implements `roadlog export FORMAT [KIND]`: the records of
// a workspace as CSV, JSON, JSON Lines or Markdown, for spreadsheets,
// other tools, `roadlog import json` and READMEs.
package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// formats are the FORMATs export writes.
var formats = []string{"csv", "json", "jsonl", "markdown"}

// planOrder is the order of the kinds in an export of the whole plan: what
// others refer to before what refers to them, items last. It is a contract
// with `roadlog import json`.
var planOrder = []model.Kind{
	model.KindTheme, model.KindInitiative, model.KindObjective, model.KindKeyResult, model.KindRelease,
	model.KindRisk, model.KindInsight, model.KindDecision, model.KindPersona, model.KindItem,
}

// options are the inputs of the command.
type options struct {
	*cmdutil.ViewOptions

	dir    string // where -o is relative to: -C, or the current folder
	format string
	kind   model.Kind // "" for every kind (json and jsonl only)
	output string     // -o; "" or "-" for stdout
	bom    bool
	board  bool
}

// NewCmd returns the export command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{ViewOptions: cmdutil.NewViewOptions(f)}
	cmd := &cobra.Command{
		Use:   "export FORMAT [KIND] [flags]",
		Short: "write records as CSV, JSON, JSON Lines or Markdown",
		Long: `Write the records of one kind, or with json and jsonl of every kind, as
one of these FORMATs:

  csv       one record a row, for spreadsheets: the header is the column
            names as --columns gives them; lists are joined with ", "; a
            cell a spreadsheet would run as a formula starts with '; --bom
            starts the file with a UTF-8 byte order mark, for Excel
  json      {"schema_version": 1, "items": […], …}: each record as
            roadlog list KIND --format json prints it, with its Markdown
            "body" (items, insights, decisions) and a key result's
            "objective"; without KIND every kind that has records, in the
            order themes, initiatives, objectives, key_results, releases,
            risks, insights, decisions, personas, items. roadlog import json
            reads it back
  jsonl     the same records, one JSON object a line, each with its "kind"
  markdown  a table that pastes into a README or an issue; --board draws
            items as a board instead, a heading and a list per status

KIND is one of ` + strings.Join(model.PluralNames(), ", ") + `
(singular works too); csv and markdown export items unless told. --where,
--sort, --columns and --limit work as in roadlog list and need a KIND; the
columns are fields, stored or computed (score, progress, blocked, …);
with --board they are what a card shows (id,title unless told) and --limit
caps the cards of each status, as in roadlog board.
Archived items are exported too: an export is a full copy; --archived=false
leaves them out. A file of the workspace that cannot be read stops the
export (exit 1) rather than leave its records out. -o writes to a file, all
at once or not at all; it follows a link, writes to a device or a pipe as
it is, and refuses the workspace's own files, its record folders, .roadlog
and .git.`,
		Example: `  roadlog export csv --columns id,title,status,score,blocked -o backlog.csv
  roadlog export json -o plan.json
  roadlog export jsonl items --where 'open' | jq -c 'select(.computed.blocked)'
  roadlog export markdown --board --columns id,title,owner`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.UsageErrorf("%q needs a FORMAT: %s", cmd.CommandPath(), strings.Join(formats, ", "))
			}
			return cmdutil.MaximumNArgs(2)(cmd, args)
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			switch len(args) {
			case 0:
				return formats, cobra.ShellCompDirectiveNoFileComp
			case 1:
				return model.PluralNames(), cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = f.Dir
			if err := opts.parse(cmd, args); err != nil {
				return err
			}
			return opts.Run(cmd.Context(), func(ctx context.Context) error { return run(ctx, opts) })
		},
	}
	opts.View.Register(cmd, cmdutil.Where|cmdutil.Sort|cmdutil.Columns|cmdutil.Limit, func() []string {
		if args := cmd.Flags().Args(); len(args) > 1 {
			if k, ok := model.ParseKind(args[1]); ok {
				return cmdutil.FieldNames(f, k)
			}
			return nil
		}
		return cmdutil.FieldNames(f, model.KindItem)
	})
	fl := cmd.Flags()
	fl.BoolVar(&opts.Archived, "archived", true, "include archived items (roadlog archive); --archived=false leaves them out")
	fl.StringVarP(&opts.output, "output", "o", "", "write to `FILE` (atomically) instead of stdout")
	fl.BoolVar(&opts.bom, "bom", false, "csv: start with a UTF-8 byte order mark, so that Excel reads accents")
	fl.BoolVar(&opts.board, "board", false, "markdown: items as a board, a heading and a list per status")
	return cmd
}

// parse reads FORMAT and KIND and checks how the flags combine with them.
func (o *options) parse(cmd *cobra.Command, args []string) error {
	if err := cmdutil.CheckEnum("", "format", args[0], formats); err != nil {
		return err
	}
	o.format = args[0]
	if len(args) > 1 {
		k, ok := model.ParseKind(args[1])
		if !ok {
			return cmdutil.CheckEnum("", "kind", args[1], model.PluralNames())
		}
		o.kind = k
	} else if o.format == "csv" || o.format == "markdown" {
		o.kind = model.KindItem
	}
	if o.kind == "" {
		for _, name := range []string{"where", "mine", "sort", "columns", "limit"} {
			if cmd.Flags().Changed(name) {
				return cmdutil.InputErrorf("--%s needs a KIND: %s without one exports every kind, which share no fields; give one, as in roadlog export %s items --%s …", name, o.format, o.format, name)
			}
		}
	}
	if o.bom && o.format != "csv" {
		return cmdutil.InputErrorf("--bom is for csv: a byte order mark would break %s", o.format)
	}
	if o.board {
		if o.format != "markdown" {
			return cmdutil.InputErrorf("--board is for markdown; leave it out with %s", o.format)
		}
		if o.kind != model.KindItem {
			return cmdutil.InputErrorf("--board draws items by status; leave out %s, or --board", args[1])
		}
	}
	return nil
}

func run(ctx context.Context, opts *options) error {
	p, err := opts.Plan(ctx)
	if err != nil {
		return err
	}
	// An export is a full copy: one missing the records of a file that
	// could not be read must not pass for one.
	if n := p.WS.Unreadable(); n > 0 {
		return cmdutil.FindingsErrorf("%d file(s) of the workspace could not be read, and their records would be missing from the export; run `roadlog validate`, fix them and export again", n)
	}
	var buf bytes.Buffer
	switch {
	case opts.board:
		err = writeBoard(ctx, &buf, opts, p)
	case opts.kind == "":
		err = writePlan(&buf, opts, p)
	case opts.format == "csv" || opts.format == "markdown":
		err = writeTable(ctx, &buf, opts, p)
	default:
		err = writeKind(ctx, &buf, opts, p)
	}
	if err != nil {
		return err
	}
	data := buf.Bytes()
	if opts.bom {
		data = append([]byte("\uFEFF"), data...)
	}
	return opts.write(p.WS, data)
}

// selectKind selects the records of the kind by the view flags.
func (o *options) selectKind(ctx context.Context, p *plan.Plan, cols []string, limit int) ([]view.Row, error) {
	return o.Select(ctx, p, o.kind, view.Records(p, o.kind), view.Query{Columns: cols, Limit: limit})
}

// writeTable writes a table of one kind: csv with values as they are,
// markdown formatted as the views show them (scores rounded, progress as
// a percentage).
func writeTable(ctx context.Context, buf *bytes.Buffer, opts *options, p *plan.Plan) error {
	cols := opts.View.ColumnList(view.DefaultColumns(opts.kind))
	rows, err := opts.selectKind(ctx, p, cols, opts.View.Limit)
	if err != nil {
		return err
	}
	return render.Write(buf, opts.format, view.Layout(rows, cols, render.Raw(opts.format)), render.Options{})
}

// writeBoard writes items as `roadlog board` shows them, a heading per
// status (with its count against the WIP limit) and a list of its cards:
// Markdown renders a list per status at any width, where a table of seven
// columns would be squeezed.
func writeBoard(ctx context.Context, buf *bytes.Buffer, opts *options, p *plan.Plan) error {
	cards := opts.View.ColumnList(view.DefaultCards)
	rows, err := opts.selectKind(ctx, p, cards, 0)
	if err != nil {
		return err
	}
	cols := view.BoardColumns(p, rows, opts.View.Limit)
	sections := make([]render.Section, len(cols))
	for i, c := range cols {
		sections[i] = render.Section{Heading: c.Name() + " (" + c.Count() + ")", Note: c.OlderCard()}
		for _, r := range c.Rows {
			sections[i].Items = append(sections[i].Items, view.CardFields(r, cards))
		}
	}
	return render.WriteMarkdownSections(buf, 3, sections)
}

// writeKind writes the records of one kind as json or jsonl.
func writeKind(ctx context.Context, buf *bytes.Buffer, opts *options, p *plan.Plan) error {
	var cols []string
	if opts.View.Columns != "" {
		cols = opts.View.ColumnList(nil)
	}
	rows, err := opts.selectKind(ctx, p, cols, opts.View.Limit)
	if err != nil {
		return err
	}
	return writeJSON(buf, opts.format, []kindRows{{opts.kind, rows}}, cols, true)
}

// writePlan writes every record of the workspace as json or jsonl, kinds
// in [planOrder], those without records left out.
func writePlan(buf *bytes.Buffer, opts *options, p *plan.Plan) error {
	var all []kindRows
	for _, k := range planOrder {
		rows, err := view.Select(p, k, view.Records(p, k), view.Query{Archived: opts.Archived})
		if err != nil {
			return cmdutil.ViewError(err)
		}
		if len(rows) > 0 {
			all = append(all, kindRows{k, rows})
		}
	}
	cmdutil.NoteUnreadable(opts.IO, p.WS)
	return writeJSON(buf, opts.format, all, nil, false)
}

// kindRows are the selected records of one kind.
type kindRows struct {
	kind model.Kind
	rows []view.Row
}

// writeJSON writes the records as one json document or as jsonl lines.
// keepEmpty keeps a kind without records in the document (an empty list,
// as roadlog list writes it).
func writeJSON(buf *bytes.Buffer, format string, all []kindRows, cols []string, keepEmpty bool) error {
	if format == "jsonl" {
		for _, kr := range all {
			for _, o := range objects(kr.rows, cols) {
				o["kind"] = string(kr.kind)
				line, err := render.JSONLine(o)
				if err != nil {
					return err
				}
				buf.Write(line)
			}
		}
		return nil
	}
	var doc document
	for _, kr := range all {
		if len(kr.rows) > 0 || keepEmpty {
			doc = append(doc, kindObjects{view.Plural(kr.kind), objects(kr.rows, cols)})
		}
	}
	return render.JSON(buf, doc)
}

// objects are the records as roadlog list writes them in JSON ([view.Objects]).
// Without cols, each also carries what `roadlog import json` needs in
// order to write it again: the Markdown body of a record kept in a file of
// its own, when it has one, and a key result's objective.
func objects(rows []view.Row, cols []string) []view.Object {
	objs := view.Objects(rows, cols)
	if cols != nil {
		return objs
	}
	for i, r := range rows {
		if body, _ := r.Values["body"].(string); body != "" && r.Record.Kind().Info().OwnFile {
			objs[i]["body"] = lf(body)
		}
		if r.Record.Kind() == model.KindKeyResult {
			if id, ok := r.Values["objective"]; ok {
				objs[i]["objective"] = id
			}
		}
	}
	return objs
}

// lf makes a body's line endings "\n": they are the file's, not the text's,
// and the same text should export the same from a CRLF workspace.
func lf(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// document is the body of a json export: the kinds' lists, in order.
type document []kindObjects

type kindObjects struct {
	key  string
	objs []view.Object
}

// MarshalJSON writes the lists in order, which a map would not keep.
func (d document) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, ko := range d {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(ko.key); err != nil {
			return nil, err
		}
		b.WriteByte(':')
		if err := enc.Encode(ko.objs); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// write writes the export to stdout, or to -o's file all at once: a
// failure leaves the file as it was. A symbolic link is followed (the
// file it names is replaced, the link stays); a device or a pipe
// (/dev/stdout, a FIFO) is written to as it is. A file the workspace
// reads, or one in its record folders, .roadlog or .git, is refused: an
// export must not damage the plan it came from.
func (o *options) write(ws *workspace.Workspace, data []byte) error {
	if o.output == "" || o.output == "-" {
		_, err := o.IO.Out.Write(data)
		return err
	}
	example := filepath.Join(o.output, "export."+extension(o.format))
	if strings.HasSuffix(o.output, "/") || strings.HasSuffix(o.output, string(filepath.Separator)) {
		return cmdutil.InputErrorf("-o %s names a folder; give a file name, such as -o %s", o.output, example)
	}
	name := o.output
	if !filepath.IsAbs(name) {
		name = filepath.Join(o.dir, name)
	}
	info, err := os.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, lerr := os.Lstat(name); lerr == nil {
			return cmdutil.InputErrorf("-o %s is a link to nothing; give the file itself", o.output)
		}
	case err != nil:
		return cmdutil.FailureErrorf("-o %s: %w", o.output, pathErr(err))
	case info.IsDir():
		return cmdutil.InputErrorf("-o %s is a folder; give a file name, such as -o %s", o.output, example)
	case !info.Mode().IsRegular():
		return o.writeThrough(name, data)
	default:
		if name, err = realPath(name); err != nil { // the file a link names
			return cmdutil.FailureErrorf("-o %s: %w", o.output, pathErr(err))
		}
	}
	if what := inWorkspace(ws, name); what != "" {
		return cmdutil.InputErrorf("-o %s is %s; write the export somewhere else", o.output, what)
	}
	dir, base := filepath.Dir(name), filepath.Base(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cmdutil.FailureErrorf("-o %s: cannot make the folder %s: %w", o.output, filepath.Dir(o.output), pathErr(err))
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return cmdutil.FailureErrorf("-o %s: %w", o.output, pathErr(err))
	}
	defer func() { _ = root.Close() }() // written by atomicfile.WriteFile
	if err := atomicfile.WriteFile(root, base, data, 0o644); err != nil {
		return cmdutil.FailureErrorf("-o %s: cannot write in %s: %w; nothing was written", o.output, filepath.Dir(o.output), pathErr(err))
	}
	return nil
}

// writeThrough writes to a file that is not a regular one (a device, a
// pipe), which cannot be replaced by renaming and is not meant to be.
func (o *options) writeThrough(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return cmdutil.FailureErrorf("-o %s: %w", o.output, pathErr(err))
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return cmdutil.FailureErrorf("-o %s: %w", o.output, pathErr(err))
	}
	return nil
}

// inWorkspace says what name (absolute, links followed where it exists)
// is when the export must not write it: a file the workspace reads, or a
// file in its record folders, .roadlog or .git; "" when it may.
func inWorkspace(ws *workspace.Workspace, name string) string {
	if ws.Root == "" {
		return ""
	}
	root, err := realPath(ws.Root)
	if err != nil {
		return ""
	}
	target, err := filepath.Abs(name)
	if err != nil {
		return ""
	}
	if dir, err := realPath(filepath.Dir(target)); err == nil {
		target = filepath.Join(dir, filepath.Base(name))
	}
	rel, err := filepath.Rel(root, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	rel = filepath.ToSlash(rel)
	switch {
	case rel == workspace.ConfigFile || slices.ContainsFunc(ws.Files, func(f *workspace.File) bool { return f.Path == rel }):
		return "a file of the workspace"
	case workspace.InStateOrGit(rel):
		return "in .roadlog or .git"
	}
	for _, k := range model.Kinds() {
		if dir := ws.Config.PathOf(k); k.Info().OwnFile && strings.HasPrefix(rel, dir+"/") {
			return "in " + dir + ", where the workspace keeps its records"
		}
	}
	return ""
}

// pathErr is what went wrong with a path, without the path, which may be
// a temporary file's or the -o joined to -C: the messages name -o's.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// realPath is the absolute path of an existing file, symbolic links
// followed.
func realPath(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// extension is the usual file extension of a format.
func extension(format string) string {
	if format == "markdown" {
		return "md"
	}
	return format
}
