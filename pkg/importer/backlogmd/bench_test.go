package backlogmd

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/importer"
)

// BenchmarkImport5000 imports a generated Backlog.md project of 5,000
// tasks (every tenth with two subtasks, dependencies, labels, criteria)
// into a fresh workspace: read, map, stage, validate and write.
func BenchmarkImport5000(b *testing.B) {
	src := b.TempDir()
	tasks := filepath.Join(src, "backlog", "tasks")
	if err := os.MkdirAll(tasks, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "backlog", "config.yml"), []byte("task_prefix: \"task\"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	statuses := []string{"To Do", "In Progress", "Done"}
	n := 0
	write := func(id, parent string, i int) {
		n++
		front := fmt.Sprintf("---\nid: %s\ntitle: Task %s\nstatus: %s\nassignee: [\"@dev%d\"]\nlabels: [l%d]\npriority: high\ncreated_date: '2025-06-03 10:00'\n", id, id, statuses[i%3], i%7, i%5)
		if parent != "" {
			front += "parent_task_id: " + parent + "\n"
		}
		if i > 1 && parent == "" {
			front += fmt.Sprintf("dependencies: [task-%d]\n", i-1)
		}
		body := "---\n## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nSomething to do.\n<!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [ ] #1 It works\n- [x] #2 It is tested\n<!-- AC:END -->\n"
		if err := os.WriteFile(filepath.Join(tasks, id+" - Task.md"), []byte(front+body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for i := 1; n < 5000; i++ {
		write(fmt.Sprintf("task-%d", i), "", i)
		if i%10 == 0 {
			write(fmt.Sprintf("task-%d.1", i), fmt.Sprintf("task-%d", i), i)
			write(fmt.Sprintf("task-%d.2", i), fmt.Sprintf("task-%d", i), i)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		root := b.TempDir()
		if err := os.WriteFile(filepath.Join(root, "roadlog.yaml"), []byte("version: 1\nproduct: {key: T}\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		batch, err := Read(src)
		if err != nil {
			b.Fatal(err)
		}
		s, err := change.Begin(b.Context(), root, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := importer.Import(b.Context(), s, batch, importer.Options{}); err != nil {
			b.Fatal(err)
		}
		if err := s.Commit(b.Context(), false); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
