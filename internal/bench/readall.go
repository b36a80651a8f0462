package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/roadlog/roadlog/pkg/parallel"
)

// readAll reads every file under dir but .git, on every core, and returns
// how many bytes it read: the floor that no command reading the whole
// workspace can go under.
func readAll(ctx context.Context, dir string) (int64, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == ".git":
			return filepath.SkipDir
		case d.Type().IsRegular():
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	sizes := make([]int64, len(paths))
	errs := make([]error, len(paths))
	if err := parallel.For(ctx, len(paths), func(i int) {
		b, err := os.ReadFile(paths[i])
		sizes[i], errs[i] = int64(len(b)), err
	}); err != nil {
		return 0, err
	}
	var n int64
	for i := range paths {
		if errs[i] != nil {
			return 0, errs[i]
		}
		n += sizes[i]
	}
	return n, nil
}
