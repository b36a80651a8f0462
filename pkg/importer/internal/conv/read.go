package conv

import (
	"errors"
	"io/fs"
	"os"

	"github.com/roadlog/roadlog/pkg/importer"
)

// ReadFile reads the file a source imports; a file it cannot read is an
// [*importer.InputError] naming it and why.
func ReadFile(name string) ([]byte, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			err = pe.Err // the name is said once
		}
		return nil, &importer.InputError{File: name, Msg: "cannot read it: " + err.Error()}
	}
	return raw, nil
}
