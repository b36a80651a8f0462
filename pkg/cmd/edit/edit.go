// Package editcmd implements `roadlog edit ID`: open a record's file in
// $VISUAL or $EDITOR, then check what was written before keeping it.
package editcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/edit"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// BackupDir holds the text of edits that could not be kept, relative to the
// workspace root.
const BackupDir = ".roadlog/backup"

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
		Long: `Open the file holding a record in $VISUAL, else $EDITOR, else vi. The editor
works on a copy; when it exits, roadlog checks the copy: if it parses and
the workspace has no new errors, it replaces the file. If not, the file is
left as it was and your text is kept in ` + BackupDir + `/, and roadlog
says where, so that nothing you typed is lost.

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

// Run edits the file of the record opts.ID.
func Run(ctx context.Context, opts *Options) error {
	f := opts.Factory
	root, err := f.Root()
	if err != nil {
		return err
	}
	ws, err := workspace.Open(ctx, root)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
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
	defer func() { _ = os.RemoveAll(tmpDir) }()
	tmp := filepath.Join(tmpDir, path.Base(file.Path))
	if err := os.WriteFile(tmp, before, 0o600); err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	if err := runEditor(ctx, f, tmp); err != nil {
		return err
	}
	after, err := os.ReadFile(tmp)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	if bytes.Equal(after, before) {
		fmt.Fprintf(f.IO.ErrOut, "%s: no changes\n", safetext.Line(file.Path))
		return nil
	}

	// Keep the user's text whatever happens next, until it is written.
	keep := func(why string) error {
		p, err := backup(root, file.Path, after, f)
		if err != nil {
			return cmdutil.FailureErrorf("%s, and the backup failed too: %w", why, err)
		}
		fmt.Fprintf(f.IO.ErrOut, "roadlog: %s was left as it was: %s\n", safetext.Line(file.Path), safetext.Line(why))
		fmt.Fprintf(f.IO.ErrOut, "your text is in %s; fix it there and copy it back, or run roadlog edit again\n", safetext.Line(p))
		return cmdutil.ErrFindings
	}
	if _, diags := workspace.Parse(file.Path, file.Kind, after); len(diags) > 0 {
		return keep("the new text does not parse: " + diags[0].String())
	}
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		if kerr := keep("the workspace could not be locked"); kerr != nil {
			return errors.Join(err, kerr)
		}
		return err
	}
	defer s.Close()
	if cur, _ := s.Content(file.Path); !bytes.Equal(cur, before) {
		return keep("the file changed on disk while you were editing")
	}
	s.Write(file.Path, after)
	if err := s.Commit(ctx, opts.Force); err != nil {
		var refused *edit.RefusedError
		if errors.As(err, &refused) {
			for _, d := range refused.Findings {
				fmt.Fprintln(f.IO.ErrOut, "  "+safetext.Line(d.String()))
			}
			return keep("the workspace would have new errors (listed above; --force keeps them)")
		}
		return keep(err.Error())
	}
	fmt.Fprintf(f.IO.ErrOut, "edited %s (%s)\n", r.ID(), safetext.Line(file.Path))
	return nil
}

// editorCommand returns $VISUAL, $EDITOR or vi, split into words.
func editorCommand(f *cmdutil.Factory) []string {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if e := strings.TrimSpace(f.Getenv(v)); e != "" {
			return splitWords(e)
		}
	}
	return []string{"vi"}
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

func runEditor(ctx context.Context, f *cmdutil.Factory, file string) error {
	words := editorCommand(f)
	cmd := exec.CommandContext(ctx, words[0], append(words[1:], file)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = f.IO.In, f.IO.Out, f.IO.ErrOut
	if err := cmd.Run(); err != nil {
		return cmdutil.FailureErrorf("editor %s: %w; nothing was changed", words[0], err)
	}
	return nil
}

// backup writes text into BackupDir, named after the file and the time.
func backup(root, file string, text []byte, f *cmdutil.Factory) (string, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	defer func() { _ = r.Close() }() // written with WriteFile
	if err := r.MkdirAll(BackupDir, 0o755); err != nil {
		return "", err
	}
	stamp := f.Now().UTC().Format("20060102-150405")
	name := path.Join(BackupDir, strings.ReplaceAll(file, "/", "__")+"."+stamp)
	for i := 2; ; i++ {
		if _, err := r.Lstat(name); errors.Is(err, os.ErrNotExist) {
			break
		}
		name = path.Join(BackupDir, strings.ReplaceAll(file, "/", "__")+"."+stamp+"-"+fmt.Sprint(i))
	}
	if err := r.WriteFile(name, text, 0o600); err != nil {
		return "", err
	}
	return name, nil
}
