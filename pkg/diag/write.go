package diag

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/suggest"
)

// Formats lists the output formats of [Write], "auto" excluded.
var Formats = []string{"text", "json", "github", "sarif", "junit"}

// Rule describes a rule for formats that list the rules they ran (SARIF).
type Rule struct {
	Name        string
	Description string
	Default     Severity
}

// Tool names the program that produced the diagnostics.
type Tool struct {
	Name    string
	Version string
	URI     string
}

// Report is everything a writer needs.
type Report struct {
	Diagnostics List     // sorted
	Files       []string // every file that was checked, sorted
	Rules       []Rule   // every rule, for SARIF
	Tool        Tool
	// PathPrefix is prepended to paths in github and sarif output, so that
	// annotations resolve against the repository root when the workspace is
	// a subfolder of it ("plan/").
	PathPrefix string
	Color      bool // text: colour severities
	Strict     bool // junit: warnings fail too
}

// Write writes r in the named format (one of [Formats]).
func Write(w io.Writer, format string, r *Report) error {
	switch format {
	case "text":
		return writeText(w, r)
	case "json":
		return writeJSON(w, r)
	case "github":
		return writeGitHub(w, r)
	case "sarif":
		return writeSARIF(w, r)
	case "junit":
		return writeJUnit(w, r)
	}
	return errors.New(suggest.Unknown("format", format, Formats))
}

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

func writeText(w io.Writer, r *Report) error {
	var b strings.Builder
	for _, d := range r.Diagnostics {
		sev := d.Severity.String()
		rule := "[" + d.Rule + "]"
		if r.Color {
			sev = severityColor(d.Severity) + sev + ansiReset
			rule = ansiDim + rule + ansiReset
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s %s\n", safetext.Line(d.Path), d.Pos.Line, d.Pos.Col, sev, safetext.Line(d.Text()), rule)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func severityColor(s Severity) string {
	switch s {
	case Error:
		return ansiRed
	case Warning:
		return ansiYellow
	}
	return ansiCyan
}

type jsonReport struct {
	Summary  jsonSummary   `json:"summary"`
	Findings []JSONFinding `json:"findings"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Info     int `json:"info"`
}

// JSONFinding is a diagnostic as JSON output writes it, here and in
// `roadlog diff`.
type JSONFinding struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

func writeJSON(w io.Writer, r *Report) error {
	out := jsonReport{
		Summary: jsonSummary{
			Files:    len(r.Files),
			Errors:   r.Diagnostics.Count(Error),
			Warnings: r.Diagnostics.Count(Warning),
			Info:     r.Diagnostics.Count(Info),
		},
		Findings: make([]JSONFinding, 0, len(r.Diagnostics)),
	}
	for _, d := range r.Diagnostics {
		out.Findings = append(out.Findings, d.JSON())
	}
	return render.JSON(w, out)
}

// JSON returns the diagnostic in its JSON form.
func (d Diagnostic) JSON() JSONFinding {
	return JSONFinding{
		Path: d.Path, Line: d.Pos.Line, Column: d.Pos.Col,
		Severity: d.Severity.String(), Rule: d.Rule, Message: d.Message, Hint: d.Hint,
	}
}

// writeGitHub writes workflow commands that GitHub Actions turns into
// annotations on the pull request's diff. The runner's log shows these
// lines and reads ANSI escapes in them, so the path and the message are
// cleaned ([safetext]) before the workflow-command escaping: a file whose
// name holds control characters gets an annotation that names it with
// U+FFFD, rather than one that writes to the log.
func writeGitHub(w io.Writer, r *Report) error {
	var b strings.Builder
	for _, d := range r.Diagnostics {
		cmd := "notice"
		switch d.Severity {
		case Error:
			cmd = "error"
		case Warning:
			cmd = "warning"
		}
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", cmd,
			escapeProperty(safetext.Line(r.PathPrefix+d.Path)), d.Pos.Line, d.Pos.Col,
			escapeProperty(safetext.Line("roadlog "+d.Rule)), escapeData(safetext.Text(d.Text())))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
