// Package board implements `roadlog board`: backlog items as kanban
// columns by status, with WIP limits.
package board

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// Options are the inputs of the command.
type Options struct {
	IO        *iostreams.IOStreams
	Workspace func(context.Context) (*workspace.Workspace, error)
	Now       func() time.Time
	View      cmdutil.ViewFlags
}

// NewCmd returns the board command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "board [flags]",
		Short: "show items as kanban columns by status",
		Long: `Show backlog items as a kanban board: one column per status of
workflow.statuses, in that order, each card in rank order. A column with a
WIP limit shows its count against the limit ("5/5"); a column over its limit
is flagged OVER.

--columns chooses what a card shows (default: id,title); --limit caps the
cards per column; --where and --sort work as in roadlog backlog.`,
		Example: `  roadlog board
  roadlog board --where 'owner == "ana"' --columns id,title,owner
  roadlog board --format json | jq '.columns[] | select(.over_limit)'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.View.Check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	opts.View.Register(cmd, func() []string { return cmdutil.FieldNames(f, model.KindItem) })
	return cmd
}

// Column is one status of the board.
type Column struct {
	Status    string
	Limit     int // 0: none
	Count     int // every item in the status, before --limit
	OverLimit bool
	Rows      []view.Row
}

// Columns groups the selected items by status, in workflow order; items
// with a status not in the workflow get a column of their own at the end.
func Columns(p *plan.Plan, rows []view.Row, limit int) []Column {
	cfg := p.WS.Config
	var cols []Column
	index := map[string]int{}
	for _, s := range cfg.Workflow.Statuses {
		index[s] = len(cols)
		cols = append(cols, Column{Status: s, Limit: cfg.Workflow.WIP[s]})
	}
	for _, r := range rows {
		it := r.Record.Model.(*model.Item)
		i, ok := index[it.Status]
		if !ok {
			i = len(cols)
			index[it.Status] = i
			cols = append(cols, Column{Status: it.Status})
		}
		c := &cols[i]
		c.Count++
		if limit <= 0 || len(c.Rows) < limit {
			c.Rows = append(c.Rows, r)
		}
	}
	for i := range cols {
		cols[i].OverLimit = cols[i].Limit > 0 && cols[i].Count > cols[i].Limit
	}
	return cols
}

func (c Column) header() string {
	name := safetext.Line(c.Status)
	if name == "" {
		name = "(no status)"
	}
	switch {
	case c.Limit > 0 && c.OverLimit:
		return name + " " + strconv.Itoa(c.Count) + "/" + strconv.Itoa(c.Limit) + " OVER"
	case c.Limit > 0:
		return name + " " + strconv.Itoa(c.Count) + "/" + strconv.Itoa(c.Limit)
	}
	return name + " " + strconv.Itoa(c.Count)
}

func run(ctx context.Context, opts *Options) error {
	ws, err := opts.Workspace(ctx)
	if err != nil {
		return err
	}
	p := plan.New(ws, opts.Now())
	cards := opts.View.ColumnList([]string{"id", "title"})
	rows, err := view.Select(p, model.KindItem, view.Records(p, model.KindItem), view.Query{
		Where: opts.View.Where, Sort: opts.View.Sort, Columns: cards,
	})
	if err != nil {
		return cmdutil.ViewError(err)
	}
	cmdutil.NoteUnreadable(opts.IO, ws)
	cols := Columns(p, rows, opts.View.Limit)

	switch opts.View.Format {
	case "json":
		return render.JSON(opts.IO.Out, jsonBoard(cols, cards, opts.View.Columns != ""))
	case "csv":
		t := &render.Table{Columns: []render.Column{{Name: "status"}, {Name: "wip_limit"}, {Name: "over_limit"}}}
		for _, c := range cards {
			t.Columns = append(t.Columns, render.Column{Name: c})
		}
		for _, c := range cols {
			for _, r := range c.Rows {
				cells := []string{c.Status, limitText(c.Limit), strconv.FormatBool(c.OverLimit)}
				for _, f := range cards {
					cells = append(cells, query.Text(query.Lookup(r.Values, f)))
				}
				t.Rows = append(t.Rows, cells)
			}
		}
		return render.Write(opts.IO.Out, "csv", t, render.Options{})
	}
	t := &render.Table{}
	depth := 0
	for _, c := range cols {
		h := c.header()
		t.Columns = append(t.Columns, render.Column{Name: h, Flex: true, MultiLine: true, MinWidth: len(h)})
		depth = max(depth, len(c.Rows))
	}
	for i := range depth {
		cells := make([]string, len(cols))
		for j, c := range cols {
			if i < len(c.Rows) {
				cells[j] = card(c.Rows[i], cards)
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return render.Write(opts.IO.Out, opts.View.Format, t, render.Options{Width: opts.IO.TableWidth()})
}

func limitText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// card is the text of an item on the board: its fields, one per line.
func card(r view.Row, fields []string) string {
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		if s := safetext.Line(view.Cell(f, query.Lookup(r.Values, f))); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n")
}

type boardJSON struct {
	SchemaVersion int          `json:"schema_version"`
	Columns       []columnJSON `json:"columns"`
}

type columnJSON struct {
	Status    string        `json:"status"`
	WIPLimit  *int          `json:"wip_limit"`
	Count     int           `json:"count"`
	OverLimit bool          `json:"over_limit"`
	Items     []view.Object `json:"items"`
}

func jsonBoard(cols []Column, cards []string, explicit bool) boardJSON {
	out := boardJSON{SchemaVersion: render.JSONSchemaVersion, Columns: []columnJSON{}}
	var keys []string
	if explicit {
		keys = cards
	}
	for _, c := range cols {
		cj := columnJSON{Status: c.Status, Count: c.Count, OverLimit: c.OverLimit, Items: view.Objects(c.Rows, keys)}
		if c.Limit > 0 {
			limit := c.Limit
			cj.WIPLimit = &limit
		}
		out.Columns = append(out.Columns, cj)
	}
	return out
}
