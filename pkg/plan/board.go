package plan

import (
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Load is the items in one status, against the status's WIP limit: a
// column of the board.
type Load struct {
	Status string
	Limit  int           // 0: none
	Items  []*model.Item // in the order given
}

// Over reports whether the status holds more items than its limit allows.
func (l Load) Over() bool { return l.Limit > 0 && len(l.Items) > l.Limit }

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
