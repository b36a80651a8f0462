package flow

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/roadlog/roadlog/pkg/forecast"
)

// Forecast methods: what the simulation draws from.
const (
	MethodThroughput = "throughput" // the items done per day of the window
	MethodCycle      = "cycle"      // the cycle times of the items done in the window
)

// Target is what a forecast is for: a release or an initiative, and its
// planned date (0 when it has none).
type Target struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"` // "release" or "initiative"
	Title string `json:"title"`
	Date  Day    `json:"date,omitempty"`
}

// ForecastQuery chooses what [Forecast] answers.
type ForecastQuery struct {
	// Targets are forecast in order; nil means every release of the
	// history that is not removed, released or cancelled and has open
	// items ([OpenReleases]).
	Targets []Target
	// Today is the first simulated day; the sample window is before it.
	Today Day
	// Since and Until bound the sample window, both days included; 0 for
	// either means that bound of [forecast.DefaultWindow] of Today.
	Since, Until Day
	// Items keeps only the items for which it returns true as remaining
	// work (--where over the items as they are now); nil keeps every open
	// item. The sample is every item done in the window.
	Items func(*Timeline) bool
	// Open, when set, gives the open items of each target by its ID,
	// in place of those the history has at its last commit (validate
	// passes the working tree's); Items does not apply to them.
	Open map[string][]string
	// Date, when set, also asks how many items will be done by it.
	Date Day
	// Method is [MethodThroughput] ("" too) or [MethodCycle].
	Method string
	// Trials is the number of simulated futures (0: the default); Seed
	// the random seed, used as it is.
	Trials int
	Seed   uint64
}

// ForecastLevel is the day by which a target's remaining items are done in
// at least Confidence percent of the trials; Beyond (and no Date) when
// fewer than that share finished within the horizon.
type ForecastLevel struct {
	Confidence int  `json:"confidence"`
	Date       *Day `json:"date"`
	Days       int  `json:"days"` // from today: 0 is today
	Beyond     bool `json:"beyond,omitempty"`
}

// TrialsOn is one bar of a forecast's histogram: the trials that finished
// on Day.
type TrialsOn struct {
	Day    Day `json:"day"`
	Trials int `json:"trials"`
}

// TargetForecast is the forecast of one target.
type TargetForecast struct {
	Target
	Open      []string        `json:"open"` // the remaining items
	Remaining int             `json:"remaining"`
	Levels    []ForecastLevel `json:"levels"` // 50, 85 and 95%
	Histogram []TrialsOn      `json:"histogram"`
	Beyond    int             `json:"beyond"` // trials past the horizon
	// Probability is the share of trials done on or before Date, from 0
	// to 1; nil when the target has no date. AtRisk: the 85% date is
	// after Date.
	Probability *float64 `json:"probability"`
	AtRisk      bool     `json:"at_risk"`
}

// Level returns the forecast at confidence c (50, 85 or 95).
func (tf *TargetForecast) Level(c int) ForecastLevel {
	for _, l := range tf.Levels {
		if l.Confidence == c {
			return l
		}
	}
	return ForecastLevel{Confidence: c, Beyond: true}
}

// CountForecast is the number of items done by a date in at least
// Confidence percent of the trials.
type CountForecast struct {
	Confidence int `json:"confidence"`
	Items      int `json:"items"`
}

// HowManyForecast answers "how many items will be done by Date?".
type HowManyForecast struct {
	Date   Day             `json:"date"`
	Days   int             `json:"days"` // simulated days, today and Date included
	Levels []CountForecast `json:"levels"`
}

// ForecastResult is what [Forecast] found: the sample it drew from, how,
// and the answer for each target.
type ForecastResult struct {
	Today   Day    `json:"today"`
	Since   Day    `json:"since"` // the sample window, both days included
	Until   Day    `json:"until"`
	Method  string `json:"method"`
	Trials  int    `json:"trials"`
	Seed    uint64 `json:"seed"`
	Horizon int    `json:"horizon_days"`
	// Sampled is the number of items done in the window; Lanes, for the
	// cycle method, the items worked on at once (the window's mean WIP).
	Sampled int              `json:"sampled"`
	Lanes   int              `json:"lanes,omitempty"`
	Targets []TargetForecast `json:"targets"`
	HowMany *HowManyForecast `json:"how_many,omitempty"`
	Rules   Rules            `json:"workflow"`
	sample  *forecast.Sample // throughput
	cycles  *forecast.CycleSample
}

// NothingOpenError says that a target has no open items left: it is done.
type NothingOpenError struct {
	ID string
}

func (e *NothingOpenError) Error() string {
	return fmt.Sprintf("%s has no open items: there is nothing left to forecast", e.ID)
}

// IsNoThroughput reports whether err says that no item was done in the
// sample window.
func IsNoThroughput(err error) bool {
	var nt *forecast.NoThroughputError
	return errors.As(err, &nt)
}

// OpenReleases returns the releases of h that are not removed, released or
// cancelled and have open items, as forecast targets.
func OpenReleases(h *History, r Rules) []Target {
	var out []Target
	for _, rl := range h.Releases {
		if rl.Removed || rl.Status == "released" || rl.Status == "cancelled" {
			continue
		}
		if len(h.OpenItems(r, rl.ID)) == 0 {
			continue
		}
		out = append(out, Target{ID: rl.ID, Kind: "release", Title: rl.Title, Date: rl.Date})
	}
	return out
}

// Forecast simulates, for each target of q, when its open items will be
// done, compares that with its date, and answers how many items will be
// done by q.Date. The answer depends only on h, r and q. It fails with a
// [*forecast.NoThroughputError] when nothing was done in the sample
// window, and with a [*NothingOpenError] for a target without open items.
func Forecast(h *History, r Rules, q ForecastQuery) (*ForecastResult, error) {
	today := q.Today.Time()
	w := forecast.DefaultWindow(today)
	if q.Since != 0 {
		w.From = q.Since.Time()
	}
	if q.Until != 0 {
		w.To = q.Until.Time()
	}
	res := &ForecastResult{
		Today: q.Today, Since: DayOf(w.From), Until: DayOf(w.To), Method: q.Method,
		Trials: q.Trials, Seed: q.Seed, Horizon: forecast.DefaultHorizon, Rules: r, Targets: []TargetForecast{},
	}
	if res.Method == "" {
		res.Method = MethodThroughput
	}
	if res.Trials == 0 {
		res.Trials = forecast.DefaultTrials
	}
	opts := forecast.Options{Trials: res.Trials, Seed: res.Seed, Horizon: res.Horizon}
	if err := res.draw(h, r, w); err != nil {
		return nil, err
	}
	targets, named := q.Targets, q.Targets != nil
	if !named {
		targets = OpenReleases(h, r)
	}
	for _, tg := range targets {
		tf := TargetForecast{Target: tg, Open: openItems(h, r, tg.ID, q.Items)}
		if q.Open != nil {
			tf.Open = append([]string{}, q.Open[tg.ID]...)
		}
		if len(tf.Open) == 0 && !named {
			continue // none of its open items is kept
		}
		if len(tf.Open) == 0 {
			return nil, &NothingOpenError{ID: tg.ID}
		}
		tf.Remaining = len(tf.Open)
		when, err := res.when(tf.Remaining, today, opts)
		if err != nil {
			return nil, err
		}
		tf.fill(when)
		res.Targets = append(res.Targets, tf)
	}
	if q.Date != 0 {
		if res.sample == nil {
			return nil, errors.New("how many items will be done by a date is forecast from throughput, not from cycle times")
		}
		hm, err := res.sample.HowMany(q.Date.Time(), today, opts)
		if err != nil {
			return nil, err
		}
		res.HowMany = &HowManyForecast{Date: DayOf(hm.Date), Days: hm.Days}
		for _, l := range hm.Levels {
			res.HowMany.Levels = append(res.HowMany.Levels, CountForecast{Confidence: l.Confidence, Items: l.Items})
		}
	}
	return res, nil
}

// draw builds the sample of the window w.
func (res *ForecastResult) draw(h *History, r Rules, w forecast.Window) error {
	switch res.Method {
	case MethodThroughput:
		days := h.DoneDays(r, nil)
		done := make([]time.Time, len(days))
		for i, d := range days {
			done[i] = d.Time()
		}
		s, err := forecast.NewSample(done, w)
		if err != nil {
			return err
		}
		res.sample, res.Sampled = &s, s.Total
	case MethodCycle:
		since, until := DayOf(w.From), DayOf(w.To)
		if until < since {
			return fmt.Errorf("the sample window %s ends before it starts", w)
		}
		var cycle []float64
		for _, f := range finished(r, h.Items, since, until) {
			if f.Done && f.Cycle != nil {
				cycle = append(cycle, float64(*f.Cycle))
			}
		}
		c, err := forecast.NewCycleSample(cycle, w)
		if err != nil {
			return err
		}
		res.cycles, res.Sampled = &c, len(c.Days)
		wip, _ := daily(r, h.Items, since, until)
		sum := 0
		for _, d := range wip {
			sum += d.Count
		}
		res.Lanes = max(1, int(math.Round(float64(sum)/float64(len(wip)))))
	default:
		return fmt.Errorf("unknown forecast method %q: use %s or %s", res.Method, MethodThroughput, MethodCycle)
	}
	return nil
}

func (res *ForecastResult) when(remaining int, today time.Time, opts forecast.Options) (forecast.When, error) {
	if res.sample != nil {
		return res.sample.When(remaining, today, opts)
	}
	return res.cycles.When(remaining, res.Lanes, today, opts)
}

// fill takes the simulation's answer, and compares it with the target's
// date.
func (tf *TargetForecast) fill(w forecast.When) {
	for _, l := range w.Levels {
		fl := ForecastLevel{Confidence: l.Confidence, Days: l.Days, Beyond: l.Beyond}
		if !l.Beyond {
			d := DayOf(l.Date)
			fl.Date = &d
		}
		tf.Levels = append(tf.Levels, fl)
	}
	tf.Histogram = make([]TrialsOn, len(w.Bins))
	for i, b := range w.Bins {
		tf.Histogram[i] = TrialsOn{Day: DayOf(b.Date), Trials: b.Trials}
	}
	tf.Beyond = w.Beyond
	if tf.Date != 0 {
		risk := w.Against(tf.Date.Time())
		p := risk.Probability
		tf.Probability, tf.AtRisk = &p, risk.AtRisk
	}
}

// openItems returns the IDs of the open items now in the release or
// initiative id that keep selects (nil: all), in natural order.
func openItems(h *History, r Rules, id string, keep func(*Timeline) bool) []string {
	out := []string{}
	for _, t := range h.Items {
		if t.Removed || r.IsClosed(t.Status()) || (t.Release != id && t.Initiative != id) {
			continue
		}
		if keep == nil || keep(t) {
			out = append(out, t.ID)
		}
	}
	return out
}
