// Package validate checks a loaded workspace against its JSON Schemas and
// the rules of DESIGN §2, and returns every finding with its position.
package validate

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/parallel"
	"github.com/roadlog/roadlog/pkg/score"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Rules lists every rule with its default severity, in the order DESIGN §2
// gives them.
var Rules = []diag.Rule{
	{Name: "parse", Default: diag.Error, Description: "unreadable YAML, missing or unclosed front matter"},
	{Name: "schema", Default: diag.Error, Description: "a value that breaks the schema (type, enum, required, unknown key)"},
	{Name: "duplicate-id", Default: diag.Error, Description: "an ID used twice"},
	{Name: "unknown-reference", Default: diag.Error, Description: "a reference that names nothing"},
	{Name: "parent-type", Default: diag.Error, Description: "a parent that is not an epic"},
	{Name: "dependency-cycle", Default: diag.Error, Description: "depends_on cycles"},
	{Name: "filename-id", Default: diag.Error, Description: "a file name that does not begin with its ID"},
	{Name: "date-order", Default: diag.Error, Description: "start after end; an item due after its release date"},
	{Name: "wip-limit", Default: diag.Warning, Description: "more items in a status than workflow.wip allows"},
	{Name: "closed-with-open-dependency", Default: diag.Warning, Description: "a closed item depending on an open one"},
	{Name: "closed-epic-with-open-children", Default: diag.Warning, Description: "a closed epic with an open child item"},
	{Name: "release-overdue", Default: diag.Warning, Description: "a planned release dated in the past with open items"},
	{Name: "missing-score", Default: diag.Warning, Description: "a ready item without the inputs of the scoring model"},
	{Name: "orphan-item", Default: diag.Info, Description: "a story, bug or task with neither parent nor initiative"},
	{Name: "unused-insight", Default: diag.Info, Description: "an insight that no item references"},
	{Name: "release-at-risk", Default: diag.Off, Description: "opt-in, in a Git repository: a planned release whose 85% forecast date (roadlog forecast) is after its date"},
}

// RuleNames returns the names of [Rules].
func RuleNames() []string {
	out := make([]string, len(Rules))
	for i, r := range Rules {
		out[i] = r.Name
	}
	return out
}

// Options tune a run.
type Options struct {
	// Now is today's date for release-overdue.
	Now time.Time
	// Forecast, when set, answers release-at-risk (when roadlog.yaml turns
	// it on); without it the rule finds nothing.
	Forecast Forecaster
}

// Day is the date the rules that depend on today take, YYYY-MM-DD: what
// validate finds in a workspace is the same all day.
func (o Options) Day() string { return o.Now.Format(time.DateOnly) }

// Checked returns what [Run] finds in ws. When ws was opened through its
// index and is, file for file, the workspace the index says validate
// checked on the same day, the findings are taken from it; otherwise they
// are computed and kept for the index ([workspace.Workspace.KeepFindings]).
// A workspace opened to verify its index computes them anyway and fails
// when they differ from the index's.
//
// With release-at-risk on, the findings depend on the Git history as well
// as on the files, so none are taken from the index or kept in it.
func Checked(ctx context.Context, ws *workspace.Workspace, opts Options) (diag.List, error) {
	if AtRiskOn(ws.Config) {
		return Run(ctx, ws, opts)
	}
	day := opts.Day()
	kept, ok := ws.CheckedFindings(day)
	if ok && !ws.VerifyCache() {
		return kept, nil
	}
	list, err := Run(ctx, ws, opts)
	if err != nil {
		return nil, err
	}
	if ok && !slices.Equal(kept, list) {
		return nil, fmt.Errorf("the workspace's index (%s) holds %d findings of validate, which finds %d: a bug in roadlog; delete the index to go on", workspace.CacheFile, len(kept), len(list))
	}
	ws.KeepFindings(day, list)
	return list, nil
}

// Run validates ws and returns its findings, sorted, with the severities of
// roadlog.yaml's rules: applied and findings of rules set to off removed.
func Run(ctx context.Context, ws *workspace.Workspace, opts Options) (diag.List, error) {
	v := &validator{ws: ws, cfg: ws.Config, now: opts.Now, forecast: opts.Forecast}
	v.list = append(v.list, ws.Diagnostics...)
	v.checkConfig()
	if err := v.checkSchemas(ctx); err != nil {
		return nil, err
	}
	rules := []func(*validator){
		(*validator).checkDuplicateIDs,
		(*validator).checkFilenames,
		(*validator).checkReferences,
		(*validator).checkCycles,
		(*validator).checkDates,
		(*validator).checkWIP,
		(*validator).checkClosedDependencies,
		(*validator).checkClosedEpics,
		(*validator).checkOverdueReleases,
		(*validator).checkScores,
		(*validator).checkOrphans,
		(*validator).checkUnusedInsights,
		func(v *validator) { v.checkReleasesAtRisk(ctx) },
	}
	// The rules only read the workspace (its lazy parts are safe for
	// concurrent use): each runs on every core with a list of its own,
	// joined in this order.
	found := make([]diag.List, len(rules))
	if err := parallel.For(ctx, len(rules), func(j int) {
		w := *v
		w.list = nil
		rules[j](&w)
		found[j] = w.list
	}); err != nil {
		return nil, err
	}
	for _, l := range found {
		v.list = append(v.list, l...)
	}
	return v.finish(), nil
}

type validator struct {
	ws       *workspace.Workspace
	cfg      *workspace.Config
	now      time.Time
	list     diag.List
	model    *score.Model
	forecast Forecaster
}

// add records a finding of a rule at its default severity.
func (v *validator) add(rule string, path string, pos diag.Pos, msg, hint string) {
	v.list.Add(diag.Diagnostic{Path: path, Pos: pos, Severity: defaultSeverity(rule), Rule: rule, Message: msg, Hint: hint})
}

// off reports whether roadlog.yaml turns a rule off, so that its check (and
// the positions it would look up) can be skipped.
func (v *validator) off(rule string) bool { return v.cfg.Rules[rule] == "off" }

func defaultSeverity(rule string) diag.Severity {
	for _, r := range Rules {
		if r.Name == rule {
			return r.Default
		}
	}
	return diag.Error
}

// finish applies the severity overrides and sorts.
func (v *validator) finish() diag.List {
	out := v.list[:0]
	for _, d := range v.list {
		if s, ok := v.cfg.Rules[d.Rule]; ok {
			if sev, ok := diag.ParseSeverity(s); ok {
				d.Severity = sev
			}
		}
		if d.Severity != diag.Off {
			out = append(out, d)
		}
	}
	out.Sort()
	return out
}

// checkSchemas validates every parsed file against the schema of its kind,
// in parallel; findings are collected by file index so the order is stable.
func (v *validator) checkSchemas(ctx context.Context) error {
	c, err := schemaDocs(v.cfg)
	if err != nil {
		return err
	}
	files := v.ws.Files
	results := make([]diag.List, len(files))
	verify := v.ws.VerifyCache()
	if verify || slices.ContainsFunc(files, func(f *workspace.File) bool { _, ok := f.Findings(c.key); return !ok }) {
		if err := c.compile(); err != nil {
			return err
		}
	}
	mismatch := make([]bool, len(files))
	if err := parallel.For(ctx, len(files), func(i int) {
		f := files[i]
		kept, ok := f.Findings(c.key)
		if ok && !verify {
			results[i] = kept
			return
		}
		results[i] = schemaFindings(c, f)
		if ok && !sameFindings(kept, results[i]) {
			mismatch[i] = true
		}
		f.SetFindings(c.key, results[i])
	}); err != nil {
		return err
	}
	if i := slices.Index(mismatch, true); i >= 0 {
		return fmt.Errorf("%s: the findings kept in %s differ from the file's", files[i].Path, workspace.CacheFile)
	}
	// A value the parser already reported (a duplicate key, .nan) would
	// be reported again by the schema at the same place: keep one.
	parsed := map[string]bool{}
	for _, d := range v.list {
		if d.Rule == "parse" {
			parsed[d.Path+":"+d.Pos.String()] = true
		}
	}
	for _, r := range results {
		for _, d := range r {
			if !parsed[d.Path+":"+d.Pos.String()] {
				v.list = append(v.list, d)
			}
		}
	}
	return nil
}

// sameFindings reports whether two lists of a file's findings are equal.
func sameFindings(a, b diag.List) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}
