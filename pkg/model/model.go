// Package model defines the records of a roadlog workspace — backlog items,
// themes, initiatives, objectives and key results, releases, risks, insights,
// decisions and personas — as plain values with no I/O.
package model

import (
	"cmp"
	"strconv"
	"strings"
)

// Kind names a kind of record.
type Kind string

// The kinds of record. Their IDs share one namespace.
const (
	KindItem       Kind = "item"
	KindTheme      Kind = "theme"
	KindInitiative Kind = "initiative"
	KindObjective  Kind = "objective"
	KindKeyResult  Kind = "key_result"
	KindRelease    Kind = "release"
	KindRisk       Kind = "risk"
	KindInsight    Kind = "insight"
	KindDecision   Kind = "decision"
	KindPersona    Kind = "persona"
)

// Article returns "a" or "an" for the kind's name in messages.
func (k Kind) Article() string {
	switch k {
	case KindItem, KindInitiative, KindInsight:
		return "an"
	}
	return "a"
}

// Label is the kind's name in prose ("key result").
func (k Kind) Label() string { return strings.ReplaceAll(string(k), "_", " ") }

// Meta is what every record has.
type Meta struct {
	Kind  Kind
	ID    string
	Title string
	// Visibility is the visibility: text, "" when it is absent or not
	// text. A record is public only when the field is absent or exactly
	// "public"; any other value ("internal", a misspelling, a list) keeps
	// it out of `report --public`, which reads Fields to tell them apart.
	Visibility string
	Path       string         // workspace-relative file that holds the record
	Fields     map[string]any // every key of the record as a JSON value (strings, float64/int64, bool, nil, []any, map[string]any)
}

// RecordMeta returns the common part of a record.
func (m *Meta) RecordMeta() *Meta { return m }

// Record is any kind of record.
type Record interface {
	RecordMeta() *Meta
}

// Item is a backlog item: an epic, story, bug, task or spike.
type Item struct {
	Meta
	Type       string
	Status     string
	Owner      string
	Parent     string
	Initiative string
	Release    string
	Labels     []string
	Rank       string
	Estimate   *float64
	MoSCoW     string
	Score      map[string]float64 // inputs of the scoring model
	DependsOn  []string
	Insights   []string
	Created    string // YYYY-MM-DD, or empty
	Due        string // YYYY-MM-DD, or empty
	Body       string // Markdown
}

// Theme groups initiatives.
type Theme struct {
	Meta
	Description string
}

// Initiative is a roadmap entry.
type Initiative struct {
	Meta
	Theme       string
	Horizon     string // now | next | later
	Status      string // planned | in-progress | done | dropped
	Start       string
	End         string
	Confidence  string
	Objectives  []string
	Owner       string
	Description string
}

// Objective is an objective with its key results.
type Objective struct {
	Meta
	Period      string
	Owner       string
	Description string
	KeyResults  []*KeyResult
}

// KeyResult is a measurable result of an objective.
type KeyResult struct {
	Meta
	Objective string // ID of the objective it belongs to
	Unit      string
	Baseline  *float64
	Target    *float64
	Current   *float64
}

// Release is a release or milestone.
type Release struct {
	Meta
	Date        string
	Status      string // planned | released | cancelled
	Description string
}

// Risk is a risk with its assessment.
type Risk struct {
	Meta
	Likelihood int // 1..5, 0 when unset
	Impact     int // 1..5, 0 when unset
	Status     string
	Owner      string
	Mitigation string
	Links      []string
}

// Insight is evidence: customer feedback, research or a market signal.
type Insight struct {
	Meta
	Source   string
	Date     string
	Customer string
	Body     string
}

// Decision is a decision record.
type Decision struct {
	Meta
	Status     string // proposed | accepted | superseded
	Date       string
	Supersedes string
	Links      []string
	Body       string
}

// Persona is a user the product serves, declared in product.md.
type Persona struct {
	Meta
	Name  string
	Needs []string // one text in the file is one need
}

// Product is product.md: the vision, the personas and the strategy.
type Product struct {
	Name     string
	Vision   string
	Personas []*Persona
	Body     string // the strategy, Markdown
	Path     string
}

// CompareIDs orders IDs naturally: runs of digits compare as numbers, so
// ACME-2 comes before ACME-10.
func CompareIDs(a, b string) int {
	for a != "" && b != "" {
		da, db := isDigit(a[0]), isDigit(b[0])
		if da && db {
			na, ra := digitRun(a)
			nb, rb := digitRun(b)
			if c := compareNumeric(na, nb); c != 0 {
				return c
			}
			a, b = ra, rb
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitRun(s string) (run, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// compareNumeric compares two digit strings by value, then by length so that
// "07" and "7" still have a stable order.
func compareNumeric(a, b string) int {
	ta, tb := strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if c := cmp.Compare(len(ta), len(tb)); c != 0 {
		return c
	}
	if c := strings.Compare(ta, tb); c != 0 {
		return c
	}
	return cmp.Compare(len(a), len(b))
}

// CompareItems orders backlog items by rank (byte order, items without a rank
// last), then by ID in natural order.
func CompareItems(a, b *Item) int {
	switch {
	case a.Rank == "" && b.Rank != "":
		return 1
	case a.Rank != "" && b.Rank == "":
		return -1
	}
	return cmp.Or(strings.Compare(a.Rank, b.Rank), CompareIDs(a.ID, b.ID))
}

// Body returns the Markdown body of a record kept in its own file (item,
// insight, decision), or "".
func Body(r Record) string {
	switch x := r.(type) {
	case *Item:
		return x.Body
	case *Insight:
		return x.Body
	case *Decision:
		return x.Body
	}
	return ""
}

// SlugLength is the most characters of a title that a record file's name
// carries: `roadlog new` names files so, and the filename-id rule suggests it.
const SlugLength = 48

// FormatNumber prints a number the shortest way that reads back the same:
// 3, 0.8, 1200.
func FormatNumber(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// FormatQuantity prints a key result's value with its unit: "40%",
// "1200 orders"; "" when there is no value.
func FormatQuantity(v *float64, unit string) string {
	if v == nil {
		return ""
	}
	s := FormatNumber(*v)
	switch unit {
	case "":
	case "%":
		s += "%"
	default:
		s += " " + unit
	}
	return s
}
