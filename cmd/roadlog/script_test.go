package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"roadlog": main})
}

// TestScript runs the end-to-end scripts in testdata/script. Refresh their
// expected output with UPDATE_SCRIPTS=1 go test ./cmd/... and review the diff.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
		Setup:               setupEnv,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"exitcode": exitcode},
	})
}

// setupEnv gives every script the same clock, time zone, home, Git
// identity and commit dates, and no colour, so that outputs (commit IDs
// among them) can be pinned.
func setupEnv(env *testscript.Env) error {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		return err
	}
	home := filepath.Join(env.WorkDir, ".home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	for k, v := range map[string]string{
		"HOME":                home,
		"XDG_CONFIG_HOME":     filepath.Join(home, ".config"),
		"TZ":                  "UTC",
		"NO_COLOR":            "1",
		"COLUMNS":             "100",
		"SOURCE_DATE_EPOCH":   "1796083200", // 2026-12-01T00:00:00Z
		"GIT_AUTHOR_NAME":     "Test",
		"GIT_AUTHOR_EMAIL":    "test@example.com",
		"GIT_COMMITTER_NAME":  "Test",
		"GIT_COMMITTER_EMAIL": "test@example.com",
		"GIT_AUTHOR_DATE":     "2026-12-01T00:00:00Z", // fixed commit IDs
		"GIT_COMMITTER_DATE":  "2026-12-01T00:00:00Z",
		"GIT_CONFIG_NOSYSTEM": "1",
		"GIT_CONFIG_GLOBAL":   filepath.Join(home, ".gitconfig"),
		"EXAMPLES":            examples,
		"GITHUB_ACTIONS":      "",
		"GITHUB_WORKSPACE":    "",
		// Characters that act on a terminal, for file names in scripts:
		// escape, the 8-bit CSI (C1) and the right-to-left override.
		"ESC": "\x1b",
		"C1":  "\u009b",
		"RLO": "\u202e",
	} {
		env.Setenv(k, v)
	}
	return nil
}

// exitcode runs a command and checks its exact exit status:
// exitcode N command args...
func exitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("exitcode does not support !")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}
