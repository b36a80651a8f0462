package plan

import (
	"fmt"

	"github.com/roadlog/roadlog/pkg/model"
)

// Share is a part of a whole: the closed items among an initiative's
// items, the checked acceptance criteria among all.
type Share struct {
	Done  int
	Total int
}

// Ratio is Done ÷ Total, rounded, and false when there is nothing to count.
func (s Share) Ratio() (float64, bool) {
	if s.Total == 0 {
		return 0, false
	}
	return roundRatio(float64(s.Done) / float64(s.Total)), true
}

// ItemsText says how far the items are: "3 of 4 items closed (75%)", or
// "no items".
func (s Share) ItemsText() string {
	r, ok := s.Ratio()
	if !ok {
		return "no items"
	}
	return fmt.Sprintf("%d of %d items closed (%s)", s.Done, s.Total, Percent(r))
}

// Progress returns how many of the items of an initiative (its epics'
// items included) or release are closed.
func (p *Plan) Progress(id string) Share { return p.ClosedOf(p.ItemsOf(id)) }

// ClosedOf counts the closed items among items.
func (p *Plan) ClosedOf(items []*model.Item) Share {
	s := Share{Total: len(items)}
	for _, it := range items {
		if p.Closed(it) {
			s.Done++
		}
	}
	return s
}

// Exposure is a risk's likelihood × impact (0 when either is unset).
func Exposure(r *model.Risk) int { return r.Likelihood * r.Impact }
