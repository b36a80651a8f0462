package cmdutil

import (
	"errors"
	"fmt"
	"testing"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/editor"
	"github.com/roadlog/roadlog/pkg/iostreams"
)

// TestEditError: the change layer says whose fault a change that was not
// made is; the command's exit code follows (issue 10, item 4).
func TestEditError(t *testing.T) {
	refused := &change.RefusedError{Findings: diag.List{{Path: "a.md", Pos: diag.Pos{Line: 2, Col: 3}, Severity: diag.Error, Rule: "schema", Message: "bad\x1b"}}}
	tests := []struct {
		name   string
		err    error
		code   int
		msg    string // printed by cli.Main; "" when already reported
		stderr string
	}{
		{"refused", fmt.Errorf("wrapped: %w", refused), 1, "", "roadlog: not written: the change would bring these errors:\n  a.md:2:3: error: bad\ufffd [schema]\nfix the value, or use --force to write it anyway\n"},
		{"file", &change.FileError{Path: "a.md", Err: errors.New("does not parse")}, 1, "not written: a.md: does not parse", ""},
		{"conflict", &change.ConflictError{Err: errors.New("2 records have the ID A-1")}, 1, "2 records have the ID A-1", ""},
		{"input", &change.InputError{Err: errors.New("item has no field \"x\"")}, 2, "item has no field \"x\"", ""},
		{"not found", &change.NotFoundError{ID: "A-9", Hint: "list IDs"}, 2, `no record has the ID "A-9"; list IDs`, ""},
		{"exit", FindingsErrorf("as it was"), 1, "as it was", ""},
		{"failure", errors.New("disk full"), 2, "disk full", ""},
	}
	for _, tt := range tests {
		ios, _, _, errOut := iostreams.Test()
		err := EditError(ios, tt.err)
		if got := ExitCode(err); got != tt.code {
			t.Errorf("%s: exit %d, want %d", tt.name, got, tt.code)
		}
		var ee *ExitError
		msg := ""
		if errors.As(err, &ee) && ee.Err != nil {
			msg = err.Error()
		}
		if msg != tt.msg || ee.Usage {
			t.Errorf("%s: message %q (usage %v), want %q", tt.name, msg, ee.Usage, tt.msg)
		}
		if errOut.String() != tt.stderr {
			t.Errorf("%s: stderr %q, want %q", tt.name, errOut, tt.stderr)
		}
	}
}

func TestNotKept(t *testing.T) {
	begin := FailureErrorf("workspace is locked")
	tests := []struct {
		name   string
		nk     *editor.NotKeptError
		code   int
		msg    string
		stderr string
	}{
		{
			"invalid", &editor.NotKeptError{Path: "a.md", Why: "it does not parse", Backup: ".roadlog/backup/a", Invalid: true}, 1, "",
			"roadlog: a.md was left as it was: it does not parse\nyour text is in .roadlog/backup/a; fix it there and copy it back, or run roadlog edit again\n",
		},
		{
			"editor", &editor.NotKeptError{Path: "a.md", Why: "editor vi: exit status 1", Backup: "b"}, 2, "",
			"roadlog: a.md was left as it was: editor vi: exit status 1\nyour text is in b; fix it there and copy it back, or run roadlog edit again\n",
		},
		{
			"begin", &editor.NotKeptError{Path: "a.md", Why: "the edit could not begin", Backup: "b", Err: begin}, 2, "workspace is locked",
			"roadlog: a.md was left as it was: the edit could not begin\nyour text is in b; fix it there and copy it back, or run roadlog edit again\n",
		},
		{
			"no backup", &editor.NotKeptError{Path: "a.md", Why: "why", Copy: "/tmp/x/a.md", BackupErr: errors.New("symlink")}, 2,
			"a.md was left as it was: why, and keeping your text in .roadlog/backup failed too: symlink; your text is in /tmp/x/a.md", "",
		},
	}
	for _, tt := range tests {
		ios, _, _, errOut := iostreams.Test()
		err := notKept(ios, tt.nk)
		if got := ExitCode(err); got != tt.code {
			t.Errorf("%s: exit %d, want %d", tt.name, got, tt.code)
		}
		msg := ""
		var ee *ExitError
		if errors.As(err, &ee) && ee.Err != nil {
			msg = err.Error()
		}
		if msg != tt.msg {
			t.Errorf("%s: message %q, want %q", tt.name, msg, tt.msg)
		}
		if errOut.String() != tt.stderr {
			t.Errorf("%s: stderr %q, want %q", tt.name, errOut, tt.stderr)
		}
	}
}

// TestFileList: a note names at most ten files, then how many more, so
// that an interrupted import of thousands stays one readable line.
func TestFileList(t *testing.T) {
	var files []string
	for i := range 12 {
		files = append(files, fmt.Sprintf("backlog/.GH-%d.md.tmp", i))
	}
	for _, tt := range []struct {
		n    int
		want string
	}{
		{1, "backlog/.GH-0.md.tmp"},
		{10, "backlog/.GH-0.md.tmp, backlog/.GH-1.md.tmp, backlog/.GH-2.md.tmp, backlog/.GH-3.md.tmp, backlog/.GH-4.md.tmp, backlog/.GH-5.md.tmp, backlog/.GH-6.md.tmp, backlog/.GH-7.md.tmp, backlog/.GH-8.md.tmp, backlog/.GH-9.md.tmp"},
		{12, "backlog/.GH-0.md.tmp, backlog/.GH-1.md.tmp, backlog/.GH-2.md.tmp, backlog/.GH-3.md.tmp, backlog/.GH-4.md.tmp, backlog/.GH-5.md.tmp, backlog/.GH-6.md.tmp, backlog/.GH-7.md.tmp, backlog/.GH-8.md.tmp, backlog/.GH-9.md.tmp and 2 more"},
	} {
		if got := fileList(files[:tt.n]); got != tt.want {
			t.Errorf("fileList(%d files) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
