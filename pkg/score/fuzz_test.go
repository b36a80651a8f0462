package score

import (
	"errors"
	"math"
	"testing"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/model"
)

// FuzzFormula compiles any formula, as roadlog.yaml may hold one: a
// mistake is a *FormulaError whose column lies inside the formula; what
// compiles names its inputs once each and scores items with odd values
// (missing, NaN, infinite, huge) without a panic, to a finite number or
// to "no score", the same way twice.
func FuzzFormula(f *testing.F) {
	for _, s := range []string{
		"reach * impact / effort", "value * 2 / estimate", "max(value, 4) + reach", "value / 0", "reach *",
		"(", "let x = reach; x * x", "reach > 1 ? reach : -reach", "len(string(reach))", "reach ** 1000",
		"int(reach) % 0", "abs(-reach) + ceil(effort)", `"a" + reach`, "reach in [1, 2]",
	} {
		f.Add(s, 3.0, 0.0)
	}
	f.Fuzz(func(t *testing.T, formula string, a, b float64) {
		m, err := New("formula", formula)
		if err != nil {
			var fe *FormulaError
			if !errors.As(err, &fe) {
				t.Fatalf("New(%q): %T %v, want *FormulaError", formula, err, err)
			}
			if fe.Column < 1 || fe.Column > utf8.RuneCountInString(formula)+1 {
				t.Fatalf("New(%q): column %d outside the formula", formula, fe.Column)
			}
			return
		}
		inputs := m.Inputs()
		seen := map[string]bool{}
		for _, in := range inputs {
			if seen[in] {
				t.Fatalf("New(%q): input %q listed twice", formula, in)
			}
			seen[in] = true
		}
		for _, vals := range [][2]float64{{a, b}, {math.NaN(), 1}, {math.Inf(1), math.Inf(-1)}, {math.MaxFloat64, -math.MaxFloat64}, {0, 0}} {
			s := map[string]float64{}
			for i, in := range inputs {
				s[in] = vals[i%2]
			}
			for _, it := range []*model.Item{item(s, nil), item(nil, map[string]any{"estimate": int64(math.MinInt64), "x": "text"}), item(nil, nil)} {
				r1, ok1 := m.Score(it)
				r2, ok2 := m.Score(it)
				if ok1 != ok2 || (ok1 && r1 != r2 && !math.IsNaN(r1)) {
					t.Fatalf("Score(%q) differs between runs: %v %v, %v %v", formula, r1, ok1, r2, ok2)
				}
				if ok1 && (math.IsNaN(r1) || math.IsInf(r1, 0)) {
					t.Fatalf("Score(%q) = %v, want a finite number or no score", formula, r1)
				}
				if ok1 && len(m.Missing(it)) > 0 {
					t.Fatalf("Score(%q) scored an item missing %v", formula, m.Missing(it))
				}
			}
		}
	})
}
