package cmdutil

import (
	"context"
	"errors"
	"time"

	"github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/forecast"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// ReleaseRisks is validate's [validate.Forecaster]: the answer of
// `roadlog forecast` (its default window, seed and trials) for each
// release, from the throughput of the workspace's Git history, read
// through the history cache (which follows the workspace's index), and
// the open items the files give. Outside Git, without commits or without
// throughput, or for a workspace not on disk (a revision's), it says
// nothing.
func ReleaseRisks(ctx context.Context, ws *workspace.Workspace, today time.Time, targets []validate.RiskTarget) ([]validate.Risk, bool) {
	if ws.Root == "" {
		return nil, false
	}
	git, err := gitx.New(ctx, ws.Root)
	if err != nil {
		return nil, false
	}
	h, _, err := flow.Load(ctx, git, ws.Root, flow.Options{NoCache: !ws.Indexed(), VerifyCache: ws.VerifyCache()})
	if err != nil {
		return nil, false
	}
	q := flow.ForecastQuery{Today: flow.DayOf(today), Seed: forecast.DefaultSeed, Targets: []flow.Target{}, Open: map[string][]string{}}
	for _, t := range targets {
		q.Targets = append(q.Targets, flow.Target{ID: t.ID, Kind: "release", Date: flow.DayOf(t.Date)})
		q.Open[t.ID] = t.Open
	}
	res, err := flow.Forecast(h, flow.NewRules(ws.Config), q)
	if err != nil {
		return nil, false
	}
	out := make([]validate.Risk, len(res.Targets))
	for i, tf := range res.Targets {
		out[i] = validate.Risk{AtRisk: tf.AtRisk, Years: res.Horizon / 365}
		if l := tf.Level(85); l.Date != nil {
			out[i].P85 = l.Date.Time()
		}
	}
	return out, true
}

// History reads the workspace's flow history from Git through the history
// cache (which follows the index's options) for the command named, with
// the errors a user can act on: outside Git, no commits, or no commit that
// has the workspace yet.
func (f *Factory) History(ctx context.Context, ws *workspace.Workspace, command string) (*flow.History, error) {
	git, err := f.Git(ctx)
	if err != nil {
		return nil, err
	}
	oo := f.OpenOptions()
	h, _, err := flow.Load(ctx, git, ws.Root, flow.Options{NoCache: oo.NoCache, VerifyCache: oo.VerifyCache})
	switch {
	case errors.Is(err, gitx.ErrNoCommits):
		return nil, InputErrorf("the repository has no commits yet; commit the plan, then run roadlog %s", command)
	case err != nil:
		return nil, FailureErrorf("%w", err)
	case len(h.Commits) == 0:
		// A workspace in a folder that no commit has touched yet.
		return nil, InputErrorf("no commit has the workspace yet; commit the plan, then run roadlog %s", command)
	}
	return h, nil
}

// ItemFilter is the items of a flow history that the view flags' --where
// selects among the plan's items now (nil, all, when there is none):
// items no longer in the plan are left out.
func (o *ViewOptions) ItemFilter(ctx context.Context, p *plan.Plan) (func(*flow.Timeline) bool, error) {
	if o.View.Where == "" {
		return nil, nil
	}
	rows, err := o.Select(ctx, p, model.KindItem, view.Records(p, model.KindItem), view.Query{})
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, r := range rows {
		keep[r.Record.Meta().ID] = true
	}
	return func(t *flow.Timeline) bool { return !t.Removed && keep[t.ID] }, nil
}
