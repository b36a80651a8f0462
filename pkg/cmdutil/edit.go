package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/editor"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// BeginEdit locks the workspace of f and loads it for an edit, saying on
// stderr what it finished or cleaned up from an interrupted one.
func BeginEdit(ctx context.Context, f *Factory) (*change.Session, error) {
	root, err := f.Root()
	if err != nil {
		return nil, err
	}
	s, err := change.BeginWith(ctx, root, f.Now(), f.OpenOptions())
	if err != nil {
		if errors.Is(err, workspace.ErrLocked) {
			return nil, FailureErrorf("%w; try again when it is done", err)
		}
		return nil, FailureErrorf("%w", err)
	}
	noteRecovered(f.IO, s.Recovered)
	if n := len(s.Cleaned); n > 0 {
		fmt.Fprintf(f.IO.ErrOut, "note: deleted %d temporary file(s) that an interrupted roadlog command left: %s\n", n, fileList(s.Cleaned))
	}
	return s, nil
}

// BeginRecordEdit begins an edit, as [BeginEdit] does, of the record with
// the ID. The caller closes the session.
func BeginRecordEdit(ctx context.Context, f *Factory, id string) (*change.Session, *workspace.Record, error) {
	s, err := BeginEdit(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	r, err := change.Find(s.WS, id)
	if err != nil {
		s.Close()
		return nil, nil, EditError(f.IO, err)
	}
	return s, r, nil
}

// recoverEdit finishes an edit of several files that a crash interrupted (see
// [change.JournalFile]) before a command that edits reads the workspace at
// root, and says so. Without such an edit it writes nothing.
func recoverEdit(ctx context.Context, ios *iostreams.IOStreams, root string) error {
	done, err := change.Recover(ctx, root)
	if err != nil {
		return FailureErrorf("%w", err)
	}
	noteRecovered(ios, done)
	return nil
}

// notePending says, for a command that only reads, that an edit of
// several files was interrupted: the command reads the files as they are.
func notePending(ios *iostreams.IOStreams, root string) {
	if change.Pending(root) {
		fmt.Fprintf(ios.ErrOut, "note: an edit of several files was interrupted (%s is there); this command reads the files as they are and changes nothing; the next roadlog command that edits (set, new, rank, move, renumber, edit, fmt) finishes it\n", change.JournalFile)
	}
}

func noteRecovered(ios *iostreams.IOStreams, files []string) {
	if len(files) > 0 {
		fmt.Fprintf(ios.ErrOut, "note: finished an edit that was interrupted; it changed %s\n", fileList(files))
	}
}

// listedFiles is how many files a note names: an interrupted import
// leaves thousands.
const listedFiles = 10

// fileList names files for a note on one line: the first listedFiles,
// then how many more.
func fileList(files []string) string {
	s := strings.Join(files[:min(len(files), listedFiles)], ", ")
	if more := len(files) - listedFiles; more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return safetext.Line(s)
}

// EditError reports why a change was not made and gives its exit code:
// the new errors it would bring, a file that cannot be edited as it is, or
// a conflict in the workspace (exit 1); a change asked for wrongly (exit
// 2, like a wrong flag value); any other failure (exit 2).
func EditError(ios *iostreams.IOStreams, err error) error {
	var (
		refused  *change.RefusedError
		fileErr  *change.FileError
		conflict *change.ConflictError
		input    *change.InputError
		notFound *change.NotFoundError
		ee       *ExitError
	)
	switch {
	case errors.As(err, &refused):
		fmt.Fprintln(ios.ErrOut, "roadlog: not written: the change would bring these errors:")
		printFindings(ios, refused)
		fmt.Fprintln(ios.ErrOut, "fix the value, or use --force to write it anyway")
		return ErrFindings
	case errors.As(err, &fileErr):
		return FindingsErrorf("not written: %w", err)
	case errors.As(err, &conflict):
		return FindingsErrorf("%w", err)
	case errors.As(err, &input), errors.As(err, &notFound):
		return InputErrorf("%w", err)
	case errors.As(err, &ee):
		return err
	}
	return FailureErrorf("%w", err)
}

func printFindings(ios *iostreams.IOStreams, refused *change.RefusedError) {
	for _, d := range refused.Findings {
		fmt.Fprintln(ios.ErrOut, "  "+safetext.Line(d.String()))
	}
}

// EditInEditor opens the file of the record id in the user's editor and
// writes what they save when it is valid ([editor.Edit]), saying on stderr
// what became of it: `roadlog edit ID`, and `roadlog new --edit`.
func EditInEditor(ctx context.Context, f *Factory, id string, force bool) error {
	ed, err := editor.Command(f.Getenv, editor.IsTerminal(f.IO.In) && f.IO.IsStdoutTTY())
	if err != nil {
		return FailureErrorf("%w", err)
	}
	root, err := f.Root()
	if err != nil {
		return err
	}
	// An interrupted edit is finished first: the editor opens the file as
	// that edit left it.
	if err := recoverEdit(ctx, f.IO, root); err != nil {
		return err
	}
	ws, err := f.Workspace(ctx)
	if err != nil {
		return err
	}
	r, err := change.Find(ws, id)
	if err != nil {
		return EditError(f.IO, err)
	}
	changed, err := editor.Edit(ctx, editor.Request{
		Editor: ed, File: r.File, Root: root, Now: f.Now, Force: force,
		In: f.IO.In, Out: f.IO.Out, ErrOut: f.IO.ErrOut,
		Begin: func(ctx context.Context) (*change.Session, error) { return BeginEdit(ctx, f) },
	})
	var nk *editor.NotKeptError
	switch {
	case errors.As(err, &nk):
		return notKept(f.IO, nk)
	case err != nil:
		return FailureErrorf("%w", err)
	case !changed:
		fmt.Fprintf(f.IO.ErrOut, "%s: no changes\n", safetext.Line(r.File.Path))
	default:
		fmt.Fprintf(f.IO.ErrOut, "edited %s (%s)\n", r.ID(), safetext.Line(r.File.Path))
	}
	return nil
}

// notKept says where the text of an edit that was not written is, and
// why: exit 1 when the text is at fault, else 2.
func notKept(ios *iostreams.IOStreams, nk *editor.NotKeptError) error {
	var refused *change.RefusedError
	if errors.As(nk.Err, &refused) {
		printFindings(ios, refused)
	}
	if nk.BackupErr != nil {
		return FailureErrorf("%w", nk)
	}
	fmt.Fprintf(ios.ErrOut, "roadlog: %s\n", safetext.Line(nk.Error()))
	fmt.Fprintf(ios.ErrOut, "your text is in %s; fix it there and copy it back, or run roadlog edit again\n", safetext.Line(nk.Backup))
	var ee *ExitError
	switch {
	case nk.Invalid:
		return ErrFindings
	case errors.As(nk.Err, &ee):
		return nk.Err // the edit could not begin: say why
	}
	return &ExitError{Code: 2} // the editor or the write failed, as said
}
