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
	order, lastRanked := backlogWithout(s.WS.Items, it)
	pos, err := placeIndex(order, it, at)
	if err != nil {
		return "", "", err
	}
	lo, hi, err := neighbourRanks(order, pos, lastRanked)
	if err != nil {
		return "", "", err
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

// backlogWithout returns the backlog in order without the item being
// moved, and the last rank in it ("" when nothing is ranked).
func backlogWithout(items []*model.Item, it *model.Item) (order []*model.Item, lastRanked string) {
	for _, o := range items {
		if o != it {
			order = append(order, o)
		}
	}
	slices.SortStableFunc(order, model.CompareItems)
	for _, o := range order {
		if o.Rank != "" {
			lastRanked = o.Rank
		}
	}
	return order, lastRanked
}

// placeIndex returns the index in order the item it will take at place.
func placeIndex(order []*model.Item, it *model.Item, at Place) (int, error) {
	switch {
	case at.Top:
		return 0, nil
	case at.Bottom:
		pos := slices.IndexFunc(order, func(o *model.Item) bool { return o.Rank == "" })
		if pos < 0 {
			pos = len(order)
		}
		return pos, nil
	case at.Before != "":
		return indexOf(order, it, at.Before, "--before")
	default:
		i, err := indexOf(order, it, at.After, "--after")
		if err != nil {
			return 0, err
		}
		return i + 1, nil
	}
}

// indexOf returns the index in order of the item id named by flag.
func indexOf(order []*model.Item, it *model.Item, id, flag string) (int, error) {
	if id == it.ID {
		return 0, inputErrorf("%s: an item cannot move relative to itself", flag)
	}
	i := slices.IndexFunc(order, func(o *model.Item) bool { return o.ID == id })
	if i < 0 {
		return 0, inputErrorf("%s: %s is not a backlog item", flag, id)
	}
	return i, nil
}

// neighbourRanks returns the ranks either side of index pos in order, or
// an error when a neighbour has no rank and the new one cannot go there.
func neighbourRanks(order []*model.Item, pos int, lastRanked string) (lo, hi string, err error) {
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
	return lo, hi, nil
}
