package workspace

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/parallel"
)

// CacheDir is the folder, relative to the root, of the workspace's index.
// Its own .gitignore ignores everything in it, so that the index is never
// committed, whatever the workspace's other .gitignore files say.
const CacheDir = StateDir + "/cache"

// CacheFile is the workspace's index, as Git keeps one: for every file its
// stat data (size, modification and change times, inode), its bytes, what
// parsing made of them and the file's own findings. A file whose stat data
// still match is taken from the index rather than read, parsed and checked
// again. The index is only ever a shortcut: it is versioned and tied to the
// roadlog binary that wrote it, checksummed, ignored when anything about it
// does not match, and written again, atomically, when files changed.
const CacheFile = CacheDir + "/index"

// cacheGitIgnore is the .gitignore of CacheDir.
const cacheGitIgnore = "# roadlog's index of this workspace: a cache, never committed\n*\n"

// racyWindow is how recent a file's modification may be, relative to the
// index's own, for its stat data not to be trusted alone: a file changed
// again within the file system's timestamp granularity of being read could
// have kept the same stat data (Git's "racily clean" entries). Such a file
// is read and its content hash compared; such a folder is walked again.
// File systems with nanosecond timestamps tick at most every few
// milliseconds (the kernel's clock); those that keep whole seconds (FAT
// keeps two) get coarseRacyWindow.
const (
	racyWindow       = 20 * time.Millisecond
	coarseRacyWindow = 2 * time.Second
)

// racy reports whether a modification time is too close to the index's
// for its stat data to be trusted.
func (c *cacheIndex) racy(mtime int64) bool { return racy(mtime, c.mtime) }

// racy reports whether a modification time is too close to when, or
// after, the stat data were known to go with the bytes held.
func racy(mtime, known int64) bool {
	window := racyWindow
	if known%int64(time.Second) == 0 || mtime%int64(time.Second) == 0 {
		window = coarseRacyWindow // no fraction: a coarse file system
	}
	return mtime >= known-int64(window)
}

// fileStat is what Stat says about a file that changes when it is written.
type fileStat struct {
	size, mtime, ctime int64
	ino, dev           uint64
	mode               uint32
}

// cacheEntry is one file of the index.
type cacheEntry struct {
	stat    fileStat
	hash    [sha256.Size]byte // of the bytes, kept for recently changed files
	hasHash bool
	file    *File
}

// cacheIndex is the index as read.
type cacheIndex struct {
	mtime   int64 // the index file's modification time, in nanoseconds
	entries map[string]*cacheEntry
	listing *cacheListing // nil when none was kept
	// inMemory: the index is a workspace kept in memory ([OpenOptions.Prev]):
	// its entries carry no hash, and a racy file's bytes are compared with
	// those the entry's file holds.
	inMemory bool
}

// asIndex is the workspace w, opened from the folder dir through the
// index, as an index to open it again; nil when it cannot serve as one.
func (w *Workspace) asIndex(dir string) *cacheIndex {
	if w == nil || w.cache == nil || w.Root != dir || w.opened == 0 {
		return nil
	}
	c := &cacheIndex{mtime: w.opened, entries: make(map[string]*cacheEntry, len(w.Files)), inMemory: true}
	for _, f := range w.Files {
		if f.stat != (fileStat{}) {
			c.entries[f.Path] = &cacheEntry{stat: f.stat, file: f}
		}
	}
	if w.walkClean {
		c.listing = &cacheListing{key: listingKey(w.Config), dirs: w.cache.walkedDirs(), targets: w.targets, temps: w.cache.temps}
	}
	return c
}

// cacheListing is what a walk of the record folders found: while none of
// the folders changed (a file added, removed or renamed in a folder changes
// the folder's modification time), the same walk finds the same files.
type cacheListing struct {
	key     string             // the configured paths the walk followed
	dirs    map[string]dirStat // every folder walked
	targets []target           // the files found, sorted
	temps   bool               // the walk saw a temporary file of an interrupted write
	// checked is what validate found in the workspace of these files, as
	// the entries hold them; nil when not known.
	checked *checkedFindings
}

// checkedFindings are what validate found in a whole workspace on a day
// (the rules that depend on today use its date).
type checkedFindings struct {
	day  string // YYYY-MM-DD
	list diag.List
}

// CheckedFindings returns what validate found on day in the workspace as
// its index keeps it, when the workspace was opened through the index and
// is, file for file, the one it was found in; false otherwise.
func (w *Workspace) CheckedFindings(day string) (diag.List, bool) {
	if w.cache == nil || !w.sameAsIndex() || w.cache.old.listing == nil {
		return nil, false
	}
	c := w.cache.old.listing.checked
	if c == nil || c.day != day {
		return nil, false
	}
	return slices.Clone(c.list), true
}

// KeepFindings keeps what validate found in the workspace on day, for
// [Workspace.SaveCache] to write into the index.
func (w *Workspace) KeepFindings(day string, list diag.List) {
	w.checked = &checkedFindings{day: day, list: slices.Clone(list)}
}

// dirStat is what the index keeps of a folder: its stat data, and a hash of
// the names in it, to check a folder changed within the racy window.
type dirStat struct {
	stat  fileStat
	names [sha256.Size]byte
}

// namesHash hashes the names of a folder's entries.
func namesHash(names []string) [sha256.Size]byte {
	slices.Sort(names)
	return sha256.Sum256([]byte(strings.Join(names, "\x00")))
}

// listingKey identifies the paths a walk follows.
func listingKey(cfg *Config) string {
	p := cfg.Paths
	return strings.Join([]string{p.Product, p.Objectives, p.Roadmap, p.Releases, p.Risks, p.Backlog, p.Insights, p.Decisions}, "\x00")
}

// cacheState is what a workspace opened through the index keeps of it.
type cacheState struct {
	old    *cacheIndex
	verify bool

	mu     sync.Mutex
	dirs   map[string]dirStat  // the folders walked, or the listing's when it was reused
	names  map[string][]string // the names the walk saw in each folder
	listed bool                // the files of the record folders came from the index
	temps  bool                // a temporary file was seen in the record folders
}

// RecordFoldersHoldNoTemps reports whether the record folders are known to
// hold no temporary file of an interrupted write: they were not walked
// (nothing in them changed since the index was written) and the walk the
// index keeps saw none. An edit then need not look for them.
func (w *Workspace) RecordFoldersHoldNoTemps() bool {
	return w.cache != nil && w.cache.listed && !w.cache.temps
}

// walked is the [Options] walked of a workspace opened through the index:
// it keeps the folders and the names in them.
func (s *cacheState) walked(p string, folder bool, st fileStat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if folder {
		s.dirs[p] = dirStat{stat: st}
		if _, ok := s.names[p]; !ok {
			s.names[p] = nil // an empty folder has names too: none
		}
	}
	if parent := path.Dir(p); s.dirs[parent] != (dirStat{}) {
		s.names[parent] = append(s.names[parent], path.Base(p))
	}
	if !folder && atomicfile.IsTemp(path.Base(p)) {
		s.temps = true
	}
}

// walkedDirs returns the folders walked, with the hashes of their names.
func (s *cacheState) walkedDirs() map[string]dirStat {
	s.mu.Lock()
	defer s.mu.Unlock()
	for d, names := range s.names {
		if ds, ok := s.dirs[d]; ok {
			ds.names = namesHash(names)
			s.dirs[d] = ds
		}
		delete(s.names, d)
	}
	return s.dirs
}

// listingFor returns the [Options] listing of the index: its files while no
// folder changed since it was written.
func (c *cacheIndex) listingFor(st *statter) func(*Config) ([]target, bool) {
	if c == nil || c.listing == nil {
		return nil
	}
	l := c.listing
	return func(cfg *Config) ([]target, bool) {
		if l.key != listingKey(cfg) {
			return nil, false
		}
		for d, want := range l.dirs {
			got, ok := st.statDir(d)
			if want.stat == (fileStat{}) && !ok {
				continue // not there then, nor now
			}
			if !ok || got != want.stat {
				return nil, false
			}
			if c.racy(want.stat.mtime) { // changed just before the index: compare the names
				if got, ok := st.dirNames(d); !ok || got != want.names {
					return nil, false
				}
			}
		}
		return l.targets, true
	}
}

// readCache reads the index of the workspace at root; nil when there is
// none or it cannot be trusted.
func readCache(root *os.Root) *cacheIndex {
	fi, err := root.Lstat(CacheFile)
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	f, err := root.Open(CacheFile)
	if err != nil {
		return nil
	}
	defer func() { _ = f.Close() }() // read only
	fi, err = f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	data := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil
	}
	entries, listing, ok := decodeCache(data, cacheIdentity())
	if !ok {
		return nil
	}
	return &cacheIndex{mtime: fi.ModTime().UnixNano(), entries: entries, listing: listing}
}

// reuse returns the [Options.Reuse] of the index: a file whose stat data
// match its entry, and which was not changed within [racyWindow] of the
// index being written or, if it was, still has the same content hash.
func (c *cacheIndex) reuse(root *os.Root, st *statter) func(string, FileKind) *File {
	if c == nil {
		return nil
	}
	return func(p string, kind FileKind) *File {
		e := c.entries[p]
		if e == nil || e.file.Kind != kind {
			return nil
		}
		if s, ok := st.stat(p); !ok || s != e.stat {
			return nil
		}
		if c.racy(e.stat.mtime) {
			if !e.hasHash && !c.inMemory || e.stat.size > MaxFileSize {
				return nil
			}
			raw, err := root.ReadFile(p)
			if err != nil {
				return nil
			}
			if c.inMemory && !bytes.Equal(raw, e.file.Raw) || !c.inMemory && sha256.Sum256(raw) != e.hash {
				return nil
			}
		}
		return e.file
	}
}

// SaveCache writes the workspace's index when it differs from the one
// read: files were read and parsed anew, removed, or checked for the first
// time. It does nothing for a workspace not opened through the index, and
// it is best-effort: a read-only checkout or a full disk leave the index
// as it was, which only makes the next command slower.
func (w *Workspace) SaveCache() {
	if w.cache == nil || w.Root == "" {
		return
	}
	if !w.cacheChanged() {
		return
	}
	now := time.Now().Add(-coarseRacyWindow - time.Second).UnixNano()
	files := make([]*File, 0, len(w.Files))
	for _, f := range w.Files {
		if f.stat != (fileStat{}) {
			files = append(files, f)
		}
	}
	hashes := make([][]byte, len(files))
	_ = parallel.For(context.Background(), len(files), func(i int) {
		f := files[i]
		if f.stat.mtime < now {
			return // never racy: the index is written after it
		}
		if e := w.cache.old.entry(f.Path); e != nil && e.file == f && e.hasHash {
			hashes[i] = e.hash[:]
			return
		}
		h := sha256.Sum256(f.Raw)
		hashes[i] = h[:]
	})
	var listing *cacheListing
	if w.walkClean {
		listing = &cacheListing{key: listingKey(w.Config), dirs: w.cache.walkedDirs(), targets: w.targets, temps: w.cache.temps, checked: w.checked}
		if listing.checked == nil && w.sameAsIndex() && w.cache.old.listing != nil {
			listing.checked = w.cache.old.listing.checked // the same files: still true
		}
	}
	root, err := os.OpenRoot(w.Root)
	if err != nil {
		return
	}
	defer func() { _ = root.Close() }() // written by rename
	if MakeCacheDir(root) != nil {
		return
	}
	// An index whose writing was killed left its temporary file, as large
	// as the index (180 MB at 100,000 items). One being written by another
	// command now only fails to replace the index, which is a cache.
	_, _ = atomicfile.RemoveTemps(root, CacheDir, false, func(target string) bool { return target == path.Base(CacheFile) })
	_ = atomicfile.WriteOutputFrom(root, CacheFile, 0o644, func(out io.Writer) error {
		return encodeCache(out, cacheIdentity(), listing, files, hashes)
	})
}

// MakeCacheDir makes sure that [CacheDir] is a plain folder inside root
// ([MakeStateDir]) with the .gitignore that keeps everything in it out of
// Git. Without that file a cache could be committed, so an error means no
// cache should be written.
func MakeCacheDir(root *os.Root) error {
	if err := MakeStateDir(root, CacheDir); err != nil {
		return err
	}
	ignore := CacheDir + "/.gitignore"
	if _, err := root.Lstat(ignore); errors.Is(err, fs.ErrNotExist) {
		return atomicfile.WriteOutput(root, ignore, []byte(cacheGitIgnore), 0o644)
	}
	return nil
}

// cacheChanged reports whether the index read differs from what the
// workspace would write.
func (w *Workspace) cacheChanged() bool {
	if !w.sameAsIndex() {
		return true
	}
	for _, f := range w.Files {
		f.findingsMu.Lock()
		fresh := f.findingsNew
		f.findingsMu.Unlock()
		if fresh {
			return true
		}
	}
	if w.checked == nil || w.cache.old.listing == nil {
		return false // nothing new to keep, or no listing to keep it with
	}
	old := w.cache.old.listing.checked
	return old == nil || old.day != w.checked.day || !slices.Equal(old.list, w.checked.list)
}

// sameAsIndex reports whether the workspace holds exactly the files of the
// index it was opened through, each taken from it, listed alike.
func (w *Workspace) sameAsIndex() bool {
	old := w.cache.old
	n := 0
	for _, f := range w.Files {
		if f.stat == (fileStat{}) {
			continue
		}
		n++
		if !f.cached || old.entry(f.Path) == nil || old.entry(f.Path).file != f {
			return false
		}
	}
	if old == nil || len(old.entries) != n {
		return false
	}
	if w.walkClean != (old.listing != nil) {
		return false
	}
	return old.listing == nil || (old.listing.key == listingKey(w.Config) && maps.Equal(old.listing.dirs, w.cache.walkedDirs()))
}

func (c *cacheIndex) entry(p string) *cacheEntry {
	if c == nil {
		return nil
	}
	return c.entries[p]
}

// verifyCache reads and parses again every file the index gave, and
// returns an error naming the first that differs from its entry.
func (w *Workspace) verifyCache(ctx context.Context, fsys fs.FS) error {
	if w.cache.listed {
		if walked, diags := listTargets(fsys, w.Config, nil); len(diags) > 0 || !slices.Equal(walked, w.targets) {
			return fmt.Errorf("%s does not match the files: the record folders hold other files", CacheFile)
		}
	}
	var mu sync.Mutex
	var bad []string
	err := parallel.For(ctx, len(w.Files), func(i int) {
		f := w.Files[i]
		if !f.cached {
			return
		}
		fresh, diags, err := readAndParse(fsys, target{f.Path, f.Kind}, nil)
		what := ""
		switch {
		case err != nil || fresh == nil:
			what = "it can no longer be read"
		default:
			what = sameFile(f, fresh, diags)
		}
		if what != "" {
			mu.Lock()
			bad = append(bad, f.Path+": "+what)
			mu.Unlock()
		}
	})
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s does not match the files: %s", CacheFile, bad[0])
	}
	return nil
}

// sameFile says how a file from the index differs from the file parsed
// again, or "" when it does not.
func sameFile(cached, fresh *File, diags diag.List) string {
	switch {
	case !bytes.Equal(cached.Raw, fresh.Raw):
		return "its bytes differ"
	case cached.YAMLOffset != fresh.YAMLOffset || cached.YAMLEnd != fresh.YAMLEnd ||
		cached.LineOffset != fresh.LineOffset || cached.BodyLine != fresh.BodyLine || cached.Parsed != fresh.Parsed:
		return "its layout differs"
	case cached.Body != fresh.Body:
		return "its body differs"
	case !reflect.DeepEqual(cached.Value, fresh.Value):
		return "its values differ"
	case !sameDiags(cached.loadDiags, diags):
		return "its parse findings differ"
	}
	return ""
}

func sameDiags(a, b diag.List) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// cacheIdentity names the program that writes or reads the index: an index
// written by another build of roadlog (whose parser or schemas may differ)
// is not used.
var cacheIdentity = sync.OnceValue(func() string { return "roadlog index 1" + BuildIdentity() })

// BuildIdentity names the roadlog binary that is running: its version, its
// VCS revision and its executable's path, size and time. A cache written by
// another build is not read: what it holds may have been computed
// differently.
var BuildIdentity = sync.OnceValue(func() string {
	id := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		id += " " + info.Main.Version
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				id += " " + s.Value
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			id += fmt.Sprintf(" %s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return id
})

// SaveCacheAfterEdit writes the index for w, the workspace as an edit of
// before left it (loaded with [Options.Like] set to before), once the edit
// has written its files: the changed files and their folders are looked
// at again, everything else is as before had it. It does nothing when
// before was not opened through the index.
func (w *Workspace) SaveCacheAfterEdit(before *Workspace, changed []string) {
	if before.cache == nil || before.Root == "" {
		return
	}
	root, err := os.OpenRoot(before.Root)
	if err != nil {
		return
	}
	defer func() { _ = root.Close() }() // read only
	st := newStatter(root)
	defer st.close()
	dirs := maps.Clone(before.cache.walkedDirs())
	touched := map[string]bool{} // each folder once: an import changes thousands of files in one
	for _, p := range changed {
		if f := w.byPath[p]; f != nil {
			f.stat, _ = st.stat(p) // not kept when it cannot be read
		}
		d := path.Dir(p)
		if _, walked := dirs[d]; !walked {
			if _, recordFile := folderKind(p, w.Config); recordFile {
				w.walkClean = false // a folder the walk has not seen
			}
			continue
		}
		touched[d] = true
	}
	for d := range touched {
		ds := dirs[d]
		var ok bool
		if ds.stat, ok = st.statDir(d); ok {
			ds.names, ok = st.dirNames(d)
		}
		if !ok {
			w.walkClean = false
		}
		dirs[d] = ds
	}
	// The files written are newer than before was opened: racy to it, so
	// that a change made to one in the same clock tick is not missed.
	w.Root, w.opened = before.Root, before.opened
	w.cache = &cacheState{old: before.cache.old, dirs: dirs, names: map[string][]string{}, temps: before.cache.temps}
	w.SaveCache()
}

// Same reports whether w and o hold the same files, parsed once (the one
// was opened from the other, [OpenOptions.Prev], and nothing changed) and
// found the same on loading: what validates one validates the other.
func (w *Workspace) Same(o *Workspace) bool {
	if o == nil || len(w.Files) != len(o.Files) || !slices.Equal(w.Diagnostics, o.Diagnostics) {
		return false
	}
	for _, f := range w.Files {
		if o.byPath[f.Path] != f {
			return false
		}
	}
	return true
}

// Unchanged reports whether each file at the workspace-relative paths is
// still the one the workspace holds: its stat data match what was
// recorded when it was read (or written by an edit), and, when it was
// modified within the racy window of the workspace being opened (Git's
// "racily clean": a change in the same clock tick keeps the stat data),
// its bytes match. A path the workspace holds no file for is changed. A process that
// keeps a workspace in memory and is told that files changed (roadlog
// serve's watcher) asks this before reading it all again.
func (w *Workspace) Unchanged(paths []string) bool {
	if w.Root == "" {
		return false
	}
	root, err := os.OpenRoot(w.Root)
	if err != nil {
		return false
	}
	defer func() { _ = root.Close() }() // read only
	st := newStatter(root)
	defer st.close()
	for _, p := range paths {
		f := w.byPath[p]
		if f == nil || f.stat == (fileStat{}) {
			return false
		}
		s, ok := st.stat(p)
		if !ok || s != f.stat {
			return false
		}
		if w.opened == 0 || racy(s.mtime, w.opened) {
			raw, err := root.ReadFile(p)
			if err != nil || !bytes.Equal(raw, f.Raw) {
				return false
			}
		}
	}
	return true
}
