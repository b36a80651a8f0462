package github

import (
	"encoding/json"
	"testing"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/importer/internal/importtest"
)

// issues is n issues as gh issue list --json prints them, with ten
// milestones, labels and two assignees each.
func issues(n int) []byte {
	list := make([]map[string]any, n)
	for i := range list {
		list[i] = testws.GitHubIssue(i, n)
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
