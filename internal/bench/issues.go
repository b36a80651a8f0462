package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

// writeGitHubIssues writes to path n issues as `gh issue list --json`
// prints them, shaped like those of pkg/importer/github's benchmark: ten
// milestones, labels, two assignees each, a third of them closed. It
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
		state, reason := "OPEN", ""
		if i%3 == 0 {
			state, reason = "CLOSED", "COMPLETED"
		}
		raw, err := json.Marshal(map[string]any{
			"number": n - i, "title": fmt.Sprintf("Issue %d", n-i), "body": "Some text.\r\n\r\n- [ ] a\r\n- [x] b",
			"state": state, "stateReason": reason,
			"labels":    []any{map[string]any{"name": []string{"bug", "enhancement", "docs"}[i%3]}, map[string]any{"name": "area-x"}},
			"assignees": []any{map[string]any{"login": fmt.Sprintf("dev%d", i%7), "name": "Dev"}, map[string]any{"login": "ana"}},
			"milestone": map[string]any{"number": i%10 + 1, "title": fmt.Sprintf("M%d", i%10+1), "dueOn": "2027-01-01T00:00:00Z"},
			"author":    map[string]any{"login": "octocat"}, "createdAt": "2026-01-02T03:04:05Z", "closedAt": nil,
			"url": fmt.Sprintf("https://github.com/acme/shop/issues/%d", n-i),
		})
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
