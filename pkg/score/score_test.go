package score

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/model"
)

func item(score map[string]float64, fields map[string]any) *model.Item {
	return &model.Item{Meta: model.Meta{Fields: fields}, Score: score}
}

func TestScore(t *testing.T) {
	tests := []struct {
		model, formula string
		it             *model.Item
		want           float64
		ok             bool
		missing        []string
	}{
		{"rice", "", item(map[string]float64{"reach": 1200, "impact": 2, "confidence": 0.8, "effort": 3}, nil), 640, true, nil},
		{"rice", "", item(map[string]float64{"reach": 1200, "impact": 2}, nil), 0, false, []string{"confidence", "effort"}},
		{"rice", "", item(map[string]float64{"reach": 1, "impact": 1, "confidence": 1, "effort": 0}, nil), 0, false, nil},
		{"ice", "", item(map[string]float64{"impact": 8, "confidence": 5, "ease": 2}, nil), 80, true, nil},
		{"wsjf", "", item(map[string]float64{"value": 8, "time_criticality": 5, "risk_reduction": 2, "job_size": 3}, nil), 5, true, nil},
		{"formula", "value * 2 / estimate", item(map[string]float64{"value": 9}, map[string]any{"estimate": int64(3)}), 6, true, nil},
		{"formula", "max(value, 4) + reach", item(map[string]float64{"value": 1}, nil), 0, false, []string{"reach"}},
		{"formula", "value / 0", item(map[string]float64{"value": 1}, nil), 0, false, nil},
	}
	for _, tt := range tests {
		m, err := New(tt.model, tt.formula)
		if err != nil {
			t.Fatalf("New(%s, %q): %v", tt.model, tt.formula, err)
		}
		got, ok := m.Score(tt.it)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s %q: Score = %v, %v; want %v, %v", tt.model, tt.formula, got, ok, tt.want, tt.ok)
		}
		if diff := cmp.Diff(tt.missing, m.Missing(tt.it)); diff != "" {
			t.Errorf("%s %q: Missing (-want +got)\n%s", tt.model, tt.formula, diff)
		}
	}
}

func TestFormulaErrors(t *testing.T) {
	for _, tt := range []struct {
		formula string
		col     int
	}{
		{"reach * ", 8},
		{"reach >", 7},
		{`"text"`, 1},
	} {
		_, err := New("formula", tt.formula)
		var fe *FormulaError
		if !errors.As(err, &fe) {
			t.Errorf("%q: got %v, want a FormulaError", tt.formula, err)
			continue
		}
		if fe.Column != tt.col {
			t.Errorf("%q: column %d, want %d (%s)", tt.formula, fe.Column, tt.col, fe.Msg)
		}
	}
	if _, err := New("moscow", ""); err == nil {
		t.Error("unknown model accepted")
	}
}
