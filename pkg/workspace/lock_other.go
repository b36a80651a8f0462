//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package workspace

import (
	"errors"
	"os"
	"runtime"
)

// tryLock fails: this system has no file lock roadlog knows how to take.
func tryLock(*os.File) (bool, error) {
	return false, errors.New("roadlog cannot lock files on " + runtime.GOOS)
}

func unlock(*os.File) error { return nil }
