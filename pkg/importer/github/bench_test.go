package github

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/importer/internal/importtest"
)

// issues is n issues as gh issue list --json prints them, with ten
// milestones, labels and two assignees each.
func issues(n int) []byte {
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
	raw, _ := json.Marshal(list)
	return raw
}

func BenchmarkParse5000(b *testing.B) {
	raw := issues(5000)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Parse("issues.json", raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport5000 imports 5,000 issues into an empty workspace:
// parse, map, stage and commit.
func BenchmarkImport5000(b *testing.B) {
	raw := issues(5000)
	for b.Loop() {
		b.StopTimer()
		root := importtest.Workspace(b, "version: 1\nproduct: {key: ACME}\n")
		b.StartTimer()
		batch, err := Parse("issues.json", raw)
		if err != nil {
			b.Fatal(err)
		}
		importtest.Import(b, root, batch, importer.Options{})
	}
}
