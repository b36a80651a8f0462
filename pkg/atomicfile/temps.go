package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// RemoveTemps deletes the temporary files that a killed WriteFile left in
// dir of root: regular files named as [IsTemp] accepts and made for a
// target that isFor accepts (nil: any). With recurse it also looks in the
// subfolders of dir, except hidden ones. It goes on past a folder it
// cannot read or a file it cannot delete, and returns the paths it
// deleted and the first such error.
func RemoveTemps(root *os.Root, dir string, recurse bool, isFor func(target string) bool) (removed []string, err error) {
	keep := func(e error) {
		if err == nil && !errors.Is(e, fs.ErrNotExist) {
			err = e
		}
	}
	_ = fs.WalkDir(root.FS(), dir, func(p string, e fs.DirEntry, walkErr error) error {
		if walkErr != nil {
			keep(walkErr)
			if e != nil && e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			if p != dir && (!recurse || strings.HasPrefix(e.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		target, ok := TempTarget(e.Name())
		if !ok || !e.Type().IsRegular() || isFor != nil && !isFor(target) {
			return nil
		}
		if rmErr := root.Remove(p); rmErr != nil {
			keep(rmErr)
			return nil
		}
		removed = append(removed, p)
		return nil
	})
	return removed, err
}
