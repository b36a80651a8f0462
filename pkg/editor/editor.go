// Package editor lets the user change a record's file in their own editor
// ($VISUAL, $EDITOR or vi): it runs the editor on a copy, and writes what
// the user saved only when it parses and brings the workspace no new
// errors; otherwise the text is kept in [BackupDir], so that nothing typed
// is lost. `roadlog edit` and `roadlog new --edit` use it.
package editor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"golang.org/x/term"
)

// BackupDir holds the text of edits that could not be kept, relative to the
// workspace root.
const BackupDir = workspace.StateDir + "/backup"

// errNoEditor is why no editor can be run: none is set, and vi needs a
// terminal.
var errNoEditor = errors.New(`no editor to run: set $EDITOR (for example EDITOR="code --wait"), or run roadlog edit in a terminal, where it starts vi`)

// Command returns $VISUAL, else $EDITOR, else vi. vi needs a terminal:
// without one (terminal false), and without either variable, it returns
// an error rather than start vi on a pipe.
func Command(getenv func(string) string, terminal bool) (string, error) {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if e := strings.TrimSpace(getenv(v)); e != "" {
			return e, nil
		}
	}
	if !terminal {
		return "", errNoEditor
	}
	return "vi", nil
}

// IsTerminal reports whether r is a terminal.
func IsTerminal(r io.Reader) bool {
	fd, ok := r.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(fd.Fd()))
}

// Request is one edit of a file.
type Request struct {
	Editor string           // as [Command] returns it
	File   *workspace.File  // the file to edit, as loaded
	Root   string           // the workspace root, where backups go
	Now    func() time.Time // names a backup
	Force  bool             // write even when the workspace would have new errors

	// In, Out and ErrOut are the editor's streams: the terminal.
	In          io.Reader
	Out, ErrOut io.Writer

	// Begin locks and loads the workspace for the write, once the editor
	// is done.
	Begin func(context.Context) (*change.Session, error)
}

// NotKeptError is text the user saved that was not written to the file,
// which was left as it was; the text is in Backup.
type NotKeptError struct {
	Path   string // the file
	Why    string
	Backup string // "" when keeping the text failed too: then it is in Copy
	Copy   string // the editor's copy
	// BackupErr is why the text could not be kept in BackupDir.
	BackupErr error
	// Invalid says that the text is at fault (it does not parse, it would
	// bring new errors, the file changed meanwhile), rather than the
	// editor or the machine.
	Invalid bool
	// Err is what stopped the write: a [*change.RefusedError] lists the
	// new errors; the error of Begin when the edit could not begin.
	Err error
}

func (e *NotKeptError) Error() string {
	msg := safetext.Line(e.Path) + " was left as it was: " + safetext.Line(e.Why)
	if e.BackupErr != nil {
		msg += fmt.Sprintf(", and keeping your text in %s failed too: %s; your text is in %s", BackupDir, e.BackupErr, e.Copy)
	}
	return msg
}
func (e *NotKeptError) Unwrap() error { return e.Err }

// Edit runs the editor on a copy of the file and, when the user saved
// something new, writes it (see [Request]). It reports whether the file
// changed; false, with no error, when the text was left as it was.
func Edit(ctx context.Context, q Request) (bool, error) {
	file := q.File
	before := file.Raw
	tmpDir, err := os.MkdirTemp("", "roadlog-edit-")
	if err != nil {
		return false, err
	}
	keepTmp := false
	defer func() {
		if !keepTmp {
			_ = os.RemoveAll(tmpDir)
		}
	}()
	tmp := filepath.Join(tmpDir, path.Base(file.Path))
	if err := os.WriteFile(tmp, before, 0o600); err != nil {
		return false, err
	}
	editorErr := run(q, tmp)
	after, err := os.ReadFile(tmp)
	if err != nil {
		if editorErr != nil {
			return false, editorErr
		}
		return false, err
	}
	if bytes.Equal(after, before) {
		if editorErr != nil {
			return false, fmt.Errorf("%w; nothing was changed", editorErr)
		}
		return false, ctx.Err() // nil, or stopped (SIGTERM): nothing to keep
	}

	// Keep the user's text whatever happens next, until it is written.
	keep := func(why string, invalid bool, cause error) error {
		e := &NotKeptError{Path: file.Path, Why: why, Invalid: invalid, Err: cause}
		e.Backup, e.BackupErr = backup(q.Root, file.Path, after, q.Now())
		if e.BackupErr != nil {
			keepTmp = true
			e.Copy = tmp
		}
		return e
	}
	if editorErr != nil {
		return false, keep(editorErr.Error(), false, editorErr)
	}
	if err := ctx.Err(); err != nil {
		// roadlog was told to stop (SIGTERM) while the editor ran: the text
		// is kept, not written.
		return false, keep("roadlog was stopped while the editor ran", false, err)
	}
	if _, diags := workspace.Parse(file.Path, file.Kind, after); len(diags) > 0 {
		return false, keep("the new text does not parse: "+diags[0].String(), true, nil)
	}
	s, err := q.Begin(ctx)
	if err != nil {
		return false, keep("the edit could not begin", false, err)
	}
	defer s.Close()
	if cur, _ := s.Content(file.Path); !bytes.Equal(cur, before) {
		return false, keep("the file changed on disk while you were editing", true, nil)
	}
	s.Write(file.Path, after)
	if err := s.Commit(ctx, q.Force); err != nil {
		var refused *change.RefusedError
		if errors.As(err, &refused) {
			return false, keep("the workspace would have new errors (listed above; --force keeps them)", true, err)
		}
		return false, keep(err.Error(), false, err)
	}
	return true, nil
}

// shellMeta are the characters that make git run an editor command through
// the shell rather than directly (run-command.c).
const shellMeta = "|&;<>()$`\\\"' \t\n*?[#~=%"

// argv returns the command that runs editor on file, the way git does: a
// command with any shell syntax (words, quotes, variables) runs as
// sh -c '<editor> "$@"', so that "code --wait" and quoted paths with spaces
// work; a plain program name runs directly. Without a shell (Windows), the
// command is split on blanks, keeping quoted words whole.
func argv(editor, file, sh string) []string {
	if !strings.ContainsAny(editor, shellMeta) {
		return []string{editor, file}
	}
	if sh != "" {
		return []string{sh, "-c", editor + ` "$@"`, editor, file}
	}
	return append(splitWords(editor), file)
}

// splitWords splits a command line on blanks, keeping quoted words whole.
func splitWords(s string) []string {
	var words []string
	var cur strings.Builder
	var quote rune
	inWord := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// run runs the editor on file, attached to the terminal, in the
// foreground ([RunForeground]). It is not tied to the command's context:
// killing the editor would lose what the user typed.
func run(q Request, file string) error {
	sh, _ := exec.LookPath("sh")
	args := argv(q.Editor, file, sh)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = q.In, q.Out, q.ErrOut
	if err := RunForeground(cmd); err != nil {
		return fmt.Errorf("editor %s: %w", safetext.Line(q.Editor), err)
	}
	return nil
}

// foreground counts the children [RunForeground] is running.
var foreground atomic.Int32

// InForeground reports whether a child that has the terminal is running
// ([RunForeground]). While one is, Ctrl-C (SIGINT) is the child's: the
// code that handles roadlog's signals (pkg/cli) ignores it, as git does
// while an editor runs, and waits for the child on SIGTERM.
func InForeground() bool { return foreground.Load() > 0 }

// RunForeground runs cmd, a child that has the terminal (an editor), and
// waits for it. While it runs, [InForeground] is true, and SIGQUIT
// (Ctrl-\), which would otherwise end roadlog, is caught and dropped: the
// terminal sends it to the child too, which decides. The child starts with
// the default handling of both signals.
func RunForeground(cmd *exec.Cmd) error {
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGQUIT)
	foreground.Add(1)
	defer func() {
		foreground.Add(-1)
		signal.Stop(quit)
	}()
	return cmd.Run()
}

// backup writes text into BackupDir, named after the file and the time,
// through os.Root and never through a symlinked .roadlog or backup folder.
func backup(root, file string, text []byte, now time.Time) (string, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	defer func() { _ = r.Close() }() // written with atomicfile.WriteFile
	if err := workspace.MakeStateDir(r, BackupDir); err != nil {
		return "", err
	}
	stamp := now.UTC().Format("20060102-150405")
	base := path.Join(BackupDir, strings.ReplaceAll(file, "/", "__")+"."+stamp)
	name := base
	for i := 2; ; i++ {
		if _, err := r.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			break
		}
		name = base + "-" + strconv.Itoa(i)
	}
	if err := atomicfile.WriteFile(r, name, text, 0o600); err != nil {
		return "", err
	}
	return name, nil
}
