package diff

import (
	"fmt"
	"io"
	"strings"
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
		return writeJSON(w, d)
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
