package forecast_test

import (
	"fmt"
	"time"

	"github.com/roadlog/roadlog/pkg/forecast"
)

// Forecast a release with 30 open items from the items done in the last
// 12 weeks, and compare it with its planned date.
func Example() {
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	window := forecast.DefaultWindow(today)
	var done []time.Time // when each done item was closed
	for d := window.From; d.Before(today); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Tuesday || d.Weekday() == time.Thursday {
			done = append(done, d.Add(14*time.Hour))
		}
	}
	sample, err := forecast.NewSample(done, window)
	if err != nil {
		fmt.Println(err)
		return
	}
	when, err := sample.When(30, today, forecast.Options{Seed: forecast.DefaultSeed})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d items done from %s; %d trials, seed %d\n", sample.Total, sample.Window, when.Trials, when.Seed)
	for _, l := range when.Levels {
		fmt.Printf("%d%%: %s\n", l.Confidence, l.Date.Format(time.DateOnly))
	}
	risk := when.Against(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC))
	fmt.Printf("by 2027-03-01: %.1f%%, at risk: %v\n", 100*risk.Probability, risk.AtRisk)

	many, err := sample.HowMany(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), today, forecast.Options{Seed: forecast.DefaultSeed})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range many.Levels {
		fmt.Printf("by 2026-12-31 at %d%%: %d items\n", l.Confidence, l.Items)
	}
	// Output:
	// 24 items done from 2026-09-08 to 2026-11-30; 10000 trials, seed 1
	// 50%: 2027-03-14
	// 85%: 2027-04-01
	// 95%: 2027-04-13
	// by 2027-03-01: 20.5%, at risk: true
	// by 2026-12-31 at 50%: 9 items
	// by 2026-12-31 at 85%: 6 items
	// by 2026-12-31 at 95%: 5 items
}
