package gitx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// MergeLabels are the names after the conflict markers of [MergeFile].
type MergeLabels struct {
	Ours, Base, Theirs string
	MarkerSize         int  // 7 when 0
	Diff3              bool // the base's lines too, between ours and theirs
}

// MergeFile merges three texts line by line with `git merge-file`, Git's
// own text merge, which needs no repository. It returns the result and how
// many conflicts it holds (marked in the text).
func MergeFile(ctx context.Context, base, ours, theirs []byte, l MergeLabels) ([]byte, int, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, 0, &noGitError{"git is not installed"}
	}
	dir, err := os.MkdirTemp("", "roadlog-merge-")
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	names := [3]string{"ours", "base", "theirs"}
	for i, b := range [][]byte{ours, base, theirs} {
		if err := os.WriteFile(filepath.Join(dir, names[i]), b, 0o600); err != nil {
			return nil, 0, err
		}
	}
	size := l.MarkerSize
	if size <= 0 {
		size = 7
	}
	args := []string{"merge-file", "-p", "--marker-size=" + strconv.Itoa(size)}
	if l.Diff3 {
		args = append(args, "--diff3")
	}
	args = append(args, "-L", l.Ours, "-L", l.Base, "-L", l.Theirs, "--", names[0], names[1], names[2])
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	cmd.WaitDelay = WaitDelay
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return stdout.Bytes(), 0, nil
	case errors.As(err, &exit) && exit.ExitCode() > 0 && exit.ExitCode() < 128 && ctx.Err() == nil:
		return stdout.Bytes(), exit.ExitCode(), nil // the number of conflicts
	}
	msg := strings.TrimSpace(stderr.String())
	if msg == "" {
		msg = err.Error()
	}
	return nil, 0, fmt.Errorf("git merge-file: %s", msg)
}
