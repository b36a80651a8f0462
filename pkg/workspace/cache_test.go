package workspace

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/roadlog/roadlog/pkg/diag"
)

// cacheFiles is a small workspace with a file of every shape the index
// keeps: front matter and body, a list file, a file that does not parse,
// values of every type, and a body that is not the end of the bytes (BOM).
var cacheFiles = map[string]string{
	"roadlog.yaml":       "version: 1\n# a comment\nworkflow:\n  statuses: [todo, done]\n  closed: [done]\n",
	"roadmap.yaml":       "initiatives:\n  - id: INIT-1\n    title: Init\n    horizon: now\n",
	"backlog/A-1-x.md":   "---\nid: A-1\ntitle: Café d'été\nstatus: todo\nestimate: 2.5\nlabels: [x, y]\nscore: {reach: 10}\nflag: true\nnone: null\n---\nBody with **Markdown**\n",
	"backlog/A-2-y.md":   "\ufeff---\nid: A-2\ntitle: BOM\nstatus: done\n---\nBody\r\n",
	"backlog/A-3-z.md":   "---\nid: A-3\ntitle: [unclosed\n---\n",
	"backlog/sub/A-4.md": "---\nid: A-4\ntitle: Nested\nstatus: todo\n---\n",
	"insights/I-1.md":    "---\nid: I-1\ntitle: Insight\n---\n",
}

func writeWorkspace(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// settle makes every file of dir older than the racy window, as files are
// when a user runs a second command.
func settle(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, dir string, opts OpenOptions) *Workspace {
	t.Helper()
	ws, err := OpenWith(t.Context(), dir, opts)
	if err != nil {
		t.Fatalf("OpenWith: %v", err)
	}
	return ws
}

// sameWorkspace fails when two loads of a workspace differ in anything a
// command sees.
func sameWorkspace(t *testing.T, want, got *Workspace) {
	t.Helper()
	if !reflect.DeepEqual(want.FilePaths(), got.FilePaths()) {
		t.Fatalf("files: want %v, got %v", want.FilePaths(), got.FilePaths())
	}
	for i, w := range want.Files {
		if what := sameFile(got.Files[i], w, w.loadDiags); what != "" {
			t.Errorf("%s: %s", w.Path, what)
		}
	}
	if !reflect.DeepEqual(want.Diagnostics, got.Diagnostics) {
		t.Errorf("diagnostics: want %v, got %v", want.Diagnostics, got.Diagnostics)
	}
	if len(want.Records) != len(got.Records) {
		t.Fatalf("records: want %d, got %d", len(want.Records), len(got.Records))
	}
	for i, r := range want.Records {
		if !reflect.DeepEqual(r.Model, got.Records[i].Model) {
			t.Errorf("record %s: want %+v, got %+v", r.ID(), r.Model, got.Records[i].Model)
		}
	}
}

func cachedCount(ws *Workspace) int {
	n := 0
	for _, f := range ws.Files {
		if f.cached {
			n++
		}
	}
	return n
}

func TestCacheGivesTheSameWorkspace(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	settle(t, dir)
	fresh := open(t, dir, OpenOptions{NoCache: true})
	if _, err := os.Lstat(filepath.Join(dir, CacheDir)); !os.IsNotExist(err) {
		t.Fatalf("--no-cache made %s: %v", CacheDir, err)
	}
	first := open(t, dir, OpenOptions{})
	if n := cachedCount(first); n != 0 {
		t.Fatalf("no index yet, but %d files came from it", n)
	}
	first.Files[1].SetFindings("key", diag.List{{Path: first.Files[1].Path, Pos: diag.Pos{Line: 2, Col: 3}, Severity: diag.Error, Rule: "schema", Message: "m", Hint: "h"}})
	first.SaveCache()
	ignore, err := os.ReadFile(filepath.Join(dir, CacheDir, ".gitignore"))
	if err != nil || string(ignore) != cacheGitIgnore {
		t.Fatalf(".gitignore = %q, %v", ignore, err)
	}

	second := open(t, dir, OpenOptions{VerifyCache: true})
	if n, want := cachedCount(second), len(fresh.Files); n != want {
		t.Errorf("%d of %d files came from the index", n, want)
	}
	if !second.cache.listed {
		t.Error("the record folders were walked again, with nothing changed")
	}
	sameWorkspace(t, fresh, second)
	if got, ok := second.Files[1].Findings("key"); !ok || len(got) != 1 || got[0].Message != "m" || got[0].Pos.Col != 3 {
		t.Errorf("findings kept: %v, %v", got, ok)
	}
	if _, ok := second.Files[1].Findings("other schemas"); ok {
		t.Error("findings kept for other schemas were given")
	}
	if _, ok := second.Files[0].Findings("key"); ok {
		t.Error("a file never checked has findings")
	}
	before, _ := os.Stat(filepath.Join(dir, CacheFile))
	second.SaveCache() // nothing changed: not written again
	after, _ := os.Stat(filepath.Join(dir, CacheFile))
	if !before.ModTime().Equal(after.ModTime()) || !os.SameFile(before, after) {
		t.Error("the index was written again with nothing changed")
	}
}

// TestCacheSeesNewFilesDeep: a file added to a sub-folder changes only that
// folder; it is found.
func TestCacheSeesNewFilesDeep(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	settle(t, dir)
	open(t, dir, OpenOptions{}).SaveCache()
	if err := os.WriteFile(filepath.Join(dir, "backlog", "sub", "A-5.md"), []byte("---\nid: A-5\ntitle: Deep\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ws := open(t, dir, OpenOptions{VerifyCache: true})
	if ws.File("backlog/sub/A-5.md") == nil {
		t.Fatal("a file added to a sub-folder was not found")
	}
	sameWorkspace(t, open(t, dir, OpenOptions{NoCache: true}), ws)
}

func TestCacheSeesChanges(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	settle(t, dir)
	open(t, dir, OpenOptions{}).SaveCache()

	// A changed file (same size), a removed one and a new one.
	item := filepath.Join(dir, "backlog", "A-1-x.md")
	raw, _ := os.ReadFile(item)
	changed := []byte(string(raw[:len(raw)-2]) + "!\n")
	if err := os.WriteFile(item, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "insights", "I-1.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "insights", "I-2.md"), []byte("---\nid: I-2\ntitle: New\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ws := open(t, dir, OpenOptions{VerifyCache: true})
	sameWorkspace(t, open(t, dir, OpenOptions{NoCache: true}), ws)
	if ws.cache.listed {
		t.Error("folders that changed were not walked")
	}
	if f := ws.File("backlog/A-1-x.md"); f.cached || f.Body != "Body with **Markdown*!\n" {
		t.Errorf("changed file: cached %v, body %q", f.cached, f.Body)
	}
	if ws.File("insights/I-1.md") != nil || ws.File("insights/I-2.md") == nil {
		t.Error("removed or new file not seen")
	}
	if n, want := cachedCount(ws), len(ws.Files)-2; n != want {
		t.Errorf("%d files came from the index, want %d", n, want)
	}
}

// TestCacheRacilyClean: a file whose stat data match its entry but that
// changed within the racy window of the index is read and compared by
// content, as Git does for racily clean entries.
func TestCacheRacilyClean(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = root.Close() }()
	st := newStatter(root)
	defer st.close()
	const p = "backlog/A-1-x.md"
	s, ok := st.stat(p)
	if !ok {
		t.Fatal("no stat data")
	}
	cached := &File{Path: p, Kind: FileItem, cached: true}
	raw, _ := os.ReadFile(filepath.Join(dir, p))
	for _, tc := range []struct {
		name   string
		mtime  int64 // of the index
		hash   []byte
		reused bool
	}{
		{"old enough", s.mtime + int64(time.Hour), nil, true},
		{"racy, same content", s.mtime, raw, true},
		{"racy, other content", s.mtime, []byte("other"), false},
		{"racy, no hash kept", s.mtime, nil, false},
	} {
		e := &cacheEntry{stat: s, file: cached}
		if tc.hash != nil {
			e.hash, e.hasHash = sha256.Sum256(tc.hash), true
		}
		idx := &cacheIndex{mtime: tc.mtime, entries: map[string]*cacheEntry{p: e}}
		if got := idx.reuse(root, st)(p, FileItem) != nil; got != tc.reused {
			t.Errorf("%s: reused %v, want %v", tc.name, got, tc.reused)
		}
	}
	other := s
	other.ctime++
	idx := &cacheIndex{mtime: s.mtime + int64(time.Hour), entries: map[string]*cacheEntry{p: {stat: other, file: cached}}}
	if idx.reuse(root, st)(p, FileItem) != nil {
		t.Error("a file whose change time differs was reused")
	}
	if idx.reuse(root, st)(p, FileInsight) != nil {
		t.Error("an entry of another kind was reused")
	}
}

func TestCacheNotTrusted(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	settle(t, dir)
	open(t, dir, OpenOptions{}).SaveCache()
	index := filepath.Join(dir, CacheFile)
	good, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	want := open(t, dir, OpenOptions{NoCache: true})
	for name, data := range map[string][]byte{
		"empty":         {},
		"truncated":     good[:len(good)/2],
		"a bit flips":   flip(good, len(good)/3),
		"not an index":  []byte("hello\n"),
		"another build": encodeCacheBytes("another roadlog", nil, want.Files, make([][]byte, len(want.Files))),
	} {
		if err := os.WriteFile(index, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ws := open(t, dir, OpenOptions{})
		if n := cachedCount(ws); n != 0 {
			t.Errorf("%s: %d files came from the index", name, n)
		}
		sameWorkspace(t, want, ws)
		ws.SaveCache()
		if again := open(t, dir, OpenOptions{}); cachedCount(again) != len(want.Files) {
			t.Errorf("%s: the index was not written again", name)
		}
	}
}

func flip(b []byte, i int) []byte {
	out := append([]byte(nil), b...)
	out[i] ^= 0x10
	return out
}

// TestCacheNotWritable: where the index cannot be written (a file where its
// folder would be, a symlinked folder), commands work as without it.
func TestCacheNotWritable(t *testing.T) {
	for name, setup := range map[string]func(dir string) error{
		"state dir is a file": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, StateDir), []byte("x"), 0o644)
		},
		"cache dir is a symlink": func(dir string) error {
			if err := os.Mkdir(filepath.Join(dir, StateDir), 0o755); err != nil {
				return err
			}
			return os.Symlink(t.TempDir(), filepath.Join(dir, CacheDir))
		},
	} {
		dir := writeWorkspace(t, cacheFiles)
		if err := setup(dir); err != nil {
			t.Fatal(err)
		}
		ws := open(t, dir, OpenOptions{})
		ws.SaveCache()
		sameWorkspace(t, open(t, dir, OpenOptions{NoCache: true}), open(t, dir, OpenOptions{}))
		if _, err := os.Lstat(filepath.Join(dir, CacheFile)); err == nil {
			t.Errorf("%s: the index was written", name)
		}
	}
}

func FuzzDecodeCache(f *testing.F) {
	ws := load(f, cacheFiles)
	for _, file := range ws.Files {
		file.stat = fileStat{size: int64(len(file.Raw)), mtime: 1}
	}
	good := encodeCacheBytes("id", &cacheListing{key: "k", dirs: map[string]dirStat{"backlog": {stat: fileStat{size: 1}}}, targets: []target{{"backlog/A-1.md", FileItem}}}, ws.Files, make([][]byte, len(ws.Files)))
	f.Add(good)
	f.Add(good[:len(good)-5])
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, listing, ok := decodeCache(data, "id")
		if !ok {
			return
		}
		// What decodes encodes back to the same entries.
		files := make([]*File, 0, len(entries))
		for _, e := range entries {
			files = append(files, e.file)
		}
		again, _, ok := decodeCache(encodeCacheBytes("id", listing, files, make([][]byte, len(files))), "id")
		if !ok || len(again) != len(entries) {
			t.Fatalf("re-encoded index: %v, %d entries of %d", ok, len(again), len(entries))
		}
	})
}

// TestFolderKindAgreesWithWalk: the files an edit adds are listed as a walk
// of the record folders would find them.
func TestFolderKindAgreesWithWalk(t *testing.T) {
	cfg := DefaultConfig()
	for _, p := range []string{
		"backlog/A-1.md", "backlog/A-1.MARKDOWN", "backlog/sub/deep/A-2.md", "backlog/README.md",
		"backlog/readme.markdown", "backlog/.hidden.md", "backlog/.dir/A-3.md", "backlog/sub/.x/A-4.md",
		"backlog/A-5.txt", "backlog2/A-6.md", "insights/I-1.md", "decisions/D-1.md", "roadmap.yaml",
		"product.md", "A-7.md", "backlog/A-8.md.roadlog-0a1b2c3d4e5f.tmp",
	} {
		fsys := fstest.MapFS{p: {Data: []byte("x")}}
		targets, _ := listTargets(fsys, cfg, nil)
		var walked FileKind
		for _, tg := range targets {
			if tg.path == p && tg.kind.Markdown() && tg.kind != FileProduct {
				walked = tg.kind
			}
		}
		kind, _ := folderKind(p, cfg)
		if kind != walked {
			t.Errorf("%s: folderKind %q, the walk %q", p, kind, walked)
		}
	}
}

// TestCacheRacyFolders: folders changed just before the index was written
// are checked by the names in them, so that the command after an edit does
// not walk the folders again, and still sees a file added since.
func TestCacheRacyFolders(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	open(t, dir, OpenOptions{}).SaveCache()
	cfg := open(t, dir, OpenOptions{}).Config
	st := newStatter(mustRoot(t, dir))
	defer st.close()
	idx := readCache(mustRoot(t, dir))
	var newest int64
	for _, ds := range idx.listing.dirs {
		newest = max(newest, ds.stat.mtime)
	}
	idx.mtime = newest // every folder racy
	if _, ok := idx.listingFor(st)(cfg); !ok {
		t.Error("racy folders whose names match were walked again")
	}
	for d, ds := range idx.listing.dirs {
		ds.names[0] ^= 1
		idx.listing.dirs[d] = ds
	}
	if _, ok := idx.listingFor(st)(cfg); ok {
		t.Error("racy folders whose names differ were trusted")
	}
	idx.mtime = newest + int64(time.Hour)
	if _, ok := idx.listingFor(st)(cfg); !ok {
		t.Error("folders older than the index were not trusted")
	}
}

func mustRoot(t *testing.T, dir string) *os.Root {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// TestCacheSeesNewFolder: a record folder that was not there when the index
// was written is looked for again.
func TestCacheSeesNewFolder(t *testing.T) {
	files := map[string]string{"roadlog.yaml": "version: 1\n"}
	dir := writeWorkspace(t, files)
	settle(t, dir)
	open(t, dir, OpenOptions{}).SaveCache()
	if ws := open(t, dir, OpenOptions{}); !ws.cache.listed {
		t.Fatal("an unchanged workspace without record folders was walked again")
	}
	writeFiles := map[string]string{"decisions/D-1.md": "---\nid: D-1\ntitle: New\n---\n"}
	for p, c := range writeFiles {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if ws := open(t, dir, OpenOptions{VerifyCache: true}); ws.File("decisions/D-1.md") == nil {
		t.Error("a file in a new record folder was not found")
	}
}

// TestUnchanged tells a file the workspace holds as it is from one that
// changed, was removed, or that it does not hold, by stat data and, when
// the change is too recent for them, by bytes.
func TestUnchanged(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("roadlog.yaml", "version: 1\n")
	write("backlog/A-1.md", "---\nid: A-1\ntitle: One\nstatus: idea\n---\n")
	write("backlog/A-2.md", "---\nid: A-2\ntitle: Two\nstatus: idea\n---\n")
	ws, err := OpenWith(context.Background(), dir, OpenOptions{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if !ws.Unchanged([]string{"backlog/A-1.md", "roadlog.yaml"}) || !ws.Unchanged(nil) {
		t.Error("files as read are changed")
	}
	// Read just now (racily clean): its bytes are compared, and match.
	if !ws.Unchanged([]string{"backlog/A-2.md"}) {
		t.Error("a file read just now is changed")
	}
	write("backlog/A-2.md", "---\nid: A-2\ntitle: Two\nstatus: done\n---\n")
	if ws.Unchanged([]string{"backlog/A-2.md"}) || ws.Unchanged([]string{"backlog/A-1.md", "backlog/A-2.md"}) {
		t.Error("a file with new bytes is unchanged")
	}
	write("backlog/A-3.md", "---\nid: A-3\ntitle: Three\nstatus: idea\n---\n")
	if ws.Unchanged([]string{"backlog/A-3.md"}) {
		t.Error("a file the workspace does not hold is unchanged")
	}
	if err := os.Remove(filepath.Join(dir, "backlog/A-1.md")); err != nil {
		t.Fatal(err)
	}
	if ws.Unchanged([]string{"backlog/A-1.md"}) {
		t.Error("a removed file is unchanged")
	}
}

// TestOpenPrev opens a workspace again from one kept in memory: files
// whose stat data match are taken as they are, with their records; a
// changed, a new and a racily clean file are read; and the result is what
// reading every file gives.
func TestOpenPrev(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	settle(t, dir)
	prev := open(t, dir, OpenOptions{})
	again := open(t, dir, OpenOptions{Prev: prev})
	sameWorkspace(t, open(t, dir, OpenOptions{NoCache: true}), again)
	for _, f := range prev.Files {
		if again.File(f.Path) != f {
			t.Errorf("%s was read again, though unchanged", f.Path)
		}
	}
	if r := again.Find("A-1"); r == nil || r != prev.Find("A-1") {
		t.Error("the record of an unchanged file was built again")
	}
	if !again.Same(prev) || !prev.Same(again) {
		t.Error("a workspace opened from another, unchanged, is not the same")
	}

	// A changed file (same size), and a new one in a folder of its own.
	item := filepath.Join(dir, "backlog", "A-1-x.md")
	raw, _ := os.ReadFile(item)
	if err := os.WriteFile(item, []byte(string(raw[:len(raw)-2])+"!\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "backlog", "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "backlog", "new", "A-5.md"), []byte("---\nid: A-5\ntitle: New\nstatus: todo\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	next := open(t, again.Root, OpenOptions{Prev: again})
	sameWorkspace(t, open(t, dir, OpenOptions{NoCache: true}), next)
	if f := next.File("backlog/A-1-x.md"); f == again.File("backlog/A-1-x.md") || f.Body != "Body with **Markdown*!\n" {
		t.Errorf("the changed file was taken as it was: body %q", f.Body)
	}
	if next.Find("A-5") == nil {
		t.Error("the new file was not seen")
	}
	if next.Same(again) {
		t.Error("workspaces with different files are the same")
	}

	// Bytes held that differ from the disk's under the same stat data, as
	// after a change in the clock tick the file was read in: trusted when
	// the file is older than the opening by more than the racy window,
	// else compared.
	const p = "backlog/A-2-y.md"
	held := next.File(p)
	held.Raw = []byte("not what the disk holds")
	if reopened := open(t, dir, OpenOptions{Prev: next}); reopened.File(p) != held {
		t.Error("a file older than the racy window was compared")
	}
	next.opened = held.stat.mtime
	if reopened := open(t, dir, OpenOptions{Prev: next}); reopened.File(p) == held {
		t.Error("a racily clean file whose bytes differ was taken as it was")
	}

	// Another folder, or a forced check of the index, is not served from
	// memory.
	if other := open(t, writeWorkspace(t, cacheFiles), OpenOptions{Prev: next}); other.File(p) == held {
		t.Error("a workspace of another folder served as the index")
	}
}

// TestUnchangedSameTick: a file whose stat data match but which was
// modified within the racy window of the workspace being opened has its
// bytes compared, however long ago that was: a change in the same clock
// tick keeps the stat data.
func TestUnchangedSameTick(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	settle(t, dir)
	ws := open(t, dir, OpenOptions{NoCache: true})
	const p = "backlog/A-1-x.md"
	ws.File(p).Raw = []byte("not what the disk holds")
	if !ws.Unchanged([]string{p}) {
		t.Error("a file modified long before it was read is changed")
	}
	ws.opened = ws.File(p).stat.mtime
	if ws.Unchanged([]string{p}) {
		t.Error("a file modified in the tick it was read in, with other bytes, is unchanged")
	}
}

// TestKeepFindingsWithoutListing: a workspace whose walk found something
// (a record folder that is a symlink out of it) keeps no listing in its index, so neither
// validate's findings: saving and opening it again keep working.
func TestKeepFindingsWithoutListing(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "A-9.md"), []byte("---\nid: A-9\ntitle: Out\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "insights")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "insights")); err != nil {
		t.Fatal(err)
	}
	settle(t, dir)
	for range 3 {
		ws := open(t, dir, OpenOptions{})
		if ws.walkClean {
			t.Fatal("a walk that met a symlink out of the workspace is clean")
		}
		if _, ok := ws.CheckedFindings("2026-12-02"); ok {
			t.Error("findings kept without a listing")
		}
		ws.KeepFindings("2026-12-02", diag.List{{Path: "backlog/A-9.md", Rule: "parse", Message: "m"}})
		ws.SaveCache()
	}
}

// TestEncodeCacheInPieces shows an index larger than the encoder holds
// (so written out in several pieces, each entry's offset counted across
// them) decoding to every entry, with the same bytes as one written whole
// would have.
func TestEncodeCacheInPieces(t *testing.T) {
	files := make([]*File, 4000)
	body := strings.Repeat("Text of the story. ", 40)
	for i := range files {
		raw := fmt.Sprintf("---\nid: A-%d\ntitle: Story %d\n---\n%s\n", i+1, i+1, body)
		f, _ := Parse(fmt.Sprintf("backlog/A-%d.md", i+1), FileItem, []byte(raw))
		f.stat = fileStat{size: int64(len(raw)), mtime: int64(i + 1)}
		files[i] = f
	}
	hashes := make([][]byte, len(files))
	data := encodeCacheBytes("id", nil, files, hashes)
	if len(data) < 3*flushAt {
		t.Fatalf("the index is %d bytes: too small to be written in pieces", len(data))
	}
	var pieces countingWriter
	if err := encodeCache(&pieces, "id", nil, files, hashes); err != nil {
		t.Fatal(err)
	}
	if pieces.writes < 3 || !bytes.Equal(pieces.Bytes(), data) {
		t.Fatalf("%d writes, same bytes %v", pieces.writes, bytes.Equal(pieces.Bytes(), data))
	}
	entries, _, ok := decodeCache(data, "id")
	if !ok || len(entries) != len(files) {
		t.Fatalf("decoded %v, %d entries of %d", ok, len(entries), len(files))
	}
	for _, f := range files {
		e := entries[f.Path]
		if e == nil || !bytes.Equal(e.file.Raw, f.Raw) || e.file.Body != f.Body || e.stat != f.stat {
			t.Fatalf("%s: not decoded as encoded", f.Path)
		}
	}
}

// countingWriter is a bytes.Buffer that counts the writes made to it.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// TestCacheRemovesKilledWrite shows the temporary file of an index write
// that was killed removed by the next write of the index, and a
// temporary file of another of the folder's files left alone.
func TestCacheRemovesKilledWrite(t *testing.T) {
	dir := writeWorkspace(t, cacheFiles)
	killed := filepath.Join(dir, filepath.FromSlash(CacheDir), ".index.roadlog-0a1b2c3d4e5f.tmp")
	other := filepath.Join(dir, filepath.FromSlash(CacheDir), ".flow.roadlog-0a1b2c3d4e5f.tmp")
	if err := os.MkdirAll(filepath.Dir(killed), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{killed, other} {
		if err := os.WriteFile(p, []byte("half an index"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	open(t, dir, OpenOptions{}).SaveCache()
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Errorf("the killed write's file is still there: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another file's temporary file was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(CacheFile))); err != nil {
		t.Errorf("no index written: %v", err)
	}
}
