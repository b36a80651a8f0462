package change

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/mdbody"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// The body-level edits: the Markdown after an item's, insight's or
// decision's front matter. Each keeps the front matter byte for byte and
// the file's line endings (a CRLF file stays CRLF), and is checked and
// written by [Session.Commit] as any other change.

// NotesSection is the section [Session.AddNote] appends to.
const NotesSection = "Notes"

// CriteriaSection is the section criteria given to [Session.Create] go in.
const CriteriaSection = "Acceptance criteria"

// editBody applies fn to the body of a record's file and stages the
// result; fn gets the body and the file's line ending.
func (s *Session) editBody(r *workspace.Record, fn func(body, eol string) (string, error)) error {
	f := r.File
	if !r.Kind().Info().OwnFile || !f.Kind.Markdown() || len(r.Pointer) > 0 {
		return inputErrorf("%s is an entry of %s and has no Markdown body of its own; set its description instead: roadlog set %s description=…",
			r.ID(), f.Path, r.ID())
	}
	raw, ok := s.Content(f.Path)
	if !ok {
		return &FileError{Path: f.Path, Err: errors.New("no longer exists")}
	}
	cur, diags := workspace.Parse(f.Path, f.Kind, raw)
	if !f.Parsed || !cur.Parsed || len(diags) > 0 {
		return &FileError{Path: f.Path, Err: errors.New("does not parse; fix it first (roadlog validate shows where)")}
	}
	start := len(raw) - len(cur.Body)
	eol := mdbody.EOL(raw)
	body, err := fn(cur.Body, eol)
	if err != nil {
		return err
	}
	head := string(raw[:start])
	if body != "" && !strings.HasSuffix(head, "\n") {
		head += eol // the closing fence was the file's last line
	}
	if out := head + body; out != string(raw) {
		s.Write(f.Path, []byte(out))
	}
	return nil
}

// SetBody stages a new Markdown body for a record kept in a file of its
// own, its lines ending as the file's do.
func (s *Session) SetBody(r *workspace.Record, body string) error {
	if !utf8.ValidString(body) {
		return inputErrorf("the body is not valid UTF-8 text")
	}
	return s.editBody(r, func(_, eol string) (string, error) {
		return mdbody.WithEOL(body, eol), nil
	})
}

// Tick is what [Session.Check] did.
type Tick struct {
	N         int // 1-based, as roadlog show numbers criteria
	Criterion mdbody.Criterion
	Already   bool // it was checked (or unchecked) already: nothing is staged
}

// Check ticks (or, with checked false, clears) the acceptance criterion
// of an item that sel names: its number or its text (see [mdbody.Select]).
func (s *Session) Check(r *workspace.Record, sel string, checked bool) (Tick, error) {
	var t Tick
	if r.Kind() != model.KindItem {
		return t, inputErrorf("%s is %s %s; acceptance criteria are for backlog items", r.ID(), article(r.Kind().Label()), r.Kind().Label())
	}
	err := s.editBody(r, func(body, _ string) (string, error) {
		crits := mdbody.Criteria(body)
		i, err := mdbody.Select(crits, sel)
		if err != nil {
			return "", inputErrorf("%s: %w", r.ID(), err)
		}
		t = Tick{N: i + 1, Criterion: crits[i], Already: crits[i].Checked == checked}
		if t.Already {
			return body, nil
		}
		return mdbody.SetChecked(body, crits[i], checked), nil
	})
	return t, err
}

// article is "a" or "an" before a label.
func article(label string) string {
	if strings.ContainsRune("aeiou", rune(label[0])) {
		return "an"
	}
	return "a"
}

// Note is an entry for [Session.AddNote].
type Note struct {
	Date   time.Time
	Author string
	Text   string
}

// Entry is the note as written: "- 2026-12-01, Ana Ruiz: text", further
// lines indented under it.
func (n Note) Entry(eol string) string {
	head := n.Date.Format(time.DateOnly)
	if n.Author != "" {
		head += ", " + n.Author
	}
	return mdbody.ListBlock([]string{n.Text}, head+": ", eol)
}

// AddNote appends a dated, attributed entry to the "## Notes" section of a
// record's body, adding the section at the end when there is none.
func (s *Session) AddNote(r *workspace.Record, n Note) error {
	if strings.TrimSpace(n.Text) == "" {
		return inputErrorf("the note is empty")
	}
	if !utf8.ValidString(n.Text) || !utf8.ValidString(n.Author) {
		return inputErrorf("the note is not valid UTF-8 text")
	}
	if strings.ContainsAny(n.Author, "\r\n") {
		return inputErrorf("the author %q has a line break", n.Author)
	}
	return s.editBody(r, func(body, eol string) (string, error) {
		return mdbody.AppendToSection(body, NotesSection, n.Entry(eol), eol, nil), nil
	})
}

// newBody is the body of a new record: body (the template, or text given
// instead), then the criteria, "- [ ] text" each, under "## Acceptance
// criteria", where they replace empty check boxes.
func newBody(body string, criteria []string) (string, error) {
	if !utf8.ValidString(body) {
		return "", inputErrorf("the body is not valid UTF-8 text")
	}
	body = mdbody.WithEOL(body, "\n")
	if len(criteria) == 0 {
		return body, nil
	}
	for _, c := range criteria {
		if strings.TrimSpace(c) == "" {
			return "", inputErrorf("--ac: a criterion is empty")
		}
		if !utf8.ValidString(c) {
			return "", inputErrorf("--ac: %q is not valid UTF-8 text", c)
		}
		if strings.ContainsAny(strings.TrimSpace(c), "\r\n") {
			return "", inputErrorf("--ac: %q: a criterion is one line", c)
		}
	}
	block := mdbody.ListBlock(criteria, "[ ] ", "\n")
	return mdbody.AppendToSection(body, CriteriaSection, block, "\n", mdbody.IsPlaceholder), nil
}
