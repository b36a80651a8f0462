package plan

import (
	"strconv"

	"github.com/roadlog/roadlog/pkg/model"
)

// KeyResultProgress is how far a key result has come from its baseline to
// its target, 0..1 and rounded: (current - baseline) ÷ (target - baseline).
// Current at or past the target is 1 and at or before the baseline 0;
// when the target equals the baseline it is reached (1) or not (0). It is
// unknown (false) without a current value and a target, or without a
// baseline unless current equals the target.
func KeyResultProgress(kr *model.KeyResult) (float64, bool) {
	v, ok := keyResultProgress(kr)
	return roundRatio(v), ok
}

// keyResultProgress is [KeyResultProgress] before rounding, which an
// objective's mean is taken of.
func keyResultProgress(kr *model.KeyResult) (float64, bool) {
	if kr.Current == nil || kr.Target == nil {
		return 0, false
	}
	current, target := *kr.Current, *kr.Target
	if current == target {
		return 1, true
	}
	if kr.Baseline == nil {
		return 0, false
	}
	baseline := *kr.Baseline
	if target == baseline {
		return 0, true
	}
	return min(max((current-baseline)/(target-baseline), 0), 1), true
}

// ObjectiveProgress is how far an objective is: the mean progress of its key
// results, known only when every one of them is measurable. A mean of some
// would pass one reached key result among four unmeasured ones off as 100%.
type ObjectiveProgress struct {
	Value      float64 // the mean, 0..1, when Known
	Measurable int     // key results with a known progress
	KeyResults int     // all of them
}

// Known reports whether the objective has key results and all are
// measurable.
func (o ObjectiveProgress) Known() bool { return o.KeyResults > 0 && o.Measurable == o.KeyResults }

// Note says why the progress is not known: "1 of 4 key results
// measurable", "no key results"; "" when it is known.
func (o ObjectiveProgress) Note() string {
	switch {
	case o.Known():
		return ""
	case o.KeyResults == 0:
		return "no key results"
	}
	word := "key results"
	if o.KeyResults == 1 {
		word = "key result"
	}
	return strconv.Itoa(o.Measurable) + " of " + strconv.Itoa(o.KeyResults) + " " + word + " measurable"
}

// ObjectiveProgressOf combines the progress of key results. counts, when
// not nil, says whether a key result's progress may count at all (a public
// site leaves out what it hides).
func ObjectiveProgressOf(krs []*model.KeyResult, counts func(*model.KeyResult) bool) ObjectiveProgress {
	o := ObjectiveProgress{KeyResults: len(krs)}
	sum := 0.0
	for _, kr := range krs {
		if counts != nil && !counts(kr) {
			continue
		}
		if v, ok := keyResultProgress(kr); ok {
			sum += v
			o.Measurable++
		}
	}
	if o.Known() {
		o.Value = roundRatio(sum / float64(o.KeyResults))
	}
	return o
}

// ObjectiveProgress is the progress of an objective over all its key
// results.
func (p *Plan) ObjectiveProgress(o *model.Objective) ObjectiveProgress {
	return ObjectiveProgressOf(o.KeyResults, nil)
}

// InitiativesFor returns the initiatives that name the objective.
func (p *Plan) InitiativesFor(objectiveID string) []*model.Initiative {
	var out []*model.Initiative
	for _, ref := range p.ReferencedBy(objectiveID) {
		in, ok := ref.From.Model.(*model.Initiative)
		if ok && ref.Field == "objectives" && (len(out) == 0 || out[len(out)-1] != in) {
			out = append(out, in)
		}
	}
	return out
}
