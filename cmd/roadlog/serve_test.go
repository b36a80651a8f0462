//go:build unix

package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServe runs roadlog serve as a user does: it prints the address to
// open, serves the pages, and on SIGINT stops with exit 0, releasing the
// workspace. On another address than loopback the address carries an
// access token, unless --read-only.
func TestServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds roadlog; not in -short mode")
	}
	bin := buildRoadlog(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "roadlog.yaml"), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   []string
		url    string // pattern of the address printed
		status int    // of GET on the address without its token
	}{
		{[]string{"--addr", "127.0.0.1:0"}, `^http://127\.0\.0\.1:\d+/$`, http.StatusOK},
		{[]string{"--addr", "0.0.0.0:0"}, `^http://localhost:\d+/\?access=[0-9a-f]{32}$`, http.StatusUnauthorized},
		{[]string{"--addr", "0.0.0.0:0", "--read-only"}, `^http://localhost:\d+/$`, http.StatusOK},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			cmd := exec.Command(bin, append([]string{"serve"}, c.args...)...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill() })
			lines := make(chan string, 1)
			go func() {
				line, _ := bufio.NewReader(out).ReadString('\n')
				lines <- strings.TrimSpace(line)
				_, _ = io.Copy(io.Discard, out)
			}()
			var addr string
			select {
			case addr = <-lines:
			case <-time.After(30 * time.Second):
				t.Fatalf("no address printed within 30 s; stderr: %s", stderr.String())
			}
			if !regexp.MustCompile(c.url).MatchString(addr) {
				t.Fatalf("address %q, want %s", addr, c.url)
			}
			base, _, _ := strings.Cut(addr, "?")
			res, err := http.Get(base)
			if err != nil {
				t.Fatal(err)
			}
			_ = res.Body.Close()
			if res.StatusCode != c.status {
				t.Errorf("GET %s: %d, want %d", base, res.StatusCode, c.status)
			}
			if base != addr { // the address with its token opens the site, as a browser keeps its cookie
				jar, _ := cookiejar.New(nil)
				res, err := (&http.Client{Jar: jar}).Get(addr)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				_ = res.Body.Close()
				if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "<title>Overview") {
					t.Errorf("GET %s: %d", addr, res.StatusCode)
				}
			}
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("after SIGINT: %v; stderr: %s", err, stderr.String())
				}
			case <-time.After(5 * time.Second):
				t.Fatal("still running 5 s after SIGINT")
			}
			if !regexp.MustCompile(`^serving .* \((editable|read-only)\) at http://\S+; Ctrl-C stops\n$`).MatchString(stderr.String()) {
				t.Errorf("stderr: %q", stderr.String())
			}
		})
	}
}
