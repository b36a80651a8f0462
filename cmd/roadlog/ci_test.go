package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// action is what the test reads of action.yml.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	Uses             string            `yaml:"uses"`
	Shell            string            `yaml:"shell"`
	WorkingDirectory string            `yaml:"working-directory"` //nolint:tagliatelle // GitHub's key
	Env              map[string]string `yaml:"env"`
	Run              string            `yaml:"run"`
}

func readAction(t *testing.T) *action {
	t.Helper()
	raw, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	// Every input an expression names is declared.
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(string(raw), -1) {
		if _, ok := a.Inputs[m[1]]; !ok {
			t.Errorf("action.yml uses undeclared input %q", m[1])
		}
	}
	return &a
}

func (a *action) step(t *testing.T, name string) actionStep {
	t.Helper()
	for _, s := range a.Runs.Steps {
		if s.Name == name {
			if s.Shell != "bash" {
				t.Fatalf("step %q: shell %q, want bash", name, s.Shell)
			}
			return s
		}
	}
	t.Fatalf("action.yml has no step %q", name)
	return actionStep{}
}

var expression = regexp.MustCompile(`^\$\{\{ *([a-z_.-]+) *\}\}$`)

// runStep runs a step's script with bash as the runner would: in its
// working directory, with its env evaluated from the inputs and github
// context given. Scripts only read the environment, so only plain
// references need evaluating.
func runStep(t *testing.T, a *action, s actionStep, dir string, inputs, github map[string]string, runner []string) (string, int) {
	t.Helper()
	env := append(os.Environ(), runner...)
	for k, v := range s.Env {
		m := expression.FindStringSubmatch(v)
		if m == nil {
			t.Fatalf("step %q: env %s = %q is not a plain ${{ reference }}", s.Name, k, v)
		}
		switch ref := m[1]; {
		case strings.HasPrefix(ref, "inputs."):
			name := strings.TrimPrefix(ref, "inputs.")
			val, ok := inputs[name]
			if !ok {
				val = a.Inputs[name].Default
			}
			env = append(env, k+"="+val)
		case strings.HasPrefix(ref, "github."):
			env = append(env, k+"="+github[strings.TrimPrefix(ref, "github.")])
		default:
			t.Fatalf("step %q: env %s: unknown context %q", s.Name, k, ref)
		}
	}
	wd := inputs["working-directory"]
	if wd == "" {
		wd = a.Inputs["working-directory"].Default
	}
	cmd := exec.Command("bash", "-c", s.Run)
	cmd.Dir = filepath.Join(dir, wd)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return string(out), code
}

// TestAction runs the action's scripts on a pull request: a plan in a
// subfolder whose base already has an error, and a change that adds one.
// Only the new error is annotated, the summary gets the plan's changes, and
// the site is built where the upload step looks for it.
func TestAction(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	a := readAction(t)
	if _, err := os.Stat("../../cmd/roadlog/main.go"); err != nil {
		t.Fatalf("the install step builds ./cmd/roadlog from the action's path: %v", err)
	}
	dir := t.TempDir()
	home := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=T",
			"GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	files := map[string]string{
		"plan/roadlog.yaml":        "version: 1\n",
		"plan/backlog/A-1-old.md":  "---\nid: A-1\ntitle: Old\nstatus: redy\n---\n",
		"plan/backlog/A-2-keep.md": "---\nid: A-2\ntitle: Keep\nstatus: idea\n---\n",
	}
	for p, c := range files {
		f := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	base := git("rev-parse", "HEAD")
	if err := os.WriteFile(filepath.Join(dir, "plan/backlog/A-2-keep.md"), []byte("---\nid: A-2\ntitle: Keep\nstatus: dnoe\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("commit", "-q", "-am", "change")

	tmp := t.TempDir()
	summary, output := filepath.Join(tmp, "summary.md"), filepath.Join(tmp, "output")
	runner := []string{
		"GITHUB_STEP_SUMMARY=" + summary, "GITHUB_OUTPUT=" + output, "RUNNER_TEMP=" + tmp,
		"GITHUB_ACTIONS=true", "GITHUB_WORKSPACE=" + dir, "HOME=" + home, "GIT_CONFIG_NOSYSTEM=1",
	}
	inputs := map[string]string{"working-directory": "plan", "report": "true"}
	github := map[string]string{"event.pull_request.base.sha": base}

	out, code := runStep(t, a, a.step(t, "Validate"), dir, inputs, github, runner)
	if code != 1 {
		t.Errorf("Validate: exit %d, want 1\n%s", code, out)
	}
	if !strings.Contains(out, "::error file=plan/backlog/A-2-keep.md,line=4,") || strings.Contains(out, "A-1-old.md") {
		t.Errorf("Validate: want an annotation on A-2 only (changed since the base)\n%s", out)
	}

	out, code = runStep(t, a, a.step(t, "Plan changes"), dir, inputs, github, runner)
	sum, _ := os.ReadFile(summary)
	if code != 0 || !strings.Contains(string(sum), "### Plan changes") || !strings.Contains(string(sum), "| A-2 Keep | status | idea | dnoe |") {
		t.Errorf("Plan changes: exit %d\n%s\nsummary:\n%s", code, out, sum)
	}

	// A bad base is refused before git sees it.
	out, code = runStep(t, a, a.step(t, "Plan changes"), dir,
		map[string]string{"working-directory": "plan", "base": "--upload-pack=x"}, github, runner)
	if code != 2 || !strings.Contains(out, `"--upload-pack=x" is not a revision`) {
		t.Errorf("Plan changes with a bad base: exit %d\n%s", code, out)
	}

	out, code = runStep(t, a, a.step(t, "Build the roadmap site"), dir, inputs, github, runner)
	got, _ := os.ReadFile(output)
	site := filepath.Join(tmp, "roadlog-site")
	if code != 0 || string(got) != "path="+site+"\n" {
		t.Errorf("Build the roadmap site: exit %d, output %q\n%s", code, got, out)
	}
	if _, err := os.Stat(filepath.Join(site, "records", "A-2.html")); err != nil {
		t.Errorf("the site was not written: %v", err)
	}
	var uploads []string
	for _, s := range a.Runs.Steps {
		uploads = append(uploads, s.Uses)
	}
	if !slices.Contains(uploads, "actions/upload-artifact@v4") {
		t.Errorf("no upload-artifact step: %v", uploads)
	}
}

// TestPreCommitHooks checks that each hook's entry is a roadlog command that
// parses, and runs it on a clean workspace and a broken one.
func TestPreCommitHooks(t *testing.T) {
	raw, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language, Files string
		PassFilenames              *bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(raw, &hooks); err != nil {
		t.Fatal(err)
	}
	// A workspace that is neither valid nor in canonical form.
	bad := t.TempDir()
	for p, c := range map[string]string{
		"roadlog.yaml":     "version: 1\n",
		"backlog/A-1-x.md": "---\nstatus: redy\ntitle: X\nid: A-1\n---\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(bad, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bad, p), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var ids []string
	for _, h := range hooks {
		ids = append(ids, h.ID)
		if h.Language != "golang" || h.PassFilenames == nil || *h.PassFilenames {
			t.Errorf("hook %s: language %q, pass_filenames %v; want golang, false", h.ID, h.Language, h.PassFilenames)
		}
		if _, err := regexp.Compile(h.Files); err != nil {
			t.Errorf("hook %s: files: %v", h.ID, err)
		}
		args := strings.Fields(h.Entry)
		if args[0] != "roadlog" {
			t.Fatalf("hook %s: entry %q does not run roadlog", h.ID, h.Entry)
		}
		for _, tc := range []struct {
			ws   string
			want int
		}{{filepath.Join("..", "..", "examples", "acme-checkout"), 0}, {bad, 1}} {
			cmd := exec.Command("roadlog", append([]string{"-C", tc.ws}, args[1:]...)...)
			out, err := cmd.CombinedOutput()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			}
			if code != tc.want {
				t.Errorf("hook %s on %s: exit %d, want %d\n%s", h.ID, tc.ws, code, tc.want, out)
			}
		}
	}
	if !slices.Equal(ids, []string{"roadlog-validate", "roadlog-fmt"}) {
		t.Errorf("hooks = %v", ids)
	}
}
