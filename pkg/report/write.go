package report

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/parallel"
)

// manifestName is the file in a site's folder that lists the files roadlog
// wrote there. A later report replaces and removes those files and only
// those: whatever else the folder holds is the user's.
const manifestName = ".roadlog-site"

const manifestHeader = "# roadlog report: the files below are the site roadlog wrote here; the next\n" +
	"# report replaces or removes them, and leaves every other file alone.\n"

// legacyMarker begins the manifest of roadlog versions that listed no
// files and treated every .html, .css and .js file as theirs.
const legacyMarker = "This folder is written by roadlog report"

// singleFileMarker is in the head of every single-file report, so that
// roadlog can tell a file it may replace from one it must not.
const singleFileMarker = `<meta name="generator" content="roadlog report --single-file">`

// IsSingleFile reports whether data, the start of a file, is a
// single-file report roadlog wrote.
func IsSingleFile(data []byte) bool {
	return bytes.Contains(data[:min(len(data), 4096)], []byte(singleFileMarker))
}

// ForeignError is a site folder that holds files roadlog did not write
// where it would write: the folder has no manifest and is not empty (Paths
// is nil), or the manifest does not list files the site would replace.
type ForeignError struct {
	Paths []string
}

func (e *ForeignError) Error() string {
	if len(e.Paths) == 0 {
		return "the folder is not empty and roadlog did not write it"
	}
	return fmt.Sprintf("roadlog did not write %s, which the site would replace", strings.Join(e.Paths, ", "))
}

// WriteStats says what [WriteDir] did.
type WriteStats struct {
	Written, Unchanged, Removed int
}

// WriteDir writes site into the folder at dir, creating it, so that a run
// stopped at any point — an error, Ctrl-C, kill -9, a full disk — leaves a
// folder the next run accepts and completes:
//
//  1. the manifest is rewritten to list the files of the last site and of
//     this one, before any of them is written;
//  2. each file is written to a temporary file renamed over it (files whose
//     bytes did not change are not touched), so none is ever half written;
//  3. files of the last site that this one lacks are removed;
//  4. the manifest is rewritten to list this site's files.
//
// The manifest always lists every file roadlog may have written, and never
// a file it did not, so the user's own files in the folder (a blog/,
// custom.css) survive every run. Temporary files that a killed run left
// are removed. Readers may see old and new pages side by side while it
// runs, never a broken one.
//
// A folder with no manifest must be empty, and a file the site would
// replace must be listed in it; otherwise WriteDir writes nothing and
// returns a [*ForeignError], unless force is set (then those files are
// replaced, and nothing else is removed).
func WriteDir(ctx context.Context, dir string, site Site, force bool) (WriteStats, error) {
	var st WriteStats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return st, err
	}
	defer func() { _ = root.Close() }() // files are written with atomicfile
	prev, err := previousFiles(root, site, force)
	if err != nil {
		return st, err
	}
	if err := removeTemps(root); err != nil {
		return st, err
	}
	paths := site.Paths()
	union := slices.Clone(paths)
	for p := range prev {
		if _, ok := site[p]; !ok {
			union = append(union, p)
		}
	}
	slices.Sort(union)
	if err := writeManifest(root, union); err != nil {
		return st, err
	}
	written := make([]bool, len(paths))
	errs := make([]error, len(paths))
	if err := parallel.For(ctx, len(paths), func(i int) {
		p := paths[i]
		// Only a regular file of the same size is read to compare: opening
		// a FIFO someone left at a page's path would block.
		if fi, err := root.Lstat(p); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(site[p])) {
			if old, err := root.ReadFile(p); err == nil && bytes.Equal(old, site[p]) {
				return
			}
		}
		errs[i] = atomicfile.WriteOutput(root, p, site[p], 0o644)
		written[i] = errs[i] == nil
	}); err != nil {
		return st, err
	}
	for i, p := range paths {
		if errs[i] != nil {
			return st, fmt.Errorf("write %s: %w", p, errs[i])
		}
		if written[i] {
			st.Written++
		} else {
			st.Unchanged++
		}
	}
	var stale []string
	for p := range prev {
		if _, ok := site[p]; !ok {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	folders := map[string]bool{}
	for _, p := range stale {
		switch err := root.Remove(p); {
		case err == nil:
			st.Removed++
		case !errors.Is(err, fs.ErrNotExist): // a killed run may not have written it
			return st, fmt.Errorf("remove %s: %w", p, err)
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			folders[d] = true
		}
	}
	// Folders the removed files leave empty go too, deepest first; a
	// folder that still holds something stays.
	dirs := slices.Sorted(maps.Keys(folders))
	for i := len(dirs) - 1; i >= 0; i-- {
		_ = root.Remove(dirs[i]) // fails, as it should, when the folder is not empty
	}
	return st, writeManifest(root, paths)
}

// previousFiles returns the files the last report wrote into the folder,
// after checking that the site replaces no file roadlog did not write.
func previousFiles(root *os.Root, site Site, force bool) (map[string]bool, error) {
	prev := map[string]bool{}
	var data []byte
	fi, err := root.Lstat(manifestName)
	if err == nil && !fi.Mode().IsRegular() {
		// Opening a FIFO would block; a symlink could read what is not ours.
		return nil, fmt.Errorf("%s is not a regular file; remove it, then run the report again", manifestName)
	}
	if err == nil {
		data, err = root.ReadFile(manifestName)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		empty, err := emptyFolder(root)
		if err != nil {
			return nil, err
		}
		if !empty && !force {
			return nil, &ForeignError{}
		}
	case err != nil:
		return nil, err
	case bytes.HasPrefix(data, []byte(legacyMarker)):
		// An older roadlog wrote every page of the site and records/*.html,
		// and listed none of them.
		for p := range site {
			if _, err := root.Lstat(p); err == nil {
				prev[p] = true
			}
		}
		if pages, err := fs.Glob(root.FS(), "records/*.html"); err == nil {
			for _, p := range pages {
				prev[p] = true
			}
		}
	default:
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			p := sc.Text()
			if p == "" || strings.HasPrefix(p, "#") || !fs.ValidPath(p) || p == "." || p == manifestName {
				continue
			}
			prev[p] = true
		}
	}
	var foreign []string
	for _, p := range site.Paths() {
		if prev[p] {
			continue
		}
		if _, err := root.Lstat(p); err == nil {
			foreign = append(foreign, p)
		}
	}
	if len(foreign) > 0 && !force {
		return nil, &ForeignError{Paths: foreign}
	}
	return prev, nil
}

// emptyFolder reports whether the folder holds nothing but temporary files
// of a killed run.
func emptyFolder(root *os.Root) (bool, error) {
	f, err := root.Open(".")
	if err != nil {
		return false, err
	}
	defer func() { _ = f.Close() }() // read only
	for {
		names, err := f.Readdirnames(64)
		for _, n := range names {
			if !atomicfile.IsTemp(n) {
				return false, nil
			}
		}
		if errors.Is(err, io.EOF) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// removeTemps removes the temporary files that a killed run left in the
// folder and its subfolders.
func removeTemps(root *os.Root) error {
	return fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && atomicfile.IsTemp(d.Name()) {
			if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	})
}

func writeManifest(root *os.Root, paths []string) error {
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	for _, p := range paths {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	return atomicfile.WriteFile(root, manifestName, b.Bytes(), 0o644)
}
