//go:build unix

package gitx

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hangingGit puts first on PATH a git that lists one file with ls-tree and
// otherwise hangs, leaving behind a process that holds its output open, as
// a hook or a filter git starts can. It returns a channel closed once git
// hangs.
func hangingGit(t *testing.T) <-chan struct{} {
	t.Helper()
	bin := t.TempDir()
	pids := filepath.Join(bin, "pids")
	script := `#!/bin/sh
case "$3" in
ls-tree) printf '100644 blob 0123456789abcdef0123456789abcdef01234567       5\tfile.md\0' ;;
*) sleep 300 & echo $! >> "` + pids + `"; wait ;;
esac
`
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Cleanup(func() { // the sleeps this test started, by their IDs
		b, _ := os.ReadFile(pids)
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	hung := make(chan struct{})
	go func() {
		defer close(hung)
		for {
			if _, err := os.Stat(pids); err == nil {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	return hung
}

// stopsSoon fails the test unless fn returns an error once ctx is
// cancelled after git hangs.
func stopsSoon(t *testing.T, hung <-chan struct{}, cancel func(), fn func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case <-hung:
	case err := <-done:
		t.Fatalf("returned before git hung: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("git was not started")
	}
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("no error from a cancelled git")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("still waiting for git after the context was cancelled")
	}
}

// TestRunCancelled checks that a cancelled command stops git and returns
// even while a process git started holds its output (issue 9: every wait
// must end on Ctrl-C).
func TestRunCancelled(t *testing.T) {
	hung := hangingGit(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	c := &Client{Dir: t.TempDir()}
	stopsSoon(t, hung, cancel, func() error {
		_, err := c.Run(ctx, "status")
		return err
	})
}

// TestTreeCancelled checks the same of the git cat-file that serves a
// tree's files.
func TestTreeCancelled(t *testing.T) {
	hung := hangingGit(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	c := &Client{Dir: t.TempDir()}
	tree, err := c.Tree(ctx, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tree.Close() }()
	stopsSoon(t, hung, cancel, func() error {
		f, err := tree.Open("file.md")
		if err != nil {
			return err
		}
		_, err = io.ReadAll(f)
		return err
	})
}
