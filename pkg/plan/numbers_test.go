package plan

import "testing"

func TestNumbers(t *testing.T) {
	for _, tt := range []struct {
		v              float64
		score, percent string
		ratio          float64
	}{
		{1166.6666666666667, "1166.67", "116667%", 1166.6667},
		{0.30803, "0.31", "31%", 0.308},
		{0.125, "0.13", "13%", 0.125},
		{1.0 / 3, "0.33", "33%", 0.3333},
		{0.995, "1", "100%", 0.995},
		{0, "0", "0%", 0},
	} {
		if got := FormatScore(tt.v); got != tt.score {
			t.Errorf("FormatScore(%v) = %q, want %q", tt.v, got, tt.score)
		}
		if got := Percent(tt.v); got != tt.percent {
			t.Errorf("Percent(%v) = %q, want %q", tt.v, got, tt.percent)
		}
		if got := roundRatio(tt.v); got != tt.ratio {
			t.Errorf("roundRatio(%v) = %v, want %v", tt.v, got, tt.ratio)
		}
	}
}

func TestShare(t *testing.T) {
	for _, tt := range []struct {
		s     Share
		ratio float64
		ok    bool
		text  string
	}{
		{Share{1, 3}, 0.3333, true, "1 of 3 items closed (33%)"},
		{Share{4, 4}, 1, true, "4 of 4 items closed (100%)"},
		{Share{}, 0, false, "no items"},
	} {
		r, ok := tt.s.Ratio()
		if r != tt.ratio || ok != tt.ok || tt.s.ItemsText() != tt.text {
			t.Errorf("%+v: Ratio = %v, %v; ItemsText = %q", tt.s, r, ok, tt.s.ItemsText())
		}
	}
}
