package iostreams

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// env returns a lookupEnv over the given variables.
func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}
}

func TestPagerCommand(t *testing.T) {
	less := func(string) (string, error) { return "/usr/bin/less", nil }
	noLess := func(string) (string, error) { return "", exec.ErrNotFound }
	tests := []struct {
		name string
		vars map[string]string
		path func(string) (string, error)
		want string
	}{
		{"default less", nil, less, DefaultPager},
		{"no less", nil, noLess, ""},
		{"PAGER", map[string]string{"PAGER": "most"}, less, "most"},
		{"ROADLOG_PAGER wins", map[string]string{"PAGER": "most", "ROADLOG_PAGER": "less -S"}, less, "less -S"},
		{"PAGER=cat is off", map[string]string{"PAGER": "cat"}, less, ""},
		{"empty PAGER is off", map[string]string{"PAGER": ""}, less, ""},
		{"empty ROADLOG_PAGER is off", map[string]string{"ROADLOG_PAGER": "", "PAGER": "most"}, less, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &IOStreams{lookupEnv: env(tt.vars), lookPath: tt.path}
			if got := s.PagerCommand(); got != tt.want {
				t.Errorf("PagerCommand() = %q, want %q", got, tt.want)
			}
		})
	}
}

// fakePager writes a shell script that prefixes every line it reads.
func fakePager(t *testing.T, body string) string {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	p := filepath.Join(t.TempDir(), "pager")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func pagerStreams(tty bool, vars map[string]string) (*IOStreams, *bytes.Buffer) {
	var out bytes.Buffer
	return &IOStreams{
		Out: &out, ErrOut: &bytes.Buffer{}, outTTY: tty,
		lookupEnv: env(vars), lookPath: exec.LookPath,
	}, &out
}

func TestStartPager(t *testing.T) {
	pg := fakePager(t, `sed 's/^/paged: /'`)
	tests := []struct {
		name    string
		tty     bool
		noPager bool
		vars    map[string]string
		want    string
	}{
		{"terminal", true, false, map[string]string{"ROADLOG_PAGER": pg}, "paged: one\npaged: two\n"},
		{"not a terminal", false, false, map[string]string{"ROADLOG_PAGER": pg}, "one\ntwo\n"},
		{"--no-pager", true, true, map[string]string{"ROADLOG_PAGER": pg}, "one\ntwo\n"},
		{"PAGER=cat", true, false, map[string]string{"PAGER": "cat"}, "one\ntwo\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out := pagerStreams(tt.tty, tt.vars)
			s.NoPager = tt.noPager
			ran := 0
			s.SetForeground(func(c *exec.Cmd) error { ran++; return c.Run() })
			if err := s.StartPager(); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Out.Write([]byte("one\ntwo\n")); err != nil {
				t.Fatal(err)
			}
			s.StopPager()
			if got := out.String(); got != tt.want {
				t.Errorf("output %q, want %q", got, tt.want)
			}
			if paged := strings.HasPrefix(tt.want, "paged"); paged != (ran == 1) {
				t.Errorf("the foreground runner ran %d times", ran)
			}
			if s.Out != out {
				t.Error("StopPager did not put Out back")
			}
		})
	}
}

func TestPagerQuitEarly(t *testing.T) {
	s, _ := pagerStreams(true, map[string]string{"ROADLOG_PAGER": fakePager(t, "exit 0")})
	if err := s.StartPager(); err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("line of text\n"), 1000)
	for range 100 { // far more than a pipe holds
		if _, err := s.Out.Write(chunk); err != nil {
			t.Fatalf("write after the pager quit: %v", err)
		}
	}
	s.StopPager()
}

func TestPagerNotFound(t *testing.T) {
	s, out := pagerStreams(true, map[string]string{"ROADLOG_PAGER": "x"})
	s.lookPath = func(string) (string, error) { return "", exec.ErrNotFound } // no sh either
	err := s.StartPager()
	if !errors.Is(err, exec.ErrNotFound) {
		t.Fatalf("StartPager() = %v, want not found", err)
	}
	_, _ = s.Out.Write([]byte("x\n"))
	s.StopPager()
	if out.String() != "x\n" {
		t.Errorf("output %q, want the text as it is", out.String())
	}
}
