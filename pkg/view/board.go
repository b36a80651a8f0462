package view

import (
	"strconv"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/safetext"
)

// BoardColumn is one status of a board: its load of the selected items,
// and the rows of those it shows (a limit caps them). `roadlog board` and
// `roadlog export markdown --board` draw the same columns.
type BoardColumn struct {
	plan.Load
	Rows []Row
}

// BoardColumns groups selected rows of items by status, in workflow order,
// keeping their order ([plan.Plan.Board]); items with a status outside the
// workflow get a column of their own at the end. limit, when above 0, caps
// the rows of each column.
func BoardColumns(p *plan.Plan, rows []Row, limit int) []BoardColumn {
	items := make([]*model.Item, len(rows))
	rowOf := make(map[*model.Item]Row, len(rows))
	for i, r := range rows {
		items[i] = r.Record.Model.(*model.Item)
		rowOf[items[i]] = r
	}
	loads := p.Board(items)
	cols := make([]BoardColumn, len(loads))
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

// Header is a column's heading: its status and count, against the WIP
// limit when there is one ("in-progress 5/5", "review 4/3 OVER").
func (c BoardColumn) Header() string { return c.Name() + " " + c.Count() }

// Name is the column's status, cleaned for a terminal; "(no status)" for
// items without one.
func (c BoardColumn) Name() string {
	if c.Status == "" {
		return "(no status)"
	}
	return safetext.Line(c.Status)
}

// Count is how many items the column holds, against its WIP limit when
// it has one: "5", "5/5", "4/3 OVER".
func (c BoardColumn) Count() string {
	n := strconv.Itoa(len(c.Items) + c.Older)
	switch {
	case c.Over():
		return n + "/" + strconv.Itoa(c.Limit) + " OVER"
	case c.Limit > 0:
		return n + "/" + strconv.Itoa(c.Limit)
	}
	return n
}

// OlderCard is the last card of a closed column whose older items are
// counted, not listed (board.closed_recent_days): "+ 3 older", or "".
func (c BoardColumn) OlderCard() string {
	if c.Older == 0 {
		return ""
	}
	return "+ " + strconv.Itoa(c.Older) + " older"
}
