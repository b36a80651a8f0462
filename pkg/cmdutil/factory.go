// Package cmdutil holds what every command shares: the Factory that hands
// out the streams, the clock and the workspace, and the errors that carry
// exit codes.
package cmdutil

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Build describes the binary.
type Build struct {
	Version string
	Commit  string
	Date    string
}

// Factory gives commands what they need, lazily.
type Factory struct {
	IO    *iostreams.IOStreams
	Build Build
	// Dir is where the command runs: the -C flag, or the current directory.
	Dir string
	// Getenv reads the environment (GITHUB_ACTIONS, SOURCE_DATE_EPOCH, EDITOR).
	Getenv func(string) string
	// Now returns the current time, or SOURCE_DATE_EPOCH when set, so that
	// output can be reproduced.
	Now func() time.Time
	// NoCache makes commands read and parse every file rather than use the
	// workspace's index (the --no-cache flag, or ROADLOG_NO_CACHE=1).
	NoCache bool
	// Workspace finds and loads the workspace containing Dir, for reading:
	// it writes nothing, and reads the files as they are even when an edit
	// of several files was interrupted (it says so; the next edit finishes
	// it). Commands that edit begin with [BeginEdit] instead.
	Workspace func(ctx context.Context) (*workspace.Workspace, error)

	loaded *workspace.Workspace // what Workspace loaded
}

// New returns a Factory reading the process environment.
func New(ios *iostreams.IOStreams, build Build) *Factory {
	f := &Factory{IO: ios, Build: build, Dir: ".", Getenv: os.Getenv}
	f.Now = func() time.Time {
		if s := f.Getenv("SOURCE_DATE_EPOCH"); s != "" {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return time.Unix(n, 0).UTC()
			}
		}
		return time.Now()
	}
	f.Workspace = func(ctx context.Context) (*workspace.Workspace, error) {
		if f.loaded != nil {
			return f.loaded, nil
		}
		root, err := f.Root()
		if err != nil {
			return nil, err
		}
		notePending(f.IO, root)
		ws, err := workspace.OpenWith(ctx, root, f.OpenOptions())
		if err != nil {
			return nil, FailureErrorf("load workspace %s: %w", root, err)
		}
		f.loaded = ws
		return ws, nil
	}
	return f
}

// OpenOptions are the options of loading the workspace: whether to use its
// index, and (ROADLOG_VERIFY_CACHE=1, which the tests set) whether to check
// the index against the files.
func (f *Factory) OpenOptions() workspace.OpenOptions {
	return workspace.OpenOptions{
		NoCache:     f.NoCache || f.Getenv("ROADLOG_NO_CACHE") == "1",
		VerifyCache: f.Getenv("ROADLOG_VERIFY_CACHE") == "1",
	}
}

// Finish keeps what the command learnt about the workspace it read in the
// workspace's index, for the next command. The command has ended.
func (f *Factory) Finish() {
	if f.loaded != nil {
		f.loaded.SaveCache()
	}
}

// Git returns a git client running in the workspace root, so that paths
// from git are workspace-relative like every other path. Outside a
// repository, or without git, it is an error with exit status 2 that says
// so.
func (f *Factory) Git(ctx context.Context) (*gitx.Client, error) {
	root, err := f.Root()
	if err != nil {
		return nil, err
	}
	c, err := gitx.New(ctx, root)
	if err != nil {
		return nil, FailureErrorf("%w; this command reads Git history, so run it in a clone", err)
	}
	return c, nil
}

// Root finds the workspace root from Dir.
func (f *Factory) Root() (string, error) {
	root, err := workspace.Find(f.Dir)
	if err != nil {
		if os.IsNotExist(err) {
			return "", FailureErrorf("-C %s: no such directory", f.Dir)
		}
		return "", FailureErrorf("%w; run `roadlog init` to create a workspace", err)
	}
	return root, nil
}

// String describes the build for `roadlog version`.
func (b Build) String() string {
	s := "roadlog version " + b.Version
	if b.Commit != "" || b.Date != "" {
		s += fmt.Sprintf(" (commit %s, built %s)", orUnknown(b.Commit), orUnknown(b.Date))
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
