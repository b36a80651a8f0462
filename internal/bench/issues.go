package main

import (
	"encoding/json"
	"fmt"
)

// githubIssues is n issues as `gh issue list --json` prints them, shaped
// like those of pkg/importer/github's benchmark: ten milestones, labels,
// two assignees each, a third of them closed.
func githubIssues(n int) []byte {
	list := make([]map[string]any, n)
	for i := range list {
		state, reason := "OPEN", ""
		if i%3 == 0 {
			state, reason = "CLOSED", "COMPLETED"
		}
		list[i] = map[string]any{
			"number": n - i, "title": fmt.Sprintf("Issue %d", n-i), "body": "Some text.\r\n\r\n- [ ] a\r\n- [x] b",
			"state": state, "stateReason": reason,
			"labels":    []any{map[string]any{"name": []string{"bug", "enhancement", "docs"}[i%3]}, map[string]any{"name": "area-x"}},
			"assignees": []any{map[string]any{"login": fmt.Sprintf("dev%d", i%7), "name": "Dev"}, map[string]any{"login": "ana"}},
			"milestone": map[string]any{"number": i%10 + 1, "title": fmt.Sprintf("M%d", i%10+1), "dueOn": "2027-01-01T00:00:00Z"},
			"author":    map[string]any{"login": "octocat"}, "createdAt": "2026-01-02T03:04:05Z", "closedAt": nil,
			"url": fmt.Sprintf("https://github.com/acme/shop/issues/%d", n-i),
		}
	}
	raw, err := json.Marshal(list)
	if err != nil {
		panic(err) // maps of strings and numbers always marshal
	}
	return raw
}
