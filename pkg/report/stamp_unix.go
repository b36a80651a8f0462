//go:build unix

package report

import (
	"io/fs"
	"strconv"
	"syscall"
)

// fileStamp is a regular file's size, modification time and inode: when
// all three are what they were, the file was not replaced or changed
// (unless within the clock's granularity; see [racyWindow]).
func fileStamp(fi fs.FileInfo) string {
	s := strconv.FormatInt(fi.Size(), 10) + ":" + strconv.FormatInt(fi.ModTime().UnixNano(), 10)
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		s += ":" + strconv.FormatUint(uint64(st.Ino), 10) //nolint:unconvert // not uint64 everywhere
	}
	return s
}
