// Package gittest makes throwaway Git repositories for tests: git's
// configuration isolated from the machine's, a fixed identity and fixed
// dates (so that commit IDs do not change between runs), and files
// committed.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Date is the author and committer date of every commit.
const Date = "2026-12-01T00:00:00Z"

// New makes an empty repository on branch main in a temporary folder and
// returns the folder. It sets the test's environment (restored when it
// ends) so that git, and whatever the test runs, ignores the machine's
// configuration and commits as T <t@example.com> at [Date]. A test that
// calls New cannot run in parallel; it is skipped when git is missing.
func New(tb testing.TB) string {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Skip("no git")
	}
	home := tb.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": filepath.Join(home, ".gitconfig"),
		"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com",
		"GIT_AUTHOR_DATE": Date, "GIT_COMMITTER_DATE": Date,
	} {
		tb.Setenv(k, v)
	}
	dir := tb.TempDir()
	Git(tb, dir, "init", "-q", "-b", "main")
	return dir
}

// Write writes files (slash-separated path → content) under dir, making
// their folders.
func Write(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for p, c := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(c), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// Commit stages every change in the repository at dir, commits it with the
// message msg and returns the commit's ID.
func Commit(tb testing.TB, dir, msg string) string {
	tb.Helper()
	Git(tb, dir, "add", "-A")
	Git(tb, dir, "commit", "-q", "-m", msg)
	return strings.TrimSpace(Git(tb, dir, "rev-parse", "HEAD"))
}

// Git runs git with args in dir and returns what it printed; the test
// fails when git does.
func Git(tb testing.TB, dir string, args ...string) string {
	tb.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		tb.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}
