package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/safetext"
)

// hostile is text that would act on a terminal: clear the screen and move
// the cursor (ESC), set the window title (OSC), the 8-bit CSI (C1), a next
// line (C1), a bell, a carriage return, and bidirectional overrides and
// isolates that reorder what the reader sees.
const hostile = "\x1b[2J\x1b[HFAKE\x1b]0;pwned\x07 \u009b31m \u0085 \r \u202eevil\u202c \u2066iso\u2069 \u061c"

// hostileName is the same, fit for a file name (no slash, no NUL).
const hostileName = "\x1b[31mred\u009b1m\u202egnp\u2066"

// hostileWorkspace writes a workspace whose file names, keys and values —
// in every kind of file, roadlog.yaml included — carry [hostile] text.
func hostileWorkspace(t *testing.T, dir string) {
	t.Helper()
	h := yamlString(hostile)
	files := map[string]string{
		"roadlog.yaml": fmt.Sprintf(`version: 1
product: {name: %[1]s, key: A}
workflow:
  statuses: [idea, ready, %[1]s, done]
  closed: [done]
  wip: {ready: 1}
types: [story, epic, %[1]s]
fields:
  segment: {type: string, description: %[1]s}
  %[1]s: {type: string, enum: [a, %[1]s]}
people:
  ana: {name: %[1]s, role: %[1]s}
report: {title: %[1]s}
`, h),
		"product.md": fmt.Sprintf("---\nname: %[1]s\nvision: %[1]s\npersonas:\n  - {id: P-1, name: %[1]s, needs: [%[1]s]}\n---\n%[2]s\n", h, hostile),
		"roadmap.yaml": fmt.Sprintf(`themes:
  - {id: T-1, title: %[1]s}
initiatives:
  - {id: INIT-1, title: %[1]s, theme: T-1, horizon: now, status: %[1]s, start: 2027-01-01, end: 2027-06-30, description: %[1]s}
  - {id: INIT-2, title: %[1]s, horizon: %[1]s, confidence: %[1]s}
`, h),
		"objectives.yaml": fmt.Sprintf(`objectives:
  - id: OBJ-1
    title: %[1]s
    period: %[1]s
    owner: ana
    key_results:
      - {id: KR-1, title: %[1]s, unit: %[1]s, baseline: 0, target: 10, current: 4}
`, h),
		"releases.yaml": fmt.Sprintf("releases:\n  - {id: R-1, title: %[1]s, date: 2020-01-01, status: %[1]s}\n", h),
		"risks.yaml":    fmt.Sprintf("risks:\n  - {id: RISK-1, title: %[1]s, likelihood: 3, impact: 4, status: open, mitigation: %[1]s, owner: %[1]s, links: [A-1, %[1]s]}\n", h),
		"backlog/A-1-" + hostileName + ".md": fmt.Sprintf(`---
id: A-1
title: %[1]s
type: story
status: %[1]s
owner: ana
initiative: INIT-1
release: R-1
labels: [%[1]s, ok]
segment: %[1]s
depends_on: [A-2, %[1]s]
score: {reach: 10, impact: 1, confidence: 0.5, effort: 1}
%[1]s: unknown key
---
%[2]s

- [ ] %[2]s
- [x] done

| a | b |
| --- | --- |
| %[2]s | [link](%[2]s) |

`+"```\n%[2]s\n```\n", h, hostile),
		"backlog/A-2-two.md":                     fmt.Sprintf("---\nid: A-2\ntitle: Two\ntype: %[1]s\nstatus: ready\nparent: A-1\n---\n> %[2]s\n", h, hostile),
		"backlog/A-3-three.md":                   "---\nid: A-3\ntitle: Three\ntype: epic\nstatus: ready\n---\n",
		"backlog/" + hostileName + ".md":         fmt.Sprintf("---\nid: %[1]s\ntitle: Bad ID\nstatus: idea\n---\n", h),
		"backlog/A-4-" + hostileName + "-bad.md": "---\nid: A-4\ntitle: [unclosed\n---\n",
		"insights/INS-1-" + hostileName + ".md":  fmt.Sprintf("---\nid: INS-1\ntitle: %[1]s\nsource: %[1]s\ndate: 2026-10-01\ncustomer: %[1]s\n---\n%[2]s\n", h, hostile),
		"decisions/DEC-1-" + hostileName + ".md": fmt.Sprintf("---\nid: DEC-1\ntitle: %[1]s\nstatus: accepted\ndate: 2026-10-01\nlinks: [A-1]\n---\n%[2]s\n", h, hostile),
	}
	for p, c := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// yamlString writes s as a YAML double-quoted string, with what YAML does
// not allow raw (C1 controls among them) escaped.
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString("\\" + string(r))
		case safetext.Unsafe(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// unsafeBytes describes what in out would act on a terminal: a byte that is
// not UTF-8 (a lone 0x9b is an 8-bit CSI to some terminals), or a
// character safetext calls unsafe other than a newline or a tab.
func unsafeBytes(out []byte) string {
	var found []string
	for i := 0; i < len(out); {
		r, n := utf8.DecodeRune(out[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			found = append(found, fmt.Sprintf("byte %#x at %d", out[i], i))
		case r != '\n' && r != '\t' && safetext.Unsafe(r):
			found = append(found, fmt.Sprintf("%U at %d", r, i))
		}
		i += n
		if len(found) == 5 {
			break
		}
	}
	return strings.Join(found, ", ")
}

// TestNoTerminalEscapes runs every command that prints, in every format,
// on a workspace whose file names, keys and values carry escape sequences,
// C1 controls and bidi overrides, and checks that none of it reaches
// standard output or standard error. JSON stays exact: it escapes such
// characters as \u sequences that a parser reads back as they were.
// Issue 9, item 12.
func TestNoTerminalEscapes(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	hostileWorkspace(t, ws)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", ws}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(dir, "gitconfig"),
			"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@e.x", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@e.x")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	_, gitErr := exec.LookPath("git")
	if gitErr == nil {
		git("init", "-q", "-b", "main")
		git("add", "-A")
		git("commit", "-q", "-m", "base")
		// A change for diff: a renamed file with a hostile name and new values.
		h := yamlString(hostile + "2")
		if err := os.WriteFile(filepath.Join(ws, "backlog", "A-5-"+hostileName+"-new.md"),
			[]byte("---\nid: A-5\ntitle: "+string(h)+"\nstatus: "+string(h)+"\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(ws, "backlog", "A-3-three.md")); err != nil {
			t.Fatal(err)
		}
		// Changed values and a moved file.
		a1 := filepath.Join(ws, "backlog", "A-1-"+hostileName+".md")
		data, err := os.ReadFile(a1)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.Replace(data, []byte("labels: ["), []byte("labels: ["+h+", "), 1)
		data = bytes.Replace(data, []byte("score: {reach: 10"), []byte("score: {reach: 20"), 1)
		if err := os.WriteFile(a1, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(ws, "insights", "INS-1-"+hostileName+".md"), filepath.Join(ws, "insights", "INS-1-"+hostileName+"-moved.md")); err != nil {
			t.Fatal(err)
		}
	}

	type run struct {
		args []string
		json bool // stdout is JSON: it must also parse
	}
	var runs []run
	add := func(j bool, args ...string) { runs = append(runs, run{args, j}) }
	for _, f := range []string{"text", "github", "sarif", "junit"} {
		add(false, "validate", "--format", f)
	}
	add(true, "validate", "--format", "json")
	// Every view in every format; the lists of other kinds share their
	// writers with list items, so a table and JSON of each do.
	for _, v := range [][]string{{"backlog"}, {"board"}, {"objectives"}, {"stats"}, {"roadmap"}, {"roadmap", "--by", "quarter"}, {"roadmap", "--by", "theme"}, {"list", "items"}} {
		for _, f := range []string{"table", "markdown", "csv"} {
			add(false, append(v, "--format", f)...)
		}
		add(true, append(v, "--format", "json")...)
	}
	for _, k := range []string{"themes", "initiatives", "objectives", "key-results", "releases", "risks", "insights", "decisions", "personas"} {
		add(false, "list", k)
		add(true, "list", k, "--format", "json")
	}
	add(false, "backlog", "--columns", "id,title,status,labels,segment,owner,file", "--format", "table")
	add(false, "backlog", "--where", `title == "x"`+"\x1b[2J")
	for _, id := range []string{"A-1", "A-2", "INIT-1", "INIT-2", "OBJ-1", "KR-1", "R-1", "RISK-1", "INS-1", "DEC-1", "P-1", "T-1", hostile} {
		add(false, "show", id)
	}
	for _, id := range []string{"A-1", "INIT-1", "RISK-1", hostile} {
		add(true, "show", id, "--format", "json")
	}
	add(false, "show", "A-9"+hostile)
	add(false, "fmt", "--check")
	add(false, "schema", "item")
	add(false, "schema")
	add(false, "report", "-o", filepath.Join(dir, "site"))
	add(false, "report", "--single-file", filepath.Join(dir, "one.html"))
	add(false, "report", "--public", "-o", filepath.Join(dir, "public"))
	// Completion does not see -C (cobra runs no PersistentPreRun for it):
	// these run in the workspace.
	add(false, "__complete", "show", "")
	add(false, "__complete", "rank", "A-1", "--before", "")
	add(false, "__complete", "backlog", "--columns", "")
	add(false, "__complete", "move", "A-1", "")
	add(false, "__complete", "set", "A-1", "status=")
	add(false, "__complete", "new", "")
	add(false, "list", hostile)
	add(false, hostile)
	if gitErr == nil {
		for _, f := range []string{"text", "markdown"} {
			add(false, "diff", "main", "--format", f)
		}
		add(true, "diff", "main", "--format", "json")
		add(false, "validate", "--since", "main")
		add(false, "metrics", "--by", "owner")
		add(true, "metrics", "--format", "json")
		add(false, "forecast", "--since", "2000-01-01")
		add(true, "forecast", "--since", "2000-01-01", "--format", "json")
	}
	// Edits last: they change the files.
	add(false, "set", "A-2", "title=new")
	add(false, "move", "A-2", "idea")
	add(false, "rank", "A-2", "--top")
	add(false, "new", "story", "Fresh"+hostile)
	add(false, "set", "A-1", "title=x")
	add(false, "set", "A-1", "title="+hostile, "--force")
	add(false, "move", "A-1", hostile)
	add(false, "move", "A-1", "idea", "--force")
	add(false, "move", "A-1", "idea", "--force")
	add(false, "rank", "A-1", "--top", "--force")
	add(false, "edit", "A-1")
	add(false, "renumber", "A-2", "A-20")
	add(false, "renumber", "A-1", "A-10", "--force")
	add(false, "fmt")

	shown := 0
	outputs := map[string]string{}
	for _, r := range runs {
		cmd := exec.Command("roadlog", append([]string{"-C", ws}, r.args...)...)
		if r.args[0] == "__complete" {
			cmd = exec.Command("roadlog", r.args...)
			cmd.Dir = ws
		}
		cmd.Env = append(os.Environ(), fmtCheckEnv+"=off", "NO_COLOR=1", "EDITOR=true", "GITHUB_ACTIONS=", "GITHUB_WORKSPACE=", "SOURCE_DATE_EPOCH=1796083200",
			"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(dir, "gitconfig"))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		name := fmt.Sprintf("%q", r.args)
		if err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() > 2 {
				t.Errorf("%s: %v", name, err)
			}
		}
		if u := unsafeBytes(stdout.Bytes()); u != "" {
			t.Errorf("%s: stdout holds %s:\n%q", name, u, excerpt(stdout.String()))
		}
		if u := unsafeBytes(stderr.Bytes()); u != "" {
			t.Errorf("%s: stderr holds %s:\n%q", name, u, excerpt(stderr.String()))
		}
		if r.json && err == nil && !json.Valid(stdout.Bytes()) {
			t.Errorf("%s: stdout is not JSON", name)
		}
		if bytes.Contains(stdout.Bytes(), []byte("FAKE")) || bytes.Contains(stderr.Bytes(), []byte("FAKE")) {
			shown++
		}
		outputs[strings.Join(r.args, " ")] = stdout.String()
	}
	// The test proves something only if the hostile text got to the output
	// (cleaned): most runs show it.
	t.Logf("%d of %d runs show the hostile text", shown, len(runs))
	if shown < len(runs)*2/3 {
		t.Errorf("only %d of %d runs show the hostile text; does the workspace load?", shown, len(runs))
	}
	// JSON keeps it exactly.
	var show struct {
		File   string         `json:"file"`
		Record map[string]any `json:"record"`
	}
	if err := json.Unmarshal([]byte(outputs["show A-1 --format json"]), &show); err != nil {
		t.Fatal(err)
	}
	if show.Record["title"] != hostile || show.File != "backlog/A-1-"+hostileName+".md" {
		t.Errorf("show --format json changed the data: title %q, file %q", show.Record["title"], show.File)
	}
}

// excerpt is the first lines of s that hold something unsafe.
func excerpt(s string) string {
	var out []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if unsafeBytes([]byte(strings.TrimSuffix(l, "\n"))) != "" {
			out = append(out, l)
			if len(out) == 3 {
				break
			}
		}
	}
	return strings.Join(out, "")
}
