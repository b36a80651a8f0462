package forecast

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var cyclePinned = CycleSample{Window: pinned.Window, Days: []int{1, 2, 2, 3, 5, 8, 13, 4, 3, 2}}

func TestNewCycleSample(t *testing.T) {
	c, err := NewCycleSample([]float64{0, 0.2, 1, 2.5, 7}, pinned.Window)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1, 1, 1, 3, 7}, c.Days); diff != "" {
		t.Errorf("days (-want +got):\n%s", diff)
	}
	_, err = NewCycleSample(nil, pinned.Window)
	var nt *NoThroughputError
	if !errors.As(err, &nt) {
		t.Errorf("no cycle times: error %v, want a *NoThroughputError", err)
	}
	for _, bad := range []float64{-1, math.NaN(), math.Inf(1)} {
		_, err = NewCycleSample([]float64{3, bad}, pinned.Window)
		if err == nil {
			t.Errorf("cycle time %v: no error", bad)
		}
	}
	_, err = NewCycleSample([]float64{-1.5}, pinned.Window)
	if want := "cycle time -1.5 days is not a number of days"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestConstantCycleTime: every item takes two days, so the answer is
// known: lanes work through the items two days at a time.
func TestConstantCycleTime(t *testing.T) {
	c, err := NewCycleSample([]float64{2, 1.5, 2}, pinned.Window)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ remaining, lanes, days int }{
		{0, 1, 0},
		{1, 1, 1},
		{3, 1, 5}, // days 0-1, 2-3, 4-5
		{3, 2, 3}, // two items on days 0-1, the third on days 2-3
		{3, 3, 1},
		{7, 3, 5},
	}
	for _, tc := range cases {
		w, err := c.When(tc.remaining, tc.lanes, today, Options{Trials: 50, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		d := today.AddDate(0, 0, tc.days)
		want := []DateLevel{{50, d, tc.days, false}, {85, d, tc.days, false}, {95, d, tc.days, false}}
		if diff := cmp.Diff(want, w.Levels); diff != "" {
			t.Errorf("%d items on %d lanes (-want +got):\n%s", tc.remaining, tc.lanes, diff)
		}
	}
}

func TestPinnedCycleWhen(t *testing.T) {
	w, err := cyclePinned.When(12, 3, today, Options{Seed: DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	want := []DateLevel{
		{Confidence: 50, Date: date(2026, 12, 20), Days: 19},
		{Confidence: 85, Date: date(2026, 12, 26), Days: 25},
		{Confidence: 95, Date: date(2026, 12, 29), Days: 28},
	}
	if diff := cmp.Diff(want, w.Levels); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
	if len(w.Bins) != 34 || sumBins(w.Bins) != DefaultTrials || w.Beyond != 0 {
		t.Errorf("%d bins holding %d trials, %d beyond; want 34 holding all", len(w.Bins), sumBins(w.Bins), w.Beyond)
	}
	if diff := cmp.Diff(Risk{Planned: date(2026, 12, 16), Probability: 0.2528, AtRisk: true}, w.Against(date(2026, 12, 16))); diff != "" {
		t.Errorf("against (-want +got):\n%s", diff)
	}
}

func TestCycleBeyondTheHorizon(t *testing.T) {
	w, err := cyclePinned.When(1000, 2, today, Options{Trials: 100, Horizon: 400})
	if err != nil {
		t.Fatal(err)
	}
	if w.Beyond != 100 || w.Bins != nil || !w.Levels[0].Beyond {
		t.Errorf("1000 items on 2 lanes in 400 days: beyond %d, bins %v, levels %+v", w.Beyond, w.Bins, w.Levels)
	}
	// Few enough items to try, too many to finish: every trial runs out.
	w, err = cyclePinned.When(300, 2, today, Options{Trials: 100, Horizon: 400})
	if err != nil {
		t.Fatal(err)
	}
	if w.Beyond != 100 {
		t.Errorf("300 items of 4.3 days on 2 lanes in 400 days: %d trials beyond, want all", w.Beyond)
	}
}

func TestCycleErrors(t *testing.T) {
	cases := []struct {
		remaining, lanes int
		c                CycleSample
		want             string
	}{
		{-1, 1, cyclePinned, "remaining items must not be negative, not -1"},
		{1, 0, cyclePinned, "lanes (items worked on at once) must be at least 1, not 0"},
		{1, 1, CycleSample{Window: pinned.Window}, "no items were done from 2026-09-01 to 2026-09-10, so there is no throughput to forecast from; widen the sample window to include days when items were done"},
	}
	for _, c := range cases {
		_, err := c.c.When(c.remaining, c.lanes, today, Options{})
		if err == nil || err.Error() != c.want {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

// TestCycleLevelsAreOrdered: more confidence is never an earlier date,
// and more lanes never a later one.
func TestCycleLevelsAreOrdered(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0))
	for i := range 40 {
		c := CycleSample{Window: pinned.Window, Days: make([]int, 1+r.IntN(30))}
		for j := range c.Days {
			c.Days[j] = 1 + r.IntN(20)
		}
		opts := Options{Trials: 300, Seed: r.Uint64(), Horizon: 30 + r.IntN(300)}
		remaining, lanes := r.IntN(60), 1+r.IntN(5)
		w, err := c.When(remaining, lanes, today, opts)
		if err != nil {
			t.Fatal(err)
		}
		for k := 1; k < len(w.Levels); k++ {
			a, b := w.Levels[k-1], w.Levels[k]
			if a.Beyond && !b.Beyond || !a.Beyond && !b.Beyond && a.Days > b.Days {
				t.Errorf("case %d: %+v after %+v", i, a, b)
			}
		}
		if sumBins(w.Bins)+w.Beyond != opts.Trials {
			t.Errorf("case %d: %d trials in bins and %d beyond, want %d", i, sumBins(w.Bins), w.Beyond, opts.Trials)
		}
		// With a horizon no trial reaches, every trial makes one draw per
		// item, so both runs draw the same cycle times, and the same
		// items on more lanes finish no later, trial by trial.
		opts.Horizon = 60 * 20
		narrow, err := c.When(remaining, lanes, today, opts)
		if err != nil {
			t.Fatal(err)
		}
		wider, err := c.When(remaining, lanes+1, today, opts)
		if err != nil {
			t.Fatal(err)
		}
		for k := range narrow.Levels {
			if m, n := narrow.Levels[k], wider.Levels[k]; m.Beyond || n.Beyond || n.Days > m.Days {
				t.Errorf("case %d: %+v on %d lanes, %+v on %d", i, m, lanes, n, lanes+1)
			}
		}
	}
}
