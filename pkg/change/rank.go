package change

import (
	"errors"
	"slices"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/rank"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Place is where an item goes in the backlog order: one of its fields is
// set.
type Place struct {
	Before, After string // just before or after the item with this ID
	Top, Bottom   bool   // first; after every ranked item
}

// Rerank stages giving the item r a rank that puts it at place, rewriting
// its file only, and returns its old and new rank. Items without a rank
// come after all ranked ones; nothing can go among them until they are
// ranked. When the item is already at place, nothing is staged and the
// new rank is the old one.
func (s *Session) Rerank(r *workspace.Record, at Place) (old, newRank string, err error) {
	it, ok := r.Model.(*model.Item)
	if !ok {
		return "", "", inputErrorf("%s is %s %s; only backlog items have a rank", r.ID(), r.Kind().Article(), r.Kind().Label())
	}
	// The backlog without the item being moved.
	var order []*model.Item
	for _, o := range s.WS.Items {
		if o != it {
			order = append(order, o)
		}
	}
	slices.SortStableFunc(order, model.CompareItems)
	lastRanked := ""
	for _, o := range order {
		if o.Rank != "" {
			lastRanked = o.Rank
		}
	}
	indexOf := func(id, flag string) (int, error) {
		if id == it.ID {
			return 0, inputErrorf("%s: an item cannot move relative to itself", flag)
		}
		i := slices.IndexFunc(order, func(o *model.Item) bool { return o.ID == id })
		if i < 0 {
			return 0, inputErrorf("%s: %s is not a backlog item", flag, id)
		}
		return i, nil
	}
	// pos is the index in order the item will take.
	var pos int
	switch {
	case at.Top:
		pos = 0
	case at.Bottom:
		pos = slices.IndexFunc(order, func(o *model.Item) bool { return o.Rank == "" })
		if pos < 0 {
			pos = len(order)
		}
	case at.Before != "":
		if pos, err = indexOf(at.Before, "--before"); err != nil {
			return "", "", err
		}
	default:
		i, err := indexOf(at.After, "--after")
		if err != nil {
			return "", "", err
		}
		pos = i + 1
	}
	lo, hi := "", ""
	if pos > 0 {
		lo = order[pos-1].Rank
		if lo == "" {
			return "", "", inputErrorf("%s has no rank, so nothing can go after it without ranking it first: roadlog rank %s --bottom",
				order[pos-1].ID, order[pos-1].ID)
		}
	}
	if pos < len(order) {
		hi = order[pos].Rank
		if hi == "" && lo != lastRanked {
			return "", "", inputErrorf("%s has no rank; rank it first: roadlog rank %s --bottom", order[pos].ID, order[pos].ID)
		}
	}
	if it.Rank != "" && it.Rank > lo && (hi == "" || it.Rank < hi) {
		return it.Rank, it.Rank, nil // already there: nothing to write
	}
	newRank, err = rank.Between(lo, hi)
	if errors.Is(err, rank.ErrNoRoom) {
		return "", "", conflictf("no rank fits between %q and %q; give one of them another rank with roadlog set", lo, hi)
	} else if err != nil {
		return "", "", conflictf("%w; fix the ranks (roadlog validate shows which)", err)
	}
	if err := s.Set(r, []Change{{Path: []string{"rank"}, Text: newRank}}, nil, false); err != nil {
		return "", "", err
	}
	return it.Rank, newRank, nil
}
