package conv

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/roadlog/roadlog/pkg/importer"
)

// MaxFileSize is the largest file a source reads: far above any export
// (5,000 issues are 2 MB), and a bound for a wrong file given by mistake.
const MaxFileSize = 512 << 20

// ReadFile reads the file a source imports; a file it cannot read, one
// that is not a regular file (a device, a pipe: it may never end) or one
// larger than [MaxFileSize] is an [*importer.InputError] naming it and why.
func ReadFile(name string) ([]byte, error) {
	fail := func(msg string) error { return &importer.InputError{File: name, Msg: msg} }
	fi, err := os.Stat(name) // before opening it: opening a pipe waits for a writer
	switch {
	case err != nil:
		return nil, fail("cannot read it: " + pathless(err))
	case fi.IsDir():
		return nil, fail("is a folder; give the exported file")
	case !fi.Mode().IsRegular():
		return nil, fail("is not a regular file (a device or a pipe); save the export to a file and give that")
	case fi.Size() > MaxFileSize:
		return nil, fail(fmt.Sprintf("is %d MB, more than the %d MB an import reads; split it", fi.Size()>>20, MaxFileSize>>20))
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fail("cannot read it: " + pathless(err))
	}
	defer func() { _ = f.Close() }() // read only
	raw, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fail("cannot read it: " + pathless(err))
	}
	if len(raw) > MaxFileSize {
		return nil, fail(fmt.Sprintf("grew past the %d MB an import reads while it was read; split it", MaxFileSize>>20))
	}
	return raw, nil
}

// pathless is an error without the path the message names already.
func pathless(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
