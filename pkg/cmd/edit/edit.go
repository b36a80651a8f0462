// Package editcmd implements `roadlog edit ID`: open a record's file in
// $VISUAL or $EDITOR, then check what was written before keeping it.
package editcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/edit"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// BackupDir holds the text of edits that could not be kept, relative to the
// workspace root.
const BackupDir = workspace.StateDir + "/backup"

// Options are the inputs of the command.
type Options struct {
	Factory *cmdutil.Factory

	ID    string
	Force bool
}

// NewCmd returns the edit command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "edit ID [flags]",
		Short: "open a record's file in your editor, and check it when you are done",
		Long: `Open the file holding a record in $VISUAL, else $EDITOR, else vi (which
needs a terminal: without one, set $EDITOR). The editor command runs
through the shell, as git runs it, so EDITOR="code --wait" works.

The editor works on a copy; when it exits, roadlog checks the copy: if it
parses and the workspace has no new errors, it replaces the file. If not, the file is
left as it was and your text is kept in ` + BackupDir + `/, and roadlog
says where, so that nothing you typed is lost; the same when the editor
exits with an error after you saved.

For a record in a list file (an initiative in roadmap.yaml) the whole file
is opened.`,
		Example: `  roadlog edit ACME-12
  EDITOR="code --wait" roadlog edit INIT-2`,
		Args:              cmdutil.ExactArgs(1, "the ID of a record"),
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "keep the text even when the workspace would have new errors (it must still parse)")
	return cmd
}

// reported ends the command with exit status 2 once it has said why.
var reported = &cmdutil.ExitError{Code: 2}

// Run edits the file of the record opts.ID.
func Run(ctx context.Context, opts *Options) error {
	f := opts.Factory
	editor, err := editorCommand(f)
	if err != nil {
		return err
	}
	root, err := f.Root()
	if err != nil {
		return err
	}
	ws, err := f.Workspace(ctx)
	if err != nil {
		return err
	}
	r, err := cmdutil.FindRecord(ws, opts.ID)
	if err != nil {
		return err
	}
	file := r.File
	before := file.Raw

	tmpDir, err := os.MkdirTemp("", "roadlog-edit-")
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	keepTmp := false
	defer func() {
		if !keepTmp {
			_ = os.RemoveAll(tmpDir)
		}
	}()
	tmp := filepath.Join(tmpDir, path.Base(file.Path))
	if err := os.WriteFile(tmp, before, 0o600); err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	editorErr := runEditor(f, editor, tmp)
	after, err := os.ReadFile(tmp)
	if err != nil {
		if editorErr != nil {
			return editorErr
		}
		return cmdutil.FailureErrorf("%w", err)
	}
	if bytes.Equal(after, before) {
		if editorErr != nil {
			return cmdutil.FailureErrorf("%w; nothing was changed", editorErr)
		}
		fmt.Fprintf(f.IO.ErrOut, "%s: no changes\n", safetext.Line(file.Path))
		return nil
	}

	// Keep the user's text whatever happens next, until it is written.
	keep := func(why string, code error) error {
		p, err := backup(root, file.Path, after, f)
		if err != nil {
			keepTmp = true
			return cmdutil.FailureErrorf("%s was left as it was: %s, and keeping your text in %s failed too: %w; your text is in %s",
				safetext.Line(file.Path), safetext.Line(why), BackupDir, err, tmp)
		}
		fmt.Fprintf(f.IO.ErrOut, "roadlog: %s was left as it was: %s\n", safetext.Line(file.Path), safetext.Line(why))
		fmt.Fprintf(f.IO.ErrOut, "your text is in %s; fix it there and copy it back, or run roadlog edit again\n", safetext.Line(p))
		return code
	}
	if editorErr != nil {
		return keep(editorErr.Error(), reported)
	}
	if _, diags := workspace.Parse(file.Path, file.Kind, after); len(diags) > 0 {
		return keep("the new text does not parse: "+diags[0].String(), cmdutil.ErrFindings)
	}
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return keep("the edit could not begin", err)
	}
	defer s.Close()
	if cur, _ := s.Content(file.Path); !bytes.Equal(cur, before) {
		return keep("the file changed on disk while you were editing", cmdutil.ErrFindings)
	}
	s.Write(file.Path, after)
	if err := s.Commit(ctx, opts.Force); err != nil {
		var refused *edit.RefusedError
		if errors.As(err, &refused) {
			for _, d := range refused.Findings {
				fmt.Fprintln(f.IO.ErrOut, "  "+safetext.Line(d.String()))
			}
			return keep("the workspace would have new errors (listed above; --force keeps them)", cmdutil.ErrFindings)
		}
		return keep(err.Error(), reported)
	}
	fmt.Fprintf(f.IO.ErrOut, "edited %s (%s)\n", r.ID(), safetext.Line(file.Path))
	return nil
}

// editorCommand returns $VISUAL, else $EDITOR, else vi. vi needs a
// terminal: without one, and without either variable, it refuses rather
// than start vi on a pipe.
func editorCommand(f *cmdutil.Factory) (string, error) {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if e := strings.TrimSpace(f.Getenv(v)); e != "" {
			return e, nil
		}
	}
	if !isTerminal(f.IO.In) || !f.IO.IsStdoutTTY() {
		return "", cmdutil.FailureErrorf("no editor to run: set $EDITOR (for example EDITOR=\"code --wait\"), or run roadlog edit in a terminal, where it starts vi")
	}
	return "vi", nil
}

func isTerminal(r io.Reader) bool {
	fd, ok := r.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(fd.Fd()))
}

// shellMeta are the characters that make git run an editor command through
// the shell rather than directly (run-command.c).
const shellMeta = "|&;<>()$`\\\"' \t\n*?[#~=%"

// editorArgv returns the command that runs editor on file, the way git
// does: a command with any shell syntax (words, quotes, variables) runs as
// sh -c '<editor> "$@"', so that "code --wait" and quoted paths with spaces
// work; a plain program name runs directly. Without a shell (Windows), the
// command is split on blanks, keeping quoted words whole.
func editorArgv(editor, file string, sh string) []string {
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

// runEditor runs the editor on file, attached to the terminal. It is not
// tied to the command's context: Ctrl-C belongs to the editor, and killing
// it would lose what the user typed.
func runEditor(f *cmdutil.Factory, editor, file string) error {
	sh, _ := exec.LookPath("sh")
	argv := editorArgv(editor, file, sh)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = f.IO.In, f.IO.Out, f.IO.ErrOut
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("editor %s: %w", safetext.Line(editor), err)
	}
	return nil
}

// backup writes text into BackupDir, named after the file and the time,
// through os.Root and never through a symlinked .roadlog or backup folder.
func backup(root, file string, text []byte, f *cmdutil.Factory) (string, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	defer func() { _ = r.Close() }() // written with atomicfile.WriteFile
	if err := workspace.MakeStateDir(r, BackupDir); err != nil {
		return "", err
	}
	stamp := f.Now().UTC().Format("20060102-150405")
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
