//go:build !linux

package atomicfile

import "os"

// SyncFiles makes the named files of root (written with [StageUnsynced])
// durable, one sync each.
func SyncFiles(root *os.Root, names []string) error {
	for _, name := range names {
		f, err := root.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
