//go:build unix

package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUnsafeAt pins what the matrix counts as unsafe output.
func TestUnsafeAt(t *testing.T) {
	tests := []struct {
		in      string
		machine bool
		at      int
		what    string
	}{
		{"plain text\twith tab\r\nand CRLF\n", false, -1, ""},
		{"a\x1b[2Jb", false, 1, "control U+001B"},
		{"a\x1b[2Jb", true, 1, "control U+001B"},
		{"lone\rcr", false, 4, "control U+000D"},
		{"del\x7f", false, 3, "DEL"},
		{"del\x7f", true, -1, ""},
		{"c1 \u009b", false, 3, "C1 control U+009B"},
		{"c1 \u009b", true, -1, ""},
		{"bidi \u202e", false, 5, "bidi or separator U+202E"},
		{"isolate \u2066", false, 8, "bidi or separator U+2066"},
		{"ls \u2028", false, 3, "bidi or separator U+2028"},
		{"bidi \u202e", true, -1, ""},
		{"bad \xff", false, 4, "invalid UTF-8"},
		{"bad \xff", true, 4, "invalid UTF-8"},
		{"é ✓ 日本", false, -1, ""},
	}
	for _, tt := range tests {
		at, what := unsafeAt([]byte(tt.in), tt.machine)
		if at != tt.at || what != tt.what {
			t.Errorf("unsafeAt(%q, %v) = %d %q, want %d %q", tt.in, tt.machine, at, what, tt.at, tt.what)
		}
	}
}

// TestChanges pins how the matrix reports files that changed.
func TestChanges(t *testing.T) {
	before := map[string]fileState{"ws/a": {sum: [32]byte{1}}, "ws/b": {sum: [32]byte{2}}, "ws/.roadlog": {}}
	after := map[string]fileState{"ws/a": {sum: [32]byte{9}}, "ws/c": {}, "ws/.roadlog": {}, "ws/.roadlog/lock": {}}
	got := changes("changed", before, after, lockFiles)
	want := []string{"changed ~ws/a, +ws/c, -ws/b"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if got := changes("changed", before, before, nil); got != nil {
		t.Errorf("no change reported as %q", got)
	}
}
