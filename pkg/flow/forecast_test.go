package flow

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roadlog/roadlog/pkg/forecast"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// forecastHistory builds, without Git, a history whose items finished
// on the days done gives (in-progress the day before, an idea two days
// before), and whose open items (ready, so not in progress) are in the
// releases and initiatives open names, as ID → release/initiative.
func forecastHistory(done []Day, open [][2]string, releases ...*ReleaseLine) *History {
	h := &History{Releases: releases}
	for i, d := range done {
		h.Items = append(h.Items, &Timeline{
			ID: fmt.Sprintf("D-%d", i+1), Added: d - 2, Type: "task",
			Statuses: []Period{{Status: "idea", From: d - 2}, {Status: "in-progress", From: d - 1, Seq: 1}, {Status: "done", From: d, Seq: 2}},
		})
	}
	for i, o := range open {
		t := &Timeline{ID: fmt.Sprintf("O-%d", i+1), Added: day("2026-09-01"), Type: "task", Statuses: []Period{{Status: "ready", From: day("2026-09-01")}}}
		if strings.HasPrefix(o[0], "R-") {
			t.Release = o[0]
		} else {
			t.Initiative = o[0]
		}
		t.Type = o[1]
		h.Items = append(h.Items, t)
	}
	return h
}

func every(from, to Day, step int) []Day {
	var out []Day
	for d := from; d <= to; d += Day(step) {
		out = append(out, d)
	}
	return out
}

func levels(tf TargetForecast) string {
	var b strings.Builder
	for _, l := range tf.Levels {
		if l.Beyond {
			fmt.Fprintf(&b, "%d%%:beyond ", l.Confidence)
			continue
		}
		fmt.Fprintf(&b, "%d%%:%s ", l.Confidence, *l.Date)
	}
	return strings.TrimSpace(b.String())
}

// TestForecastByConstruction: one item done on every day of the default
// window makes every trial finish n items on day n-1, whatever the seed,
// and so for the cycle method with one item in progress at a time, each
// taking a day.
func TestForecastByConstruction(t *testing.T) {
	r := NewRules(workspace.DefaultConfig())
	today := day("2027-01-01")
	win := forecast.DefaultWindow(today.Time())
	h := forecastHistory(every(DayOf(win.From), DayOf(win.To), 1),
		[][2]string{{"R-1", "task"}, {"R-1", "task"}, {"R-1", "bug"}, {"R-1", "task"}, {"R-1", "task"}, {"R-2", "task"}, {"R-2", "task"}, {"R-2", "bug"}, {"I-1", "task"}, {"R-3", "task"}},
		&ReleaseLine{ID: "R-1", Title: "One", Date: day("2027-01-04")},
		&ReleaseLine{ID: "R-2", Title: "Two", Date: day("2027-01-10")},
		&ReleaseLine{ID: "R-3", Title: "Shipped", Status: "released"},
		&ReleaseLine{ID: "R-4", Title: "Empty"},
	)
	for _, method := range []string{MethodThroughput, MethodCycle} {
		res, err := Forecast(h, r, ForecastQuery{Today: today, Date: day("2027-01-10"), Method: method, Seed: forecast.DefaultSeed, Trials: 500})
		if method == MethodCycle {
			if err == nil || !strings.Contains(err.Error(), "from throughput") {
				t.Fatalf("cycle with a date: %v", err)
			}
			res, err = Forecast(h, r, ForecastQuery{Today: today, Method: method, Seed: forecast.DefaultSeed, Trials: 500})
		}
		if err != nil {
			t.Fatal(err)
		}
		if res.Since != day("2026-10-09") || res.Until != day("2026-12-31") || res.Sampled != 84 || res.Seed != 1 || res.Trials != 500 || res.Method != method {
			t.Errorf("%s: window %s to %s, sampled %d, seed %d, trials %d", method, res.Since, res.Until, res.Sampled, res.Seed, res.Trials)
		}
		// Default targets: the open releases with open items, R-3 is
		// released and R-4 has none.
		var got []string
		for _, tf := range res.Targets {
			p := "-"
			if tf.Probability != nil {
				p = fmt.Sprint(*tf.Probability)
			}
			got = append(got, fmt.Sprintf("%s %d %s p=%s risk=%v %v", tf.ID, tf.Remaining, levels(tf), p, tf.AtRisk, tf.Histogram))
		}
		want := []string{
			"R-1 5 50%:2027-01-05 85%:2027-01-05 95%:2027-01-05 p=0 risk=true [{2027-01-05 500}]",
			"R-2 3 50%:2027-01-03 85%:2027-01-03 95%:2027-01-03 p=1 risk=false [{2027-01-03 500}]",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", method, diff)
		}
		if method == MethodCycle && res.Lanes != 1 {
			t.Errorf("lanes %d, want 1", res.Lanes)
		}
		if method == MethodThroughput {
			want := &HowManyForecast{Date: day("2027-01-10"), Days: 10, Levels: []CountForecast{{50, 10}, {85, 10}, {95, 10}}}
			if diff := cmp.Diff(want, res.HowMany); diff != "" {
				t.Errorf("how many (-want +got):\n%s", diff)
			}
		}
	}
	// Named targets, an initiative among them; --where keeps the bugs.
	res, err := Forecast(h, r, ForecastQuery{
		Today: today, Seed: 1, Trials: 100,
		Targets: []Target{{ID: "I-1", Kind: "initiative"}, {ID: "R-1", Kind: "release", Date: day("2027-01-04")}},
		Items:   func(t *Timeline) bool { return t.Type == "bug" || t.Initiative == "I-1" },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) != 2 || levels(res.Targets[0]) != "50%:2027-01-01 85%:2027-01-01 95%:2027-01-01" || res.Targets[0].Probability != nil ||
		fmt.Sprint(res.Targets[1].Open) != "[O-3]" || levels(res.Targets[1]) != "50%:2027-01-01 85%:2027-01-01 95%:2027-01-01" || res.Targets[1].AtRisk {
		t.Errorf("named targets: %+v", res.Targets)
	}
	// A named target with nothing open is an error.
	_, err = Forecast(h, r, ForecastQuery{Today: today, Targets: []Target{{ID: "R-4", Kind: "release"}}})
	var none *NothingOpenError
	if !errors.As(err, &none) || none.ID != "R-4" || err.Error() != "R-4 has no open items: there is nothing left to forecast" {
		t.Errorf("nothing open: %v", err)
	}
	// A window in which nothing was done.
	for _, method := range []string{MethodThroughput, MethodCycle} {
		_, err = Forecast(h, r, ForecastQuery{Today: today, Since: day("2026-01-01"), Until: day("2026-02-01"), Method: method})
		if !IsNoThroughput(err) || !strings.Contains(err.Error(), "from 2026-01-01 to 2026-02-01") {
			t.Errorf("%s, no throughput: %v", method, err)
		}
	}
	if _, err = Forecast(h, r, ForecastQuery{Today: today, Method: "guess"}); err == nil || err.Error() != `unknown forecast method "guess": use throughput or cycle` {
		t.Errorf("unknown method: %v", err)
	}
}

// TestForecastSeeded pins the answer of an uneven throughput for the
// default seed: two items every third day is 2/3 of an item a day, so 10
// items take about 15 days.
func TestForecastSeeded(t *testing.T) {
	r := NewRules(workspace.DefaultConfig())
	today := day("2027-01-01")
	var done []Day
	for _, d := range every(day("2026-10-09"), day("2026-12-31"), 3) {
		done = append(done, d, d)
	}
	var open [][2]string
	for range 10 {
		open = append(open, [2]string{"R-1", "task"})
	}
	h := forecastHistory(done, open, &ReleaseLine{ID: "R-1", Title: "One", Date: day("2027-01-14")})
	res, err := Forecast(h, r, ForecastQuery{Today: today, Seed: forecast.DefaultSeed, Date: day("2027-01-14")})
	if err != nil {
		t.Fatal(err)
	}
	tf := res.Targets[0]
	if got := levels(tf); got != "50%:2027-01-14 85%:2027-01-21 95%:2027-01-25" {
		t.Errorf("levels %s", got)
	}
	if tf.Probability == nil || fmt.Sprintf("%.4f", *tf.Probability) != "0.5265" || !tf.AtRisk {
		t.Errorf("risk %v %v", *tf.Probability, tf.AtRisk)
	}
	if got := fmt.Sprint(res.HowMany.Levels); got != "[{50 10} {85 6} {95 4}]" {
		t.Errorf("how many %s", got)
	}
	// The same seed gives the same answer; another seed may not.
	again, _ := Forecast(h, r, ForecastQuery{Today: today, Seed: forecast.DefaultSeed, Date: day("2027-01-14")})
	if diff := cmp.Diff(res.Targets, again.Targets); diff != "" {
		t.Errorf("not reproducible:\n%s", diff)
	}
}
