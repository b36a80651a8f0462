package report

import (
	"strconv"

	"github.com/roadlog/roadlog/pkg/chart"
	gitflow "github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/forecast"
)

// forecasts forecasts every open release of the page's history as
// `roadlog forecast` does by default (throughput, the default window,
// trials and seed), from the report's today. A nil result comes with the
// reason in the info's None.
func (b *builder) forecasts() (*gitflow.ForecastResult, forecastInfo) {
	f := b.opts.Flow
	res, err := gitflow.Forecast(b.flow, f.Rules, gitflow.ForecastQuery{Today: f.Today, Seed: forecast.DefaultSeed})
	if err != nil {
		if gitflow.IsNoThroughput(err) {
			w := forecast.DefaultWindow(f.Today.Time())
			return nil, forecastInfo{None: "No forecast: no item was done from " + gitflow.DayOf(w.From).String() + " to " + gitflow.DayOf(w.To).String() + ", the window a forecast samples."}
		}
		return nil, forecastInfo{None: "No forecast: " + b.text(err.Error()) + "."}
	}
	return res, forecastInfo{Since: res.Since.String(), Until: res.Until.String(), Sampled: res.Sampled, Trials: res.Trials, Seed: res.Seed}
}

// releaseForecast is the forecast of a release as its section shows it
// (date: its planned date as the page shows it, "" for none), or why it
// has none.
func (b *builder) releaseForecast(res *gitflow.ForecastResult, rf gitflow.ReleaseFlow, date string) (*releaseForecast, string) {
	if len(rf.OpenIDs) == 0 {
		return nil, "Nothing is left open: nothing to forecast."
	}
	if res == nil {
		return nil, "No forecast (see above)."
	}
	var tf *gitflow.TargetForecast
	for i := range res.Targets {
		if res.Targets[i].ID == rf.ID {
			tf = &res.Targets[i]
		}
	}
	if tf == nil {
		return nil, "Released or cancelled: not forecast."
	}
	out := &releaseForecast{Remaining: tf.Remaining}
	h := chart.Histogram{ID: "flow-forecast-" + b.anchor(rf.ID), Title: "Forecast of " + rf.ID + ": simulated days its open items are done"}
	h.Bins, h.StepDays = histogramBins(tf.Histogram)
	for _, l := range tf.Levels {
		fl := forecastLevel{Confidence: l.Confidence, Beyond: l.Beyond || l.Date == nil}
		if !fl.Beyond {
			fl.Date = l.Date.String()
			h.Markers = append(h.Markers, chart.Marker{Label: percentLabel(l.Confidence), Date: dayTime(*l.Date)})
		}
		out.Levels = append(out.Levels, fl)
	}
	if date != "" && tf.Probability != nil {
		out.Probability = percentText(*tf.Probability)
		out.AtRisk = tf.AtRisk
		h.Markers = append(h.Markers, chart.Marker{Label: "planned", Date: dayTime(tf.Date)})
	}
	out.Histogram = h.Figure().HTML()
	return out, ""
}

// weeklyAfter is the span of a forecast, in days, beyond which its
// histogram shows weeks rather than days: a bar a day over months is too
// thin to read, and its data table too long.
const weeklyAfter = 91

// histogramBins are a forecast's trials as the chart's bins and the days
// each covers: a bin a day, or, over more than [weeklyAfter] days, a bin
// a week from the first day.
func histogramBins(trials []gitflow.TrialsOn) ([]chart.Bin, int) {
	if len(trials) == 0 {
		return nil, 1
	}
	step := 1
	if int(trials[len(trials)-1].Day-trials[0].Day) > weeklyAfter {
		step = 7
	}
	var bins []chart.Bin
	for _, t := range trials {
		from := trials[0].Day + (t.Day-trials[0].Day)/gitflow.Day(step)*gitflow.Day(step)
		if n := len(bins); n > 0 && bins[n-1].Date.Equal(dayTime(from)) {
			bins[n-1].Trials += t.Trials
			continue
		}
		bins = append(bins, chart.Bin{Date: dayTime(from), Trials: t.Trials})
	}
	return bins, step
}

// percentLabel is a confidence as a marker's label: "85%".
func percentLabel(c int) string { return strconv.Itoa(c) + "%" }
