package report

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
// wrote there, each with the SHA-256 of the bytes it wrote. A later report
// replaces and removes those files and only those, and removes one only
// while its bytes are still what roadlog wrote: whatever else the folder
// holds is the user's.
const manifestName = ".roadlog-site"

const manifestHeader = "# roadlog report: the files below are the site roadlog wrote here, each after\n" +
	"# the SHA-256 of its bytes; the next report replaces or removes them (only\n" +
	"# while their bytes are unchanged), and leaves every other file alone.\n"

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
// and Changed are nil), the manifest does not list files the site would
// replace (Paths), or their bytes are not those roadlog wrote (Changed).
type ForeignError struct {
	Paths   []string
	Changed []string
}

func (e *ForeignError) Error() string {
	var parts []string
	if len(e.Paths) > 0 {
		parts = append(parts, fmt.Sprintf("roadlog did not write %s", strings.Join(e.Paths, ", ")))
	}
	if len(e.Changed) > 0 {
		parts = append(parts, fmt.Sprintf("%s changed since roadlog wrote it", strings.Join(e.Changed, ", ")))
	}
	if len(parts) == 0 {
		return "the folder is not empty and roadlog did not write it"
	}
	return strings.Join(parts, "; ") + ", which the site would replace"
}

// WriteStats says what [WriteDir] did.
type WriteStats struct {
	Written, Unchanged, Removed int
	// Kept lists the files of the last site that this one lacks and that
	// were left in place because their bytes are not those roadlog wrote
	// (someone changed them, or the manifest listed them with no hash):
	// they are the user's from now on, and the manifest no longer lists
	// them.
	Kept []string
}

// manifestEntry is what a manifest says of one file.
type manifestEntry struct {
	hashes []string // SHA-256 (hex) of the bytes roadlog wrote there: two while a run is under way
	// noHash: listed with no hash, by an older roadlog (or by hand). Such
	// a file may be replaced by a page of the same name, as before, but
	// is never removed: nothing says its bytes are roadlog's.
	noHash bool
}

// matches reports whether data is what roadlog wrote.
func (e manifestEntry) matches(data []byte) bool {
	return slices.Contains(e.hashes, hashOf(data))
}

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// WriteDir writes site into the folder at dir, creating it, so that a run
// stopped at any point — an error, Ctrl-C, kill -9, a full disk — leaves a
// folder the next run accepts and completes:
//
//  1. the manifest is rewritten to list the files of the last site and of
//     this one, with the hashes of both, before any of them is written;
//  2. each file is written to a temporary file renamed over it (files whose
//     bytes did not change are not touched), so none is ever half written;
//  3. files of the last site that this one lacks are removed, each only
//     when its bytes still hash to what the manifest lists (others are
//     kept, and listed in [WriteStats.Kept]);
//  4. the manifest is rewritten to list this site's files and hashes.
//
// The manifest always lists every file roadlog may have written, and never
// a file it did not, so the user's own files in the folder (a blog/,
// custom.css) survive every run; a file listed by hand, or a page someone
// changed, is not removed either, because its bytes are not what roadlog
// wrote. Temporary files that a killed run left
// are removed. Readers may see old and new pages side by side while it
// runs, never a broken one.
//
// A folder with no manifest must be empty, and a file the site would
// replace must be listed in it with the hash of its bytes (or with no
// hash, as an older roadlog wrote it); otherwise WriteDir writes nothing
// and returns a [*ForeignError], unless force is set (then those files are
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
	if _, err := atomicfile.RemoveTemps(root, ".", true, nil); err != nil {
		return st, err
	}
	paths := site.Paths()
	next := siteManifest(site, paths)
	if err := writeManifest(root, unionManifest(prev, next)); err != nil {
		return st, err
	}
	if err := writePages(ctx, root, site, paths, &st); err != nil {
		return st, err
	}
	if err := removeStale(root, site, prev, &st); err != nil {
		return st, err
	}
	return st, writeManifest(root, next)
}

// siteManifest lists the files of site at paths, each with the hash of
// its bytes.
func siteManifest(site Site, paths []string) map[string]manifestEntry {
	next := make(map[string]manifestEntry, len(paths))
	for _, p := range paths {
		next[p] = manifestEntry{hashes: []string{hashOf(site[p])}}
	}
	return next
}

// unionManifest lists the files of both manifests, with the hashes of
// both: the manifest while a run is under way.
func unionManifest(prev, next map[string]manifestEntry) map[string]manifestEntry {
	union := maps.Clone(next)
	for p, e := range prev {
		u := union[p]
		u.hashes = append(slices.Clone(e.hashes), u.hashes...)
		u.noHash = e.noHash
		union[p] = u
	}
	return union
}

// writePages writes every file of site at paths whose bytes changed, in
// parallel, and counts them in st.
func writePages(ctx context.Context, root *os.Root, site Site, paths []string, st *WriteStats) error {
	written := make([]bool, len(paths))
	errs := make([]error, len(paths))
	if err := parallel.For(ctx, len(paths), func(i int) {
		written[i], errs[i] = writeChanged(root, paths[i], site[paths[i]])
	}); err != nil {
		return err
	}
	for i, p := range paths {
		if errs[i] != nil {
			return fmt.Errorf("write %s: %w", p, errs[i])
		}
		if written[i] {
			st.Written++
		} else {
			st.Unchanged++
		}
	}
	return nil
}

// writeChanged writes data to p unless p already holds it, and reports
// whether it wrote.
func writeChanged(root *os.Root, p string, data []byte) (bool, error) {
	// Only a regular file of the same size is read to compare: opening
	// a FIFO someone left at a page's path would block.
	if fi, err := root.Lstat(p); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		if old, err := root.ReadFile(p); err == nil && bytes.Equal(old, data) {
			return false, nil
		}
	}
	err := atomicfile.WriteOutput(root, p, data, 0o644)
	return err == nil, err
}

// removeStale removes the files of the last site that site lacks, each
// only while its bytes are what roadlog wrote, and then the folders that
// leaves empty; it counts them in st.
func removeStale(root *os.Root, site Site, prev map[string]manifestEntry, st *WriteStats) error {
	var stale []string
	for p := range prev {
		if _, ok := site[p]; !ok {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	folders := map[string]bool{}
	for _, p := range stale {
		data, err := readRegular(root, p)
		switch {
		case errors.Is(err, fs.ErrNotExist): // a killed run may not have written it
			continue
		case err != nil:
			return fmt.Errorf("remove %s: %w", p, err)
		case data == nil || !prev[p].matches(data):
			st.Kept = append(st.Kept, p)
			continue
		}
		switch err := root.Remove(p); {
		case err == nil:
			st.Removed++
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("remove %s: %w", p, err)
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
	return nil
}

// readRegular returns the bytes of the file at p, or nil when it is not a
// regular file (a symlink, a folder, a FIFO, which opening would block on).
func readRegular(root *os.Root, p string) ([]byte, error) {
	fi, err := root.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil
	}
	data, err := root.ReadFile(p)
	if data == nil && err == nil {
		data = []byte{}
	}
	return data, err
}

// previousFiles returns the files the last report wrote into the folder,
// after checking that the site replaces no file roadlog did not write.
func previousFiles(root *os.Root, site Site, force bool) (map[string]manifestEntry, error) {
	prev := map[string]manifestEntry{}
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
		// It recorded no hashes, so none of them is removed.
		for p := range site {
			if _, err := root.Lstat(p); err == nil {
				prev[p] = manifestEntry{noHash: true}
			}
		}
		if pages, err := fs.Glob(root.FS(), "records/*.html"); err == nil {
			for _, p := range pages {
				prev[p] = manifestEntry{noHash: true}
			}
		}
	default:
		prev = parseManifest(data)
	}
	var foreign, changed []string
	for _, p := range site.Paths() {
		e, listed := prev[p]
		data, err := readRegular(root, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case !listed:
			foreign = append(foreign, p)
		case e.noHash:
		case err != nil:
			return nil, err
		case data != nil && !e.matches(data):
			// Not a regular file (data == nil: a FIFO, a symlink) holds no
			// bytes that replacing it would lose.
			changed = append(changed, p)
		}
	}
	if (len(foreign) > 0 || len(changed) > 0) && !force {
		return nil, &ForeignError{Paths: foreign, Changed: changed}
	}
	return prev, nil
}

// parseManifest reads a manifest: a line per file, "HASH  PATH" (the
// SHA-256 in hex, two spaces, the path), or only a path as an older
// roadlog wrote it; a path may have several lines. Lines that name no file
// inside the folder are ignored.
func parseManifest(data []byte) map[string]manifestEntry {
	prev := map[string]manifestEntry{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		hash, p, ok := strings.Cut(line, "  ")
		if !ok || !isHash(hash) {
			hash, p = "", line
		}
		if p == "" || strings.HasPrefix(line, "#") || !fs.ValidPath(p) || p == "." || p == manifestName {
			continue
		}
		e := prev[p]
		if hash == "" {
			e.noHash = true
		} else if !slices.Contains(e.hashes, hash) {
			e.hashes = append(e.hashes, hash)
		}
		prev[p] = e
	}
	return prev
}

// isHash reports whether s is a SHA-256 in lower-case hex.
func isHash(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && (s[i] < 'a' || s[i] > 'f') {
			return false
		}
	}
	return true
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

// writeManifest writes the manifest of files, sorted by path.
func writeManifest(root *os.Root, files map[string]manifestEntry) error {
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	for _, p := range slices.Sorted(maps.Keys(files)) {
		e := files[p]
		if e.noHash {
			b.WriteString(p + "\n")
		}
		for _, h := range e.hashes {
			b.WriteString(h + "  " + p + "\n")
		}
	}
	return atomicfile.WriteFile(root, manifestName, b.Bytes(), 0o644)
}
