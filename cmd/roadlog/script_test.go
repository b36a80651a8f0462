package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/roadlog/roadlog/pkg/cli"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamlfmt"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"roadlog": roadlogThenFmtCheck})
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

// TestScriptNoCache runs the same scripts with the workspace's index turned
// off: together with TestScript, which checks the index against the files
// in every command, it shows that the index changes no result.
func TestScriptNoCache(t *testing.T) {
	if testing.Short() {
		t.Skip("the scripts once more, without the index")
	}
	if raceEnabled {
		t.Skip("the scripts once more, without the index: TestScript covers the race detector's part (CI runs this one without it)")
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			if err := setupEnv(env); err != nil {
				return err
			}
			env.Setenv("ROADLOG_VERIFY_CACHE", "")
			env.Setenv("ROADLOG_NO_CACHE", "1")
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"exitcode": exitcode},
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
		// Every command checks the workspace's index against the files:
		// a script that passes shows that the index changes nothing.
		"ROADLOG_VERIFY_CACHE": "1",
		"GITHUB_WORKSPACE":     "",
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

// fmtCheckEnv names the environment variable with which a script says how
// its workspaces are formatted. Unset, every successful edit must leave
// `roadlog fmt --check` clean. "unformatted" is for scripts whose files are
// deliberately not in canonical form (to show that edits keep comment
// spacing, blank lines, quotes or CRLF): there an edit must not make a file
// that was canonical non-canonical. Set it with `env FMTCHECK=unformatted`
// and a comment saying why. "off" is for Go tests that run roadlog on
// hostile workspaces, where formatting is not what they check.
const fmtCheckEnv = "FMTCHECK"

// exitFmtCheck is the exit status of an edit that succeeded but left files
// that roadlog fmt would change: roadlog itself only exits 0, 1 or 2.
const exitFmtCheck = 3

// editingCommands are the commands that write plan files themselves. edit
// is not among them: it writes what the user's editor saved.
var editingCommands = []string{"init", "new", "set", "move", "rank", "renumber", "fmt", "check", "uncheck", "note"}

// roadlogThenFmtCheck is the roadlog that scripts run: the real CLI, and
// after an editing command that succeeded, `roadlog fmt --check` on the
// workspace it edited. Edits keep a canonical file canonical (keys where fmt
// puts them, quotes only where needed), so the pre-commit hook
// (roadlog-fmt) never fails because of roadlog's own edits.
func roadlogThenFmtCheck() {
	args := os.Args[1:]
	dir, paths, ok := editedWorkspace(args)
	if !ok {
		main()
		return
	}
	mode := os.Getenv(fmtCheckEnv)
	if mode == "off" {
		main()
		return
	}
	if mode != "" && mode != "unformatted" {
		fmt.Fprintf(os.Stderr, "%s=%q: use unformatted or off, or leave it unset\n", fmtCheckEnv, mode)
		os.Exit(exitFmtCheck)
	}
	var before []string
	if mode == "unformatted" {
		before, _ = fmtCheck(dir, paths)
	}
	code := cli.Main(buildInfo(), args, iostreams.System())
	if code != 0 {
		os.Exit(code)
	}
	after, err := fmtCheck(dir, paths)
	if err != nil {
		fmt.Fprintf(os.Stderr, "fmt check after `roadlog %s`: %v\n", strings.Join(args, " "), err)
		os.Exit(exitFmtCheck)
	}
	var bad []string
	for _, p := range after {
		if !slices.Contains(before, p) {
			bad = append(bad, p)
		}
	}
	if len(bad) > 0 {
		fmt.Fprintf(os.Stderr, "`roadlog %s` left files that roadlog fmt would change: %s\n", strings.Join(args, " "), strings.Join(bad, ", "))
		showFmtDiff(os.Stderr, dir, bad)
		os.Exit(exitFmtCheck)
	}
	os.Exit(0)
}

// editedWorkspace returns the folder to run fmt --check in when args run
// an editing command (-C's folder, joined with init's DIR), and the files
// to check when fmt was given some.
func editedWorkspace(args []string) (dir string, paths []string, ok bool) {
	dir = "."
	var cmd string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-C" || a == "--dir":
			if i+1 < len(args) {
				dir = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "--dir="):
			dir = strings.TrimPrefix(a, "--dir=")
		case strings.HasPrefix(a, "-C"):
			dir = strings.TrimPrefix(strings.TrimPrefix(a, "-C"), "=")
		case cmd == "" && !strings.HasPrefix(a, "-"):
			cmd = a
		case cmd != "":
			rest = append(rest, a)
		}
	}
	if !slices.Contains(editingCommands, cmd) {
		return "", nil, false
	}
	switch cmd {
	case "fmt":
		if slices.Contains(rest, "--check") {
			return "", nil, false
		}
		for _, a := range rest {
			if !strings.HasPrefix(a, "-") {
				paths = append(paths, a)
			}
		}
	case "init":
		for _, a := range rest {
			if !strings.HasPrefix(a, "-") {
				dir = filepath.Join(dir, a)
				break
			}
		}
	}
	return dir, paths, true
}

// fmtCheck runs `roadlog fmt --check` in dir, on paths or on every file,
// and returns the files it lists.
func fmtCheck(dir string, paths []string) ([]string, error) {
	ios, _, out, errOut := iostreams.Test()
	switch code := cli.Main(buildInfo(), append([]string{"-C", dir, "fmt", "--check"}, paths...), ios); code {
	case 0, 1:
		// 1: files would change, or some were left alone (they do not
		// parse); only the first kind is listed on stdout.
	default:
		return nil, fmt.Errorf("roadlog fmt --check: exit status %d: %s", code, errOut)
	}
	return strings.Fields(out.String()), nil
}

// showFmtDiff prints each file as it is and as roadlog fmt would write it.
func showFmtDiff(w *os.File, dir string, paths []string) {
	ws, err := workspace.Open(context.Background(), dir)
	if err != nil {
		return
	}
	for _, f := range ws.Files {
		if !slices.Contains(paths, f.Path) || !f.Parsed {
			continue
		}
		want, err := yamlfmt.Format(f)
		if err != nil || bytes.Equal(want, f.Raw) {
			continue
		}
		fmt.Fprintf(w, "--- %s as written\n%s--- %s as roadlog fmt writes it\n%s", f.Path, f.Raw, f.Path, want)
	}
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

// TestEditedWorkspace: the harness finds the workspace an editing command
// edits, and leaves other commands alone.
func TestEditedWorkspace(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		dir   string
		paths []string
		ok    bool
	}{
		{[]string{"set", "A-1", "status=ready"}, ".", nil, true},
		{[]string{"-C", "plan", "set", "A-1", "x=y"}, "plan", nil, true},
		{[]string{"--dir=plan", "move", "A-1", "done"}, "plan", nil, true},
		{[]string{"-Cplan", "rank", "A-1", "--top"}, "plan", nil, true},
		{[]string{"init", "demo", "--name", "X"}, "demo", nil, true},
		{[]string{"-C", "base", "init", "--example", "demo"}, "base/demo", nil, true},
		{[]string{"fmt"}, ".", nil, true},
		{[]string{"fmt", "backlog/A-1-x.md"}, ".", []string{"backlog/A-1-x.md"}, true},
		{[]string{"fmt", "--check"}, "", nil, false},
		{[]string{"validate"}, "", nil, false},
		{[]string{"edit", "A-1"}, "", nil, false},
		{[]string{"-C", "set", "validate"}, "", nil, false},
	} {
		dir, paths, ok := editedWorkspace(tt.args)
		if dir != tt.dir || !slices.Equal(paths, tt.paths) || ok != tt.ok {
			t.Errorf("editedWorkspace(%q) = %q, %q, %v; want %q, %q, %v", tt.args, dir, paths, ok, tt.dir, tt.paths, tt.ok)
		}
	}
}
