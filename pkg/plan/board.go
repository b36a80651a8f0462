package plan

import (
	"time"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Load is the items in one status, against the status's WIP limit: a
// column of the board.
type Load struct {
	Status string
	Limit  int           // 0: none
	Items  []*model.Item // in the order given
	// Older counts the items of a closed status left out of Items by
	// [Plan.Board]: closed longer ago than board.closed_recent_days.
	Older int
}

// Over reports whether the status holds more items than its limit allows.
func (l Load) Over() bool { return l.Limit > 0 && len(l.Items)+l.Older > l.Limit }

// Loads groups items by status: every status of the workflow in its order,
// then the statuses outside it in the order they come, each with its WIP
// limit. It is the one count of work in progress: the board, stats, move
// and the wip-limit rule all read it.
func Loads(cfg *workspace.Config, items []*model.Item) []Load {
	var out []Load
	index := map[string]int{}
	add := func(s string) int {
		i, ok := index[s]
		if !ok {
			i = len(out)
			index[s] = i
			out = append(out, Load{Status: s, Limit: cfg.Workflow.WIP[s]})
		}
		return i
	}
	for _, s := range cfg.Workflow.Statuses {
		add(s)
	}
	for _, it := range items {
		i := add(it.Status)
		out[i].Items = append(out[i].Items, it)
	}
	return out
}

// RoomFor reports whether it can move to status within the status's WIP
// limit, and returns the status's load without it.
func RoomFor(cfg *workspace.Config, items []*model.Item, it *model.Item, status string) (Load, bool) {
	l := Load{Status: status, Limit: cfg.Workflow.WIP[status]}
	for _, o := range items {
		if o.Status == status && o != it {
			l.Items = append(l.Items, o)
		}
	}
	return l, l.Limit == 0 || len(l.Items) < l.Limit
}

// Board is the board's columns of items: [Loads], with each closed
// status listing only the items closed in the last
// board.closed_recent_days days (by their closed date) and counting the
// others in Older. An item with no valid closed date is listed: nothing
// says it is old. The board command and the report's board both read it.
func (p *Plan) Board(items []*model.Item) []Load {
	loads := Loads(p.WS.Config, items)
	days := p.WS.Config.Board.ClosedRecentDays
	if days <= 0 {
		return loads
	}
	today, err := time.Parse(time.DateOnly, p.Today)
	if err != nil {
		return loads
	}
	cutoff := today.AddDate(0, 0, -days).Format(time.DateOnly)
	for i, l := range loads {
		if !p.WS.Config.IsClosed(l.Status) {
			continue
		}
		kept := l.Items[:0:0]
		for _, it := range l.Items {
			if d := ClosedDate(it); d != "" && d < cutoff {
				loads[i].Older++
				continue
			}
			kept = append(kept, it)
		}
		loads[i].Items = kept
	}
	return loads
}

// ClosedDate returns an item's closed date (YYYY-MM-DD), or "" when it has
// none that is valid.
func ClosedDate(it *model.Item) string {
	s, _ := it.Fields["closed"].(string)
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return ""
	}
	return s
}

// Archived reports whether an item lies in the archive folder (see
// [workspace.Config.ArchiveDir]): views leave it out unless asked.
func (p *Plan) Archived(it *model.Item) bool { return p.WS.Config.Archived(it.Path) }
