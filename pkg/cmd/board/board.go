// Package board implements `roadlog board`: backlog items as kanban
// columns by status, with WIP limits.
package board

import (
	"context"
	"strconv"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/render"
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

func run(ctx context.Context, opts *cmdutil.ViewOptions) error {
	p, err := opts.Plan(ctx)
	if err != nil {
		return err
	}
	b, err := view.SelectBoard(p, view.Options{Query: opts.Query(ctx)})
	if err := opts.Selected(p, err); err != nil {
		return err
	}
	if opts.Script.On() { // the cards the board shows, column by column
		return opts.WriteRows(ctx, p, model.KindItem, b.Shown())
	}

	cols, cards := b.Columns, b.Cards
	switch opts.View.Format {
	case "json":
		return render.JSON(opts.IO.Out, b.JSON())
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
func boardTable(cols []view.BoardColumn, cards []string) *render.Table {
	t := &render.Table{}
	depth := 0
	for _, c := range cols {
		h := c.Header()
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
				cells[j] = c.OlderCard()
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
	cells := view.Layout(all, cards, false)
	narrow := &render.Table{Columns: append([]render.Column{{Name: "status", MultiLine: true}}, cells.Columns...)}
	next := 0
	for _, c := range cols {
		label := c.Name() + "\n" + c.Count()
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
			row[1] = c.OlderCard()
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
