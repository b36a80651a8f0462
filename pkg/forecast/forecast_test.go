package forecast

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var today = date(2026, 12, 1)

// pinned is a ten-day sample with 9 items done.
var pinned = Sample{
	Window: Window{From: date(2026, 9, 1), To: date(2026, 9, 10)},
	Daily:  []int{0, 2, 0, 1, 3, 0, 0, 1, 0, 2},
	Total:  9,
}

// constant is a sample where every day finished exactly one item.
func constant(t *testing.T) Sample {
	t.Helper()
	w := DefaultWindow(today)
	var done []time.Time
	for d := w.From; !d.After(w.To); d = d.AddDate(0, 0, 1) {
		done = append(done, d.Add(15*time.Hour)) // the time of day does not count
	}
	s, err := NewSample(done, w)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDefaultWindow(t *testing.T) {
	w := DefaultWindow(time.Date(2026, 12, 1, 18, 30, 0, 0, time.UTC))
	if got, want := w.String(), "2026-09-08 to 2026-11-30"; got != want {
		t.Errorf("window %q, want %q", got, want)
	}
	if w.Days() != 84 {
		t.Errorf("window of %d days, want 84", w.Days())
	}
}

func TestNewSampleCountsDaysOfTheWindowOnly(t *testing.T) {
	w := Window{From: date(2026, 11, 1), To: date(2026, 11, 3)}
	done := []time.Time{
		date(2026, 10, 31).Add(23 * time.Hour), // before
		date(2026, 11, 1),
		date(2026, 11, 3).Add(23*time.Hour + 59*time.Minute),
		date(2026, 11, 3).Add(time.Hour),
		// 2026-11-04 01:00 in UTC, though 2026-11-03 in New York
		time.Date(2026, 11, 3, 20, 0, 0, 0, time.FixedZone("EST", -5*3600)),
	}
	s, err := NewSample(done, w)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1, 0, 2}, s.Daily); diff != "" {
		t.Errorf("daily (-want +got):\n%s", diff)
	}
	if s.Total != 3 {
		t.Errorf("total %d, want 3", s.Total)
	}
}

func TestNewSampleErrors(t *testing.T) {
	w := Window{From: date(2026, 11, 1), To: date(2026, 11, 30)}
	_, err := NewSample([]time.Time{date(2026, 12, 1)}, w)
	var nt *NoThroughputError
	if !errors.As(err, &nt) {
		t.Fatalf("error %v, want a *NoThroughputError", err)
	}
	want := "no items were done from 2026-11-01 to 2026-11-30, so there is no throughput to forecast from; widen the sample window to include days when items were done"
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}
	_, err = NewSample(nil, Window{From: date(2026, 11, 2), To: date(2026, 11, 1)})
	if want := "the sample window 2026-11-02 to 2026-11-01 ends before it starts"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestPinnedWhen pins the answer for seed 1 and 10,000 trials: a change
// here means every user's forecast changes.
func TestPinnedWhen(t *testing.T) {
	w, err := pinned.When(20, today, Options{Seed: DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	want := []DateLevel{
		{Confidence: 50, Date: date(2026, 12, 22), Days: 21},
		{Confidence: 85, Date: date(2026, 12, 29), Days: 28},
		{Confidence: 95, Date: date(2027, 1, 1), Days: 31},
	}
	if diff := cmp.Diff(want, w.Levels); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
	if w.Trials != DefaultTrials || w.Horizon != DefaultHorizon || w.Beyond != 0 {
		t.Errorf("trials %d, horizon %d, beyond %d", w.Trials, w.Horizon, w.Beyond)
	}
	first, last := w.Bins[0], w.Bins[len(w.Bins)-1]
	if diff := cmp.Diff([]Bin{{date(2026, 12, 9), 2}, {date(2027, 1, 24), 1}}, []Bin{first, last}); diff != "" {
		t.Errorf("first and last bins (-want +got):\n%s", diff)
	}
	if len(w.Bins) != 47 || sumBins(w.Bins) != DefaultTrials {
		t.Errorf("%d bins holding %d trials, want 47 holding all", len(w.Bins), sumBins(w.Bins))
	}
	r := w.Against(date(2026, 12, 21))
	if diff := cmp.Diff(Risk{Planned: date(2026, 12, 21), Probability: 0.4465, AtRisk: true}, r); diff != "" {
		t.Errorf("against (-want +got):\n%s", diff)
	}
	if r := w.Against(date(2026, 12, 29)); r.AtRisk {
		t.Errorf("planned on the 85%% date is not at risk: %+v", r)
	}
}

func TestPinnedHowMany(t *testing.T) {
	h, err := pinned.HowMany(date(2026, 12, 14), today, Options{Seed: DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	want := HowMany{
		Today: today, Date: date(2026, 12, 14), Days: 14, Trials: DefaultTrials, Seed: DefaultSeed,
		Levels: []CountLevel{{50, 13}, {85, 9}, {95, 6}},
	}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Errorf("how many (-want +got):\n%s", diff)
	}
}

func TestConstantThroughput(t *testing.T) {
	s := constant(t)
	if s.Total != 84 {
		t.Fatalf("total %d, want 84", s.Total)
	}
	w, err := s.When(10, today, Options{Trials: 500, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	// One item a day, today the first: the 10th item is done on day 9.
	d := date(2026, 12, 10)
	want := []DateLevel{{50, d, 9, false}, {85, d, 9, false}, {95, d, 9, false}}
	if diff := cmp.Diff(want, w.Levels); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Bin{{d, 500}}, w.Bins); diff != "" {
		t.Errorf("bins (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Risk{Planned: d, Probability: 1}, w.Against(d)); diff != "" {
		t.Errorf("against the day (-want +got):\n%s", diff)
	}
	before := d.AddDate(0, 0, -1)
	if diff := cmp.Diff(Risk{Planned: before, Probability: 0, AtRisk: true}, w.Against(before)); diff != "" {
		t.Errorf("against the day before (-want +got):\n%s", diff)
	}
	h, err := s.HowMany(date(2026, 12, 5), today, Options{Trials: 500, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]CountLevel{{50, 5}, {85, 5}, {95, 5}}, h.Levels); diff != "" {
		t.Errorf("how many by 2026-12-05 (-want +got):\n%s", diff)
	}
	h, err = s.HowMany(today, today, Options{Trials: 10, Seed: 7})
	if err != nil || h.Days != 1 || h.Levels[0].Items != 1 {
		t.Errorf("how many by today: %+v, %v; want 1 day, 1 item", h, err)
	}
}

func TestNothingRemainingIsDoneToday(t *testing.T) {
	w, err := pinned.When(0, today.Add(5*time.Hour), Options{Trials: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := []DateLevel{{50, today, 0, false}, {85, today, 0, false}, {95, today, 0, false}}
	if diff := cmp.Diff(want, w.Levels); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Bin{{today, 100}}, w.Bins); diff != "" {
		t.Errorf("bins (-want +got):\n%s", diff)
	}
}

func TestHugeRemainingIsBeyondTheHorizon(t *testing.T) {
	w, err := pinned.When(1_000_000_000, today, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []DateLevel{{Confidence: 50, Beyond: true}, {Confidence: 85, Beyond: true}, {Confidence: 95, Beyond: true}}
	if diff := cmp.Diff(want, w.Levels); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
	if w.Bins != nil || w.Beyond != DefaultTrials {
		t.Errorf("bins %v, beyond %d; want none and all", w.Bins, w.Beyond)
	}
	if diff := cmp.Diff(Risk{Planned: today, AtRisk: true}, w.Against(today)); diff != "" {
		t.Errorf("against (-want +got):\n%s", diff)
	}
}

// TestSomeTrialsBeyond: with a short horizon some trials finish and some do
// not; the levels past the finished share are beyond.
func TestSomeTrialsBeyond(t *testing.T) {
	s := Sample{Window: pinned.Window, Daily: []int{0, 1}, Total: 1}
	w, err := s.When(4, today, Options{Seed: 1, Horizon: 8, Trials: 20})
	if err != nil {
		t.Fatal(err)
	}
	want := []DateLevel{{50, date(2026, 12, 7), 6, false}, {Confidence: 85, Beyond: true}, {Confidence: 95, Beyond: true}}
	if diff := cmp.Diff(want, w.Levels); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
	if w.Beyond != 8 || sumBins(w.Bins)+w.Beyond != 20 {
		t.Errorf("beyond %d, in bins %d; want 8 and 12", w.Beyond, sumBins(w.Bins))
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"negative remaining", func() error { _, err := pinned.When(-1, today, Options{}); return err }, "remaining items must not be negative, not -1"},
		{"negative trials", func() error { _, err := pinned.When(1, today, Options{Trials: -5}); return err }, "trials must be positive, not -5"},
		{"negative horizon", func() error { _, err := pinned.HowMany(today, today, Options{Horizon: -1}); return err }, "the horizon must be positive, not -1 days"},
		{"empty sample", func() error { _, err := Sample{Window: pinned.Window}.When(1, today, Options{}); return err }, "no items were done from 2026-09-01 to 2026-09-10, so there is no throughput to forecast from; widen the sample window to include days when items were done"},
		{"past date", func() error { _, err := pinned.HowMany(date(2026, 11, 30), today, Options{}); return err }, "the date is before today: 2026-11-30 is before 2026-12-01"},
		{"far date", func() error {
			_, err := pinned.HowMany(date(2026, 12, 31), today, Options{Horizon: 30})
			return err
		}, "2026-12-31 is 31 days ahead, beyond the horizon of 30 days"},
	}
	for _, c := range cases {
		err := c.run()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	_, err := pinned.HowMany(date(2026, 1, 1), today, Options{})
	if !errors.Is(err, ErrDateBeforeToday) {
		t.Errorf("error %v is not ErrDateBeforeToday", err)
	}
}

// TestLevelsAreOrdered: more confidence is a later date and fewer items,
// for any sample.
func TestLevelsAreOrdered(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 0))
	for i := range 60 {
		daily := make([]int, 1+r.IntN(40))
		total := 0
		for j := range daily {
			if r.IntN(3) == 0 {
				daily[j] = r.IntN(5)
			}
			total += daily[j]
		}
		if total == 0 {
			daily[0], total = 1, 1
		}
		s := Sample{Window: Window{From: date(2026, 1, 1), To: date(2026, 1, len(daily))}, Daily: daily, Total: total}
		opts := Options{Trials: 200 + r.IntN(800), Seed: r.Uint64(), Horizon: 50 + r.IntN(400)}
		w, err := s.When(r.IntN(300), today, opts)
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
		h, err := s.HowMany(today.AddDate(0, 0, r.IntN(opts.Horizon)), today, opts)
		if err != nil {
			t.Fatal(err)
		}
		for k := 1; k < len(h.Levels); k++ {
			if h.Levels[k-1].Items < h.Levels[k].Items {
				t.Errorf("case %d: %+v fewer than %+v", i, h.Levels[k-1], h.Levels[k])
			}
		}
	}
}

func TestReproducible(t *testing.T) {
	opts := Options{Trials: 3000, Seed: 99}
	a, err := pinned.When(30, today, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pinned.When(30, today, opts)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different answers (-first +second):\n%s", diff)
	}
	c, _ := pinned.When(30, today, Options{Trials: 3000, Seed: 100})
	if cmp.Equal(a.Bins, c.Bins) {
		t.Error("seeds 99 and 100 gave the same histogram")
	}
	h1, _ := pinned.HowMany(date(2026, 12, 20), today, opts)
	h2, _ := pinned.HowMany(date(2026, 12, 20), today, opts)
	if diff := cmp.Diff(h1, h2); diff != "" {
		t.Errorf("same seed, different counts (-first +second):\n%s", diff)
	}
}

func sumBins(bins []Bin) int {
	n := 0
	for _, b := range bins {
		n += b.Trials
	}
	return n
}

// BenchmarkWhen is a long forecast: 10,000 trials of about 200 days.
func BenchmarkWhen(b *testing.B) {
	for b.Loop() {
		if _, err := pinned.When(180, today, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
