// Package stats implements `roadlog stats`: counts of backlog items by
// status, type, owner, initiative and release, WIP against limits, the
// spread of scores and acceptance-criteria completion.
package stats

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// Options are the inputs of the command.
type Options struct {
	IO        *iostreams.IOStreams
	Workspace func(context.Context) (*workspace.Workspace, error)
	Now       func() time.Time
	View      cmdutil.ViewFlags
}

// NewCmd returns the stats command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "stats [flags]",
		Short: "count items by status, type, owner, initiative and release",
		Long: `Count the backlog items by status (with WIP limits), type, owner,
initiative (epics' items included) and release, each with how many are open
and closed; show the spread of scores (min, quartiles, max) and how many
acceptance criteria are checked. --where counts only the items it selects.`,
		Example: `  roadlog stats
  roadlog stats --where 'release == "R-2027.1"'
  roadlog stats --format json | jq .scores`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.View.Check(); err != nil {
				return err
			}
			if opts.View.Sort != "" || opts.View.Columns != "" || opts.View.Limit != 0 {
				return cmdutil.UsageErrorf("stats takes --where and --format; --sort, --columns and --limit do not apply")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	opts.View.Register(cmd, nil)
	return cmd
}

// Count is one line of a breakdown.
type Count struct {
	Key      string `json:"key"`
	Title    string `json:"title,omitempty"`
	Items    int    `json:"items"`
	Open     int    `json:"open"`
	Closed   int    `json:"closed"`
	WIPLimit int    `json:"wip_limit,omitempty"`
	Over     bool   `json:"over_limit,omitempty"`
}

// Scores summarises the scores of the items that have one.
type Scores struct {
	Model    string   `json:"model"`
	Scored   int      `json:"scored"`
	Unscored int      `json:"unscored"`
	Min      *float64 `json:"min"`
	P25      *float64 `json:"p25"`
	Median   *float64 `json:"median"`
	P75      *float64 `json:"p75"`
	Max      *float64 `json:"max"`
	Mean     *float64 `json:"mean"`
}

// Criteria sums acceptance criteria.
type Criteria struct {
	Items   int `json:"items"` // items with at least one criterion
	Checked int `json:"checked"`
	Total   int `json:"total"`
}

// Stats is the whole report.
type Stats struct {
	SchemaVersion int      `json:"schema_version"`
	Items         int      `json:"items"`
	Open          int      `json:"open"`
	Closed        int      `json:"closed"`
	ByStatus      []Count  `json:"by_status"`
	ByType        []Count  `json:"by_type"`
	ByOwner       []Count  `json:"by_owner"`
	ByInitiative  []Count  `json:"by_initiative"`
	ByRelease     []Count  `json:"by_release"`
	Scores        Scores   `json:"scores"`
	Criteria      Criteria `json:"acceptance_criteria"`
}

// Compute counts the items.
func Compute(p *plan.Plan, items []*model.Item) Stats {
	cfg := p.WS.Config
	s := Stats{SchemaVersion: render.JSONSchemaVersion, Items: len(items)}
	newCounter := func(order []string) *counter {
		c := &counter{counts: map[string]*Count{}}
		for _, k := range order {
			c.add(k)
		}
		return c
	}
	byStatus := newCounter(cfg.Workflow.Statuses)
	byType := newCounter(cfg.Types)
	byOwner := newCounter(nil)
	byInit := newCounter(nil)
	byRelease := newCounter(nil)
	scores := []float64{}
	for _, it := range items {
		closed := p.Closed(it)
		if closed {
			s.Closed++
		} else {
			s.Open++
		}
		byStatus.count(orNone(it.Status), closed)
		byType.count(orNone(it.Type), closed)
		byOwner.count(orNone(it.Owner), closed)
		byInit.count(orNone(p.InitiativeOf(it)), closed)
		byRelease.count(orNone(it.Release), closed)
		if v, ok := p.Score(it); ok {
			scores = append(scores, v)
		}
		if done, total := p.Criteria(it); total > 0 {
			s.Criteria.Items++
			s.Criteria.Checked += done
			s.Criteria.Total += total
		}
	}
	s.ByStatus = byStatus.list(false)
	for i := range s.ByStatus {
		c := &s.ByStatus[i]
		c.WIPLimit = cfg.Workflow.WIP[c.Key]
		c.Over = c.WIPLimit > 0 && c.Items > c.WIPLimit
	}
	s.ByType = byType.list(false)
	s.ByOwner = byOwner.list(true)
	s.ByInitiative = withTitles(p, byInit.list(true))
	s.ByRelease = withTitles(p, byRelease.list(true))
	s.Scores = summarise(scores, len(items))
	if p.Model != nil {
		s.Scores.Model = p.Model.Name
	}
	return s
}

// counter counts items per key, remembering the order keys came in.
type counter struct {
	order  []string
	counts map[string]*Count
}

func (c *counter) add(k string) *Count {
	if n, ok := c.counts[k]; ok {
		return n
	}
	n := &Count{Key: k}
	c.counts[k] = n
	c.order = append(c.order, k)
	return n
}

func (c *counter) count(k string, closed bool) {
	n := c.add(k)
	n.Items++
	if closed {
		n.Closed++
	} else {
		n.Open++
	}
}

// list returns the counts in declared order, or most items first when
// sorted; "(none)" always last.
func (c *counter) list(sorted bool) []Count {
	out := make([]Count, 0, len(c.order))
	for _, k := range c.order {
		out = append(out, *c.counts[k])
	}
	if sorted {
		slices.SortStableFunc(out, func(a, b Count) int {
			if a.Items != b.Items {
				return b.Items - a.Items
			}
			return model.CompareIDs(a.Key, b.Key)
		})
	}
	for i, n := range out {
		if n.Key == none {
			out = append(append(out[:i:i], out[i+1:]...), n)
			break
		}
	}
	return out
}

const none = "(none)"

func orNone(s string) string {
	if s == "" {
		return none
	}
	return s
}

func withTitles(p *plan.Plan, counts []Count) []Count {
	for i := range counts {
		if r := p.Record(counts[i].Key); r != nil {
			counts[i].Title = r.Meta().Title
		}
	}
	return counts
}

// summarise computes quartiles by linear interpolation between ranks.
func summarise(scores []float64, items int) Scores {
	s := Scores{Scored: len(scores), Unscored: items - len(scores)}
	if len(scores) == 0 {
		return s
	}
	slices.Sort(scores)
	at := func(q float64) *float64 {
		pos := q * float64(len(scores)-1)
		lo := int(math.Floor(pos))
		hi := min(lo+1, len(scores)-1)
		v := scores[lo] + (scores[hi]-scores[lo])*(pos-float64(lo))
		v = math.Round(v*100) / 100
		return &v
	}
	sum := 0.0
	for _, v := range scores {
		sum += v
	}
	mean := math.Round(sum/float64(len(scores))*100) / 100
	s.Min, s.P25, s.Median, s.P75, s.Max, s.Mean = at(0), at(0.25), at(0.5), at(0.75), at(1), &mean
	return s
}

func run(ctx context.Context, opts *Options) error {
	ws, err := opts.Workspace(ctx)
	if err != nil {
		return err
	}
	p := plan.New(ws, opts.Now())
	rows, err := view.Select(p, model.KindItem, view.Records(p, model.KindItem), view.Query{Where: opts.View.Where})
	if err != nil {
		return cmdutil.ViewError(err)
	}
	cmdutil.NoteUnreadable(opts.IO, ws)
	items := make([]*model.Item, len(rows))
	for i, r := range rows {
		items[i] = r.Record.Model.(*model.Item)
	}
	s := Compute(p, items)
	switch opts.View.Format {
	case "json":
		return render.JSON(opts.IO.Out, s)
	case "csv":
		return render.Write(opts.IO.Out, "csv", s.csv(), render.Options{})
	}
	return s.write(opts.IO.Out, opts.View.Format, opts.IO.TableWidth())
}

func itoa(n int) string { return strconv.Itoa(n) }

func numText(v *float64) string {
	if v == nil {
		return ""
	}
	return plan.FormatScore(*v)
}

func countTable(key string, counts []Count, titles, wip bool) *render.Table {
	t := &render.Table{Columns: []render.Column{{Name: key, Fixed: true}}}
	if titles {
		t.Columns = append(t.Columns, render.Column{Name: "title", Flex: true})
	}
	t.Columns = append(t.Columns,
		render.Column{Name: "items", Right: true, Fixed: true},
		render.Column{Name: "open", Right: true, Fixed: true},
		render.Column{Name: "closed", Right: true, Fixed: true})
	if wip {
		t.Columns = append(t.Columns, render.Column{Name: "wip limit", Right: true, Fixed: true})
	}
	for _, c := range counts {
		cells := []string{c.Key}
		if titles {
			cells = append(cells, c.Title)
		}
		cells = append(cells, itoa(c.Items), itoa(c.Open), itoa(c.Closed))
		if wip {
			limit := ""
			if c.WIPLimit > 0 {
				limit = itoa(c.WIPLimit)
				if c.Over {
					limit += " OVER"
				}
			}
			cells = append(cells, limit)
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

func (s Stats) sections() []struct {
	title string
	table *render.Table
} {
	sc := s.Scores
	scores := &render.Table{Columns: []render.Column{
		{Name: "model"},
		{Name: "scored", Right: true},
		{Name: "unscored", Right: true},
		{Name: "min", Right: true},
		{Name: "p25", Right: true},
		{Name: "median", Right: true},
		{Name: "p75", Right: true},
		{Name: "max", Right: true},
		{Name: "mean", Right: true},
	}}
	scores.Rows = [][]string{{
		sc.Model, itoa(sc.Scored), itoa(sc.Unscored), numText(sc.Min), numText(sc.P25),
		numText(sc.Median), numText(sc.P75), numText(sc.Max), numText(sc.Mean),
	}}
	crit := &render.Table{Columns: []render.Column{
		{Name: "items with criteria", Right: true}, {Name: "checked", Right: true}, {Name: "total", Right: true}, {Name: "done", Right: true},
	}}
	done := ""
	if s.Criteria.Total > 0 {
		done = itoa((s.Criteria.Checked*100+s.Criteria.Total/2)/s.Criteria.Total) + "%"
	}
	crit.Rows = [][]string{{itoa(s.Criteria.Items), itoa(s.Criteria.Checked), itoa(s.Criteria.Total), done}}
	return []struct {
		title string
		table *render.Table
	}{
		{"By status", countTable("status", s.ByStatus, false, true)},
		{"By type", countTable("type", s.ByType, false, false)},
		{"By owner", countTable("owner", s.ByOwner, false, false)},
		{"By initiative", countTable("initiative", s.ByInitiative, true, false)},
		{"By release", countTable("release", s.ByRelease, true, false)},
		{"Scores", scores},
		{"Acceptance criteria", crit},
	}
}

func (s Stats) write(w io.Writer, format string, width int) error {
	heading := func(t string) string { return t + "\n" }
	if format == "markdown" {
		heading = func(t string) string { return "### " + t + "\n\n" }
	}
	if _, err := fmt.Fprintf(w, "%d items: %d open, %d closed\n", s.Items, s.Open, s.Closed); err != nil {
		return err
	}
	for _, sec := range s.sections() {
		if _, err := io.WriteString(w, "\n"+heading(sec.title)); err != nil {
			return err
		}
		if err := render.Write(w, format, sec.table, render.Options{Width: width}); err != nil {
			return err
		}
	}
	return nil
}

// csv flattens every breakdown into one table: section, key, counts.
func (s Stats) csv() *render.Table {
	t := &render.Table{Columns: []render.Column{{Name: "section"}, {Name: "key"}, {Name: "items"}, {Name: "open"}, {Name: "closed"}, {Name: "wip_limit"}}}
	add := func(section string, counts []Count) {
		for _, c := range counts {
			limit := ""
			if c.WIPLimit > 0 {
				limit = itoa(c.WIPLimit)
			}
			t.Rows = append(t.Rows, []string{section, c.Key, itoa(c.Items), itoa(c.Open), itoa(c.Closed), limit})
		}
	}
	t.Rows = append(t.Rows, []string{"total", "", itoa(s.Items), itoa(s.Open), itoa(s.Closed), ""})
	add("status", s.ByStatus)
	add("type", s.ByType)
	add("owner", s.ByOwner)
	add("initiative", s.ByInitiative)
	add("release", s.ByRelease)
	return t
}
