package importer

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/roadlog/roadlog/pkg/safetext"
)

// Write prints the plan in the style of `roadlog diff`: "+" for a record
// created, "~" for one updated with its fields changed, "=" for one left
// as it was; fields kept because they were edited in roadlog are listed
// under their record. It ends with the counts.
func (p *Plan) Write(w io.Writer, dryRun bool) {
	counts := map[Op]int{}
	for _, a := range p.Actions {
		counts[a.Op]++
		sign := map[Op]string{OpCreate: "+", OpUpdate: "~", OpUnchanged: "="}[a.Op]
		line := fmt.Sprintf("%s %s %s %s", sign, a.Kind.Label(), a.ID, quote(a.Title))
		if a.Key != "" {
			line += " (" + a.Key + ")"
		}
		fmt.Fprintln(w, safetext.Line(line))
		for _, c := range a.Changes {
			switch {
			case c.Kept && a.Key == "":
				// Matched by ID: there is no telling who changed it.
				fmt.Fprintln(w, safetext.Line(fmt.Sprintf("    %s: kept as the workspace has it (--overwrite replaces it with %s)", c.Field, short(c.New))))
			case c.Kept:
				fmt.Fprintln(w, safetext.Line(fmt.Sprintf("    %s: kept as edited in roadlog (--overwrite replaces it with %s)", c.Field, short(c.New))))
			case c.New == nil:
				fmt.Fprintln(w, safetext.Line(fmt.Sprintf("    %s: %s → (removed)", c.Field, short(c.Old))))
			default:
				fmt.Fprintln(w, safetext.Line(fmt.Sprintf("    %s: %s → %s", c.Field, short(c.Old), short(c.New))))
			}
		}
	}
	for _, pe := range p.People {
		fmt.Fprintln(w, safetext.Line(fmt.Sprintf("+ person %s %s", pe.Key, quote(pe.Name))))
	}
	verb := ""
	if dryRun {
		verb = "would be "
	}
	fmt.Fprintf(w, "%s%d created, %d updated, %d unchanged, %d people added%s\n", verb, counts[OpCreate], counts[OpUpdate], counts[OpUnchanged], len(p.People),
		map[bool]string{true: " (dry run: nothing written)"}[dryRun])
}

// WriteWarnings prints the warnings, one a line.
func (p *Plan) WriteWarnings(w io.Writer) {
	for _, s := range p.Warnings {
		fmt.Fprintln(w, safetext.Line("warning: "+s))
	}
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// short is a value in one line of at most 60 characters.
func short(v any) string {
	if v == nil {
		return "(none)"
	}
	var s string
	if t, ok := v.(string); ok {
		s = quote(t)
	} else {
		b, _ := json.Marshal(v) // JSON values always marshal
		s = string(b)
	}
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}
