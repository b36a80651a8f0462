package history

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/diff"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/safetext"
)

// RecordLog is the history of one record, newest first.
type RecordLog struct {
	ID      string  `json:"id"`
	Shallow bool    `json:"shallow"` // the clone is shallow: history starts at its graft
	Entries []Entry `json:"entries"`
	// Found: the history has the record, whatever the filters left.
	Found bool `json:"-"`
}

// Entry is one commit that changed the record.
type Entry struct {
	Commit    string    `json:"commit"`
	Author    Person    `json:"author"`
	Date      time.Time `json:"date"`      // author date, UTC
	Committed time.Time `json:"committed"` // committer date, UTC
	Subject   string    `json:"subject"`
	Merge     bool      `json:"merge"`
	Graft     bool      `json:"graft"`    // the oldest commit of a shallow clone
	Restored  bool      `json:"restored"` // added again after it was removed
	Change    Change    `json:"change"`
}

// Person is a commit's author.
type Person struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// LogOptions choose the entries of a record's log.
type LogOptions struct {
	Rev   string          // the last commit; HEAD when ""
	Limit int             // the newest Limit entries; 0: all
	Since time.Time       // only commits authored at or after; zero: all
	After map[string]bool // leave out these commits (those reachable from --since REV)
}

// Log returns the history of the record that has the ID at opts.Rev (or
// had it last): every commit that changed it, following renumbers and
// file renames back to where it was created. Renumbers are recognised as
// `roadlog diff` recognises them: by content.
func Log(ctx context.Context, git *gitx.Client, id string, opts LogOptions) (*RecordLog, error) {
	var commits []*Commit
	err := Walk(ctx, git, Options{Rev: opts.Rev}, func(c *Commit) error {
		if len(c.Changes) > 0 {
			commits = append(commits, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	l := &RecordLog{ID: id, Shallow: git.Shallow(ctx), Entries: []Entry{}}
	cur := id
	for i := len(commits) - 1; i >= 0; i-- {
		c := commits[i]
		for _, ch := range c.Changes {
			if ch.ID != cur && (!ch.Removed || ch.OldID != cur) {
				continue
			}
			e := Entry{
				Commit: c.ID, Author: Person{c.AuthorName, c.AuthorEmail}, Date: c.AuthorDate.UTC(),
				Committed: c.CommitDate.UTC(), Subject: c.Subject, Merge: c.Merge, Graft: c.Graft, Change: ch,
			}
			if e.Change.Fields == nil {
				e.Change.Fields = []diff.Field{}
			}
			l.Entries = append(l.Entries, e)
			if ch.Renumbered() {
				cur = ch.OldID
			}
			break
		}
	}
	// An addition after a removal (oldest first) is a restore.
	removed := false
	for i := len(l.Entries) - 1; i >= 0; i-- {
		e := &l.Entries[i]
		e.Restored = e.Change.Added && removed
		removed = e.Change.Removed || (removed && !e.Change.Added)
	}
	l.Found = len(l.Entries) > 0
	l.Entries = slices.DeleteFunc(l.Entries, func(e Entry) bool {
		return opts.After[e.Commit] || (!opts.Since.IsZero() && e.Date.Before(opts.Since))
	})
	if opts.Limit > 0 && len(l.Entries) > opts.Limit {
		l.Entries = l.Entries[:opts.Limit]
	}
	return l, nil
}

// WriteText writes the log as git log does, each commit followed by the
// record's changes in it. Text from files and commits is made safe for a
// terminal.
func (l *RecordLog) WriteText(w io.Writer) error {
	var b strings.Builder
	for i, e := range l.Entries {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("commit " + gitx.Short(e.Commit))
		switch {
		case e.Graft:
			b.WriteString(" (shallow clone: history starts here)")
		case e.Merge:
			b.WriteString(" (merge)")
		}
		b.WriteString("\nAuthor: " + safetext.Line(e.Author.Name) + " <" + safetext.Line(e.Author.Email) + ">\n")
		b.WriteString("Date:   " + e.Date.Format(time.RFC3339) + "\n\n")
		b.WriteString("    " + safetext.Line(e.Subject) + "\n\n")
		for _, line := range changeLines(e) {
			b.WriteString("    " + line + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// changeLines describes the record's change in one commit, a line a fact.
func changeLines(e Entry) []string {
	ch := e.Change
	var out []string
	switch {
	case ch.Added && e.Graft:
		out = append(out, "present at the start of the shallow history, as "+safetext.Line(ch.ID))
	case ch.Added && e.Restored:
		out = append(out, "restored as "+safetext.Line(ch.ID)+" in "+safetext.Line(ch.Path))
	case ch.Added:
		out = append(out, "created as "+safetext.Line(ch.ID)+" in "+safetext.Line(ch.Path))
	case ch.Removed:
		out = append(out, "deleted from "+safetext.Line(ch.OldPath))
	}
	if ch.Renumbered() {
		out = append(out, "renumbered from "+safetext.Line(ch.OldID))
	}
	if ch.Moved() {
		out = append(out, "file renamed from "+safetext.Line(ch.OldPath))
	}
	for _, f := range ch.Fields {
		out = append(out, fieldLines(f)...)
	}
	return out
}

// fieldLines describes one field's change; a mapping (score inputs) gets
// a line a key that changed.
func fieldLines(f diff.Field) []string {
	om, oIsMap := f.Old.(map[string]any)
	nm, nIsMap := f.New.(map[string]any)
	if (oIsMap || f.Old == nil) && (nIsMap || f.New == nil) && (oIsMap || nIsMap) {
		keys := map[string]bool{}
		for k := range om {
			keys[k] = true
		}
		for k := range nm {
			keys[k] = true
		}
		var out []string
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			ov, oHas := om[k]
			nv, nHas := nm[k]
			if oHas == nHas && fmt.Sprint(ov) == fmt.Sprint(nv) {
				continue
			}
			sub := diff.Field{Field: f.Field + "." + k}
			if oHas {
				sub.Old = ov
			}
			if nHas {
				sub.New = nv
			}
			out = append(out, fieldLines(sub)...)
		}
		return out
	}
	old, now := f.Text()
	old, now = safetext.Line(old), safetext.Line(now)
	name := safetext.Line(f.Field)
	switch {
	case f.Added != nil || f.Removed != nil:
		return []string{name + ": " + strings.TrimSpace(now+" "+old)}
	case f.Lines != nil && old == "":
		return []string{name + ": " + now}
	case f.Places != nil:
		return []string{name + ": " + old + " → " + now + moveText(f.Places)}
	case f.Days != nil:
		return []string{name + ": " + old + " → " + now + " (" + daysText(*f.Days) + ")"}
	}
	return []string{name + ": " + old + " → " + now}
}

// moveText says how far an item moved in the backlog.
func moveText(p *diff.Places) string {
	if p.Old == 0 || p.New == 0 || p.Old == p.New {
		return ""
	}
	if p.New < p.Old {
		return " (up " + plural(p.Old-p.New, "place") + ")"
	}
	return " (down " + plural(p.New-p.Old, "place") + ")"
}

func daysText(d int) string {
	switch {
	case d > 0:
		return plural(d, "day") + " later"
	case d < 0:
		return plural(-d, "day") + " earlier"
	}
	return "same day"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
