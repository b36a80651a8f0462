package report

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/atomicfile"
)

// cacheHeader opens a page cache, before the time it was written.
const cacheHeader = "roadlog report cache 1 "

// racyWindow is how close to the time a cache was written a file's time
// may be for its stamp to be trusted: a file changed within the clock's
// granularity of when roadlog looked at it could keep the same time, so
// such a file is read again, as Git does with "racily clean" entries.
var racyWindow = 100 * time.Millisecond

// pageCache is what the report remembers between runs of each file it
// wrote into a folder: the key of what it was made from, the hash of its
// bytes and its stamp (size, time, inode) as roadlog left it. It is only a
// hint: an entry counts when the file's stamp still matches, and a
// missing, stale or corrupt cache makes pages be made again, never a
// wrong page.
type pageCache struct {
	saved   int64 // when it was written, in Unix nanoseconds
	entries map[string]cacheEntry
}

type cacheEntry struct {
	key, hash, stamp string
}

// settled reports whether a file's time is far enough before the cache
// was written for its stamp to say that its bytes did not change since.
func (c *pageCache) settled(fi fs.FileInfo) bool {
	return fi.ModTime().UnixNano() < c.saved-int64(racyWindow)
}

// loadCache reads the cache at name inside the folder dir; an empty one
// when there is none or it does not parse.
func loadCache(dir, name string) *pageCache {
	c := &pageCache{entries: map[string]cacheEntry{}}
	if dir == "" {
		return c
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return c
	}
	defer func() { _ = root.Close() }() // read only
	if fi, err := root.Lstat(name); err != nil || !fi.Mode().IsRegular() {
		return c
	}
	data, err := root.ReadFile(name)
	if err != nil {
		return c
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), cacheHeader) {
		return c
	}
	saved, err := strconv.ParseInt(strings.TrimPrefix(sc.Text(), cacheHeader), 10, 64)
	if err != nil {
		return c
	}
	entries := map[string]cacheEntry{}
	for sc.Scan() {
		// KEY HASH STAMP PATH; the key is "-" when the file has none.
		f := strings.SplitN(sc.Text(), " ", 4)
		if len(f) != 4 || !isHash(f[1]) || f[2] == "" || !fs.ValidPath(f[3]) {
			return c
		}
		if f[0] == "-" {
			f[0] = ""
		}
		entries[f[3]] = cacheEntry{key: f[0], hash: f[1], stamp: f[2]}
	}
	if sc.Err() != nil || !bytes.HasSuffix(data, []byte("\n")) {
		return c
	}
	c.saved, c.entries = saved, entries
	return c
}

// saveCache writes the cache at name inside the folder dir: for each file
// at paths whose stamp is known, its key, hash and stamp. A cache that
// cannot be written is left out: the next run makes every page.
func saveCache(dir, name string, paths, keys, hashes, stamps []string) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return
	}
	defer func() { _ = root.Close() }() // written with atomicfile
	if err := root.MkdirAll(path.Dir(name), 0o755); err != nil {
		return
	}
	var b bytes.Buffer
	b.WriteString(cacheHeader + strconv.FormatInt(time.Now().UnixNano(), 10) + "\n")
	for i, p := range paths {
		if stamps[i] == "" || hashes[i] == "" {
			continue
		}
		key := keys[i]
		if key == "" {
			key = "-"
		}
		b.WriteString(key + " " + hashes[i] + " " + stamps[i] + " " + p + "\n")
	}
	_ = atomicfile.WriteOutput(root, name, b.Bytes(), 0o644)
}
