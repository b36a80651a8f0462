package flow

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strconv"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// CacheFile is the cache of the last history built, relative to the
// workspace root, beside the workspace's index (in [workspace.CacheDir],
// which Git ignores).
const CacheFile = workspace.CacheDir + "/flow"

// The cache's bytes: the magic, the format version, the key (the build of
// roadlog that wrote it, the commit the walk ended at, whether the clone
// was shallow, the workspace's folder in the repository), the history as
// gob, and a CRC-32C of everything before it. A cache that does not parse
// or whose key does not match is never used.
const (
	cacheMagic   = "roadlog-flow\n"
	cacheVersion = 2
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Load returns the history up to opts.Rev, from the cache under root when
// it holds the history of that very commit, else by [Build], saving it in
// the cache. cached says which. Writing the cache is best effort: a
// read-only checkout only makes the next run slower. root "" or
// opts.NoCache uses no cache.
func Load(ctx context.Context, git *gitx.Client, root string, opts Options) (h *History, cached bool, err error) {
	rev := opts.Rev
	if rev == "" {
		rev = "HEAD"
	}
	head, err := git.Resolve(ctx, rev)
	if err != nil {
		if rev == "HEAD" {
			return nil, false, gitx.ErrNoCommits
		}
		return nil, false, err
	}
	if opts.NoCache {
		root = ""
	}
	key := cacheKey(head, git.Shallow(ctx), git.Prefix)
	var data []byte
	if root != "" {
		if h, data = readCache(root, key); h != nil && !opts.VerifyCache {
			return h, true, nil
		}
	}
	h, err = Build(ctx, git, Options{Rev: head})
	if err != nil {
		return nil, false, err
	}
	if root == "" {
		return h, false, nil
	}
	fresh, err := encodeCache(key, h)
	if err != nil {
		return h, false, nil //nolint:nilerr // a history gob cannot write is only not cached
	}
	if data != nil {
		if !bytes.Equal(data, fresh) {
			return nil, false, fmt.Errorf("the history cache %s differs from the history of %s; remove it and report this", CacheFile, gitx.Short(head))
		}
		return h, true, nil
	}
	writeCache(root, fresh)
	return h, false, nil
}

func cacheKey(head string, shallow bool, prefix string) string {
	return workspace.BuildIdentity() + "\x00" + head + "\x00" + strconv.FormatBool(shallow) + "\x00" + prefix
}

// readCache returns the cached history for key and the cache's bytes, or
// nil.
func readCache(dir, key string) (*History, []byte) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil
	}
	defer func() { _ = root.Close() }() // read only
	fi, err := root.Lstat(CacheFile)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, nil
	}
	data, err := root.ReadFile(CacheFile)
	if err != nil {
		return nil, nil
	}
	h := decodeCache(data, key)
	if h == nil {
		return nil, nil
	}
	return h, data
}

// decodeCache reads a cache written by encodeCache for key; nil when it
// is damaged, of another version or for another key.
func decodeCache(data []byte, key string) *History {
	if len(data) < len(cacheMagic)+4 || !bytes.HasPrefix(data, []byte(cacheMagic)) {
		return nil
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, crcTable) != sum {
		return nil
	}
	r := bytes.NewReader(body[len(cacheMagic):])
	v, err := binary.ReadUvarint(r)
	if err != nil || v != cacheVersion {
		return nil
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n != uint64(len(key)) || n > uint64(r.Len()) {
		return nil
	}
	got := make([]byte, n)
	if _, err := io.ReadFull(r, got); err != nil || string(got) != key {
		return nil
	}
	h := &History{}
	if err := gob.NewDecoder(r).Decode(h); err != nil || r.Len() != 0 {
		return nil
	}
	return h
}

// encodeCache writes the cache of h for key.
func encodeCache(key string, h *History) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(cacheMagic)
	b.Write(binary.AppendUvarint(nil, cacheVersion))
	b.Write(binary.AppendUvarint(nil, uint64(len(key))))
	b.WriteString(key)
	if err := gob.NewEncoder(&b).Encode(h); err != nil {
		return nil, err
	}
	return binary.LittleEndian.AppendUint32(b.Bytes(), crc32.Checksum(b.Bytes(), crcTable)), nil
}

// writeCache saves the cache's bytes, or leaves it as it was when it
// cannot.
func writeCache(dir string, data []byte) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return
	}
	defer func() { _ = root.Close() }() // written by rename
	if workspace.MakeCacheDir(root) != nil {
		return
	}
	_ = atomicfile.WriteOutput(root, CacheFile, data, 0o644)
}

// gob leaves out zero values, and follows pointers: a pointer to 0 would
// come back from the cache as nil (a key result's baseline 0 as none). Key
// results go to the cache as krGob, whose numbers say whether they are set.
type (
	krGob struct {
		ID, Objective, Title string
		Baseline, Target     optGob
		Removed              bool
		Values               []valueGob
	}
	valueGob struct {
		Day   Day
		Value optGob
	}
	optGob struct {
		Set bool
		V   float64
	}
)

func optOf(f *float64) optGob {
	if f == nil {
		return optGob{}
	}
	return optGob{Set: true, V: *f}
}

func (o optGob) ptr() *float64 {
	if !o.Set {
		return nil
	}
	v := o.V
	return &v
}

// GobEncode writes the key result for the cache.
func (k *KeyResultLine) GobEncode() ([]byte, error) {
	g := krGob{ID: k.ID, Objective: k.Objective, Title: k.Title, Baseline: optOf(k.Baseline), Target: optOf(k.Target), Removed: k.Removed}
	for _, v := range k.Values {
		g.Values = append(g.Values, valueGob{Day: v.Day, Value: optOf(v.Value)})
	}
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(&g)
	return b.Bytes(), err
}

// GobDecode reads a key result GobEncode wrote.
func (k *KeyResultLine) GobDecode(data []byte) error {
	var g krGob
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&g); err != nil {
		return err
	}
	*k = KeyResultLine{ID: g.ID, Objective: g.Objective, Title: g.Title, Baseline: g.Baseline.ptr(), Target: g.Target.ptr(), Removed: g.Removed}
	for _, v := range g.Values {
		k.Values = append(k.Values, Value{Day: v.Day, Value: v.Value.ptr()})
	}
	return nil
}
