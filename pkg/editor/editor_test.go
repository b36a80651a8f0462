package editor

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEditorArgv checks that $EDITOR is run the way git runs it: through
// the shell when it has any shell syntax, directly when it is a plain
// program name, and split into words when there is no shell (issue 9,
// item 20).
func TestEditorArgv(t *testing.T) {
	for _, tc := range []struct {
		editor, sh string
		want       []string
	}{
		{"vi", "/bin/sh", []string{"vi", "f.md"}},
		{"/usr/bin/nano", "/bin/sh", []string{"/usr/bin/nano", "f.md"}},
		{"code --wait", "/bin/sh", []string{"/bin/sh", "-c", `code --wait "$@"`, "code --wait", "f.md"}},
		{`"/Applications/My Editor/ed" -w`, "/bin/sh", []string{"/bin/sh", "-c", `"/Applications/My Editor/ed" -w "$@"`, `"/Applications/My Editor/ed" -w`, "f.md"}},
		{"$HOME/bin/ed", "/bin/sh", []string{"/bin/sh", "-c", `$HOME/bin/ed "$@"`, "$HOME/bin/ed", "f.md"}},
		{"emacs -nw", "", []string{"emacs", "-nw", "f.md"}},
		{`"C:\Program Files\ed.exe" -w`, "", []string{`C:\Program Files\ed.exe`, "-w", "f.md"}},
	} {
		if diff := cmp.Diff(tc.want, argv(tc.editor, "f.md", tc.sh)); diff != "" {
			t.Errorf("argv(%q, sh=%q) (-want +got)\n%s", tc.editor, tc.sh, diff)
		}
	}
}
