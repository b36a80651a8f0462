package initcmd_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roadlog/roadlog/pkg/cli"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// hostileNames are product names that YAML gives a meaning to, or that a
// terminal or a reader might stumble over. `roadlog init --name` wrote
// several of them into invalid YAML (the template line was
// `title: {{.Name}} roadmap`).
var hostileNames = []string{
	"Acme 2000!", "Acme: Checkout", "O'Reilly app", "Team #1", "42 things",
	`say "hi"`, `back\slash`, "two\nlines", "a\n\nb\n", "tab\there",
	"- dash", "* star", "& amp", "! bang", "| pipe", "> fold", "% percent", "@ at", "` tick", "? query",
	"[list]", "{map}", "a # b", "a: b: c", "---", "...", "'", `"`, "#", ":", "-",
	"yes", "no", "null", "~", "true", "True", "123", "1.5", "0x1F", "2024-01-01", ".inf",
	" leading", "trailing ", " ", "🚀 Rocket", "über app", "تطبيق", "a\u202eb", "\x1b[2Jclear",
	strings.Repeat("very long name ", 300),
}

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	code = cli.Main(cmdutil.Build{Version: "test"}, args, ios)
	return out.String(), errOut.String(), code
}

// TestInitHostileNames runs init with each hostile name, then validate and
// fmt --check: the workspace validates clean, is in fmt's form, and keeps
// the name exactly.
func TestInitHostileNames(t *testing.T) {
	base := t.TempDir()
	for i, name := range hostileNames {
		dir := filepath.Join(base, "w"+strings.Repeat("x", i))
		if _, stderr, code := run(t, "init", dir, "--name", name); code != 0 {
			t.Errorf("init --name %q: exit %d: %s", name, code, stderr)
			continue
		}
		if _, stderr, code := run(t, "-C", dir, "validate"); code != 0 || stderr != "no problems in 6 files\n" {
			t.Errorf("init --name %q: validate: exit %d: %s", name, code, stderr)
		}
		if stdout, _, code := run(t, "-C", dir, "fmt", "--check"); code != 0 {
			t.Errorf("init --name %q: fmt --check: exit %d: %s", name, code, stdout)
		}
		ws, err := workspace.Open(t.Context(), dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := ws.Config.Product.Name; got != name {
			t.Errorf("init --name %q: product.name reads back as %q", name, got)
		}
		if got, want := ws.Config.Report.Title, name+" roadmap"; got != want {
			t.Errorf("init --name %q: report.title reads back as %q", name, got)
		}
		if ws.Product == nil || ws.Product.Name != name {
			t.Errorf("init --name %q: product.md's name does not read back", name)
		}
	}
}

// TestInitHostileFolders names the product after folders whose names
// YAML gives a meaning to (2024-plan was read as a number, o'neil opened a
// quote, über-app lost its first character to an upper-cased byte).
func TestInitHostileFolders(t *testing.T) {
	for folder, want := range map[string]string{
		"2024-plan": "2024 Plan", "o'neil": "O'neil", "über-app": "Über App", "yes": "Yes",
		"null": "Null", "a: b": "A: B", "#hash": "#hash", "x\x1by": "X\uFFFDy", "42": "42",
	} {
		dir := filepath.Join(t.TempDir(), folder)
		if _, stderr, code := run(t, "init", dir); code != 0 {
			t.Errorf("init %q: exit %d: %s", folder, code, stderr)
			continue
		}
		if _, stderr, code := run(t, "-C", dir, "validate"); code != 0 {
			t.Errorf("init %q: validate: exit %d: %s", folder, code, stderr)
		}
		if stdout, _, code := run(t, "-C", dir, "fmt", "--check"); code != 0 {
			t.Errorf("init %q: fmt --check: exit %d: %s", folder, code, stdout)
		}
		ws, err := workspace.Open(t.Context(), dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := ws.Config.Product.Name; got != want {
			t.Errorf("init %q: product.name is %q, want %q", folder, got, want)
		}
	}
}

// TestInitInvalidUTF8 refuses a name that is not text, writing nothing.
func TestInitInvalidUTF8(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "w")
	_, stderr, code := run(t, "init", dir, "--name", "a\xffb")
	if code != 2 || stderr != "roadlog: --name: the name is not valid UTF-8\n" {
		t.Errorf("exit %d: %q", code, stderr)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("init wrote %s: %v", dir, err)
	}
}
