// Package forecast implements `roadlog forecast`: Monte Carlo forecasts,
// from the plan's Git history, of when the open items of releases and
// initiatives will be done, and of how many items will be done by a date.
package forecast

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/forecast"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

var (
	formats = []string{"text", "json"}
	methods = []string{flow.MethodThroughput, flow.MethodCycle}
)

type options struct {
	f    *cmdutil.Factory
	view *cmdutil.ViewOptions

	ids          []string
	date         string
	since, until string
	seed         uint64
	trials       int
	method       string
	format       string
}

// NewCmd returns the forecast command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{f: f, view: cmdutil.NewViewOptions(f)}
	cmd := &cobra.Command{
		Use:   "forecast [RELEASE|INITIATIVE ...] [flags]",
		Short: "forecast when releases will be done, from the plan's Git history",
		Long: `Forecast, by Monte Carlo simulation over the plan's Git history, the days
by which the open items of releases or initiatives will be done, with 50%,
85% and 95% confidence, and compare them with the release's date (an
initiative's end). Without arguments it forecasts every release that is
neither released nor cancelled and has open items.

The sample is the items done in a window of past days: --since to
--until, both included (default: the 12 weeks before today). Each trial
draws, for every day from today on, one day of the window at random and
adds the items done then, until the open items are done. With --method
cycle, the trials draw cycle times instead: as many items at once as were
in progress on an average day of the window, each taking the cycle time
of an item done in the window.

A release is AT RISK when its 85% date is after its date: fewer than 85%
of the trials make it. --date asks how many items will be done by a date
instead (at 85% confidence, at least that many are done in 85% of the
trials). The open items are those of the last commit; --where keeps only
some of them. The same history, window, --seed and --trials give the same
answer.`,
		Example: `  roadlog forecast
  roadlog forecast R-2 --since 2026-09-01
  roadlog forecast I-3 --where 'type != "bug"' --format json
  roadlog forecast --date 2027-03-31`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ids = args
			if err := cmdutil.CheckEnum("--format", "format", opts.format, formats); err != nil {
				return err
			}
			if err := cmdutil.CheckEnum("--method", "method", opts.method, methods); err != nil {
				return err
			}
			for flag, v := range map[string]string{"--since": opts.since, "--until": opts.until, "--date": opts.date} {
				if _, ok := flow.ParseDay(v); v != "" && !ok {
					return cmdutil.InputErrorf("%s: %q is not a date; give YYYY-MM-DD", flag, v)
				}
			}
			if opts.trials < 1 {
				return cmdutil.InputErrorf("--trials: %d is not a number of trials; give 1 or more", opts.trials)
			}
			if opts.date != "" && len(args) > 0 {
				return cmdutil.UsageErrorf("--date forecasts how many items the team will finish; it takes no RELEASE or INITIATIVE")
			}
			if opts.date != "" && opts.method == flow.MethodCycle {
				return cmdutil.InputErrorf("--date forecasts from throughput; leave out --method cycle")
			}
			if err := opts.view.View.Check(); err != nil {
				return err
			}
			return run(cmd.Context(), opts)
		},
		ValidArgsFunction: cmdutil.CompleteIDFlag(f),
	}
	opts.view.View.Register(cmd, cmdutil.Where, nil)
	fl := cmd.Flags()
	fl.StringVar(&opts.date, "date", "", "forecast how many items will be done by `DATE` (YYYY-MM-DD)")
	fl.StringVar(&opts.since, "since", "", "start the sample window on `DATE` (default: 12 weeks before today)")
	fl.StringVar(&opts.until, "until", "", "end the sample window on `DATE` (default: yesterday)")
	fl.Uint64Var(&opts.seed, "seed", forecast.DefaultSeed, "the random `SEED`: the same seed gives the same forecast")
	fl.IntVar(&opts.trials, "trials", forecast.DefaultTrials, "simulate `N` futures")
	fl.StringVar(&opts.method, "method", flow.MethodThroughput, "draw from `METHOD`: throughput or cycle (times)")
	fl.StringVarP(&opts.format, "format", "f", "text", "output `FORMAT`: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("method", cobra.FixedCompletions(methods, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.f
	ws, err := f.Workspace(ctx)
	if err != nil {
		return err
	}
	p := plan.New(ws, f.Now())
	targets, err := resolve(p, opts.ids)
	if err != nil {
		return err
	}
	keep, err := opts.view.ItemFilter(ctx, p)
	if err != nil {
		return err
	}
	h, err := f.History(ctx, ws, "forecast")
	if err != nil {
		return err
	}
	q := flow.ForecastQuery{Targets: targets, Today: flow.DayOf(f.Now()), Items: keep, Method: opts.method, Trials: opts.trials, Seed: opts.seed}
	q.Since, _ = flow.ParseDay(opts.since)
	q.Until, _ = flow.ParseDay(opts.until)
	q.Date, _ = flow.ParseDay(opts.date)
	if q.Since != 0 && q.Until != 0 && q.Since > q.Until {
		return cmdutil.InputErrorf("--since %s is after --until %s", q.Since, q.Until)
	}
	if q.Until >= q.Today {
		return cmdutil.InputErrorf("--until %s is not before today, %s: the sample is of days that are over", q.Until, q.Today)
	}
	if q.Date != 0 && q.Date < q.Today {
		return cmdutil.InputErrorf("--date %s is before today, %s", q.Date, q.Today)
	}
	if opts.date != "" {
		q.Targets = []flow.Target{}
	}
	res, err := flow.Forecast(h, flow.NewRules(ws.Config), q)
	var none *flow.NothingOpenError
	switch {
	case flow.IsNoThroughput(err):
		since := "--since"
		if opts.since == "" {
			since = "--since (the default is the 12 weeks before today)"
		}
		return cmdutil.FindingsErrorf("%w; give an earlier %s", err, since)
	case errors.As(err, &none):
		return cmdutil.FindingsErrorf("%s has no open items in the last commit: it is done, nothing is left to forecast", safetext.Line(none.ID))
	case err != nil:
		return cmdutil.InputErrorf("%w", err)
	}
	if h.Shallow {
		fmt.Fprintln(f.IO.ErrOut, "note: the clone is shallow, so the history starts at its oldest commit; git fetch --unshallow for the rest")
	}
	if opts.format == "json" {
		return render.JSON(f.IO.Out, res)
	}
	if len(res.Targets) == 0 && res.HowMany == nil {
		fmt.Fprintln(f.IO.ErrOut, "No release that is neither released nor cancelled has open items; name a release or an initiative to forecast.")
	}
	return cmdutil.Page(f.IO, func(w io.Writer) error { return writeText(w, res) })
}

// resolve turns the arguments into forecast targets: releases and
// initiatives of the workspace, with their dates. No argument gives nil:
// the open releases.
func resolve(p *plan.Plan, ids []string) ([]flow.Target, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	out := []flow.Target{}
	seen := map[string]bool{}
	for _, id := range ids {
		r := p.Record(id)
		if r == nil {
			return nil, cmdutil.InputErrorf("%w", unknown(p, id))
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		t := flow.Target{ID: id, Title: r.Meta().Title}
		switch m := r.Model.(type) {
		case *model.Release:
			t.Kind = "release"
			t.Date, _ = flow.ParseDay(m.Date)
		case *model.Initiative:
			t.Kind = "initiative"
			t.Date, _ = flow.ParseDay(m.End)
		default:
			return nil, cmdutil.InputErrorf("%s is %s, not a release or an initiative; forecast a release or an initiative (roadlog list releases)", safetext.Line(id), r.Kind().Article()+" "+r.Kind().Label())
		}
		out = append(out, t)
	}
	return out, nil
}

// unknown is the error for an ID no record has, with a "did you mean"
// among the releases and initiatives.
func unknown(p *plan.Plan, id string) error {
	var ids []string
	for _, r := range p.WS.Records {
		if k := r.Kind(); k == model.KindRelease || k == model.KindInitiative {
			ids = append(ids, r.ID())
		}
	}
	hint := suggest.IDHint(id, ids)
	if hint == "" {
		hint = "list them with `roadlog list releases` or `roadlog list initiatives`"
	}
	return &view.UnknownIDError{ID: id, Hint: hint}
}

// histRows is the most rows a histogram has: days are grouped when
// there are more.
const histRows = 10

// barWidth is the widest bar of a histogram.
const barWidth = 18

// writeText writes the forecast as one compact block per target that
// fits 40 columns.
func writeText(w io.Writer, res *flow.ForecastResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Sample %s to %s\n", res.Since, res.Until)
	fmt.Fprintf(&b, "  %d done; %d trials, seed %d\n", res.Sampled, res.Trials, res.Seed)
	if res.Method == flow.MethodCycle {
		fmt.Fprintf(&b, "  from cycle times, %d at once\n", res.Lanes)
	}
	for i := range res.Targets {
		writeTarget(&b, &res.Targets[i])
	}
	if hm := res.HowMany; hm != nil {
		fmt.Fprintf(&b, "\nDone by %s (%d days)\n", hm.Date, hm.Days)
		for _, l := range hm.Levels {
			fmt.Fprintf(&b, "  %d%%  %s or more\n", l.Confidence, plural(l.Items, "item"))
		}
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n"))
	return err
}

func writeTarget(b *strings.Builder, t *flow.TargetForecast) {
	head := strings.ToUpper(t.Kind[:1]) + t.Kind[1:] + " " + safetext.Line(t.ID)
	if t.Title != "" {
		head += " " + safetext.Line(t.Title)
	}
	fmt.Fprintf(b, "\n%s\n", pad(head, 40))
	line := "  " + plural(t.Remaining, "open item")
	if t.Date != 0 {
		line += ", due " + t.Date.String()
	}
	b.WriteString(line + "\n")
	for _, l := range t.Levels {
		if l.Beyond {
			fmt.Fprintf(b, "  %d%%  beyond %d years\n", l.Confidence, forecast.DefaultHorizon/365)
			continue
		}
		fmt.Fprintf(b, "  %d%%  %s  %s\n", l.Confidence, *l.Date, num(l.Days, 4)+" days")
	}
	if t.Probability != nil {
		verdict := "on track"
		if t.AtRisk {
			verdict = "AT RISK"
		}
		fmt.Fprintf(b, "  by its date: %s  %s\n", percent(*t.Probability), verdict)
	}
	for _, r := range histogram(t) {
		fmt.Fprintf(b, "  %s %s %s\n", pad(r.label, 11), pad(render.Bar(r.trials, r.top, barWidth), barWidth), render.Right(percent(r.share), 4))
	}
}

type histRow struct {
	label  string
	trials int
	top    int
	share  float64
}

// histogram groups the forecast's days up to its 95% date into at most
// histRows rows, and the trials after it (beyond the horizon too) into a
// last row.
func histogram(t *flow.TargetForecast) []histRow {
	bins, later := t.Histogram, t.Beyond
	if p95 := t.Level(95); p95.Date != nil {
		n := 0
		for n < len(bins) && bins[n].Day <= *p95.Date {
			n++
		}
		for _, b := range bins[n:] {
			later += b.Trials
		}
		bins = bins[:n]
	} else {
		bins, later = nil, t.Beyond
		for _, b := range t.Histogram {
			later += b.Trials
		}
	}
	total := later
	for _, b := range bins {
		total += b.Trials
	}
	if total == 0 {
		return nil
	}
	per := (len(bins) + histRows - 1) / histRows
	var rows []histRow
	for i := 0; i < len(bins); i += per {
		j := min(i+per, len(bins))
		r := histRow{label: bins[i].Day.String()[5:]}
		if j-i > 1 {
			r.label += "…" + bins[j-1].Day.String()[5:]
		}
		for _, b := range bins[i:j] {
			r.trials += b.Trials
		}
		rows = append(rows, r)
	}
	if later > 0 {
		rows = append(rows, histRow{label: "later", trials: later})
	}
	top := 0
	for _, r := range rows {
		top = max(top, r.trials)
	}
	for i := range rows {
		rows[i].top, rows[i].share = top, float64(rows[i].trials)/float64(total)
	}
	return rows
}

// percent writes a share (0 to 1) as a whole percentage, rounded down so
// that 100% means every trial.
func percent(share float64) string {
	return strconv.Itoa(int(math.Floor(share*100+1e-9))) + "%"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// pad is s, made safe for the terminal, in a column of width cells.
func pad(s string, width int) string { return render.Fit(safetext.Line(s), width) }

func num(n, width int) string { return render.Right(strconv.Itoa(n), width) }
