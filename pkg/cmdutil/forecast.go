package cmdutil

import (
	"context"
	"time"

	"github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/forecast"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/validate"
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
