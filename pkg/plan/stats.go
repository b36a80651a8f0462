package plan

import (
	"math"
	"slices"

	"github.com/roadlog/roadlog/pkg/model"
)

// Stats counts backlog items every way `roadlog stats` shows them.
type Stats struct {
	Items        int            `json:"items"`
	Open         int            `json:"open"`
	Closed       int            `json:"closed"`
	ByStatus     []Tally        `json:"by_status"`
	ByType       []Tally        `json:"by_type"`
	ByOwner      []Tally        `json:"by_owner"`
	ByInitiative []Tally        `json:"by_initiative"`
	ByRelease    []Tally        `json:"by_release"`
	Scores       Scores         `json:"scores"`
	Criteria     CriteriaTotals `json:"acceptance_criteria"`
}

// Tally is one line of a breakdown.
type Tally struct {
	Key      string `json:"key"`
	Title    string `json:"title,omitempty"`
	Items    int    `json:"items"`
	Open     int    `json:"open"`
	Closed   int    `json:"closed"`
	WIPLimit int    `json:"wip_limit,omitempty"`
	Over     bool   `json:"over_limit,omitempty"`
}

// Scores summarises the scores of the items that have one.
type Scores struct {
	Model    string   `json:"model"`
	Scored   int      `json:"scored"`
	Unscored int      `json:"unscored"`
	Min      *float64 `json:"min"`
	P25      *float64 `json:"p25"`
	Median   *float64 `json:"median"`
	P75      *float64 `json:"p75"`
	Max      *float64 `json:"max"`
	Mean     *float64 `json:"mean"`
}

// CriteriaTotals sums acceptance criteria.
type CriteriaTotals struct {
	Items   int `json:"items"` // items with at least one criterion
	Checked int `json:"checked"`
	Total   int `json:"total"`
}

// noKey is the key of the items without a value in a breakdown.
const noKey = "(none)"

// Stats counts the items.
func (p *Plan) Stats(items []*model.Item) Stats {
	cfg := p.WS.Config
	s := Stats{Items: len(items)}
	newCounter := func(order []string) *counter {
		c := &counter{counts: map[string]*Tally{}}
		for _, k := range order {
			c.add(k)
		}
		return c
	}
	byType := newCounter(cfg.Types)
	byOwner := newCounter(nil)
	byInit := newCounter(nil)
	byRelease := newCounter(nil)
	scores := []float64{}
	for _, it := range items {
		closed := p.Closed(it)
		if closed {
			s.Closed++
		} else {
			s.Open++
		}
		byType.count(orNone(it.Type), closed)
		byOwner.count(orNone(it.Owner), closed)
		byInit.count(orNone(p.InitiativeOf(it)), closed)
		byRelease.count(orNone(it.Release), closed)
		if v, ok := p.Score(it); ok {
			scores = append(scores, v)
		}
		if c := p.Criteria(it); c.Total > 0 {
			s.Criteria.Items++
			s.Criteria.Checked += c.Done
			s.Criteria.Total += c.Total
		}
	}
	byStatus := newCounter(nil)
	for _, l := range Loads(cfg, items) {
		n := byStatus.add(orNone(l.Status))
		for _, it := range l.Items {
			byStatus.count(n.Key, p.Closed(it))
		}
		n.WIPLimit, n.Over = l.Limit, l.Over()
	}
	s.ByStatus = byStatus.list(false)
	s.ByType = byType.list(false)
	s.ByOwner = byOwner.list(true)
	s.ByInitiative = p.withTitles(byInit.list(true))
	s.ByRelease = p.withTitles(byRelease.list(true))
	s.Scores = summarise(scores, len(items))
	if p.Model != nil {
		s.Scores.Model = p.Model.Name
	}
	return s
}

// counter counts items per key, remembering the order keys came in.
type counter struct {
	order  []string
	counts map[string]*Tally
}

func (c *counter) add(k string) *Tally {
	if n, ok := c.counts[k]; ok {
		return n
	}
	n := &Tally{Key: k}
	c.counts[k] = n
	c.order = append(c.order, k)
	return n
}

func (c *counter) count(k string, closed bool) {
	n := c.add(k)
	n.Items++
	if closed {
		n.Closed++
	} else {
		n.Open++
	}
}

// list returns the counts in declared order, or most items first when
// sorted; noKey always last.
func (c *counter) list(sorted bool) []Tally {
	out := make([]Tally, 0, len(c.order))
	for _, k := range c.order {
		out = append(out, *c.counts[k])
	}
	if sorted {
		slices.SortStableFunc(out, func(a, b Tally) int {
			if a.Items != b.Items {
				return b.Items - a.Items
			}
			return model.CompareIDs(a.Key, b.Key)
		})
	}
	for i, n := range out {
		if n.Key == noKey {
			out = append(append(out[:i:i], out[i+1:]...), n)
			break
		}
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return noKey
	}
	return s
}

func (p *Plan) withTitles(counts []Tally) []Tally {
	for i := range counts {
		if r := p.Record(counts[i].Key); r != nil {
			counts[i].Title = r.Meta().Title
		}
	}
	return counts
}

// summarise computes quartiles by linear interpolation between ranks.
func summarise(scores []float64, items int) Scores {
	s := Scores{Scored: len(scores), Unscored: items - len(scores)}
	if len(scores) == 0 {
		return s
	}
	slices.Sort(scores)
	at := func(q float64) *float64 {
		pos := q * float64(len(scores)-1)
		lo := int(math.Floor(pos))
		hi := min(lo+1, len(scores)-1)
		v := roundScore(scores[lo] + (scores[hi]-scores[lo])*(pos-float64(lo)))
		return &v
	}
	sum := 0.0
	for _, v := range scores {
		sum += v
	}
	mean := roundScore(sum / float64(len(scores)))
	s.Min, s.P25, s.Median, s.P75, s.Max, s.Mean = at(0), at(0.25), at(0.5), at(0.75), at(1), &mean
	return s
}

// Health is the state of the backlog at a glance.
type Health struct {
	Open, Closed, Ready, Blocked, Unscored, Overdue int
}

// ItemState is what Health counts of one item; the report states only
// what a public site shows.
type ItemState struct {
	Closed, Blocked, Scored bool
	Status, Due             string
}

// Add counts one item: the open ones by whether they are ready, blocked,
// without a score or past their due date (before today, YYYY-MM-DD).
func (h *Health) Add(s ItemState, today string) {
	if s.Closed {
		h.Closed++
		return
	}
	h.Open++
	if s.Status == "ready" {
		h.Ready++
	}
	if s.Blocked {
		h.Blocked++
	}
	if !s.Scored {
		h.Unscored++
	}
	if s.Due != "" && s.Due < today {
		h.Overdue++
	}
}
