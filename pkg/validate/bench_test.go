package validate

import (
	"fmt"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// generate writes a workspace of n items into a folder of the parent
// benchmark: its TempDir lives until the parent ends, while the testing
// package calls a sub-benchmark several times to calibrate b.N.
func generate(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	if err := testws.Generate(dir, n); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLoadValidate loads and validates generated workspaces (DESIGN §6:
// 10,000 items well under a second on two cores, 100,000 under ten seconds).
// Run it with: go test ./pkg/validate -run '^$' -bench LoadValidate -benchtime 5x
func BenchmarkLoadValidate(b *testing.B) {
	dirs := map[int]string{}
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(sub *testing.B) {
			if dirs[n] == "" {
				dirs[n] = generate(b, n)
			}
			dir := dirs[n]
			b := sub
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				ws, err := workspace.Open(b.Context(), dir)
				if err != nil {
					b.Fatal(err)
				}
				list, err := Run(b.Context(), ws, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
				if err != nil {
					b.Fatal(err)
				}
				if len(list) != 0 {
					b.Fatalf("%d findings, first %v", len(list), list[0])
				}
			}
		})
	}
}
