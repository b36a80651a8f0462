package gitx

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// UserEmail returns the email Git puts on the user's commits: the
// environment's GIT_AUTHOR_EMAIL, as git itself takes it first, else what
// `git config user.email` run in dir gives (repository, global or
// environment configuration), or "" when none is set. dir need not be in a
// repository.
func UserEmail(ctx context.Context, dir string) (string, error) {
	if v := strings.TrimSpace(os.Getenv("GIT_AUTHOR_EMAIL")); v != "" {
		return v, nil
	}
	if _, err := exec.LookPath("git"); err != nil {
		return "", &noGitError{"git is not installed"}
	}
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "config", "--get", "user.email")
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	cmd.WaitDelay = WaitDelay
	out, err := cmd.Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 {
		return "", nil // not set
	}
	if err != nil {
		return "", fmt.Errorf("git config user.email: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
