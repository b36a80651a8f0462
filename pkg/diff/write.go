package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
)

// Formats lists the output formats, the default first.
var Formats = []string{"text", "markdown", "json"}

// Write writes d in a format of [Formats].
func Write(w io.Writer, format string, d *Diff) error {
	switch format {
	case "text":
		return writeText(w, d)
	case "markdown":
		return writeMarkdown(w, d)
	case "json":
		return render.JSON(w, d)
	}
	return fmt.Errorf("unknown format %q", format)
}

// Title says what was compared: "main (1a2b3c4) → working tree".
func (d *Diff) Title() string {
	return d.Base.String() + " → " + d.Head.String()
}

func (r Rev) String() string {
	short := r.Commit
	if len(short) > 7 {
		short = short[:7]
	}
	switch {
	case r.Commit == "":
		return r.Name
	case r.Name == "" || strings.HasPrefix(r.Commit, r.Name):
		return short
	}
	return r.Name + " (" + short + ")"
}

// headline is the summary line, or that nothing changed.
func (d *Diff) headline() string {
	s := d.Summary.String()
	if d.FixedErrors > 0 {
		if s != "" {
			s += ", "
		}
		s += plural(d.FixedErrors, "error") + " fixed"
	}
	if s == "" {
		if d.Empty() {
			return "no changes to the plan"
		}
		s = "no records added, removed or changed"
	}
	return s
}

// section is a titled list of rows of cells, each cleaned for one line.
type section struct {
	title string
	rows  [][]string
	count int // what it lists: rows, or records for Changed
}

// sections lays out every part of the diff as rows of plain cells, shared
// by the text and Markdown writers. For text a field change is one cell
// ("ready → in-progress"), for Markdown two (before, after).
func (d *Diff) sections(text bool) []section {
	values := func(f Field) []string {
		before, after := valueText(f, true), valueText(f, false)
		if !text {
			return []string{before, after}
		}
		if before == "" || f.Added != nil || f.Removed != nil {
			return []string{strings.TrimSpace(after + " " + before)}
		}
		return []string{before + " → " + after}
	}
	var out []section
	add := func(title string, rows [][]string) {
		if len(rows) > 0 {
			out = append(out, section{title: title, rows: rows, count: len(rows)})
		}
	}
	var rows [][]string
	for _, f := range d.Product {
		rows = append(rows, append([]string{f.Field}, values(f)...))
	}
	add("Product", rows)

	rows = nil
	for _, r := range d.Added {
		rows = append(rows, []string{r.ID, kindLabel(r), r.Title})
	}
	add("Added", rows)
	rows = nil
	for _, r := range d.Removed {
		rows = append(rows, []string{r.ID, kindLabel(r), r.Title})
	}
	add("Removed", rows)
	rows = nil
	for _, r := range d.Renamed {
		rows = append(rows, []string{r.From + " → " + r.To, kindLabel(Record{Kind: r.Kind, Type: r.Type}), r.Title})
	}
	add("Renamed", rows)

	scored := map[string]bool{}
	for _, s := range d.Scores {
		scored[s.ID] = true
	}
	// Changed: for text a heading row (one cell) a record, then its fields;
	// for Markdown the record in the first cell of its first field's row.
	rows = nil
	for _, c := range d.Changed {
		first := true
		for _, f := range c.Fields {
			if shownElsewhere(c, f, scored) {
				continue
			}
			name := c.ID + " " + c.Title
			if c.WasID != "" {
				name += " (was " + c.WasID + ")"
			}
			row := append([]string{f.Field}, values(f)...)
			switch {
			case text && first:
				rows = append(rows, []string{name})
			case text:
			case first:
				row = append([]string{name}, row...)
			default:
				row = append([]string{""}, row...)
			}
			first = false
			rows = append(rows, row)
		}
	}
	add("Changed", rows)
	if n := len(out); n > 0 && out[n-1].title == "Changed" {
		out[n-1].count = 0
		for _, r := range rows {
			if r[0] != "" && (text == (len(r) == 1)) {
				out[n-1].count++
			}
		}
	}

	rows = nil
	for _, m := range d.Backlog.Moves {
		rows = append(rows, []string{placeText(m.To), m.ID, moveText(m, d.Backlog.Top), m.Title})
	}
	add(fmt.Sprintf("Backlog: top %d open items", d.Backlog.Top), rows)

	rows = nil
	for _, s := range d.Scores {
		var inputs []string
		for _, in := range s.Inputs {
			inputs = append(inputs, in.Name+" "+number(in.Old, "")+" → "+number(in.New, ""))
		}
		rows = append(rows, []string{s.ID, scoreText(s.Old) + " → " + scoreText(s.New), strings.Join(inputs, ", "), s.Title})
	}
	add("Scores", rows)

	rows = nil
	for _, dt := range d.Dates {
		rows = append(rows, []string{dt.ID, dt.Field, orNone(dt.Old) + " → " + orNone(dt.New), daysText(dt.Days), dt.Title})
	}
	add("Dates", rows)

	rows = nil
	for _, k := range d.KeyResults {
		var vals []string
		for _, v := range k.Values {
			vals = append(vals, v.Name+" "+number(v.Old, k.Unit)+" → "+number(v.New, k.Unit))
		}
		rows = append(rows, []string{k.ID, strings.Join(vals, ", "), "progress " + percent(k.OldProgress) + " → " + percent(k.NewProgress), k.Title})
	}
	add("Key results", rows)

	rows = nil
	for _, s := range d.Scope {
		var parts []string
		for _, r := range s.In {
			parts = append(parts, "+"+r.ID)
		}
		for _, r := range s.Out {
			parts = append(parts, "-"+r.ID)
		}
		rows = append(rows, []string{s.ID, strings.Join(parts, " "), s.Title})
	}
	add("Scope", rows)

	rows = nil
	for _, f := range d.NewErrors {
		where := fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Column)
		if text { // as roadlog validate prints it
			rows = append(rows, []string{where + ": " + f.Severity + ": " + f.Message + hintText(f.Hint) + " [" + f.Rule + "]"})
			continue
		}
		rows = append(rows, []string{where, f.Message + hintText(f.Hint), f.Rule})
	}
	add("New errors", rows)
	for i := range out {
		for _, r := range out[i].rows {
			for j := range r {
				r[j] = strings.TrimSpace(safetext.Line(r[j]))
			}
		}
	}
	return out
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

// Text shows both sides of a field change on one line each, as the text
// output of a diff does: values, a list's additions (+x) and removals (-x),
// a text's changed lines, an item's places in the backlog (#3).
func (f Field) Text() (before, after string) { return valueText(f, true), valueText(f, false) }

// valueText shows one side of a field change.
func valueText(f Field, old bool) string {
	v := f.New
	if old {
		v = f.Old
	}
	switch {
	case f.Places != nil:
		p := f.Places.New
		if old {
			p = f.Places.Old
		}
		if p == 0 {
			return "(closed)"
		}
		return "#" + strconv.Itoa(p)
	case f.Lines != nil:
		// Text of several lines: how many lines changed, not the text.
		oldEmpty, newEmpty := f.Old == nil || f.Old == "", f.New == nil || f.New == ""
		switch {
		case oldEmpty && old, newEmpty && !old:
			return "(none)"
		case oldEmpty:
			return plural(f.Lines.Added, "line")
		case newEmpty:
			return plural(f.Lines.Removed, "line")
		case old:
			return ""
		}
		return linesText(*f.Lines)
	case f.Added != nil || f.Removed != nil:
		if old {
			if len(f.Removed) == 0 {
				return ""
			}
			return "-" + strings.Join(f.Removed, " -")
		}
		if len(f.Added) == 0 {
			return ""
		}
		return "+" + strings.Join(f.Added, " +")
	}
	return scalarText(v)
}

// scalarText shows a field value on one line.
func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case string:
		if x == "" {
			return `""`
		}
		return x
	case float64:
		return model.FormatNumber(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = scalarText(e)
		}
		return strings.Join(parts, ", ")
	}
	j, _ := json.Marshal(v)
	return string(j)
}

// kindLabel is an item's type, else the record's kind.
func kindLabel(r Record) string {
	if r.Type != "" {
		return r.Type
	}
	return model.Kind(r.Kind).Label()
}

func placeText(p int) string {
	if p == 0 {
		return "-"
	}
	return "#" + strconv.Itoa(p)
}

// moveText says how an item came to its place, or left the top.
func moveText(m Move, top int) string {
	switch {
	case m.From == 0 && m.Reason == "reopened":
		return "reopened"
	case m.From == 0:
		return "added"
	case m.To == 0:
		return m.Reason + ", was #" + strconv.Itoa(m.From)
	case m.To > top:
		return fmt.Sprintf("down from #%d, out of the top %d", m.From, top)
	case m.From > top:
		return fmt.Sprintf("up from #%d, into the top %d", m.From, top)
	case m.To < m.From:
		return "up from #" + strconv.Itoa(m.From)
	}
	return "down from #" + strconv.Itoa(m.From)
}

func scoreText(s *float64) string {
	if s == nil {
		return "(none)"
	}
	return plan.FormatScore(*s)
}

func number(v *float64, unit string) string {
	if v == nil {
		return "(none)"
	}
	return model.FormatQuantity(v, unit)
}

func percent(p *float64) string {
	if p == nil {
		return "(none)"
	}
	return plan.Percent(*p)
}

func daysText(d *int) string {
	switch {
	case d == nil:
		return ""
	case *d > 0:
		return "+" + plural(*d, "day")
	case *d < 0:
		return "-" + plural(-*d, "day")
	}
	return "same day"
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func hintText(h string) string {
	if h == "" {
		return ""
	}
	return "; " + h
}

// linesText is "+3 -1 lines", leaving out a side with none.
func linesText(l Lines) string {
	var parts []string
	if l.Added > 0 {
		parts = append(parts, "+"+strconv.Itoa(l.Added))
	}
	if l.Removed > 0 {
		parts = append(parts, "-"+strconv.Itoa(l.Removed))
	}
	if len(parts) == 0 {
		return "changed" // only the order of lines
	}
	n := "lines"
	if l.Added+l.Removed == 1 {
		n = "line"
	}
	return strings.Join(parts, " ") + " " + n
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// writeText writes the diff for a terminal: a summary line, then each
// section as aligned columns.
func writeText(w io.Writer, d *Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", safetext.Line(d.Title()), d.headline())
	for _, s := range d.sections(true) {
		fmt.Fprintf(&b, "\n%s\n", s.title)
		align(&b, s.rows)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// align writes rows as columns two spaces apart, indented by two. A row
// of one cell is a heading: printed as it is, it does not widen a column,
// and the rows under it are indented by two more.
func align(b *strings.Builder, rows [][]string) {
	var widths []int
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		for i, c := range r[:len(r)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], render.Width(c))
		}
	}
	indent := "  "
	for _, r := range rows {
		if len(r) == 1 {
			b.WriteString("  " + r[0] + "\n")
			indent = "    "
			continue
		}
		var line strings.Builder
		line.WriteString(indent)
		for i, c := range r {
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-render.Width(c)+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// foldAfter is how many rows a Markdown section shows before it is folded
// into <details>.
const foldAfter = 10

// MarkdownMarker opens the Markdown output, so that a bot can find and
// update its earlier comment.
const MarkdownMarker = "<!-- roadlog diff -->"

var markdownColumns = map[string][]string{
	"Product":     {"Field", "Before", "After"},
	"Added":       {"ID", "Kind", "Title"},
	"Removed":     {"ID", "Kind", "Title"},
	"Renamed":     {"ID", "Kind", "Title"},
	"Changed":     {"Record", "Field", "Before", "After"},
	"Scores":      {"ID", "Score", "Inputs", "Title"},
	"Dates":       {"ID", "Field", "Date", "Moved", "Title"},
	"Key results": {"ID", "Values", "Progress", "Title"},
	"Scope":       {"ID", "Items in (+) and out (-)", "Title"},
	"New errors":  {"Where", "Error", "Rule"},
}

// writeMarkdown writes the diff as a pull-request comment: a summary line,
// then a table a section, long ones folded.
func writeMarkdown(w io.Writer, d *Diff) error {
	var b strings.Builder
	b.WriteString(MarkdownMarker + "\n### Plan changes\n\n")
	fmt.Fprintf(&b, "%s: **%s**\n", markdownText(d.Title()), d.headline())
	for _, s := range d.sections(false) {
		cols := markdownColumns[s.title]
		if cols == nil { // the backlog's title carries its size
			cols = []string{"Place", "ID", "Move", "Title"}
		}
		t := &render.Table{Rows: s.rows}
		for _, c := range cols {
			t.Columns = append(t.Columns, render.Column{Name: c})
		}
		heading := fmt.Sprintf("%s (%d)", s.title, s.count)
		if len(s.rows) > foldAfter {
			fmt.Fprintf(&b, "\n<details><summary>%s</summary>\n\n", heading)
		} else {
			fmt.Fprintf(&b, "\n#### %s\n\n", heading)
		}
		if err := render.Write(&b, "markdown", t, render.Options{}); err != nil {
			return err
		}
		if len(s.rows) > foldAfter {
			b.WriteString("\n</details>\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var markdownEscaper = strings.NewReplacer(`\`, `\\`, "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`)

// markdownText escapes a line of text for Markdown.
func markdownText(s string) string { return markdownEscaper.Replace(safetext.Line(s)) }
