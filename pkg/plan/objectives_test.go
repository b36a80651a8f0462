package plan

import (
	"testing"

	"github.com/roadlog/roadlog/pkg/model"
)

func num(v float64) *float64 { return &v }

// TestKeyResultProgress covers issue 10: a key result whose current value
// equals its target is reached, not blank.
func TestKeyResultProgress(t *testing.T) {
	for _, tt := range []struct {
		name                      string
		baseline, target, current *float64
		want                      float64
		ok                        bool
	}{
		{"a third of the way", num(2.1), num(3.0), num(2.4), 0.3333, true},
		{"downwards", num(71), num(60), num(68), 0.2727, true},
		{"past the target", num(0), num(10), num(12), 1, true},
		{"before the baseline", num(0), num(10), num(-1), 0, true},
		{"at the baseline", num(0), num(10), num(0), 0, true},
		{"current equals target", num(0), num(10), num(10), 1, true},
		{"target equals baseline, reached", num(5), num(5), num(5), 1, true},
		{"target equals baseline, not reached", num(5), num(5), num(4), 0, true},
		{"no baseline, reached", nil, num(5), num(5), 1, true},
		{"no baseline, not reached", nil, num(5), num(4), 0, false},
		{"no current", num(0), num(5), nil, 0, false},
		{"no target", num(0), nil, num(3), 0, false},
	} {
		got, ok := KeyResultProgress(&model.KeyResult{Baseline: tt.baseline, Target: tt.target, Current: tt.current})
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: KeyResultProgress = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

// TestObjectiveProgress covers issue 10: an objective with one measurable
// key result of four is not 100% but "1 of 4 key results measurable".
func TestObjectiveProgress(t *testing.T) {
	reached := &model.KeyResult{Meta: model.Meta{ID: "KR-1"}, Baseline: num(0), Target: num(10), Current: num(10)}
	half := &model.KeyResult{Meta: model.Meta{ID: "KR-2"}, Baseline: num(0), Target: num(3), Current: num(1)}
	unknown := &model.KeyResult{Meta: model.Meta{ID: "KR-3"}, Target: num(10)}
	for _, tt := range []struct {
		name  string
		krs   []*model.KeyResult
		want  ObjectiveProgress
		known bool
		note  string
	}{
		{"all measurable", []*model.KeyResult{reached, half}, ObjectiveProgress{Value: 0.6667, Measurable: 2, KeyResults: 2}, true, ""},
		{"one of four", []*model.KeyResult{reached, unknown, unknown, unknown}, ObjectiveProgress{Measurable: 1, KeyResults: 4}, false, "1 of 4 key results measurable"},
		{"none of one", []*model.KeyResult{unknown}, ObjectiveProgress{KeyResults: 1}, false, "0 of 1 key result measurable"},
		{"no key results", nil, ObjectiveProgress{}, false, "no key results"},
	} {
		got := ObjectiveProgressOf(tt.krs, nil)
		if got != tt.want || got.Known() != tt.known || got.Note() != tt.note {
			t.Errorf("%s: got %+v known %v note %q; want %+v known %v note %q", tt.name, got, got.Known(), got.Note(), tt.want, tt.known, tt.note)
		}
	}
	hidden := ObjectiveProgressOf([]*model.KeyResult{reached, half}, func(kr *model.KeyResult) bool { return kr.ID != "KR-2" })
	if hidden != (ObjectiveProgress{Measurable: 1, KeyResults: 2}) {
		t.Errorf("a key result that may not count: %+v", hidden)
	}
}
