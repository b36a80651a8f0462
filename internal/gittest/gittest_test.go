package gittest

import (
	"strings"
	"testing"
)

// Two repositories made alike get the same commit IDs: identity and dates
// are fixed, and the machine's configuration is not read.
func TestCommitIsReproducible(t *testing.T) {
	var ids []string
	for range 2 {
		dir := New(t)
		Write(t, dir, map[string]string{"a.txt": "1\n", "sub/b.txt": "2\n"})
		ids = append(ids, Commit(t, dir, "one"))
		if got := strings.TrimSpace(Git(t, dir, "log", "-1", "--format=%an <%ae> %aI %cI %s")); got != "T <t@example.com> 2026-12-01T00:00:00+00:00 2026-12-01T00:00:00+00:00 one" {
			t.Errorf("last commit = %q", got)
		}
		if got := Git(t, dir, "ls-files"); got != "a.txt\nsub/b.txt\n" {
			t.Errorf("committed files = %q", got)
		}
	}
	if ids[0] != ids[1] {
		t.Errorf("commit IDs %s and %s differ", ids[0], ids[1])
	}
}
