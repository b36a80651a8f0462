package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/edit"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// BeginEdit locks the workspace of f and loads it for an edit.
func BeginEdit(ctx context.Context, f *Factory) (*edit.Session, error) {
	root, err := f.Root()
	if err != nil {
		return nil, err
	}
	s, err := edit.Begin(ctx, root, f.Now())
	if err != nil {
		if errors.Is(err, workspace.ErrLocked) {
			return nil, FailureErrorf("%w; try again when it is done", err)
		}
		return nil, FailureErrorf("%w", err)
	}
	noteRecovered(f.IO, s.Recovered)
	if n := len(s.Cleaned); n > 0 {
		fmt.Fprintf(f.IO.ErrOut, "note: deleted %d temporary file(s) that an interrupted roadlog command left: %s\n", n, safetext.Line(strings.Join(s.Cleaned, ", ")))
	}
	return s, nil
}

// Recover finishes an edit of several files that a crash interrupted (see
// [edit.JournalFile]) before a command reads the workspace at root, and
// says so. Without such an edit it writes nothing.
func Recover(ctx context.Context, ios *iostreams.IOStreams, root string) error {
	done, err := edit.Recover(ctx, root)
	if err != nil {
		return FailureErrorf("%w", err)
	}
	noteRecovered(ios, done)
	return nil
}

func noteRecovered(ios *iostreams.IOStreams, files []string) {
	if len(files) > 0 {
		fmt.Fprintf(ios.ErrOut, "note: finished an edit that was interrupted; it changed %s\n", safetext.Line(strings.Join(files, ", ")))
	}
}

// FindRecord returns the record with the ID, or an error with a suggestion.
func FindRecord(ws *workspace.Workspace, id string) (*workspace.Record, error) {
	if r := ws.Find(id); r != nil {
		if n := len(ws.Lookup(id)); n > 1 {
			return nil, FindingsErrorf("%d records have the ID %s; give one a new ID first (roadlog validate shows where)", n, id)
		}
		return r, nil
	}
	hint := suggest.IDHint(id, ws.IDs())
	if hint == "" {
		hint = "list IDs with `roadlog list KIND`"
	}
	if n := unreadable(ws); n == 1 {
		hint += " (1 file could not be read; roadlog validate shows why)"
	} else if n > 1 {
		hint += fmt.Sprintf(" (%d files could not be read; roadlog validate shows why)", n)
	}
	return nil, InputErrorf("no record has the ID %q; %s", id, hint)
}

// EditError reports why an edit was not written: the new errors it would
// bring (exit 1), a file that cannot be edited (exit 1), or a failure.
func EditError(ios *iostreams.IOStreams, err error) error {
	var refused *edit.RefusedError
	var fileErr *edit.FileError
	switch {
	case errors.As(err, &refused):
		fmt.Fprintln(ios.ErrOut, "roadlog: not written: the change would bring these errors:")
		for _, d := range refused.Findings {
			fmt.Fprintln(ios.ErrOut, "  "+safetext.Line(d.String()))
		}
		fmt.Fprintln(ios.ErrOut, "fix the value, or use --force to write it anyway")
		return ErrFindings
	case errors.As(err, &fileErr):
		return FindingsErrorf("not written: %w", err)
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return err
	}
	return FailureErrorf("%w", err)
}

// unreadable counts the files that did not load at all.
func unreadable(ws *workspace.Workspace) int {
	loaded := map[string]bool{}
	for _, f := range ws.Files {
		if f.Parsed {
			loaded[f.Path] = true
		}
	}
	bad := map[string]bool{}
	for _, d := range ws.Diagnostics {
		if d.Severity == diag.Error && !loaded[d.Path] {
			bad[d.Path] = true
		}
	}
	return len(bad)
}
