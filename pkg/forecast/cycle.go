package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// CycleSample is the cycle times of the items done in a window: how many
// days each took from its first active status to done.
type CycleSample struct {
	Window Window
	Days   []int // whole days, at least 1, in the order given
}

// NewCycleSample takes the cycle times, in days, of the items done in w
// (the caller picks them; w is kept to be shown and named in errors).
// Parts of a day count as a whole day, and an item done the day it started
// took 1 day. It fails with a [*NoThroughputError] when there is none.
func NewCycleSample(cycleDays []float64, w Window) (CycleSample, error) {
	c := CycleSample{Window: Window{From: Day(w.From), To: Day(w.To)}, Days: make([]int, len(cycleDays))}
	for i, d := range cycleDays {
		if !(d >= 0) || math.IsInf(d, 1) {
			return CycleSample{}, fmt.Errorf("cycle time %s days is not a number of days", strconv.FormatFloat(d, 'f', -1, 64))
		}
		c.Days[i] = max(1, int(min(math.Ceil(d), maxCycle)))
	}
	if len(c.Days) == 0 {
		return CycleSample{}, &NoThroughputError{Window: c.Window}
	}
	return c, nil
}

// maxCycle caps cycle times far beyond any horizon, so sums do not
// overflow.
const maxCycle = 1 << 30

// When simulates opts.Trials futures in which lanes items are worked on at
// once (the team's usual work in progress): from today, each free lane
// takes the next remaining item, which takes a cycle time drawn from c.
// It returns the days by which the last remaining item is done. Items
// already in progress are counted as remaining items starting today.
func (c CycleSample) When(remaining, lanes int, today time.Time, opts Options) (When, error) {
	opts, err := opts.normalized()
	if err != nil {
		return When{}, err
	}
	if remaining < 0 {
		return When{}, fmt.Errorf("remaining items must not be negative, not %d", remaining)
	}
	if lanes < 1 {
		return When{}, fmt.Errorf("lanes (items worked on at once) must be at least 1, not %d", lanes)
	}
	if len(c.Days) == 0 {
		return When{}, &NoThroughputError{Window: c.Window}
	}
	today = Day(today)
	days := make([]int, opts.Trials)
	// Every item takes a day at least: past lanes × horizon items no
	// trial can finish.
	if int64(remaining) > int64(lanes)*int64(opts.Horizon) {
		for i := range days {
			days[i] = beyond
		}
	} else {
		r := opts.rand()
		free := make([]int, lanes)
		for i := range days {
			days[i] = cycleTrial(r, c.Days, free, remaining, opts.Horizon)
		}
	}
	return newWhen(days, remaining, today, opts), nil
}

// cycleTrial simulates one future: the day (0 is today) the last item is
// done, or beyond. free is a min-heap of the day each lane is next free;
// it is reset here.
func cycleTrial(r *rand.Rand, cycle, free []int, remaining, horizon int) int {
	clear(free)
	last := 0
	for range remaining {
		start := free[0]
		if start >= horizon {
			return beyond
		}
		ct := cycle[r.IntN(len(cycle))]
		last = max(last, start+ct-1)
		free[0] = start + ct
		siftDown(free)
	}
	if last >= horizon {
		return beyond
	}
	return last
}

// siftDown restores the min-heap h after its root grew.
func siftDown(h []int) {
	i := 0
	for {
		l, m := 2*i+1, i
		if l < len(h) && h[l] < h[m] {
			m = l
		}
		if l+1 < len(h) && h[l+1] < h[m] {
			m = l + 1
		}
		if m == i {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
