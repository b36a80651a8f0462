// Package render writes the views' tables as a terminal table, a Markdown
// table, CSV or JSON. Cell text from files is cleaned of control
// characters, CSV cells cannot run as spreadsheet formulas, and output is
// the same bytes for the same input.
package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/safetext"
)

// Formats lists the formats a view can be written in, the default first.
// A view whose output goes to a pipe or a file writes tsv unless --format
// is given (as gh does): what scripts read.
var Formats = []string{"table", "markdown", "csv", "tsv", "json"}

// Raw reports whether a format is for programs, not people: its cells
// hold values as they are (no rounding, no bars) and a view is one flat
// table, one record a row.
func Raw(format string) bool { return format == "csv" || format == "tsv" }

// Table is rows of cells under named columns.
type Table struct {
	Columns []Column
	Rows    [][]string
	// Narrow, when set, is the same content laid out for a narrow
	// terminal (a board's columns stacked into rows): the terminal table
	// draws it instead when this one cannot fit with each column at its
	// MinWidth (a Flex column without one: 16 cells).
	Narrow *Table
}

// Column describes a column of a Table.
type Column struct {
	Name  string // as in the YAML: the CSV and Markdown header; upper-cased in terminal tables
	Right bool   // align right (numbers)
	Fixed bool   // never shortened to fit the terminal (IDs, numbers, dates)
	Flex  bool   // long text that gives up space first (titles)
	// MultiLine keeps line breaks in the column's cells (the producer
	// writes them between cleaned parts); each line is fitted on its own.
	MultiLine bool
	// Styled says the producer has cleaned the cells itself, and they may
	// hold SGR escape sequences (bold search matches on a terminal): the
	// terminal table measures them as nothing and does not clean them
	// again. Only the terminal table honours it.
	Styled   bool
	MinWidth int // not shortened below this while the table can fit otherwise (a board's status and WIP)
	// Drop, when not 0, lets the terminal table leave the column out when
	// the table would not fit otherwise, before a title is cut short: the
	// highest Drop goes first. Low-value columns have one (an owner).
	Drop int
}

// Options tune the terminal table.
type Options struct {
	Width int // terminal width; 0: no limit
}

// Write writes t as a table, markdown or csv.
func Write(w io.Writer, format string, t *Table, opts Options) error {
	switch format {
	case "table":
		return writeTable(w, t, opts)
	case "markdown":
		return writeMarkdown(w, t)
	case "csv":
		return writeCSV(w, t)
	case "tsv":
		return writeTSV(w, t)
	}
	return fmt.Errorf("format %q is not a table format", format)
}

// cell cleans a cell's text and trims the blanks around it.
func cell(s string) string { return strings.TrimSpace(safetext.Line(s)) }

func writeMarkdown(w io.Writer, t *Table) error {
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for j, c := range cells {
			if j < len(t.Columns) && t.Columns[j].MultiLine {
				lines := strings.Split(c, "\n")
				for i, l := range lines {
					lines[i] = markdownCell(l)
				}
				c = strings.Join(lines, " · ")
			} else {
				c = markdownCell(c)
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	names := make([]string, len(t.Columns))
	sep := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
		sep[i] = "---"
		if c.Right {
			sep[i] = "--:"
		}
	}
	row(names)
	b.WriteString("|")
	for _, s := range sep {
		b.WriteString(" " + s + " |")
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		row(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownCell escapes what would break a GitHub table or turn into markup
// or HTML in a comment.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`)

func markdownCell(s string) string {
	return markdownEscaper.Replace(cell(s))
}

// Section is a heading with a list under it, as a board's status with its
// cards: Markdown that pastes into a README or an issue and renders there
// one list per status, however many statuses there are.
type Section struct {
	Heading string
	// Items are the list's entries, each as its parts (a card's fields),
	// which are escaped one by one and joined with " · ".
	Items [][]string
	// Note, when set, is a last entry in italics: "+ 3 older".
	Note string
}

// WriteMarkdownSections writes each section as a heading of the level (1
// to 6) and a bulleted list, a blank line between blocks. Text is cleaned
// and escaped as in a Markdown table, and an entry that would start a
// nested list, a quote or a heading starts with a backslash.
func WriteMarkdownSections(w io.Writer, level int, sections []Section) error {
	level = min(max(level, 1), 6)
	var b strings.Builder
	for i, s := range sections {
		if i > 0 {
			b.WriteString("\n")
		}
		h := markdownCell(s.Heading)
		if strings.HasSuffix(h, "#") { // a closing sequence, which Markdown drops
			h = h[:len(h)-1] + `\#`
		}
		b.WriteString(strings.Repeat("#", level) + " " + h + "\n")
		if len(s.Items) == 0 && s.Note == "" {
			continue
		}
		b.WriteString("\n")
		for _, parts := range s.Items {
			cells := make([]string, 0, len(parts))
			for _, p := range parts {
				if c := markdownCell(p); c != "" {
					cells = append(cells, c)
				}
			}
			b.WriteString("- " + listEntry(strings.Join(cells, " · ")) + "\n")
		}
		if s.Note != "" {
			b.WriteString("- _" + markdownCell(s.Note) + "_\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// listEntry escapes the start of a list entry's text that Markdown would
// read as a block of its own: a nested list ("- x", "+ x", "1. x"), a
// quote, a heading, a thematic break.
func listEntry(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '#', '>', '=', '~':
		return `\` + s
	}
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

func writeCSV(w io.Writer, t *Table) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = csvCell(c.Name)
	}
	if err := cw.Write(names); err != nil {
		return err
	}
	for _, r := range t.Rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = csvCell(c)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// csvCell guards against formula injection: a spreadsheet runs a cell that
// starts with = + - @ (or a tab or CR before one). Such text gets a leading
// quote; numbers stay numbers.
func csvCell(s string) string {
	s = cell(s)
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		return "'" + s
	}
	return s
}

// tsvBlank replaces what would break a tab-separated line.
var tsvBlank = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")

// writeTSV writes the rows tab-separated, one a line, with no header (as gh
// writes a piped list: `cut -f1` gives the first column), no quoting, no
// truncation and no colour. A tab or line break in a cell becomes a space.
func writeTSV(w io.Writer, t *Table) error {
	var b strings.Builder
	for _, r := range t.Rows {
		for j, c := range r {
			if j > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(cell(tsvBlank.Replace(c)))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
