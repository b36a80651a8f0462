// Package board implements `roadlog board`: backlog items as kanban
// columns by status, with WIP limits.
package board

import (
	"context"
	"strconv"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

// NewCmd returns the board command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := cmdutil.NewViewOptions(f)
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
			return opts.Run(cmd.Context(), func(ctx context.Context) error { return run(ctx, opts) })
		},
	}
	opts.View.Register(cmd, cmdutil.AllViewFlags, func() []string { return cmdutil.FieldNames(f, model.KindItem) })
	cmdutil.ArchivedFlag(cmd, &opts.Archived)
	opts.Script.Register(cmd, cmdutil.KindFields(f, model.KindItem))
	return cmd
}

// column is one status of the board: its load of the selected items, and
// the rows of those it shows (--limit caps them).
type column struct {
	plan.Load
	Rows []view.Row
}

// columns groups the selected rows by status, in workflow order, keeping
// their order; items with a status outside the workflow get a column of
// their own at the end.
func columns(p *plan.Plan, rows []view.Row, limit int) []column {
	items := make([]*model.Item, len(rows))
	rowOf := make(map[*model.Item]view.Row, len(rows))
	for i, r := range rows {
		items[i] = r.Record.Model.(*model.Item)
		rowOf[items[i]] = r
	}
	loads := p.Board(items)
	cols := make([]column, len(loads))
	for i, l := range loads {
		cols[i].Load = l
		for _, it := range l.Items {
			if limit > 0 && len(cols[i].Rows) == limit {
				break
			}
			cols[i].Rows = append(cols[i].Rows, rowOf[it])
		}
	}
	return cols
}

// header is a column's heading: its status and count, against the WIP
// limit when there is one ("in-progress 5/5", "review 4/3 OVER").
func (c column) header() string { return c.name() + " " + c.count() }

func (c column) name() string {
	if c.Status == "" {
		return "(no status)"
	}
	return safetext.Line(c.Status)
}

func (c column) count() string {
	n := strconv.Itoa(len(c.Items) + c.Older)
	switch {
	case c.Over():
		return n + "/" + strconv.Itoa(c.Limit) + " OVER"
	case c.Limit > 0:
		return n + "/" + strconv.Itoa(c.Limit)
	}
	return n
}

// olderCard is the last card of a closed column whose older items are
// counted, not listed (board.closed_recent_days).
func (c column) olderCard() string {
	if c.Older == 0 {
		return ""
	}
	return "+ " + strconv.Itoa(c.Older) + " older"
}

func run(ctx context.Context, opts *cmdutil.ViewOptions) error {
	p, err := opts.Plan(ctx)
	if err != nil {
		return err
	}
	cards := opts.View.ColumnList([]string{"id", "title"})
	rows, err := opts.Select(ctx, p, model.KindItem, view.Records(p, model.KindItem), view.Query{Columns: cards})
	if err != nil {
		return err
	}
	cols := columns(p, rows, opts.View.Limit)
	if opts.Script.On() { // the cards the board shows, column by column
		var shown []view.Row
		for _, c := range cols {
			shown = append(shown, c.Rows...)
		}
		return opts.WriteRows(ctx, p, model.KindItem, shown)
	}

	switch opts.View.Format {
	case "json":
		return render.JSON(opts.IO.Out, jsonBoard(cols, cards, opts.View.Columns != ""))
	case "csv", "tsv":
		t := &render.Table{Columns: []render.Column{{Name: "status"}, {Name: "wip_limit"}, {Name: "over_limit"}}}
		for _, c := range cards {
			t.Columns = append(t.Columns, render.Column{Name: c})
		}
		for _, c := range cols {
			for _, r := range c.Rows {
				cells := []string{c.Status, limitText(c.Limit), strconv.FormatBool(c.Over())}
				for _, f := range cards {
					cells = append(cells, query.Text(query.Lookup(r.Values, f)))
				}
				t.Rows = append(t.Rows, cells)
			}
		}
		return render.Write(opts.IO.Out, opts.View.Format, t, render.Options{})
	}
	return render.Write(opts.IO.Out, opts.View.Format, boardTable(cols, cards), render.Options{Width: opts.IO.TableWidth()})
}

// minCard is the narrowest a board column gets before the board is drawn
// stacked: a card cut to a word is no card.
const minCard = 10

// boardTable draws a column per status, its cards in rank order; a
// terminal too narrow for that gets the statuses stacked, a row per card.
func boardTable(cols []column, cards []string) *render.Table {
	t := &render.Table{}
	depth := 0
	for _, c := range cols {
		h := c.header()
		t.Columns = append(t.Columns, render.Column{Name: h, Flex: true, MultiLine: true, MinWidth: max(render.Width(h), minCard)})
		depth = max(depth, len(c.Rows)+min(c.Older, 1))
	}
	for i := range depth {
		cells := make([]string, len(cols))
		for j, c := range cols {
			switch {
			case i < len(c.Rows):
				cells[j] = view.Card(c.Rows[i], cards)
			case i == len(c.Rows):
				cells[j] = c.olderCard()
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	// Stacked: the status (and its count against the limit) on the first
	// row of its cards, one field a column.
	var all []view.Row
	for _, c := range cols {
		all = append(all, c.Rows...)
	}
	cells := view.Table(all, cards, false)
	narrow := &render.Table{Columns: append([]render.Column{{Name: "status", MultiLine: true}}, cells.Columns...)}
	next := 0
	for _, c := range cols {
		label := c.name() + "\n" + c.count()
		if len(c.Rows) == 0 {
			narrow.Rows = append(narrow.Rows, append([]string{label}, make([]string, len(cards))...))
		}
		for range c.Rows {
			narrow.Rows = append(narrow.Rows, append([]string{label}, cells.Rows[next]...))
			label = ""
			next++
		}
		if c.Older > 0 && len(cards) > 0 {
			row := append([]string{label}, make([]string, len(cards))...)
			row[1] = c.olderCard()
			narrow.Rows = append(narrow.Rows, row)
		}
	}
	t.Narrow = narrow
	return t
}

func limitText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

type boardJSON struct {
	Columns []columnJSON `json:"columns"`
}

type columnJSON struct {
	Status    string        `json:"status"`
	WIPLimit  *int          `json:"wip_limit"`
	Count     int           `json:"count"`
	Older     int           `json:"older"` // closed items counted, not listed
	OverLimit bool          `json:"over_limit"`
	Items     []view.Object `json:"items"`
}

func jsonBoard(cols []column, cards []string, explicit bool) boardJSON {
	out := boardJSON{Columns: []columnJSON{}}
	var keys []string
	if explicit {
		keys = cards
	}
	for _, c := range cols {
		cj := columnJSON{Status: c.Status, Count: len(c.Items), Older: c.Older, OverLimit: c.Over(), Items: view.Objects(c.Rows, keys)}
		if c.Limit > 0 {
			limit := c.Limit
			cj.WIPLimit = &limit
		}
		out.Columns = append(out.Columns, cj)
	}
	return out
}
