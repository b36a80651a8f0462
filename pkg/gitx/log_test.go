package gitx

import (
	"bufio"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestParseLog reads git log's --raw -z output: a rename, an addition, a
// deletion, a commit with no files, and a path that looks like a header.
func TestParseLog(t *testing.T) {
	const a, b = "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"
	const zero = "0000000000000000000000000000000000000000"
	in := "\x1e" + a + "\x00\x00Ana\x00ana@x\x002026-10-01T09:00:00Z\x002026-10-01T09:00:00Z\x00one\x00\x00\n" +
		":000000 100644 " + zero + " " + a + " A\x00backlog/A-1.md\x00" +
		":100644 100644 " + a + " " + b + " R090\x00backlog/A-1.md\x00backlog/A-2.md\x00" +
		":100644 000000 " + b + " " + zero + " D\x00\x1eodd.md\x00" +
		"\x1e" + b + "\x00" + a + " " + b + "\x00Ben\x00ben@x\x002026-10-02T09:00:00+02:00\x002026-10-02T09:00:00Z\x00merge\x00"
	var got []*Commit
	if err := parseLog(bufio.NewReader(strings.NewReader(in)), func(c *Commit) error {
		got = append(got, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []*Commit{
		{
			ID: a, Parents: []string{}, AuthorName: "Ana", AuthorEmail: "ana@x", Subject: "one",
			AuthorDate: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC), CommitDate: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC),
			Files: []FileChange{
				{Status: 'A', NewPath: "backlog/A-1.md", NewID: a},
				{Status: 'R', OldPath: "backlog/A-1.md", NewPath: "backlog/A-2.md", OldID: a, NewID: b},
				{Status: 'D', OldPath: "\x1eodd.md", OldID: b},
			},
		},
		{
			ID: b, Parents: []string{a, b}, AuthorName: "Ben", AuthorEmail: "ben@x", Subject: "merge",
			AuthorDate: time.Date(2026, 10, 2, 7, 0, 0, 0, time.UTC), CommitDate: time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC),
		},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) })); diff != "" {
		t.Errorf("parseLog (-want +got):\n%s", diff)
	}
	if err := parseLog(bufio.NewReader(strings.NewReader("garbage\x00")), func(*Commit) error { return nil }); err == nil {
		t.Error("parseLog accepted garbage")
	}
}
