//go:build linux

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// roadlogBinary returns a path that runs this test binary as roadlog:
// testscript.Main in TestMain runs main when the binary is named roadlog.
func roadlogBinary(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "roadlog")
	if err := os.Symlink(exe, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// signalWorkspace writes a workspace with one item whose body is body.
func signalWorkspace(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range map[string]string{
		"roadlog.yaml":     "version: 1\nproduct: {name: P, key: A}\n",
		"backlog/A-1-x.md": "---\nid: A-1\ntitle: X\nstatus: idea\n---\n" + body,
	} {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// command returns roadlog with args, in an environment of its own.
func command(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), fmtCheckEnv+"=off", "HOME="+home, "XDG_CONFIG_HOME="+home, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+filepath.Join(home, ".gitconfig"), "NO_COLOR=1", "EDITOR=true", "VISUAL=")
	return cmd
}

// waitExit waits for a signalled command and returns its exit status and
// how long it took; the test fails if it keeps running for more than a
// couple of seconds (it stops within cli.Grace, a second).
func waitExit(t *testing.T, cmd *exec.Cmd) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		took := time.Since(start)
		if took > 5*time.Second {
			t.Errorf("roadlog took %v to stop after the signal; want a couple of seconds at most", took)
		}
		return cmd.ProcessState.ExitCode(), took
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		if err := <-done; err == nil {
			t.Log("roadlog ended as it was killed")
		}
		t.Fatalf("roadlog %s was still running 20 s after the signal", strings.Join(cmd.Args[1:], " "))
		return 0, 0
	}
}

// waitOpen waits until process pid has the file at path open (it reads
// /proc; where there is none it waits a second instead).
func waitOpen(t *testing.T, pid int, path string) {
	t.Helper()
	fds := "/proc/" + strconv.Itoa(pid) + "/fd"
	if _, err := os.Stat(fds); err != nil {
		time.Sleep(time.Second)
		return
	}
	want, err := filepath.EvalSymlinks(path)
	if err != nil {
		want = path
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		entries, _ := os.ReadDir(fds)
		for _, e := range entries {
			if target, err := os.Readlink(filepath.Join(fds, e.Name())); err == nil && target == want {
				return
			}
		}
	}
	t.Fatalf("process %d did not open %s within 30 s", pid, path)
}

// locked reports whether another process holds the workspace lock.
func locked(t *testing.T, ws string) bool {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(ws, ".roadlog", "lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

// TestSignalWhileLocked sends SIGTERM to an edit stuck, with the workspace
// locked, on a git that does not answer, and checks that roadlog stops
// promptly with status 2 and that the next edit can take the lock (issue
// 9: Ctrl-C and SIGTERM were ignored while the lock was held).
func TestSignalWhileLocked(t *testing.T) {
	bin := roadlogBinary(t)
	ws := signalWorkspace(t, "")
	fake := t.TempDir()
	pids := filepath.Join(fake, "pids")
	// A git that hangs, with a process of its own holding its output open.
	script := "#!/bin/sh\nsleep 300 &\necho $! >> " + pids + "\nwait\n"
	if err := os.WriteFile(filepath.Join(fake, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // the sleeps this test started, by their IDs
		b, _ := os.ReadFile(pids)
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})

	// roadlog new looks for IDs in every branch, under the lock.
	cmd := command(t, bin, "-C", ws, "new", "story", "Hangs")
	cmd.Env = append(cmd.Env, "PATH="+fake+string(os.PathListSeparator)+os.Getenv("PATH"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(pids); err == nil {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatal("roadlog new never ran git")
		}
	}
	if !locked(t, ws) {
		t.Fatal("the workspace is not locked while roadlog new runs")
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code, took := waitExit(t, cmd)
	if code != 2 || stderr.String() != "roadlog: interrupted\n" {
		t.Errorf("exit status %d after %v, stderr %q; want 2 and roadlog: interrupted", code, took, stderr.String())
	}
	if locked(t, ws) {
		t.Error("the lock is still held")
	}
	if _, err := os.Stat(filepath.Join(ws, "backlog", "A-2-hangs.md")); err == nil {
		t.Error("the interrupted edit was written")
	}

	next := command(t, bin, "-C", ws, "set", "A-1", "status=ready")
	if out, err := next.CombinedOutput(); err != nil {
		t.Errorf("the next edit: %v\n%s", err, out)
	}
}

// TestSignalWhileWriting sends SIGINT to roadlog blocked writing to a pipe
// nobody reads, which no context can cancel, and checks that it still
// ends with status 2 soon after.
func TestSignalWhileWriting(t *testing.T) {
	bin := roadlogBinary(t)
	ws := signalWorkspace(t, strings.Repeat("A line of the body that is long enough to fill a pipe.\n\n", 20000))
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	cmd := command(t, bin, "-C", ws, "show", "A-1")
	cmd.Stdout = w
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	// Wait for the pipe to fill: roadlog is then blocked in write.
	for deadline := time.Now().Add(20 * time.Second); pending(r) < 60000; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the pipe holds %d bytes; roadlog show wrote too little", pending(r))
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code, took := waitExit(t, cmd)
	if code != 2 || stderr.String() != "roadlog: interrupted\n" {
		t.Errorf("exit status %d after %v, stderr %q; want 2 and roadlog: interrupted", code, took, stderr.String())
	}
}

// pending returns how many bytes wait to be read from a pipe.
func pending(r *os.File) int {
	var n int32
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, r.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
	if errno != 0 {
		return 0
	}
	return int(n)
}

// TestSignalWhileWaitingForLock interrupts an edit waiting for another
// command's lock: it stops at once, with status 2.
func TestSignalWhileWaitingForLock(t *testing.T) {
	bin := roadlogBinary(t)
	ws := signalWorkspace(t, "")
	if err := os.MkdirAll(filepath.Join(ws, ".roadlog"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(ws, ".roadlog", "lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	cmd := command(t, bin, "-C", ws, "set", "A-1", "status=ready")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// It waits up to 10 s for the lock; signal it once it does, and has
	// therefore set up its signal handling long before.
	waitOpen(t, cmd.Process.Pid, filepath.Join(ws, ".roadlog", "lock"))
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code, took := waitExit(t, cmd)
	if code != 2 || stderr.String() != "roadlog: interrupted\n" {
		t.Errorf("exit status %d after %v, stderr %q; want 2 and roadlog: interrupted", code, took, stderr.String())
	}
}
