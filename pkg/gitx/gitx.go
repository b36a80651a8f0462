// Package gitx runs git for roadlog: it lists branches and reads files at
// any revision. Revisions are checked before use and always follow
// --end-of-options, paths follow --, so no text from a file or a user can
// become an option.
package gitx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

// WaitDelay bounds how long a git command may keep its output open once
// its context is cancelled and git itself has been killed: a process git
// started (a hook, a filter) can hold the pipe and would otherwise keep
// the wait, and roadlog, going until it ends. It also starts when git
// exits on its own, while roadlog still reads the end of its output: on
// a machine loaded enough to keep the reader waiting longer than this,
// the command would fail, so it is not much shorter than a second.
const WaitDelay = time.Second

// ErrNoGit means git is not installed or the folder is not in a repository.
var ErrNoGit = errors.New("no git repository")

// noGitError says which of the two it is; it matches [ErrNoGit].
type noGitError struct{ msg string }

func (e *noGitError) Error() string        { return e.msg }
func (e *noGitError) Is(target error) bool { return target == ErrNoGit }

// Client runs git in one folder of a repository.
type Client struct {
	Dir    string // where commands run (git -C Dir)
	Top    string // the repository's root
	Prefix string // Dir relative to Top, with a trailing slash, or ""
}

// New returns a client for dir, or an error matching [ErrNoGit].
func New(ctx context.Context, dir string) (*Client, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, &noGitError{"git is not installed"}
	}
	c := &Client{Dir: dir}
	out, err := c.Run(ctx, "rev-parse", "--show-toplevel", "--show-prefix")
	if err != nil {
		return nil, &noGitError{dir + " is not in a Git repository"}
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	c.Top = lines[0]
	if len(lines) > 1 {
		c.Prefix = lines[1]
	}
	return c, nil
}

// Run runs git with args in Dir and returns its standard output. Git's
// prompts and pagers are off; its messages become the error.
func (c *Client) Run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", c.Dir}, args...)...)
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C")
	cmd.WaitDelay = WaitDelay
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return stdout.Bytes(), nil
}

// Branches returns the local and remote-tracking branches, as full ref names.
func (c *Client) Branches(ctx context.Context) ([]string, error) {
	out, err := c.Run(ctx, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes")
	if err != nil {
		return nil, err
	}
	var refs []string
	for _, r := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if r != "" && !strings.HasSuffix(r, "/HEAD") {
			refs = append(refs, r)
		}
	}
	return refs, nil
}

var safeRev = regexp.MustCompile(`^[A-Za-z0-9._/@{}~^+-]+$`)

// CheckRev refuses text that cannot be a revision or that git would read
// as an option.
func CheckRev(rev string) error {
	if rev == "" || strings.HasPrefix(rev, "-") || !safeRev.MatchString(rev) || strings.Contains(rev, "..") {
		return fmt.Errorf("%q is not a revision", rev)
	}
	return nil
}

// Files lists the files under dir (relative to Dir) at rev, relative to Dir.
func (c *Client) Files(ctx context.Context, rev, dir string) ([]string, error) {
	if err := CheckRev(rev); err != nil {
		return nil, err
	}
	out, err := c.Run(ctx, "ls-tree", "-r", "--name-only", "-z", "--end-of-options", rev, "--", dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, f := range bytes.Split(out, []byte{0}) {
		if len(f) > 0 {
			files = append(files, string(f))
		}
	}
	return files, nil
}

// Show returns a file (relative to Dir) at rev.
func (c *Client) Show(ctx context.Context, rev, file string) ([]byte, error) {
	if err := CheckRev(rev); err != nil {
		return nil, err
	}
	return c.Run(ctx, "cat-file", "blob", "--end-of-options", rev+":./"+file)
}
