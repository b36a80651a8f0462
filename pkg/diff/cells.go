package diff

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
)

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
