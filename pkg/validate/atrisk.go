package validate

import (
	"context"
	"fmt"
	"time"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// AtRiskOn reports whether roadlog.yaml turns release-at-risk on: it is
// off unless `rules:` gives it a severity.
func AtRiskOn(cfg *workspace.Config) bool {
	s, ok := diag.ParseSeverity(cfg.Rules["release-at-risk"])
	return ok && s != diag.Off
}

// RiskTarget is a planned release that release-at-risk asks about.
type RiskTarget struct {
	ID   string
	Date time.Time // its date
	Open []string  // the IDs of its open items in the files
}

// Risk is the forecast of a [RiskTarget].
type Risk struct {
	AtRisk bool      // the 85% date is after the release's date
	P85    time.Time // the 85% date; zero when beyond the horizon
	Years  int       // the horizon, in years
}

// Forecaster forecasts releases for release-at-risk from the workspace's
// Git history, which validate does not read itself: one [Risk] per
// target, in order, or ok false when there is nothing to say (outside
// Git, no commits, no throughput in the sample window).
type Forecaster func(ctx context.Context, ws *workspace.Workspace, today time.Time, targets []RiskTarget) (risks []Risk, ok bool)

// checkReleasesAtRisk reports the planned releases, dated today or later,
// whose open items are done after their date in more than 15% of the
// forecasts of [Options.Forecast] (roadlog forecast's). It asks only when
// the rule is on and the caller gives a forecaster.
func (v *validator) checkReleasesAtRisk(ctx context.Context) {
	if !AtRiskOn(v.cfg) || v.forecast == nil || v.now.IsZero() {
		return
	}
	today := time.Date(v.now.Year(), v.now.Month(), v.now.Day(), 0, 0, 0, 0, time.UTC)
	open := map[string][]string{}
	for _, it := range v.ws.Items {
		if it.Release != "" && !v.cfg.IsClosed(it.Status) {
			open[it.Release] = append(open[it.Release], it.ID)
		}
	}
	var targets []RiskTarget
	var rels []*model.Release
	for _, rel := range v.ws.Releases {
		if rel.Status != "" && rel.Status != "planned" {
			continue
		}
		d, ok := parseDate(rel.Date)
		if !ok || d.Before(today) || len(open[rel.ID]) == 0 {
			continue // no date, overdue (release-overdue says so) or done
		}
		targets = append(targets, RiskTarget{ID: rel.ID, Date: d, Open: open[rel.ID]})
		rels = append(rels, rel)
	}
	if len(targets) == 0 {
		return
	}
	risks, ok := v.forecast(ctx, v.ws, today, targets)
	if !ok || len(risks) != len(targets) {
		return
	}
	for i, risk := range risks {
		if !risk.AtRisk {
			continue
		}
		r := v.ws.RecordOf(rels[i])
		id := rels[i].ID
		msg := fmt.Sprintf("%s is at risk: fewer than 85%% of forecasts finish within %d years, so not by its date %s; see roadlog forecast %s", id, risk.Years, rels[i].Date, id)
		if !risk.P85.IsZero() {
			msg = fmt.Sprintf("%s is at risk: 85%% of forecasts finish by %s, after its date %s; see roadlog forecast %s", id, risk.P85.Format(time.DateOnly), rels[i].Date, id)
		}
		v.add("release-at-risk", r.File.Path, r.Pos(), msg, "")
	}
}
