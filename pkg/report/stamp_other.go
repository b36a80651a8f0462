//go:build !unix

package report

import (
	"io/fs"
	"strconv"
)

// fileStamp is a regular file's size and modification time: when both
// are what they were, the file was not changed (unless within the clock's
// granularity; see [racyWindow]).
func fileStamp(fi fs.FileInfo) string {
	return strconv.FormatInt(fi.Size(), 10) + ":" + strconv.FormatInt(fi.ModTime().UnixNano(), 10)
}
