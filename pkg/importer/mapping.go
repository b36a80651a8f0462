package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/fold"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Mapping turns the statuses and types of a source into the workspace's:
// first the rules given (--map status.Blocked=ready, --map type.Chore=task),
// then the names of the workflow after folding case, spaces, hyphens and
// underscores, then the well-known names of DESIGN's import defaults.
type Mapping struct {
	cfg    *workspace.Config
	rules  map[string]string // "status.blocked" → "ready"
	unused map[string]bool
}

// ParseMapping reads --map rules, each "status.NAME=STATUS" or
// "type.NAME=TYPE", and checks their targets against the workspace.
func ParseMapping(cfg *workspace.Config, rules []string) (*Mapping, error) {
	m := &Mapping{cfg: cfg, rules: map[string]string{}, unused: map[string]bool{}}
	for _, r := range rules {
		left, target, ok := strings.Cut(r, "=")
		what, name, ok2 := strings.Cut(left, ".")
		if !ok || !ok2 || name == "" || target == "" || (what != "status" && what != "type") {
			return nil, fmt.Errorf("--map %q: write status.NAME=STATUS or type.NAME=TYPE (NAME as the source writes it)", r)
		}
		valid := cfg.Workflow.Statuses
		if what == "type" {
			valid = cfg.Types
		}
		if !slices.Contains(valid, target) {
			return nil, fmt.Errorf("--map %s: %s", r, suggest.Unknown(what, target, valid))
		}
		k := what + "." + foldName(name)
		m.rules[k] = target
		m.unused[k] = true
	}
	return m, nil
}

// fold is a name as the rules compare it: lower case, without spaces,
// hyphens, underscores or apostrophes.
func foldName(s string) string {
	s = fold.String(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '\'', '’':
			return -1
		}
		return r
	}, s)
}

// wellKnownStatus is DESIGN's import defaults: a folded source status → what
// it means ("open" for the first open status, "closed"/"cancelled" for the
// first/last closed one, or a status name).
var wellKnownStatus = map[string]string{
	"todo": "ready", "open": "ready", "selectedfordevelopment": "ready", "ready": "ready",
	"backlog": "idea", "triage": "idea", "draft": "idea", "idea": "idea",
	"inprogress": "in-progress", "doing": "in-progress", "started": "in-progress",
	"inreview": "review", "review": "review",
	"done": "closed", "closed": "closed", "resolved": "closed", "completed": "closed",
	"wontdo": "cancelled", "canceled": "cancelled", "cancelled": "cancelled", "notplanned": "cancelled",
	"wontfix": "cancelled", "dropped": "cancelled", "duplicate": "cancelled",
}

// wellKnownType is the types of the same name in Jira, Linear and GitHub,
// and Backlog.md's.
var wellKnownType = map[string]string{
	"epic": "epic", "story": "story", "userstory": "story", "bug": "bug", "defect": "bug",
	"task": "task", "subtask": "task", "chore": "task", "spike": "spike",
	"feature": "story", "enhancement": "story", "improvement": "story",
}

// Status returns the workflow status the source's status maps to.
func (m *Mapping) Status(s string) (string, bool) {
	f := foldName(s)
	if t, ok := m.rules["status."+f]; ok {
		delete(m.unused, "status."+f)
		return t, true
	}
	wf := m.cfg.Workflow
	for _, st := range wf.Statuses {
		if foldName(st) == f {
			return st, true
		}
	}
	want, ok := wellKnownStatus[f]
	if !ok {
		return "", false
	}
	var open []string
	for _, st := range wf.Statuses {
		if !slices.Contains(wf.Closed, st) {
			open = append(open, st)
		}
	}
	switch want {
	case "closed", "cancelled":
		if len(wf.Closed) == 0 {
			return "", false
		}
		if want == "closed" {
			return wf.Closed[0], true
		}
		return wf.Closed[len(wf.Closed)-1], true
	}
	if slices.Contains(wf.Statuses, want) {
		return want, true
	}
	// The nearest open status: the well-known order idea < ready <
	// in-progress < review, matched where the workflow has one of them.
	order := []string{"idea", "ready", "in-progress", "review"}
	i := slices.Index(order, want)
	for d := 1; d < len(order); d++ {
		for _, j := range []int{i - d, i + d} {
			if j >= 0 && j < len(order) && slices.Contains(open, order[j]) {
				return order[j], true
			}
		}
	}
	if len(open) > 0 {
		return open[0], true
	}
	return "", false
}

// Type returns the item type the source's type maps to.
func (m *Mapping) Type(s string) (string, bool) {
	f := foldName(s)
	if t, ok := m.rules["type."+f]; ok {
		delete(m.unused, "type."+f)
		return t, true
	}
	for _, t := range m.cfg.Types {
		if foldName(t) == f {
			return t, true
		}
	}
	if t, ok := wellKnownType[f]; ok && slices.Contains(m.cfg.Types, t) {
		return t, true
	}
	return "", false
}

// Unused lists the rules no record needed, to warn of a misspelt name.
func (m *Mapping) Unused() []string {
	return slices.Sorted(func(yield func(string) bool) {
		for k := range m.unused {
			if !yield(k) {
				return
			}
		}
	})
}
