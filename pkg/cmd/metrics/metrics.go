// Package metrics implements `roadlog metrics`: flow metrics from the
// plan's Git history (throughput, cycle and lead time, WIP, aging,
// cumulative flow, and per release burn-up, scope change and say/do).
package metrics

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

var (
	formats = []string{"text", "json"}
	groups  = []string{"owner", "type", "initiative"}
)

type options struct {
	f    *cmdutil.Factory
	view *cmdutil.ViewOptions

	since, until string
	by           string
	baseline     string
	format       string
}

// NewCmd returns the metrics command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{f: f, view: cmdutil.NewViewOptions(f)}
	opts.view.Archived = true // archived items were delivered: they count
	cmd := &cobra.Command{
		Use:   "metrics [flags]",
		Short: "show flow metrics from the plan's Git history",
		Long: `Show flow metrics computed from the Git history of the plan: every commit
on the first-parent line, oldest first, read once (the result is cached in
.roadlog/cache, keyed by the commit).

Days are UTC: a change counts on the day of its commit's author date, or
of the commit before it when that is later (rebased commits keep their old
author dates), so days never go back along the history. An item's own
dates override the commit dates: created for its creation, closed for when
it was closed and, when roadlog.yaml declares a custom field started, that
field for when work started. An item already closed when the history
starts, without a closed date, counts in no window.

Active statuses are the open statuses after ready when the workflow has
ready, else every open status but the first. The first closed status is
done; the others (dropped) finish an item without delivering it.

  throughput   items done per ISO week (dropped ones counted apart)
  cycle time   days from the first active status to done
  lead time    days from created to done
  WIP          items in active statuses, day by day
  aging        open items in active statuses and their age, against the
               cycle-time percentiles
  cumulative   items in each status, day by day
  releases     burn-up (done and scope a day), items added and removed
               after the release was planned (its first commit, or
               --baseline), and say/do: the items it had when planned,
               and how many of them were done by its date ("said 8,
               did 6 by its date")

Percentiles use the nearest-rank method: p85 is the smallest value with at
least 85% of the sample at or below it. The window is --since to --until,
both included (default: the first commit to today, or to the last commit
when its date is later); cycle and lead times are those of the items done
in it. --where selects items as they are now (removed items then drop
out); --by owner|type|initiative adds the summary of each group. --format
json carries a schema_version and every series.`,
		Example: `  roadlog metrics
  roadlog metrics --since 2026-10-01 --by owner
  roadlog metrics --where 'release == "R-2027.1"' --baseline v2026.10 --format json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cmdutil.CheckEnum("--format", "format", opts.format, formats); err != nil {
				return err
			}
			if opts.by != "" {
				if err := cmdutil.CheckEnum("--by", "grouping", opts.by, groups); err != nil {
					return err
				}
			}
			for flag, v := range map[string]string{"--since": opts.since, "--until": opts.until} {
				if _, ok := flow.ParseDay(v); v != "" && !ok {
					return cmdutil.InputErrorf("%s: %q is not a date; give YYYY-MM-DD", flag, v)
				}
			}
			if opts.baseline != "" {
				if err := gitx.CheckRev(opts.baseline); err != nil {
					return cmdutil.InputErrorf("--baseline: %w", err)
				}
			}
			if err := opts.view.View.Check(); err != nil {
				return err
			}
			return run(cmd.Context(), opts)
		},
	}
	opts.view.View.Register(cmd, cmdutil.Where, nil)
	fl := cmd.Flags()
	fl.StringVar(&opts.since, "since", "", "start the window on `DATE` (YYYY-MM-DD; default: the first commit)")
	fl.StringVar(&opts.until, "until", "", "end the window on `DATE` (YYYY-MM-DD; default: today)")
	fl.StringVar(&opts.by, "by", "", "add a summary per `GROUP`: owner, type or initiative")
	fl.StringVar(&opts.baseline, "baseline", "", "count releases as planned at `REV` (a tag or commit)")
	fl.StringVarP(&opts.format, "format", "f", "text", "output `FORMAT`: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions(groups, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.f
	ws, err := f.Workspace(ctx)
	if err != nil {
		return err
	}
	keep, err := opts.view.ItemFilter(ctx, plan.New(ws, f.Now()))
	if err != nil {
		return err
	}
	h, err := f.History(ctx, ws, "metrics")
	if err != nil {
		return err
	}
	q := flow.Query{By: opts.by, Items: keep}
	q.Since, _ = flow.ParseDay(opts.since)
	q.Until, _ = flow.ParseDay(opts.until)
	if opts.until == "" {
		// Today, or the last commit's day when it is later (a clock
		// ahead): the window always ends with the history.
		q.Until = flow.DayOf(f.Now())
		if n := len(h.Commits); n > 0 {
			q.Until = max(q.Until, h.Commits[n-1].Day)
		}
	}
	switch since, until := h.Window(q); {
	case q.Since != 0 && q.Since > q.Until && opts.until == "":
		return cmdutil.InputErrorf("--since %s is after today, %s", q.Since, flow.DayOf(f.Now()))
	case q.Since != 0 && q.Since > q.Until:
		return cmdutil.InputErrorf("--since %s is after --until %s", q.Since, q.Until)
	case since > until:
		return cmdutil.InputErrorf("--until %s is before the history starts, on %s", until, since)
	}
	if opts.baseline != "" {
		git, err := f.Git(ctx)
		if err != nil {
			return err
		}
		commit, err := git.Resolve(ctx, opts.baseline)
		if err != nil {
			return cmdutil.InputErrorf("--baseline: %w", err)
		}
		seq := -1
		for i, c := range h.Commits {
			if c.ID == commit {
				seq = i
			}
		}
		if seq < 0 {
			return cmdutil.InputErrorf("--baseline: %s is not on the first-parent history of HEAD; give a commit of it", opts.baseline)
		}
		q.BaselineSeq, q.BaselineSet = seq, true
	}
	m := flow.Compute(h, flow.NewRules(ws.Config), q)
	if h.Shallow {
		fmt.Fprintln(f.IO.ErrOut, "note: the clone is shallow, so the history starts at its oldest commit; git fetch --unshallow for the rest")
	}
	if opts.format == "json" {
		return render.JSON(f.IO.Out, m)
	}
	return cmdutil.Page(f.IO, func(w io.Writer) error { return writeText(w, m) })
}

// sparks are the heights of a sparkline, lowest first.
var sparks = []rune("▁▂▃▄▅▆▇█")

// sparkline draws values, at most width of them (the newest), as one
// character each, scaled to the largest.
func sparkline(values []int, width int) string {
	if len(values) > width {
		values = values[len(values)-width:]
	}
	top := 0
	for _, v := range values {
		top = max(top, v)
	}
	var b strings.Builder
	for _, v := range values {
		i := 0
		if top > 0 {
			i = v * (len(sparks) - 1) / top
		}
		b.WriteRune(sparks[i])
	}
	return b.String()
}

// pad is s, made safe for the terminal, in a column of width cells.
func pad(s string, width int) string { return render.Fit(safetext.Line(s), width) }

// cut makes s safe for a terminal and cuts it to width display cells,
// ending in … when it was longer.
func cut(s string, width int) string {
	s = safetext.Line(s)
	if render.Width(s) > width {
		r := []rune(s)
		for len(r) > 0 && render.Width(string(r))+1 > width {
			r = r[:len(r)-1]
		}
		s = string(r) + "…"
	}
	return s
}

func num(n, width int) string { return render.Right(strconv.Itoa(n), width) }

// seriesWidth is how many days or weeks a sparkline shows: the newest.
const seriesWidth = 28

// agingRows is how many of the oldest items aging lists.
const agingRows = 10

// width is the number of columns the text fits in.
const width = 40

// writeText writes the metrics as compact sections that fit 40 columns.
func writeText(w io.Writer, m *flow.Metrics) error {
	var b strings.Builder
	s := m.Summary
	fmt.Fprintf(&b, "Flow from %s to %s\n", m.Since, m.Until)
	fmt.Fprintf(&b, "active: %s\n", safetext.Line(strings.Join(m.Rules.Active, ", ")))

	b.WriteString("\nThroughput, done a week\n")
	weeks := make([]int, len(s.Throughput))
	for i, wk := range s.Throughput {
		weeks[i] = wk.Done
	}
	if n := len(s.Throughput); n > 0 {
		first := s.Throughput[max(0, n-seriesWidth)].Week
		fmt.Fprintf(&b, "  %s…%s\n  %s\n", first, s.Throughput[n-1].Week, sparkline(weeks, seriesWidth))
	}
	fmt.Fprintf(&b, "  done %d, dropped %d\n", s.Done, s.Dropped)

	b.WriteString("\nDays        p50   p85   p95     n\n")
	for _, row := range []struct {
		name string
		p    flow.Percentiles
	}{{"cycle", s.CycleTime}, {"lead", s.LeadTime}} {
		fmt.Fprintf(&b, "  %s%s %s %s %s\n", pad(row.name, 8), num(row.p.P50, 5), num(row.p.P85, 5), num(row.p.P95, 5), num(row.p.N, 5))
	}

	if len(m.Groups) > 0 {
		fmt.Fprintf(&b, "\n%s %s %s %s\n", pad("By "+m.By, 14), render.Right("done", 5), render.Right("cycle p85", 10), render.Right("wip", 5))
		for _, g := range m.Groups {
			key := g.Key
			if key == "" {
				key = "(none)"
			}
			fmt.Fprintf(&b, "  %s %s %s %s\n", pad(key, 12), num(g.Done, 5), num(g.CycleTime.P85, 10), num(g.WIP, 5))
		}
	}

	wip := make([]int, len(m.WIP))
	top := 0
	for i, d := range m.WIP {
		wip[i] = d.Count
		top = max(top, d.Count)
	}
	b.WriteString("\nWIP a day\n")
	if len(wip) > 0 {
		fmt.Fprintf(&b, "  %s\n  now %d, max %d\n", sparkline(wip, seriesWidth), wip[len(wip)-1], top)
	}

	if len(m.Aging) > 0 {
		b.WriteString("\nAging        status        age  over\n")
		for i, a := range m.Aging {
			if i == agingRows {
				fmt.Fprintf(&b, "  and %d more (see --format json)\n", len(m.Aging)-i)
				break
			}
			fmt.Fprintf(&b, "  %s %s %s  %s\n", pad(a.ID, 10), pad(a.Status, 12), num(a.Age, 4), a.Over)
		}
	}

	if n := len(m.CFD); n > 0 {
		last := m.CFD[n-1]
		fmt.Fprintf(&b, "\nIn each status on %s\n", last.Day)
		top := 0
		for _, c := range last.Counts {
			top = max(top, c)
		}
		for i, st := range m.Rules.Statuses {
			fmt.Fprintf(&b, "  %s %s %s\n", pad(st, 12), num(last.Counts[i], 4), render.Bar(last.Counts[i], top, 20))
		}
	}

	for _, r := range m.Releases {
		if r.Date != nil {
			fmt.Fprintf(&b, "\nRelease %s (due %s)", cut(r.ID, width-len("Release  (due 2026-01-01)")), r.Date)
		} else {
			fmt.Fprintf(&b, "\nRelease %s", cut(r.ID, width-len("Release ")))
		}
		b.WriteString("\n")
		fmt.Fprintf(&b, "  done %d of %d  %s\n", r.Done, r.Scope, render.Bar(r.Done, r.Scope, 16))
		if len(r.BurnUp) > 0 {
			done := make([]int, len(r.BurnUp))
			for i, d := range r.BurnUp {
				done[i] = d.Done
			}
			fmt.Fprintf(&b, "  burn-up %s\n", sparkline(done, seriesWidth))
		}
		fmt.Fprintf(&b, "  since %s: +%d −%d\n", r.Planned, len(r.Added), len(r.Removed))
		fmt.Fprintf(&b, "  said %d, did %d by its date\n", r.Say, r.Do)
	}

	if len(m.KeyResults) > 0 {
		b.WriteString("\nKey results\n")
		for _, k := range m.KeyResults {
			fmt.Fprintf(&b, "  %s %s\n", pad(k.ID, 10), valuesText(k.Values, width-len("  ")-10-len(" ")))
		}
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n"))
	return err
}

// valuesText is a key result's values over time, oldest first: the last
// three, or fewer (but at least the last) to keep within width cells.
func valuesText(vs []flow.Value, width int) string {
	if len(vs) > 3 {
		vs = vs[len(vs)-3:]
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = "–"
		if v.Value != nil {
			parts[i] = strconv.FormatFloat(*v.Value, 'f', -1, 64)
		}
	}
	for len(parts) > 1 && render.Width(strings.Join(parts, " → ")) > width {
		parts = parts[1:]
	}
	return strings.Join(parts, " → ")
}
