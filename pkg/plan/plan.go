// Package plan works out what the files of a workspace imply but do not
// store: scores, whether an item is open or blocked, the progress of
// initiatives, releases, objectives and key results, acceptance-criteria
// completion, and which records refer to which. Views, the report and the
// diff all read the workspace through it.
package plan

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/score"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Plan is a loaded workspace with its derived facts.
type Plan struct {
	WS    *workspace.Workspace
	Model *score.Model // nil when roadlog.yaml's scoring does not compile
	Today string       // YYYY-MM-DD, for queries and overdue checks

	items      []*model.Item // sorted by rank, then ID
	byID       map[string]*workspace.Record
	refs       map[string][]Ref
	itemsOf    map[string][]*model.Item // initiative or release ID → its items
	childrenOf map[string][]*model.Item // epic ID → its items
	criteria   map[*model.Item][2]int
}

// Ref is a reference from one record to another.
type Ref struct {
	From  *workspace.Record
	Field string // parent, depends_on, links, …
}

// New derives the plan of ws. now gives "today".
func New(ws *workspace.Workspace, now time.Time) *Plan {
	p := &Plan{
		WS:         ws,
		Today:      now.UTC().Format(time.DateOnly),
		byID:       map[string]*workspace.Record{},
		refs:       map[string][]Ref{},
		itemsOf:    map[string][]*model.Item{},
		childrenOf: map[string][]*model.Item{},
		criteria:   map[*model.Item][2]int{},
	}
	if m, err := score.New(ws.Config.Scoring.Model, ws.Config.Scoring.Formula); err == nil {
		p.Model = m
	}
	for _, r := range ws.Records {
		if id := r.ID(); id != "" && p.byID[id] == nil {
			p.byID[id] = r
		}
	}
	p.items = slices.Clone(ws.Items)
	slices.SortStableFunc(p.items, model.CompareItems)
	for _, r := range ws.Records {
		for _, rf := range model.References(r.Kind()) {
			for _, id := range model.IDsIn(r.Meta().Fields[rf.Field]) {
				p.refs[id] = append(p.refs[id], Ref{From: r, Field: rf.Field})
			}
		}
	}
	for _, it := range p.items {
		if in := p.InitiativeOf(it); in != "" {
			p.itemsOf[in] = append(p.itemsOf[in], it)
		}
		if it.Release != "" {
			p.itemsOf[it.Release] = append(p.itemsOf[it.Release], it)
		}
		if it.Parent != "" {
			p.childrenOf[it.Parent] = append(p.childrenOf[it.Parent], it)
		}
		done, total := countCriteria(it.Body)
		p.criteria[it] = [2]int{done, total}
	}
	return p
}

// InitiativeOf returns the initiative an item serves: its own initiative,
// else that of its parent epic, and so on up.
func (p *Plan) InitiativeOf(it *model.Item) string {
	for range 100 { // parents may form a cycle; validate reports it
		if it.Initiative != "" {
			return it.Initiative
		}
		r := p.byID[it.Parent]
		if r == nil {
			return ""
		}
		parent, ok := r.Model.(*model.Item)
		if !ok {
			return ""
		}
		it = parent
	}
	return ""
}

// Items returns every backlog item, in backlog order: by rank, then ID.
func (p *Plan) Items() []*model.Item { return p.items }

// Record returns the record with the ID, or nil.
func (p *Plan) Record(id string) *workspace.Record { return p.byID[id] }

// ReferencedBy returns the references to id, in file order.
func (p *Plan) ReferencedBy(id string) []Ref { return p.refs[id] }

// Children returns the items whose parent is id, in backlog order.
func (p *Plan) Children(id string) []*model.Item { return p.childrenOf[id] }

// ItemsOf returns the items of an initiative or release, in backlog order.
func (p *Plan) ItemsOf(id string) []*model.Item { return p.itemsOf[id] }

// Closed reports whether an item's status counts as finished.
func (p *Plan) Closed(it *model.Item) bool { return p.WS.Config.IsClosed(it.Status) }

// Blocked reports whether an open item depends on an open item.
func (p *Plan) Blocked(it *model.Item) bool {
	if p.Closed(it) {
		return false
	}
	for _, id := range it.DependsOn {
		if r := p.byID[id]; r != nil {
			if d, ok := r.Model.(*model.Item); ok && !p.Closed(d) {
				return true
			}
		}
	}
	return false
}

// Score returns the item's score and whether it has one.
func (p *Plan) Score(it *model.Item) (float64, bool) {
	if p.Model == nil {
		return 0, false
	}
	return p.Model.Score(it)
}

// ExplainScore spells out how the score is computed, e.g.
// "reach 1200 × impact 2 × confidence 0.8 ÷ effort 3 = 640", or says what is
// missing.
func (p *Plan) ExplainScore(it *model.Item) string {
	if p.Model == nil {
		return "no score: the scoring model in roadlog.yaml does not compile"
	}
	if missing := p.Model.Missing(it); len(missing) > 0 {
		return fmt.Sprintf("no %s score: missing %s", p.Model.Name, strings.Join(missing, ", "))
	}
	s, ok := p.Model.Score(it)
	if !ok {
		return fmt.Sprintf("no %s score: the inputs give no finite number", p.Model.Name)
	}
	in := func(k string) string { return k + " " + model.FormatNumber(it.Score[k]) }
	var expr string
	switch p.Model.Name {
	case "rice":
		expr = in("reach") + " × " + in("impact") + " × " + in("confidence") + " ÷ " + in("effort")
	case "ice":
		expr = in("impact") + " × " + in("confidence") + " × " + in("ease")
	case "wsjf":
		expr = "(" + in("value") + " + " + in("time_criticality") + " + " + in("risk_reduction") + ") ÷ " + in("job_size")
	default:
		var parts []string
		for _, k := range p.Model.Inputs() {
			parts = append(parts, k+" "+formatAny(inputValue(it, k)))
		}
		expr = p.Model.Formula + " with " + strings.Join(parts, ", ")
	}
	return expr + " = " + FormatScore(s)
}

func inputValue(it *model.Item, k string) any {
	if v, ok := it.Score[k]; ok {
		return v
	}
	return it.Fields[k]
}

func formatAny(v any) string {
	switch x := v.(type) {
	case float64:
		return model.FormatNumber(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(v)
}

// FormatScore rounds a score to two decimals for display: 640, 466.67.
func FormatScore(s float64) string {
	return strconv.FormatFloat(roundTo(s, 2), 'f', -1, 64)
}

func roundTo(f float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(f*p) / p
}

// Criteria returns the checked and total acceptance-criteria check boxes
// ("- [x] …") in the item's body.
func (p *Plan) Criteria(it *model.Item) (done, total int) {
	c := p.criteria[it]
	return c[0], c[1]
}

var taskLine = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s`)

// countCriteria counts task-list check boxes outside fenced code blocks.
func countCriteria(body string) (done, total int) {
	fence := ""
	for line := range strings.Lines(body) {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if m := taskLine.FindStringSubmatch(line); m != nil {
			total++
			if m[1] != " " {
				done++
			}
		}
	}
	return done, total
}

// Progress returns the closed and total items of an initiative or release.
func (p *Plan) Progress(id string) (closed, total int) {
	for _, it := range p.itemsOf[id] {
		total++
		if p.Closed(it) {
			closed++
		}
	}
	return closed, total
}

// ObjectiveProgress is the mean progress of the objective's key results
// that have one.
func (p *Plan) ObjectiveProgress(o *model.Objective) (float64, bool) {
	sum, n := 0.0, 0
	for _, kr := range o.KeyResults {
		if v, ok := kr.Progress(); ok {
			sum += v
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return Round4(sum / float64(n)), true
}

// InitiativesFor returns the initiatives that name the objective.
func (p *Plan) InitiativesFor(objectiveID string) []*model.Initiative {
	var out []*model.Initiative
	for _, in := range p.WS.Initiatives {
		if slices.Contains(in.Objectives, objectiveID) {
			out = append(out, in)
		}
	}
	return out
}

// Round4 rounds a ratio to four decimals, so that 1/3 prints as 0.3333
// rather than 0.33333333333333315.
func Round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// Exposure is a risk's likelihood × impact (0 when either is unset).
func Exposure(r *model.Risk) int { return r.Likelihood * r.Impact }
