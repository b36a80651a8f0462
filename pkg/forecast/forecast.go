// Package forecast answers "when will the remaining items be done?" and
// "how many items will be done by a date?" with a Monte Carlo simulation
// over the daily throughput sampled from a window of past days.
//
// Each trial draws one past day at random (with replacement) for every
// future day, starting with today, and adds up the items that day finished.
// [CycleSample.When] is the variant from cycle times instead: a number of
// lanes take the remaining items one by one, each item taking a cycle time
// drawn from the past. The draws come from math/rand/v2's PCG seeded with
// ([Options.Seed], 0), so the same input and seed give the same answer on
// every platform. Days are UTC calendar days; the caller passes today,
// never the wall clock.
package forecast

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// Defaults of [Options] and of the sample window.
const (
	DefaultTrials  = 10000
	DefaultSeed    = 1
	DefaultHorizon = 3650 // days: ten years
	DefaultWeeks   = 12   // the default window: the 12 weeks before today
)

// levels are the confidence levels every answer gives, in percent.
var levels = []int{50, 85, 95}

const day = 24 * time.Hour

// Day returns t's UTC calendar day at midnight.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Window is the inclusive range of past days whose throughput is sampled.
type Window struct {
	From, To time.Time
}

// DefaultWindow is the [DefaultWeeks] weeks before today: today itself is
// not over, so it is left out.
func DefaultWindow(today time.Time) Window {
	t := Day(today)
	return Window{From: t.AddDate(0, 0, -7*DefaultWeeks), To: t.AddDate(0, 0, -1)}
}

// Days is the number of days in w.
func (w Window) Days() int { return daysBetween(Day(w.From), Day(w.To)) + 1 }

// String is "FROM to TO", both as YYYY-MM-DD.
func (w Window) String() string {
	return Day(w.From).Format(time.DateOnly) + " to " + Day(w.To).Format(time.DateOnly)
}

// NoThroughputError says that no item was done in the sample window, so
// there is nothing to draw from.
type NoThroughputError struct {
	Window Window
}

func (e *NoThroughputError) Error() string {
	return fmt.Sprintf("no items were done from %s, so there is no throughput to forecast from; widen the sample window to include days when items were done", e.Window)
}

// Sample is the daily throughput of a window: how many items were done on
// each of its days, oldest first.
type Sample struct {
	Window Window
	Daily  []int
	Total  int
}

// NewSample counts the done dates (the completion time of each done item)
// per day of w. Dates outside w are left out. It fails when w ends before
// it starts, and with a [*NoThroughputError] when no item was done in w.
func NewSample(done []time.Time, w Window) (Sample, error) {
	from, to := Day(w.From), Day(w.To)
	if to.Before(from) {
		return Sample{}, fmt.Errorf("the sample window %s ends before it starts", w)
	}
	s := Sample{Window: Window{From: from, To: to}, Daily: make([]int, daysBetween(from, to)+1)}
	for _, t := range done {
		i := daysBetween(from, Day(t))
		if i >= 0 && i < len(s.Daily) {
			s.Daily[i]++
			s.Total++
		}
	}
	if s.Total == 0 {
		return Sample{}, &NoThroughputError{Window: s.Window}
	}
	return s, nil
}

// hasThroughput reports whether any day of s finished an item.
func (s Sample) hasThroughput() bool {
	return slices.ContainsFunc(s.Daily, func(n int) bool { return n > 0 })
}

// Options are the simulation's parameters. A zero Trials or Horizon means
// the default; Seed is used as it is ([DefaultSeed] is the command's
// default).
type Options struct {
	Trials  int
	Seed    uint64
	Horizon int // the most days a trial simulates, today included
}

func (o Options) normalized() (Options, error) {
	if o.Trials == 0 {
		o.Trials = DefaultTrials
	}
	if o.Horizon == 0 {
		o.Horizon = DefaultHorizon
	}
	if o.Trials < 0 {
		return o, fmt.Errorf("trials must be positive, not %d", o.Trials)
	}
	if o.Horizon < 0 {
		return o, fmt.Errorf("the horizon must be positive, not %d days", o.Horizon)
	}
	return o, nil
}

func (o Options) rand() *rand.Rand { return rand.New(rand.NewPCG(o.Seed, 0)) }

// DateLevel is the day by which the remaining items are done in at least
// Confidence percent of the trials. Beyond is set when fewer than that
// share of the trials finished within the horizon; Date and Days are then
// zero.
type DateLevel struct {
	Confidence int
	Date       time.Time
	Days       int // days from today: 0 is today
	Beyond     bool
}

// Bin is one bar of a histogram: how many trials finished on Date.
type Bin struct {
	Date   time.Time
	Trials int
}

// When is the answer to "when will the remaining items be done?".
type When struct {
	Today     time.Time
	Remaining int
	Trials    int
	Seed      uint64
	Horizon   int
	Levels    []DateLevel // 50, 85 and 95% confidence
	// Bins counts the trials by the day they finished, one bin per day
	// from the earliest to the latest, days without a trial included.
	Bins []Bin
	// Beyond counts the trials that did not finish within Horizon days.
	Beyond int
}

// When simulates opts.Trials futures from today and returns the
// days by which the remaining items are done. With nothing remaining
// every trial is done today.
func (s Sample) When(remaining int, today time.Time, opts Options) (When, error) {
	opts, err := opts.normalized()
	if err != nil {
		return When{}, err
	}
	if remaining < 0 {
		return When{}, fmt.Errorf("remaining items must not be negative, not %d", remaining)
	}
	if !s.hasThroughput() {
		return When{}, &NoThroughputError{Window: s.Window}
	}
	today = Day(today)
	days := make([]int, opts.Trials) // beyond: did not finish within the horizon
	// A trial can finish within the horizon only if the best day, every
	// day, would do it; otherwise there is nothing to draw.
	if int64(remaining) > int64(slices.Max(s.Daily))*int64(opts.Horizon) {
		for i := range days {
			days[i] = beyond
		}
	} else {
		r := opts.rand()
		for i := range days {
			days[i] = trialDays(r, s.Daily, remaining, opts.Horizon)
		}
	}
	return newWhen(days, remaining, today, opts), nil
}

// newWhen summarizes the trials' finishing days (beyond for those that did
// not finish); it sorts days.
func newWhen(days []int, remaining int, today time.Time, opts Options) When {
	w := When{Today: today, Remaining: remaining, Trials: opts.Trials, Seed: opts.Seed, Horizon: opts.Horizon}
	w.Bins, w.Beyond = histogram(days, today)
	slices.Sort(days) // the trials that finished beyond the horizon sort last
	for _, c := range levels {
		lvl := DateLevel{Confidence: c}
		if d := days[rankIndex(c, len(days))]; d == beyond {
			lvl.Beyond = true
		} else {
			lvl.Days, lvl.Date = d, today.AddDate(0, 0, d)
		}
		w.Levels = append(w.Levels, lvl)
	}
	return w
}

// beyond marks a trial that did not finish within the horizon.
const beyond = int(^uint(0) >> 1)

// trialDays simulates one future: the day (0 is today) on which the done
// items reach remaining, or beyond.
func trialDays(r *rand.Rand, daily []int, remaining, horizon int) int {
	if remaining <= 0 {
		return 0
	}
	done := 0
	for d := range horizon {
		done += daily[r.IntN(len(daily))]
		if done >= remaining {
			return d
		}
	}
	return beyond
}

// histogram counts trials per finishing day, contiguous from the earliest
// to the latest, and the trials beyond the horizon.
func histogram(days []int, today time.Time) ([]Bin, int) {
	lo, hi, out := beyond, -1, 0
	for _, d := range days {
		if d == beyond {
			out++
			continue
		}
		lo, hi = min(lo, d), max(hi, d)
	}
	if hi < 0 {
		return nil, out
	}
	bins := make([]Bin, hi-lo+1)
	for i := range bins {
		bins[i].Date = today.AddDate(0, 0, lo+i)
	}
	for _, d := range days {
		if d != beyond {
			bins[d-lo].Trials++
		}
	}
	return bins, out
}

// rankIndex is the nearest-rank index of the c-th percentile of n sorted
// values: the smallest index i such that at least c% of the values are at
// or below values[i].
func rankIndex(c, n int) int {
	return max((c*n+99)/100-1, 0)
}

// daysBetween counts the days from a to b (both UTC midnights).
func daysBetween(a, b time.Time) int {
	return int(b.Sub(a).Round(day) / day)
}

// Risk compares a forecast with a planned date.
type Risk struct {
	Planned time.Time
	// Probability is the share of trials done on or before Planned, from 0
	// to 1.
	Probability float64
	// AtRisk is set when the 85% date is after Planned (or beyond the
	// horizon): fewer than 85% of the trials make it.
	AtRisk bool
}

// Against compares w with a planned date.
func (w When) Against(planned time.Time) Risk {
	planned = Day(planned)
	on := 0
	for _, b := range w.Bins {
		if !b.Date.After(planned) {
			on += b.Trials
		}
	}
	r := Risk{Planned: planned}
	if w.Trials > 0 {
		r.Probability = float64(on) / float64(w.Trials)
	}
	for _, l := range w.Levels {
		if l.Confidence == 85 {
			r.AtRisk = l.Beyond || l.Date.After(planned)
		}
	}
	return r
}

// CountLevel is the number of items done by the date in at least
// Confidence percent of the trials.
type CountLevel struct {
	Confidence int
	Items      int
}

// HowMany is the answer to "how many items will be done by a date?".
type HowMany struct {
	Today  time.Time
	Date   time.Time
	Days   int // simulated days: today to Date, both included
	Trials int
	Seed   uint64
	Levels []CountLevel // 50, 85 and 95% confidence
}

// ErrDateBeforeToday is returned when asked how many items will be done
// by a day already past.
var ErrDateBeforeToday = errors.New("the date is before today")

// HowMany simulates opts.Trials futures from today to date, both
// days included, and returns how many items are done by date.
//
// More confidence means fewer items: the count at c% confidence is reached
// or passed in at least c% of the trials, which is the (100-c)th
// percentile of the simulated counts (the 85% figure is the 15th
// percentile), not the c-th.
func (s Sample) HowMany(date, today time.Time, opts Options) (HowMany, error) {
	opts, err := opts.normalized()
	if err != nil {
		return HowMany{}, err
	}
	today, date = Day(today), Day(date)
	if date.Before(today) {
		return HowMany{}, fmt.Errorf("%w: %s is before %s", ErrDateBeforeToday, date.Format(time.DateOnly), today.Format(time.DateOnly))
	}
	if !s.hasThroughput() {
		return HowMany{}, &NoThroughputError{Window: s.Window}
	}
	h := HowMany{Today: today, Date: date, Days: daysBetween(today, date) + 1, Trials: opts.Trials, Seed: opts.Seed}
	if h.Days > opts.Horizon {
		return HowMany{}, fmt.Errorf("%s is %d days ahead, beyond the horizon of %d days", date.Format(time.DateOnly), h.Days, opts.Horizon)
	}
	r := opts.rand()
	counts := make([]int, opts.Trials)
	for i := range counts {
		n := 0
		for range h.Days {
			n += s.Daily[r.IntN(len(s.Daily))]
		}
		counts[i] = n
	}
	// Sorted from most to fewest: the c-th percentile from the top.
	slices.SortFunc(counts, func(a, b int) int { return b - a })
	for _, c := range levels {
		h.Levels = append(h.Levels, CountLevel{Confidence: c, Items: counts[rankIndex(c, len(counts))]})
	}
	return h, nil
}
