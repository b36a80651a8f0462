package plan

import (
	"github.com/roadlog/roadlog/pkg/mdbody"
	"github.com/roadlog/roadlog/pkg/model"
)

// Criteria returns the checked and total acceptance-criteria check boxes
// ("- [x] …") in the item's body.
func (p *Plan) Criteria(it *model.Item) Share {
	p.criteriaMu.Lock()
	s, ok := p.criteria[it]
	p.criteriaMu.Unlock()
	if !ok {
		s = countCriteria(it.Body) // outside the lock: the report asks from every core
		p.criteriaMu.Lock()
		p.criteria[it] = s
		p.criteriaMu.Unlock()
	}
	return s
}

// countCriteria counts the acceptance criteria of a body as
// [mdbody.Criteria] finds them: check boxes with text, outside fenced code
// blocks. check and uncheck tick the same ones.
func countCriteria(body string) Share {
	var s Share
	for _, c := range mdbody.Criteria(body) {
		s.Total++
		if c.Checked {
			s.Done++
		}
	}
	return s
}
