package testws

import "fmt"

// GitHubIssue is issue i (0-based) of n as `gh issue list --json` prints
// it: numbered from n down, a third closed as completed, labels that set
// the type, two assignees, ten milestones with due dates. The import
// benchmarks bring thousands of them in.
func GitHubIssue(i, n int) map[string]any {
	state, reason := "OPEN", ""
	if i%3 == 0 {
		state, reason = "CLOSED", "COMPLETED"
	}
	return map[string]any{
		"number": n - i, "title": fmt.Sprintf("Issue %d", n-i), "body": "Some text.\r\n\r\n- [ ] a\r\n- [x] b",
		"state": state, "stateReason": reason,
		"labels":    []any{map[string]any{"name": []string{"bug", "enhancement", "docs"}[i%3]}, map[string]any{"name": "area-x"}},
		"assignees": []any{map[string]any{"login": fmt.Sprintf("dev%d", i%7), "name": "Dev"}, map[string]any{"login": "ana"}},
		"milestone": map[string]any{"number": i%10 + 1, "title": fmt.Sprintf("M%d", i%10+1), "dueOn": "2027-01-01T00:00:00Z"},
		"author":    map[string]any{"login": "octocat"}, "createdAt": "2026-01-02T03:04:05Z", "closedAt": nil,
		"url": fmt.Sprintf("https://github.com/acme/shop/issues/%d", n-i),
	}
}
