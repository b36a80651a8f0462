package main

import (
	"bufio"
	"encoding/json"
	"os"

	"github.com/roadlog/roadlog/internal/testws"
)

// writeGitHubIssues writes to path n issues as `gh issue list --json`
// prints them, as testws.GitHubIssue shapes them. It
// writes them one at a time: the memory this program ever holds is the
// floor of every command's max RSS (on Linux a child's peak starts from
// its parent's at exec), so it must stay small.
func writeGitHubIssues(path string, n int) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriter(f) // it keeps the first write error for Flush
	_, _ = w.WriteString("[")
	for i := range n {
		raw, err := json.Marshal(testws.GitHubIssue(i, n))
		if err != nil {
			return err
		}
		if i > 0 {
			_, _ = w.WriteString(",")
		}
		_, _ = w.Write(raw)
	}
	_, _ = w.WriteString("]\n")
	return w.Flush()
}
