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
	"runtime"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/parallel"
	"github.com/roadlog/roadlog/pkg/plan"
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

// source is the files of a site, each made when the writer asks for it,
// so that the writer can write it and drop it.
type source struct {
	paths []string                    // sorted
	key   func(i int) string          // hash of what file i is made from, or "" when unknown
	make  func(i int) ([]byte, error) // the bytes of file i
	// early are the files, by index, that a writer makes first, as a
	// group of their own: the site-wide pages, which share what the pages
	// of records do not need. Then it calls drop, when not nil, so that
	// what only they needed is let go before the many pages of records
	// are made.
	early []int
	drop  func()
}

// siteSource is a site already made.
func siteSource(site Site) source {
	paths := site.Paths()
	return source{
		paths: paths,
		key:   func(int) string { return "" },
		make:  func(i int) ([]byte, error) { return site[paths[i]], nil },
	}
}

// WriteOptions tune [Write].
type WriteOptions struct {
	// Force replaces files roadlog did not write (see [WriteDir]).
	Force bool
	// CacheRoot and CacheName name the file, inside a folder roadlog owns
	// (in the user's cache), where the report keeps between runs what each
	// page was made from; "" for none. See [Write].
	CacheRoot, CacheName string
}

// Write makes the multi-page site of p and writes it into the folder at
// dir as [WriteDir] does, page by page: each page is written as soon as
// it is made and then dropped, so the whole site is never held at once.
//
// With a cache (opts.CacheRoot), a page whose inputs — its record as the
// page shows it, what it shows of other records, the site-wide inputs and
// roadlog's build — hash to what they were when roadlog last wrote it, and
// whose file is, by its size, time and inode, still the one it wrote, is
// neither made nor written again. A cache that is missing, stale or
// corrupt only makes pages be made again: a page is skipped only when its
// key and its file both match.
func Write(ctx context.Context, dir string, p *plan.Plan, opts Options, wopts WriteOptions) (WriteStats, error) {
	if opts.SingleFile {
		return WriteStats{}, errors.New("report.Write writes a site of many pages; use Build for a single file")
	}
	b, err := newBuilder(p, opts)
	if err != nil {
		return WriteStats{}, err
	}
	src, err := b.source()
	if err != nil {
		return WriteStats{}, err
	}
	src.drop = b.dropSiteData
	return writeSource(ctx, dir, src, wopts)
}

// WriteDir writes site into the folder at dir, creating it, so that a run
// stopped at any point — an error, Ctrl-C, kill -9, a full disk — leaves a
// folder the next run accepts and completes:
//
//  1. before it writes any file, the manifest is rewritten to list the
//     files of the last site, and, before each group of files is written,
//     the hashes of their new bytes are added to it (and synced);
//  2. each file is written to a temporary file renamed over it (files whose
//     bytes did not change are not touched), so none is ever half written;
//  3. files of the last site that this one lacks are removed, each only
//     when its bytes still hash to what the manifest lists (others are
//     kept, and listed in [WriteStats.Kept]);
//  4. the manifest is rewritten to list this site's files and hashes
//     (unless it already does: a run that changes nothing writes nothing).
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
	return writeSource(ctx, dir, siteSource(site), WriteOptions{Force: force})
}

// chunk is how many files are made at once, between two additions to the
// manifest: enough to keep every core busy and to sync the manifest
// rarely, few enough to hold little.
const chunk = 256

// writeSource writes the files of src into dir; see [WriteDir].
func writeSource(ctx context.Context, dir string, src source, opts WriteOptions) (WriteStats, error) {
	var st WriteStats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return st, err
	}
	defer func() { _ = root.Close() }() // files are written with atomicfile
	cache := loadCache(opts.CacheRoot, opts.CacheName)
	disk, err := scanFiles(ctx, root, src.paths, cache)
	if err != nil {
		return st, err
	}
	prev, err := previousFiles(root, src.paths, disk, opts.Force)
	if err != nil {
		return st, err
	}
	if _, err := atomicfile.RemoveTemps(root, ".", true, nil); err != nil {
		return st, err
	}
	w := &siteWriter{
		root: root, src: src, prev: prev, disk: disk, cache: cache, st: &st,
		hashes: make([]string, len(src.paths)), keys: make([]string, len(src.paths)), stamps: make([]string, len(src.paths)),
	}
	defer func() { _ = w.closeJournal() }() // closed and checked below when the run completes
	order := makeOrder(len(src.paths), src.early)
	// The early files are large (the backlog of a large plan is tens of
	// megabytes): as many at once as there are cores, each written before
	// the next are made, rather than all held until the last is made.
	for rest := len(src.paths) - len(src.early); len(order) > rest; {
		n := min(runtime.GOMAXPROCS(0), len(order)-rest)
		if err := w.chunk(ctx, order[:n]); err != nil {
			return st, err
		}
		order = order[n:]
	}
	if src.drop != nil {
		src.drop()
	}
	for start := 0; start < len(order); start += chunk {
		if err := w.chunk(ctx, order[start:min(start+chunk, len(order))]); err != nil {
			return st, err
		}
	}
	if err := removeStale(root, src.paths, prev, &st); err != nil {
		return st, err
	}
	if err := w.closeJournal(); err != nil {
		return st, err
	}
	next := make(map[string]manifestEntry, len(src.paths))
	for i, p := range src.paths {
		next[p] = manifestEntry{hashes: []string{w.hashes[i]}}
	}
	data := manifestBytes(next)
	if old, err := readRegular(root, manifestName); err != nil || !bytes.Equal(old, data) {
		if err := atomicfile.WriteFile(root, manifestName, data, 0o644); err != nil {
			return st, err
		}
	}
	if opts.CacheRoot != "" {
		saveCache(opts.CacheRoot, opts.CacheName, src.paths, w.keys, w.hashes, w.stamps)
	}
	return st, nil
}

// makeOrder is the order in which the n files of a source are made: the
// early ones, then the others by path.
func makeOrder(n int, early []int) []int {
	order := make([]int, 0, n)
	order = append(order, early...)
	first := make([]bool, n)
	for _, i := range early {
		first[i] = true
	}
	for i := range n {
		if !first[i] {
			order = append(order, i)
		}
	}
	return order
}

// onDisk is what is at a file's path before the run writes it.
type onDisk struct {
	exists  bool   // something is there (Lstat worked)
	regular bool   // a regular file
	hash    string // SHA-256 of its bytes, when regular and read (or cached)
	stamp   string // its size, time and inode, when regular
	cached  bool   // hash comes from the cache, which stamp matched
	err     error  // from Lstat (but not "does not exist") or from reading it
}

// scanFiles looks at what is at each path, in parallel: a regular file's
// hash comes from the cache when its stamp still matches, else from its
// bytes.
func scanFiles(ctx context.Context, root *os.Root, paths []string, cache *pageCache) ([]onDisk, error) {
	disk := make([]onDisk, len(paths))
	err := parallel.For(ctx, len(paths), func(i int) {
		d := &disk[i]
		p := paths[i]
		fi, err := root.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return
		case err != nil:
			d.err = err
			return
		}
		d.exists = true
		if !fi.Mode().IsRegular() {
			return
		}
		d.regular = true
		d.stamp = fileStamp(fi)
		if e, ok := cache.entries[p]; ok && e.stamp == d.stamp && cache.settled(fi) {
			d.hash, d.cached = e.hash, true
			return
		}
		data, err := root.ReadFile(p)
		if err != nil {
			d.err = err
			return
		}
		d.hash = hashOf(data)
	})
	return disk, err
}

// recheck reads again a file whose hash came from the cache and is not
// one the manifest lists for it, so that a wrong cache never makes a page
// look changed, and reports whether its bytes are what the manifest lists.
func (d *onDisk) recheck(root *os.Root, p string, e manifestEntry) bool {
	if !d.cached {
		return false
	}
	d.cached = false
	data, err := root.ReadFile(p)
	if err != nil {
		d.err = err
		return false
	}
	d.hash = hashOf(data)
	return e.matches(data)
}

// onMake, when not nil, is told the path of each file made: tests count
// the pages a run makes.
var onMake func(path string)

// siteWriter writes the files of a site, a chunk at a time.
type siteWriter struct {
	root    *os.Root
	src     source
	prev    map[string]manifestEntry
	disk    []onDisk
	cache   *pageCache
	st      *WriteStats
	hashes  []string // of each file's new bytes
	keys    []string // of what each file is made from
	stamps  []string // of each file as it is left, or ""
	journal *os.File // the manifest, open to add hashes to; nil until the first file is written
}

// chunk makes the files at the indices idx, and writes those whose bytes
// changed, after adding their hashes to the manifest.
func (w *siteWriter) chunk(ctx context.Context, idx []int) error {
	n := len(idx)
	data := make([][]byte, n)
	write := make([]bool, n)
	errs := make([]error, n)
	if err := parallel.For(ctx, n, func(j int) {
		i := idx[j]
		p, d := w.src.paths[i], w.disk[i]
		w.keys[i] = w.src.key(i)
		if w.keys[i] != "" && d.cached && w.cache.entries[p].key == w.keys[i] && slices.Contains(w.prev[p].hashes, d.hash) {
			w.hashes[i], w.stamps[i] = d.hash, d.stamp // made from the same inputs as the file there
			return
		}
		if onMake != nil {
			onMake(p)
		}
		b, err := w.src.make(i)
		if err != nil {
			errs[j] = err
			return
		}
		w.hashes[i] = hashOf(b)
		if d.regular && d.err == nil && d.hash == w.hashes[i] {
			w.stamps[i] = d.stamp // the same bytes are there
			return
		}
		data[j], write[j] = b, true
	}); err != nil {
		return err
	}
	var lines bytes.Buffer
	for j, err := range errs {
		p := w.src.paths[idx[j]]
		if err != nil {
			return fmt.Errorf("make %s: %w", p, err)
		}
		if write[j] {
			lines.WriteString(w.hashes[idx[j]] + "  " + p + "\n")
		}
	}
	if lines.Len() > 0 {
		if err := w.addToManifest(lines.Bytes()); err != nil {
			return err
		}
	}
	if err := parallel.For(ctx, n, func(j int) {
		if !write[j] {
			return
		}
		i := idx[j]
		p := w.src.paths[i]
		if errs[j] = atomicfile.WriteOutput(w.root, p, data[j], 0o644); errs[j] != nil {
			return
		}
		data[j] = nil
		if fi, err := w.root.Lstat(p); err == nil && fi.Mode().IsRegular() {
			w.stamps[i] = fileStamp(fi)
		}
	}); err != nil {
		return err
	}
	for j, err := range errs {
		if err != nil {
			return fmt.Errorf("write %s: %w", w.src.paths[idx[j]], err)
		}
		if write[j] {
			w.st.Written++
		} else {
			w.st.Unchanged++
		}
	}
	return nil
}

// addToManifest adds lines (hash, two spaces, path) to the manifest and
// syncs it, before the files they name are written. The first time, it
// rewrites the manifest to list the files of the last site.
func (w *siteWriter) addToManifest(lines []byte) error {
	if w.journal == nil {
		if err := writeManifest(w.root, w.prev); err != nil {
			return err
		}
		f, err := w.root.OpenFile(manifestName, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return err
		}
		w.journal = f
	}
	if _, err := w.journal.Write(lines); err != nil {
		return err
	}
	return w.journal.Sync()
}

// closeJournal closes the manifest opened by addToManifest, if it is open.
func (w *siteWriter) closeJournal() error {
	if w.journal == nil {
		return nil
	}
	err := w.journal.Close()
	w.journal = nil
	return err
}

// removeStale removes the files of the last site that are not at paths,
// each only while its bytes are what roadlog wrote, and then the folders
// that leaves empty; it counts them in st.
func removeStale(root *os.Root, paths []string, prev map[string]manifestEntry, st *WriteStats) error {
	var stale []string
	for p := range prev {
		if _, ok := slices.BinarySearch(paths, p); !ok {
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
// after checking that the site, whose files are at paths and found as
// disk says, replaces no file roadlog did not write.
func previousFiles(root *os.Root, paths []string, disk []onDisk, force bool) (map[string]manifestEntry, error) {
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
		for i, p := range paths {
			if disk[i].exists {
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
	foreign, changed, err := replaced(root, paths, disk, prev)
	if err != nil {
		return nil, err
	}
	if (len(foreign) > 0 || len(changed) > 0) && !force {
		return nil, &ForeignError{Paths: foreign, Changed: changed}
	}
	return prev, nil
}

// replaced returns the files at paths that the site would replace and
// roadlog did not write: those the manifest prev does not list, and those
// whose bytes are not what it lists.
func replaced(root *os.Root, paths []string, disk []onDisk, prev map[string]manifestEntry) (foreign, changed []string, err error) {
	for i, p := range paths {
		e, listed := prev[p]
		d := disk[i]
		switch {
		case !d.exists && d.err == nil:
		case !listed:
			foreign = append(foreign, p)
		case e.noHash:
		case d.err != nil:
			return nil, nil, d.err
		case d.regular && !slices.Contains(e.hashes, d.hash) && !disk[i].recheck(root, p, e):
			if disk[i].err != nil {
				return nil, nil, disk[i].err
			}
			// Not a regular file (a FIFO, a symlink) holds no bytes that
			// replacing it would lose.
			changed = append(changed, p)
		}
	}
	return foreign, changed, nil
}

// parseManifest reads a manifest: a line per file, "HASH  PATH" (the
// SHA-256 in hex, two spaces, the path), or only a path as an older
// roadlog wrote it; a path may have several lines. Lines that name no file
// inside the folder are ignored.
func parseManifest(data []byte) map[string]manifestEntry {
	prev := map[string]manifestEntry{}
	// A line with no end is one a run stopped while adding it: it may
	// name half a path.
	data = data[:bytes.LastIndexByte(data, '\n')+1]
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

// writeManifest writes the manifest of files.
func writeManifest(root *os.Root, files map[string]manifestEntry) error {
	return atomicfile.WriteFile(root, manifestName, manifestBytes(files), 0o644)
}

// manifestBytes is the manifest of files, sorted by path.
func manifestBytes(files map[string]manifestEntry) []byte {
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
	return b.Bytes()
}
