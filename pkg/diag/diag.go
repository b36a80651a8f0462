// Package diag holds diagnostics — findings that name a file, a line and a
// column — and writes them in the formats of `roadlog validate`.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity is how much a finding matters. The zero value is [Off].
type Severity int

// Severities, from least to most serious.
const (
	Off Severity = iota
	Info
	Warning
	Error
)

// ParseSeverity reads the names used in roadlog.yaml's rules: section.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "off":
		return Off, true
	case "info":
		return Info, true
	case "warning":
		return Warning, true
	case "error":
		return Error, true
	}
	return Off, false
}

// String returns the name used in text output and in roadlog.yaml.
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// SeverityNames lists every severity name in the order roadlog.yaml documents them.
var SeverityNames = []string{"error", "warning", "info", "off"}

// Pos is a 1-based line and column (in runes) within a file.
type Pos struct {
	Line int
	Col  int
}

// String formats the position as line:col.
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Diagnostic is one finding.
type Diagnostic struct {
	Path     string // workspace-relative, slash-separated
	Pos      Pos
	Severity Severity
	Rule     string
	Message  string // what is wrong, lower-case, no trailing full stop
	Hint     string // how to fix it, when obvious ("did you mean "ready"?")
}

// Text returns the message with its hint, as printed after the severity.
func (d Diagnostic) Text() string {
	if d.Hint == "" {
		return d.Message
	}
	return d.Message + "; " + d.Hint
}

// String formats the diagnostic as `path:line:col: severity: message [rule]`.
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", d.Path, d.Pos.Line, d.Pos.Col, d.Severity, d.Text(), d.Rule)
}

// Compare orders diagnostics by path, line, column, rule and message.
func Compare(a, b Diagnostic) int {
	return cmp.Or(
		strings.Compare(a.Path, b.Path),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		strings.Compare(a.Rule, b.Rule),
		strings.Compare(a.Message, b.Message),
		strings.Compare(a.Hint, b.Hint),
	)
}

// List is a collection of diagnostics.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Sort orders the list with [Compare] and drops exact duplicates.
func (l *List) Sort() {
	slices.SortFunc(*l, Compare)
	*l = slices.Compact(*l)
}

// Count returns how many diagnostics have severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Max returns the highest severity in the list, or [Off] when it is empty.
func (l List) Max() Severity {
	m := Off
	for _, d := range l {
		m = max(m, d.Severity)
	}
	return m
}

// Summary describes the list in one line, e.g. "3 errors, 1 warning in 42 files".
func (l List) Summary(files int) string {
	return l.Counts() + " in " + plural(files, "file", "files")
}

// Counts says how many findings of each severity the list holds, e.g. "3
// errors, 1 warning", or "no problems".
func (l List) Counts() string {
	e, w, i := l.Count(Error), l.Count(Warning), l.Count(Info)
	if e+w+i == 0 {
		return "no problems"
	}
	var parts []string
	if e > 0 {
		parts = append(parts, plural(e, "error", "errors"))
	}
	if w > 0 {
		parts = append(parts, plural(w, "warning", "warnings"))
	}
	if i > 0 {
		parts = append(parts, fmt.Sprintf("%d info", i))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
