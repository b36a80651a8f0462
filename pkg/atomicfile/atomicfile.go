// Package atomicfile writes files so that a reader, or a crash, never sees
// half of one: the bytes go to a temporary file beside the target, are
// synced, and the temporary file is renamed over the target. Every write
// goes through an os.Root, so no path or symlink leads outside it.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"strings"
)

// tempInfix marks roadlog's temporary files: ".NAME.roadlog-RANDOM.tmp".
const tempInfix = ".roadlog-"

// IsTemp reports whether a file name (without its folder) is one of the
// temporary files WriteFile makes; one left behind by a killed process is
// safe to delete.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp") && strings.Contains(name, tempInfix)
}

// WriteFile replaces name inside root with data atomically. An existing
// file keeps its permissions; a new one gets perm. Missing parent folders
// are created.
func WriteFile(root *os.Root, name string, data []byte, perm fs.FileMode) error {
	if fi, err := root.Stat(name); err == nil {
		perm = fi.Mode().Perm()
	}
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := path.Join(path.Dir(name), "."+path.Base(name)+tempInfix+hex.EncodeToString(rnd[:])+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = root.Chmod(tmp, perm) // the umask may have narrowed it
	}
	if werr == nil {
		werr = root.Rename(tmp, name)
	}
	if werr != nil {
		_ = root.Remove(tmp)
	}
	return werr
}
