//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// editorScript writes an editor that, like vi, survives Ctrl-C and Ctrl-\
// (it traps INT and QUIT), says when it runs by creating ready, waits for
// the file go, and then saves a new body. It returns the script and the
// two files.
func editorScript(t *testing.T) (script, ready, proceed string) {
	t.Helper()
	dir := t.TempDir()
	ready, proceed = filepath.Join(dir, "ready"), filepath.Join(dir, "go")
	script = filepath.Join(dir, "editor")
	text := "#!/bin/sh\ntrap '' INT QUIT\ntouch '" + ready + "'\n" +
		"while [ ! -e '" + proceed + "' ]; do sleep 0.05; done\n" +
		"printf 'Typed in the editor.\\n' >> \"$1\"\n"
	if err := os.WriteFile(script, []byte(text), 0o755); err != nil {
		t.Fatal(err)
	}
	return script, ready, proceed
}

// startEditing starts `roadlog edit A-1` with the editor script, in a
// process group of its own (the group a terminal signals), and waits for
// the editor to run. It returns the command, its process ID and the file
// that lets the editor save.
func startEditing(t *testing.T, ws string, stderr *bytes.Buffer) (cmd *exec.Cmd, pid int, proceed string) {
	t.Helper()
	script, ready, proceed := editorScript(t)
	c := command(t, roadlogBinary(t), "-C", ws, "edit", "A-1")
	c.Env = append(c.Env, "EDITOR="+script)
	c.Stderr = stderr
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		if time.Now().After(deadline) {
			_ = c.Process.Kill()
			t.Fatal("roadlog edit never ran the editor")
		}
	}
	return c, c.Process.Pid, proceed
}

// TestSignalWhileEditing sends Ctrl-C and Ctrl-\ (SIGINT and SIGQUIT to
// the process group, as a terminal does) while `roadlog edit` has the
// editor open. The signals are the editor's: roadlog waits for it and
// writes what it saved (review of issue 9, P1-2: roadlog stopped a second
// later, "interrupted", and the text was lost in a temporary folder).
func TestSignalWhileEditing(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGQUIT} {
		t.Run(sig.String(), func(t *testing.T) {
			ws := signalWorkspace(t, "")
			var stderr bytes.Buffer
			cmd, pid, proceed := startEditing(t, ws, &stderr)
			if err := syscall.Kill(-pid, sig); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1500 * time.Millisecond) // past cli.Grace
			if err := syscall.Kill(pid, 0); err != nil {
				t.Errorf("roadlog ended while the editor ran: %v; stderr %q", err, stderr.String())
			}
			if err := os.WriteFile(proceed, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("roadlog edit: %v; stderr %q", err, stderr.String())
			}
			b, _ := os.ReadFile(filepath.Join(ws, "backlog", "A-1-x.md"))
			if want := "---\nid: A-1\ntitle: X\nstatus: idea\n---\nTyped in the editor.\n"; string(b) != want {
				t.Errorf("the file holds %q, want %q", b, want)
			}
			if want := "edited A-1 (backlog/A-1-x.md)\n"; stderr.String() != want {
				t.Errorf("stderr %q, want %q", stderr.String(), want)
			}
		})
	}
}

// TestTermWhileEditing sends SIGTERM to `roadlog edit` while the editor
// is open (and survives it): roadlog waits for the editor, does not write
// the file, keeps the text in .roadlog/backup and says where, and exits 2.
func TestTermWhileEditing(t *testing.T) {
	ws := signalWorkspace(t, "")
	var stderr bytes.Buffer
	cmd, pid, proceed := startEditing(t, ws, &stderr)
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // past cli.Grace
	if err := syscall.Kill(pid, 0); err != nil {
		t.Errorf("roadlog ended while the editor ran: %v; stderr %q", err, stderr.String())
	}
	if err := os.WriteFile(proceed, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
	b, _ := os.ReadFile(filepath.Join(ws, "backlog", "A-1-x.md"))
	if want := "---\nid: A-1\ntitle: X\nstatus: idea\n---\n"; string(b) != want {
		t.Errorf("the file holds %q, want it as it was", b)
	}
	backups, _ := filepath.Glob(filepath.Join(ws, ".roadlog", "backup", "backlog__A-1-x.md.*"))
	if len(backups) != 1 {
		t.Fatalf("backups: %v, want one", backups)
	}
	kept, _ := os.ReadFile(backups[0])
	if want := "---\nid: A-1\ntitle: X\nstatus: idea\n---\nTyped in the editor.\n"; string(kept) != want {
		t.Errorf("the backup holds %q, want %q", kept, want)
	}
	rel, _ := filepath.Rel(ws, backups[0])
	want := "roadlog: backlog/A-1-x.md was left as it was: roadlog was stopped while the editor ran\n" +
		"your text is in " + filepath.ToSlash(rel) + "; fix it there and copy it back, or run roadlog edit again\n" +
		"roadlog: interrupted\n"
	if got := stderr.String(); got != want {
		t.Errorf("stderr:\n%s\nwant\n%s", got, want)
	}
	if strings.Contains(stderr.String(), os.TempDir()+"/roadlog-edit-") {
		t.Error("the text was left in a temporary folder")
	}
}
