package plan

import (
	"slices"
	"strconv"
	"time"

	"github.com/roadlog/roadlog/pkg/model"
)

// horizons are the roadmap's columns, in order. An initiative with another
// horizon, or none, is unscheduled.
var horizons = []string{"now", "next", "later"}

// unscheduled names the roadmap column of initiatives without a horizon.
const unscheduled = "unscheduled"

// Group is records under one heading: a horizon, a theme.
type Group[T any] struct {
	Name    string
	Members []T
}

// ByHorizon groups records by horizon, keeping their order: now, next and
// later always, then unscheduled when it has any.
func ByHorizon[T any](records []T, horizon func(T) string) []Group[T] {
	out := make([]Group[T], len(horizons), len(horizons)+1)
	for i, h := range horizons {
		out[i].Name = h
	}
	other := Group[T]{Name: unscheduled}
	for _, r := range records {
		if i := slices.Index(horizons, horizon(r)); i >= 0 {
			out[i].Members = append(out[i].Members, r)
		} else {
			other.Members = append(other.Members, r)
		}
	}
	if len(other.Members) > 0 {
		out = append(out, other)
	}
	return out
}

// ThemeGroup is the records of one theme.
type ThemeGroup[T any] struct {
	Theme   *model.Theme // nil: records without a known theme
	Members []T
}

// ByTheme groups records under the themes, in their order (every theme,
// with records or not), then, when there are any, those whose theme is
// none of them under a nil Theme.
func ByTheme[T any](themes []*model.Theme, records []T, theme func(T) string) []ThemeGroup[T] {
	members := map[string][]T{}
	known := map[string]bool{}
	for _, t := range themes {
		known[t.ID] = true
	}
	var none []T
	for _, r := range records {
		if id := theme(r); known[id] {
			members[id] = append(members[id], r)
		} else {
			none = append(none, r)
		}
	}
	out := make([]ThemeGroup[T], 0, len(themes)+1)
	for _, t := range themes {
		out = append(out, ThemeGroup[T]{Theme: t, Members: members[t.ID]})
	}
	if len(none) > 0 {
		out = append(out, ThemeGroup[T]{Members: none})
	}
	return out
}

// Quarter is a calendar quarter.
type Quarter struct{ Year, Q int }

func (q Quarter) String() string { return strconv.Itoa(q.Year) + "-Q" + strconv.Itoa(q.Q) }

func (q Quarter) index() int { return q.Year*4 + q.Q - 1 }

func quarterAt(index int) Quarter { return Quarter{index / 4, index%4 + 1} }

// quarterOf returns the quarter of a YYYY-MM-DD date.
func quarterOf(date string) (Quarter, bool) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return Quarter{}, false
	}
	return Quarter{t.Year(), (int(t.Month())-1)/3 + 1}, true
}

// maxQuarters caps a timeline, so that one initiative dated in year 9999
// does not draw thousands of columns.
const maxQuarters = 40

// Timeline lays dated spans (initiatives) on quarters.
type Timeline struct {
	Quarters []Quarter // from the earliest start to the latest end, at most 40
	Spans    []Span    // one for each input, in its order
}

// Span is where one record runs on a timeline.
type Span struct {
	Dated    bool
	From, To Quarter
}

// NewTimeline places records with the start and end dates given, one pair
// each. A record with one date runs in that quarter; one with neither is
// not Dated; dates in the wrong order are swapped (validate reports them).
func NewTimeline(dates [][2]string) Timeline {
	tl := Timeline{Spans: make([]Span, len(dates))}
	first, last, dated := 0, 0, false
	for i, d := range dates {
		s, okS := quarterOf(d[0])
		e, okE := quarterOf(d[1])
		switch {
		case !okS && !okE:
			continue
		case !okS:
			s = e
		case !okE:
			e = s
		}
		if e.index() < s.index() {
			s, e = e, s
		}
		tl.Spans[i] = Span{Dated: true, From: s, To: e}
		if !dated || s.index() < first {
			first = s.index()
		}
		if !dated || e.index() > last {
			last = e.index()
		}
		dated = true
	}
	if dated {
		for q := first; q <= last && len(tl.Quarters) < maxQuarters; q++ {
			tl.Quarters = append(tl.Quarters, quarterAt(q))
		}
	}
	return tl
}

// Columns returns the first and last of tl.Quarters a dated span covers,
// as indexes; a span past the last quarter is drawn in it.
func (tl Timeline) Columns(s Span) (from, to int) {
	first, last := tl.Quarters[0].index(), len(tl.Quarters)-1
	return min(max(s.From.index()-first, 0), last), min(s.To.index()-first, last)
}

// Covers reports whether a dated span runs in the quarter.
func (s Span) Covers(q Quarter) bool {
	return s.Dated && s.From.index() <= q.index() && q.index() <= s.To.index()
}
