package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/safetext"
)

// section is a titled list of rows of cells, each cleaned for one line.
type section struct {
	title string
	rows  [][]string
	count int // what it lists: rows, or records for Changed
}

// layout lays out the parts of a diff as rows of plain cells, shared by
// the text and Markdown writers. For text a field change is one cell
// ("ready → in-progress"), for Markdown two (before, after).
type layout struct {
	d    *Diff
	text bool
}

// sections lays out every part of the diff that has rows, in order, each
// cell cleaned for one line.
func (d *Diff) sections(text bool) []section {
	l := layout{d: d, text: text}
	parts := []struct {
		title string
		rows  func() [][]string
	}{
		{"Product", l.product},
		{"Added", func() [][]string { return l.records(d.Added) }},
		{"Removed", func() [][]string { return l.records(d.Removed) }},
		{"Renamed", l.renamed},
		{"Changed", l.changed},
		{fmt.Sprintf("Backlog: top %d open items", d.Backlog.Top), l.backlog},
		{"Scores", l.scores},
		{"Dates", l.dates},
		{"Key results", l.keyResults},
		{"Scope", l.scope},
		{"New errors", l.newErrors},
	}
	var out []section
	for _, p := range parts {
		rows := p.rows()
		if len(rows) == 0 {
			continue
		}
		s := section{title: p.title, rows: rows, count: len(rows)}
		if p.title == "Changed" {
			s.count = l.changedRecords(rows)
		}
		for _, r := range rows {
			for j := range r {
				r[j] = strings.TrimSpace(safetext.Line(r[j]))
			}
		}
		out = append(out, s)
	}
	return out
}

// values are the cells of a field change.
func (l layout) values(f Field) []string {
	before, after := valueText(f, true), valueText(f, false)
	if !l.text {
		return []string{before, after}
	}
	if before == "" || f.Added != nil || f.Removed != nil {
		return []string{strings.TrimSpace(after + " " + before)}
	}
	return []string{before + " → " + after}
}

func (l layout) product() [][]string {
	var rows [][]string
	for _, f := range l.d.Product {
		rows = append(rows, append([]string{f.Field}, l.values(f)...))
	}
	return rows
}

func (l layout) records(recs []Record) [][]string {
	var rows [][]string
	for _, r := range recs {
		rows = append(rows, []string{r.ID, kindLabel(r), r.Title})
	}
	return rows
}

func (l layout) renamed() [][]string {
	var rows [][]string
	for _, r := range l.d.Renamed {
		rows = append(rows, []string{r.From + " → " + r.To, kindLabel(Record{Kind: r.Kind, Type: r.Type}), r.Title})
	}
	return rows
}

// changed lists the field changes of each record: for text a heading row
// (one cell) a record, then its fields; for Markdown the record in the
// first cell of its first field's row.
func (l layout) changed() [][]string {
	scored := map[string]bool{}
	for _, s := range l.d.Scores {
		scored[s.ID] = true
	}
	var rows [][]string
	for _, c := range l.d.Changed {
		first := true
		for _, f := range c.Fields {
			if shownElsewhere(c, f, scored) {
				continue
			}
			name := c.ID + " " + c.Title
			if c.WasID != "" {
				name += " (was " + c.WasID + ")"
			}
			row := append([]string{f.Field}, l.values(f)...)
			switch {
			case l.text && first:
				rows = append(rows, []string{name})
			case l.text:
			case first:
				row = append([]string{name}, row...)
			default:
				row = append([]string{""}, row...)
			}
			first = false
			rows = append(rows, row)
		}
	}
	return rows
}

// changedRecords counts the records of the Changed rows: the heading rows
// for text, the rows that name a record for Markdown.
func (l layout) changedRecords(rows [][]string) int {
	n := 0
	for _, r := range rows {
		if r[0] != "" && (l.text == (len(r) == 1)) {
			n++
		}
	}
	return n
}

func (l layout) backlog() [][]string {
	var rows [][]string
	for _, m := range l.d.Backlog.Moves {
		rows = append(rows, []string{placeText(m.To), m.ID, moveText(m, l.d.Backlog.Top), m.Title})
	}
	return rows
}

func (l layout) scores() [][]string {
	var rows [][]string
	for _, s := range l.d.Scores {
		var inputs []string
		for _, in := range s.Inputs {
			inputs = append(inputs, in.Name+" "+number(in.Old, "")+" → "+number(in.New, ""))
		}
		rows = append(rows, []string{s.ID, scoreText(s.Old) + " → " + scoreText(s.New), strings.Join(inputs, ", "), s.Title})
	}
	return rows
}

func (l layout) dates() [][]string {
	var rows [][]string
	for _, dt := range l.d.Dates {
		rows = append(rows, []string{dt.ID, dt.Field, orNone(dt.Old) + " → " + orNone(dt.New), daysText(dt.Days), dt.Title})
	}
	return rows
}

func (l layout) keyResults() [][]string {
	var rows [][]string
	for _, k := range l.d.KeyResults {
		var vals []string
		for _, v := range k.Values {
			vals = append(vals, v.Name+" "+number(v.Old, k.Unit)+" → "+number(v.New, k.Unit))
		}
		rows = append(rows, []string{k.ID, strings.Join(vals, ", "), "progress " + percent(k.OldProgress) + " → " + percent(k.NewProgress), k.Title})
	}
	return rows
}

func (l layout) scope() [][]string {
	var rows [][]string
	for _, s := range l.d.Scope {
		var parts []string
		for _, r := range s.In {
			parts = append(parts, "+"+r.ID)
		}
		for _, r := range s.Out {
			parts = append(parts, "-"+r.ID)
		}
		rows = append(rows, []string{s.ID, strings.Join(parts, " "), s.Title})
	}
	return rows
}

// newErrors lists the new errors, for text as roadlog validate prints them.
func (l layout) newErrors() [][]string {
	var rows [][]string
	for _, f := range l.d.NewErrors {
		where := fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Column)
		if l.text {
			rows = append(rows, []string{where + ": " + f.Severity + ": " + f.Message + hintText(f.Hint) + " [" + f.Rule + "]"})
			continue
		}
		rows = append(rows, []string{where, f.Message + hintText(f.Hint), f.Rule})
	}
	return rows
}

// shownElsewhere reports whether a field change has its own section:
// dates, key-result values and scores.
func shownElsewhere(c Change, f Field, scored map[string]bool) bool {
	k := model.Kind(c.Kind)
	switch {
	case slices.Contains(dateFields[k], f.Field):
		return true
	case k == model.KindKeyResult && (f.Field == "baseline" || f.Field == "target" || f.Field == "current"):
		return true
	case k == model.KindItem && f.Field == "score":
		return scored[c.ID]
	}
	return false
}
