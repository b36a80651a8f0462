package export

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// TestWriteReadOnlyFolder: -o into a folder that cannot be written to is a
// clear error (exit 2) naming -o's path, and leaves nothing behind — no
// file, no temporary file. Root writes anywhere, so the test needs another
// user; the testscript export_output covers /sys for everyone.
func TestWriteReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write into a read-only folder")
	}
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(ro, 0o755) })
	ios, _, out, _ := iostreams.Test()
	o := &options{ViewOptions: &cmdutil.ViewOptions{IO: ios}, dir: dir, format: "csv", output: "ro/plan.csv"}
	err := o.write(&workspace.Workspace{}, []byte("id\n"))
	var ee *cmdutil.ExitError
	if !errors.As(err, &ee) || ee.Code != 2 {
		t.Fatalf("write = %v, want an exit 2 error", err)
	}
	if want := "-o ro/plan.csv: cannot write in ro: permission denied; nothing was written"; err.Error() != want {
		t.Errorf("write = %q, want %q", err, want)
	}
	entries, _ := os.ReadDir(ro)
	if len(entries) > 0 {
		t.Errorf("the folder holds %v, want nothing", entries[0].Name())
	}
	if out.Len() > 0 {
		t.Errorf("stdout = %q, want nothing", out)
	}
}
