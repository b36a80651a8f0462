package diff

import (
	"cmp"
	"math"
	"slices"

	"github.com/roadlog/roadlog/pkg/model"
)

// backlog lists the items that changed place at the top of the backlog.
// An item counts as moved when it is not in the longest run of the top
// items that kept their order, so that one item moved up five places is one
// move, not five items each down one.
func (c *comparer) backlog(top int) {
	basePos := map[string]int{}
	for id, n := range c.basePlace {
		basePos[c.headID(id)] = n
	}
	headPos := c.headPlace
	var headTop []*model.Item
	for _, it := range c.head.Items() {
		r := c.head.Record(it.ID) // nil for an item whose id is not text
		if n, ok := headPos[it.ID]; ok && n <= top && r != nil && r.Model == model.Record(it) {
			headTop = append(headTop, it)
		}
	}
	// Items at the top of head that were open in base, in head order: those
	// off the longest increasing run of base places moved.
	var seq []int
	var seqIDs []string
	for _, it := range headTop {
		if p, ok := basePos[it.ID]; ok {
			seq = append(seq, p)
			seqIDs = append(seqIDs, it.ID)
		}
	}
	stable := map[string]bool{}
	for _, i := range longestIncreasing(seq) {
		stable[seqIDs[i]] = true
	}
	var moves []Move
	for _, it := range headTop {
		from, ok := basePos[it.ID]
		switch {
		case !ok:
			moves = append(moves, Move{ID: it.ID, Title: it.Title, To: headPos[it.ID], Reason: c.whyNew(it.ID)})
		case !stable[it.ID] || from > top:
			moves = append(moves, Move{ID: it.ID, Title: it.Title, From: from, To: headPos[it.ID]})
		}
	}
	// Items that were at the top of base and are not at the top of head.
	for _, it := range c.base.Items() {
		id := c.headID(it.ID)
		from := basePos[id]
		if c.base.Closed(it) || from == 0 || from > top {
			continue
		}
		to, open := headPos[id]
		if open && to <= top {
			continue
		}
		m := Move{ID: id, Title: it.Title, From: from, To: to}
		if !open {
			m.Reason = "removed"
			if r := c.head.Record(id); r != nil {
				m.Reason = "closed"
			}
		}
		moves = append(moves, m)
	}
	slices.SortStableFunc(moves, func(a, b Move) int {
		return cmp.Or(cmp.Compare(place(a.To), place(b.To)), cmp.Compare(a.From, b.From), model.CompareIDs(a.ID, b.ID))
	})
	c.d.Backlog.Moves = append(c.d.Backlog.Moves, moves...)
}

// place sorts "not open" (0) after every place.
func place(p int) int {
	if p == 0 {
		return math.MaxInt
	}
	return p
}

// whyNew says why an item open in head was not open in base.
func (c *comparer) whyNew(id string) string {
	if c.base.Record(c.baseID(id)) != nil {
		return "reopened"
	}
	return "added"
}

// longestIncreasing returns the indexes of a longest strictly increasing
// subsequence of seq (patience sorting, O(n log n)).
func longestIncreasing(seq []int) []int {
	var tails []int // index into seq of the smallest tail of each length
	prev := make([]int, len(seq))
	for i, v := range seq {
		k, _ := slices.BinarySearchFunc(tails, v, func(t, v int) int { return cmp.Compare(seq[t], v) })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([]int, len(tails))
	if len(tails) == 0 {
		return out
	}
	k := tails[len(tails)-1]
	for i := len(tails) - 1; i >= 0; i-- {
		out[i] = k
		k = prev[k]
	}
	return out
}
