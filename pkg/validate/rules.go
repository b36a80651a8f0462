package validate

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/score"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/schema"
	"gopkg.in/yaml.v3"
)

// configPos returns the position of a value in roadlog.yaml.
func (v *validator) configPos(tokens ...string) diag.Pos {
	return v.ws.ConfigFile.Locate(tokens, false)
}

// checkConfig checks what the config schema cannot: statuses named in
// closed and wip must exist, custom fields must be valid schemas with new
// names, and a formula must compile.
func (v *validator) checkConfig() {
	f := v.ws.ConfigFile
	if f == nil || !f.Parsed {
		v.model = scoreModel(v.cfg)
		return
	}
	cfgValue, _ := f.Value.(map[string]any)
	wf, _ := cfgValue["workflow"].(map[string]any)
	statuses := v.cfg.Workflow.Statuses
	for i, s := range strs(wf["closed"]) {
		if s != "" && !slices.Contains(statuses, s) {
			v.add("schema", f.Path, v.configPos("workflow", "closed", strconv.Itoa(i)),
				fmt.Sprintf("closed status %q is not in workflow.statuses", s), hintOr(suggest.Hint(s, statuses), "add it to workflow.statuses"))
		}
	}
	if wip, ok := wf["wip"].(map[string]any); ok {
		for _, s := range slices.Sorted(maps.Keys(wip)) {
			if !slices.Contains(statuses, s) {
				v.add("schema", f.Path, f.Locate([]string{"workflow", "wip", s}, true),
					fmt.Sprintf("WIP limit for unknown status %q", s), hintOr(suggest.Hint(s, statuses), "add it to workflow.statuses"))
			}
		}
	}
	for _, name := range v.cfg.FieldNames() {
		pos := f.Locate([]string{"fields", name}, true)
		if builtIn(name) {
			v.add("schema", f.Path, pos, fmt.Sprintf("custom field %q has the name of a built-in field", name), "choose another name")
			continue
		}
		if typ, ok := v.cfg.Fields[name].(map[string]any)["type"].(string); ok && !slices.Contains(jsonTypes, typ) {
			v.add("schema", f.Path, f.Locate([]string{"fields", name, "type"}, false),
				fmt.Sprintf("custom field %q has an unknown type %q", name, typ),
				suggest.OneOf(typ, jsonTypes))
			continue
		}
		if err := fieldSchemaError(v.cfg.Fields[name]); err != nil {
			v.add("schema", f.Path, pos, fmt.Sprintf("custom field %q has an invalid schema: %s", name, compileMessage(err)),
				"write a JSON Schema such as {type: string, enum: [a, b]}")
		}
	}
	m, err := score.New(v.cfg.Scoring.Model, v.cfg.Scoring.Formula)
	var fe *score.FormulaError
	switch {
	case errors.As(err, &fe):
		pos := v.configPos("scoring", "formula")
		if n := f.Node([]string{"scoring", "formula"}); n != nil && !strings.Contains(n.Value, "\n") {
			switch n.Style {
			case 0:
				pos.Col += fe.Column - 1
			case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
				pos.Col += fe.Column
			}
		}
		v.add("schema", f.Path, pos, "scoring formula does not compile: "+fe.Msg, "write an expression such as reach * impact / effort")
	case err == nil:
		v.model = m
	}
}

// jsonTypes are the types a custom field may declare.
var jsonTypes = []string{"string", "number", "integer", "boolean", "array", "object", "null"}

// builtIn reports whether a name is a field of a kind of record that takes
// custom fields.
func builtIn(name string) bool {
	for _, k := range frontMatterKinds {
		if slices.Contains(schema.Base(string(k)).Names(), name) {
			return true
		}
	}
	return false
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, e := range list {
		out[i], _ = e.(string)
	}
	return out
}

// checkDuplicateIDs reports every place of an ID used more than once.
func (v *validator) checkDuplicateIDs() {
	if v.off("duplicate-id") {
		return
	}
	for _, id := range v.ws.Duplicates() {
		recs := v.ws.Lookup(id)
		for i, r := range recs {
			var others []string
			for j, o := range recs {
				if j != i {
					others = append(others, fmt.Sprintf("%s:%s", o.File.Path, o.Pos()))
				}
			}
			v.add("duplicate-id", r.File.Path, r.Pos(), fmt.Sprintf("duplicate ID %q (also at %s)", id, strings.Join(others, ", ")),
				"give one of them a new ID with `roadlog renumber`")
		}
	}
}

// checkFilenames reports one-file records whose file name does not begin
// with their ID.
func (v *validator) checkFilenames() {
	if v.off("filename-id") {
		return
	}
	for _, r := range v.ws.Records {
		k := r.Kind()
		if k != model.KindItem && k != model.KindInsight && k != model.KindDecision {
			continue
		}
		id := r.ID()
		if id == "" {
			continue
		}
		base := path.Base(r.File.Path)
		if rest, ok := strings.CutPrefix(base, id); ok && (rest == "" || strings.ContainsRune("-_. ", rune(rest[0]))) {
			continue
		}
		want := id + "-" + model.Slug(r.Meta().Title, model.SlugLength) + path.Ext(base)
		if model.Slug(r.Meta().Title, model.SlugLength) == "" {
			want = id + path.Ext(base)
		}
		v.add("filename-id", r.File.Path, r.Pos(), fmt.Sprintf("file name does not begin with the ID %q", id),
			"rename it to "+path.Join(path.Dir(r.File.Path), want))
	}
}

// suggestionBudget caps the "did you mean" searches of one run, each of
// which scans every ID, so that a workspace with thousands of broken
// references still validates quickly.
const suggestionBudget = 200

// checkReferences reports references that name nothing or the wrong kind,
// owners that are not people, and parents that are not epics.
func (v *validator) checkReferences() {
	idsByKind := map[model.Kind][]string{}
	for _, r := range v.ws.Records {
		if r.ID() != "" {
			idsByKind[r.Kind()] = append(idsByKind[r.Kind()], r.ID())
		}
	}
	budget := suggestionBudget
	hint := func(id string, kinds []model.Kind) string {
		if budget <= 0 {
			return ""
		}
		budget--
		var cands []string
		if kinds == nil {
			cands = v.ws.IDs()
			slices.SortFunc(cands, model.CompareIDs)
		}
		for _, k := range kinds {
			cands = append(cands, idsByKind[k]...)
		}
		return suggest.IDHint(id, cands)
	}
	people := v.cfg.PeopleKeys()
	for _, r := range v.ws.Records {
		fields := r.Meta().Fields
		for _, rf := range model.References(r.Kind()) {
			vals := []any{fields[rf.Field]}
			if rf.List {
				vals, _ = fields[rf.Field].([]any)
			}
			for i, val := range vals {
				id, ok := val.(string)
				if !ok || id == "" {
					continue
				}
				// Positions cost a parse of the file: find them only for findings.
				pos := func() diag.Pos {
					if rf.List {
						return r.ValuePos(rf.Field, strconv.Itoa(i))
					}
					return r.ValuePos(rf.Field)
				}
				target := v.ws.Find(id)
				switch {
				case target == nil:
					v.add("unknown-reference", r.File.Path, pos(), fmt.Sprintf("%s %q names nothing", rf.Field, id), hint(id, rf.Targets))
				case rf.Targets != nil && !slices.Contains(rf.Targets, target.Kind()):
					want := rf.Targets[0]
					v.add("unknown-reference", r.File.Path, pos(),
						fmt.Sprintf("%s %q is %s %s, not %s %s", rf.Field, id, target.Kind().Article(), target.Kind().Label(), want.Article(), want.Label()),
						hint(id, rf.Targets))
				case rf.Field == "parent":
					if it, ok := target.Model.(*model.Item); ok && it.Type != "epic" {
						typ := it.Type
						if typ == "" {
							typ = "item without a type"
						}
						v.add("parent-type", r.File.Path, pos(), fmt.Sprintf("parent %q is %s %s, not an epic", id, article(typ), typ),
							"set parent: to an epic, or make "+id+" one (type: epic)")
					}
				}
			}
		}
		if len(people) == 0 {
			continue
		}
		for _, field := range r.Kind().Info().People {
			if o, ok := fields[field].(string); ok && o != "" {
				if _, known := v.cfg.People[o]; !known {
					v.add("unknown-reference", r.File.Path, r.ValuePos(field), fmt.Sprintf("%s %q is not in people", field, o),
						hintOr(suggest.Hint(o, people), "declare them under people: in roadlog.yaml"))
				}
			}
		}
	}
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// checkCycles reports each dependency cycle once, at the depends_on entry
// of its member with the smallest ID, naming the whole cycle.
func (v *validator) checkCycles() {
	if v.off("dependency-cycle") {
		return
	}
	// Only items that depend on something can be on a cycle: the graph is
	// theirs, usually a small part of the backlog.
	items := make(map[string]*model.Item, len(v.ws.Items))
	var ids []string
	for _, it := range v.ws.Items {
		if it.ID != "" && items[it.ID] == nil {
			items[it.ID] = it
			if len(it.DependsOn) > 0 {
				ids = append(ids, it.ID)
			}
		}
	}
	// The order of ids does not matter: a component is the same whichever
	// node it is reached from, it is reported at its least ID, and the
	// findings are sorted.
	onGraph := func(id string) bool { return items[id] != nil && len(items[id].DependsOn) > 0 }
	for _, scc := range stronglyConnected(ids, func(id string) []string { return items[id].DependsOn }, onGraph) {
		start := scc[0]
		for _, id := range scc {
			if model.CompareIDs(id, start) < 0 {
				start = id
			}
		}
		if len(scc) == 1 && !slices.Contains(items[start].DependsOn, start) {
			continue
		}
		members := map[string]bool{}
		for _, id := range scc {
			members[id] = true
		}
		cycle := findCycle(start, members, func(id string) []string { return items[id].DependsOn })
		it := items[start]
		r := v.ws.RecordOf(it)
		idx := slices.Index(it.DependsOn, cycle[1])
		v.add("dependency-cycle", r.File.Path, r.ValuePos("depends_on", strconv.Itoa(idx)),
			"dependency cycle: "+strings.Join(cycle, " → "), "remove one of these depends_on entries")
	}
}

// stronglyConnected returns the strongly connected components of the graph
// (Tarjan's algorithm, iterative so that long chains cannot overflow). A
// node's state lives in slices by the order it was reached, so that 100,000
// items cost one map entry each.
func stronglyConnected(nodes []string, edges func(string) []string, exists func(string) bool) [][]string {
	order := make(map[string]int32, len(nodes)) // node → when it was reached, its index in the slices below
	var names []string
	var low []int32
	var onStack []bool
	var stack []int32
	var out [][]string
	type frame struct {
		node int32
		succ []string
		edge int
	}
	reach := func(n string) frame {
		i := int32(len(names))
		order[n] = i
		names = append(names, n)
		low = append(low, i)
		onStack = append(onStack, true)
		stack = append(stack, i)
		return frame{node: i, succ: edges(n)}
	}
	for _, root := range nodes {
		if _, seen := order[root]; seen {
			continue
		}
		work := []frame{reach(root)}
		for len(work) > 0 {
			top := &work[len(work)-1]
			if top.edge < len(top.succ) {
				w := top.succ[top.edge]
				top.edge++
				if !exists(w) {
					continue
				}
				if wi, seen := order[w]; !seen {
					work = append(work, reach(w))
				} else if onStack[wi] {
					low[top.node] = min(low[top.node], wi)
				}
				continue
			}
			n := top.node
			work = work[:len(work)-1]
			if len(work) > 0 {
				parent := work[len(work)-1].node
				low[parent] = min(low[parent], low[n])
			}
			if low[n] == n {
				var scc []string
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					scc = append(scc, names[w])
					if w == n {
						break
					}
				}
				out = append(out, scc)
			}
		}
	}
	return out
}

// findCycle returns a cycle start → … → start within members, found by a
// breadth-first search so that it is the shortest one through start.
func findCycle(start string, members map[string]bool, edges func(string) []string) []string {
	prev := map[string]string{}
	queue := []string{start}
	visited := map[string]bool{}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, w := range edges(n) {
			if !members[w] {
				continue
			}
			if w == start {
				path := []string{start}
				for c := n; c != start; c = prev[c] {
					path = append(path, c)
				}
				slices.Reverse(path[1:])
				return append(path, start)
			}
			if !visited[w] {
				visited[w] = true
				prev[w] = n
				queue = append(queue, w)
			}
		}
	}
	return []string{start, start}
}

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// checkDates reports start after end, due before created, and items due
// after the date of their release.
func (v *validator) checkDates() {
	if v.off("date-order") {
		return
	}
	for _, in := range v.ws.Initiatives {
		s, ok1 := parseDate(in.Start)
		e, ok2 := parseDate(in.End)
		if ok1 && ok2 && s.After(e) {
			r := v.ws.RecordOf(in)
			v.add("date-order", r.File.Path, r.ValuePos("end"), fmt.Sprintf("end %s is before start %s", in.End, in.Start), "swap them, or fix the one that is wrong")
		}
	}
	releases := map[string]*model.Release{}
	for _, rel := range v.ws.Releases {
		if releases[rel.ID] == nil {
			releases[rel.ID] = rel
		}
	}
	for _, it := range v.ws.Items {
		r := v.ws.RecordOf(it)
		due, okDue := parseDate(it.Due)
		if c, ok := parseDate(it.Created); ok && okDue && due.Before(c) {
			v.add("date-order", r.File.Path, r.ValuePos("due"), fmt.Sprintf("due %s is before created %s", it.Due, it.Created), "")
		}
		rel := releases[it.Release]
		if rel == nil || !okDue {
			continue
		}
		if rd, ok := parseDate(rel.Date); ok && due.After(rd) {
			v.add("date-order", r.File.Path, r.ValuePos("due"),
				fmt.Sprintf("due %s is after the date of release %s (%s)", it.Due, rel.ID, rel.Date),
				"move the item to a later release, or bring the due date forward")
		}
	}
}

// checkWIP reports statuses holding more items than their WIP limit, at the
// limit in roadlog.yaml.
func (v *validator) checkWIP() {
	if v.off("wip-limit") {
		return
	}
	if len(v.cfg.Workflow.WIP) == 0 || v.ws.ConfigFile == nil {
		return
	}
	for _, load := range plan.Loads(v.cfg, v.ws.Items) {
		if !load.Over() {
			continue
		}
		status, limit, items := load.Status, load.Limit, load.Items
		slices.SortFunc(items, model.CompareItems)
		var ids []string
		for _, it := range items {
			ids = append(ids, it.ID)
		}
		if len(ids) > 8 {
			ids = append(ids[:8], "…")
		}
		v.add("wip-limit", v.ws.ConfigFile.Path, v.configPos("workflow", "wip", status),
			fmt.Sprintf("%d items are %s, over the WIP limit of %d (%s)", len(items), status, limit, strings.Join(ids, ", ")),
			"finish or move some before starting more")
	}
}

// checkClosedDependencies reports closed items that depend on open ones.
func (v *validator) checkClosedDependencies() {
	if v.off("closed-with-open-dependency") {
		return
	}
	for _, it := range v.ws.Items {
		if !v.cfg.IsClosed(it.Status) {
			continue
		}
		for i, dep := range it.DependsOn {
			target := v.ws.Find(dep)
			if target == nil {
				continue
			}
			d, ok := target.Model.(*model.Item)
			if !ok || v.cfg.IsClosed(d.Status) {
				continue
			}
			r := v.ws.RecordOf(it)
			v.add("closed-with-open-dependency", r.File.Path, r.ValuePos("depends_on", strconv.Itoa(i)),
				fmt.Sprintf("%s is %s but depends on %s, which is %s", it.ID, it.Status, dep, orNone(d.Status)),
				"reopen it, or close "+dep+" first")
		}
	}
}

// checkClosedEpics reports closed epics with open children: the epic was
// closed too early, or its children were forgotten. The children come
// from the read model, built only when there is a closed epic to check.
func (v *validator) checkClosedEpics() {
	if v.off("closed-epic-with-open-children") {
		return
	}
	var p *plan.Plan
	for _, it := range v.ws.Items {
		if it.Type != "epic" || !v.cfg.IsClosed(it.Status) {
			continue
		}
		if p == nil {
			p = plan.New(v.ws, v.now)
		}
		var open []string
		for _, c := range p.Children(it.ID) {
			if !v.cfg.IsClosed(c.Status) {
				open = append(open, c.ID)
			}
		}
		if len(open) == 0 {
			continue
		}
		slices.SortFunc(open, model.CompareIDs)
		r := v.ws.RecordOf(it)
		v.add("closed-epic-with-open-children", r.File.Path, r.ValuePos("status"),
			fmt.Sprintf("epic %s is %s but %s still open (%s)", it.ID, it.Status, plural(len(open), "child is", "children are"), strings.Join(open, ", ")),
			"reopen it, or close or move its children first")
	}
}

// plural says n things, with the singular or plural phrase.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func orNone(s string) string {
	if s == "" {
		return "without a status"
	}
	return s
}

// checkOverdueReleases reports planned releases dated before today that
// still have open items.
func (v *validator) checkOverdueReleases() {
	if v.off("release-overdue") {
		return
	}
	if v.now.IsZero() {
		return
	}
	today := time.Date(v.now.Year(), v.now.Month(), v.now.Day(), 0, 0, 0, 0, time.UTC)
	open := map[string]int{}
	for _, it := range v.ws.Items {
		if it.Release != "" && !v.cfg.IsClosed(it.Status) {
			open[it.Release]++
		}
	}
	for _, rel := range v.ws.Releases {
		if rel.Status != "" && rel.Status != "planned" {
			continue
		}
		d, ok := parseDate(rel.Date)
		if !ok || !d.Before(today) || open[rel.ID] == 0 {
			continue
		}
		r := v.ws.RecordOf(rel)
		n := open[rel.ID]
		items := "1 open item"
		if n != 1 {
			items = fmt.Sprintf("%d open items", n)
		}
		v.add("release-overdue", r.File.Path, r.ValuePos("date"),
			fmt.Sprintf("release %s was planned for %s and still has %s", rel.ID, rel.Date, items),
			"move the date, move the items, or set status: released")
	}
}

// checkScores reports ready items that lack inputs of the scoring model.
func (v *validator) checkScores() {
	if v.off("missing-score") {
		return
	}
	if v.model == nil {
		return
	}
	for _, it := range v.ws.Items {
		if it.Status != "ready" {
			continue
		}
		missing := v.model.Missing(it)
		if len(missing) == 0 {
			continue
		}
		r := v.ws.RecordOf(it)
		pos := r.ValuePos("status")
		hint := "add score: " + v.model.Example()
		if r.Has("score") {
			pos = r.KeyPos("score")
			hint = "add " + strings.Join(missing, ", ") + " under score:"
		}
		v.add("missing-score", r.File.Path, pos,
			fmt.Sprintf("ready item has no %s score (missing %s)", v.model.Name, strings.Join(missing, ", ")), hint)
	}
}

// checkOrphans reports stories, bugs and tasks tied to neither an epic nor
// an initiative.
func (v *validator) checkOrphans() {
	if v.off("orphan-item") {
		return
	}
	for _, it := range v.ws.Items {
		switch it.Type {
		case "story", "bug", "task":
		default:
			continue
		}
		if it.Parent != "" || it.Initiative != "" {
			continue
		}
		r := v.ws.RecordOf(it)
		v.add("orphan-item", r.File.Path, r.Pos(), fmt.Sprintf("%s %s has neither parent nor initiative", it.Type, it.ID),
			"set parent: to an epic or initiative: to an initiative")
	}
}

// checkUnusedInsights reports insights no item cites.
func (v *validator) checkUnusedInsights() {
	if v.off("unused-insight") {
		return
	}
	cited := map[string]bool{}
	for _, it := range v.ws.Items {
		for _, id := range it.Insights {
			cited[id] = true
		}
	}
	for _, in := range v.ws.Insights {
		if in.ID == "" || cited[in.ID] {
			continue
		}
		r := v.ws.RecordOf(in)
		v.add("unused-insight", r.File.Path, r.Pos(), fmt.Sprintf("no item cites insight %s", in.ID),
			"add it to the insights: of the items it supports")
	}
}
