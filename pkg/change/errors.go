package change

import (
	"fmt"

	"github.com/roadlog/roadlog/pkg/diag"
)

// The errors of this package say whose fault a change that was not made
// is; commands turn them into exit codes (cmdutil.EditError). Any other
// error is an operational failure: a file that could not be read or
// written, a lock held too long.

// InputError is a change asked for in a way that cannot be made: an
// unknown field, a value of the wrong type, an ID that is taken or not
// valid. The fault is in what was asked, as with a wrong flag value; the
// message says what to give instead.
type InputError struct {
	Err error
}

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, args ...any) error {
	return &InputError{fmt.Errorf(format, args...)}
}

// NotFoundError is an ID that no record has.
type NotFoundError struct {
	ID   string
	Hint string // what to do: "did you mean …?", where to list IDs
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no record has the ID %q; %s", e.ID, e.Hint)
}

// ConflictError is a change the workspace as it is stands in the way of:
// several records with the ID to change, ranks with no room between them.
// The fault is in the files: it is fixed there.
type ConflictError struct {
	Err error
}

func (e *ConflictError) Error() string { return e.Err.Error() }
func (e *ConflictError) Unwrap() error { return e.Err }

func conflictf(format string, args ...any) error {
	return &ConflictError{fmt.Errorf(format, args...)}
}

// FileError is a file that cannot be edited as it is: it does not parse,
// or it is gone. Pos, when known, is where in the file.
type FileError struct {
	Path string
	Pos  diag.Pos
	Err  error
}

func (e *FileError) Error() string {
	if e.Pos.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Col, e.Err)
	}
	return e.Path + ": " + e.Err.Error()
}
func (e *FileError) Unwrap() error { return e.Err }

// RefusedError is a change that would bring new errors to the workspace.
type RefusedError struct {
	Findings diag.List
}

func (e *RefusedError) Error() string {
	if len(e.Findings) == 1 {
		return "the change would break the workspace: " + e.Findings[0].String()
	}
	return fmt.Sprintf("the change would break the workspace (%d new errors)", len(e.Findings))
}
