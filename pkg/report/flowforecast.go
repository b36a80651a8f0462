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
	for _, bin := range tf.Histogram {
		h.Bins = append(h.Bins, chart.Bin{Date: dayTime(bin.Day), Trials: bin.Trials})
	}
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

// percentLabel is a confidence as a marker's label: "85%".
func percentLabel(c int) string { return strconv.Itoa(c) + "%" }
