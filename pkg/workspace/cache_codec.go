package workspace

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"runtime"
	"slices"
	"unsafe"

	"github.com/roadlog/roadlog/pkg/parallel"

	"github.com/roadlog/roadlog/pkg/diag"
)

// The index's bytes: a header (magic, format version, the identity of the
// program that wrote it), the entries, and a CRC-32C of everything before
// it. Numbers are varints, texts and byte strings are a length and the
// bytes, and values are tagged.
const (
	cacheMagic   = "roadlog-index\n"
	cacheVersion = 2
)

// Tags of the values of a parsed document.
const (
	tagNil byte = iota
	tagFalse
	tagTrue
	tagInt
	tagFloat
	tagString
	tagList
	tagMap
)

// Forms of a file's Markdown body in an entry.
const (
	bodyNone   byte = iota // no body
	bodySuffix             // the end of the file's bytes, from an offset
	bodyText               // written out
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// encodeCache writes the index of files to w; hashes[i] is the content
// hash of files[i] when kept (nil otherwise). A file whose value cannot be
// written is left out: it will be read again. The entries are followed by a
// table of where each starts, so that they can be read on every core. The
// index goes out in pieces of about [flushAt] bytes as it is made, rather
// than whole from memory: at 100,000 items it is 180 MB.
func encodeCache(w io.Writer, identity string, l *cacheListing, files []*File, hashes [][]byte) error {
	e := &encoder{w: w, buf: make([]byte, 0, 2*flushAt)}
	e.buf = append(e.buf, cacheMagic...)
	e.uint(cacheVersion)
	e.text(identity)
	e.listing(l)
	starts := make([]uint64, 0, len(files)+1)
	for i, f := range files {
		mark := len(e.buf)
		if !e.file(f, hashes[i]) {
			e.buf = e.buf[:mark]
			continue
		}
		starts = append(starts, e.written+uint64(mark)) //nolint:gosec // a length
		if len(e.buf) >= flushAt {
			e.flush()
		}
	}
	starts = append(starts, e.offset()) // where the last entry ends
	for _, s := range starts {
		e.buf = binary.LittleEndian.AppendUint64(e.buf, s)
	}
	e.buf = binary.LittleEndian.AppendUint64(e.buf, uint64(len(starts)-1))
	e.flush()
	e.buf = binary.LittleEndian.AppendUint32(e.buf, e.crc)
	e.flush()
	return e.err
}

// flushAt is the size from which the encoder writes out what it holds.
const flushAt = 1 << 20

// encodeCacheBytes is [encodeCache] into memory.
func encodeCacheBytes(identity string, l *cacheListing, files []*File, hashes [][]byte) []byte {
	var b bytes.Buffer
	_ = encodeCache(&b, identity, l, files, hashes) // a bytes.Buffer takes every write
	return b.Bytes()
}

// decodeCache reads an index written by encodeCache for the identity; false
// when it is not one, or not this program's. The entries' strings and
// bytes are views of data, which must not change afterwards.
func decodeCache(data []byte, identity string) (map[string]*cacheEntry, *cacheListing, bool) {
	if len(data) < len(cacheMagic)+12 || string(data[:len(cacheMagic)]) != cacheMagic {
		return nil, nil, false
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, crcTable) != sum {
		return nil, nil, false
	}
	n := binary.LittleEndian.Uint64(body[len(body)-8:])
	body = body[:len(body)-8]
	if n >= uint64(len(body))/8 {
		return nil, nil, false
	}
	table := body[len(body)-8*int(n+1):] //nolint:gosec // n is less than len(body)/8
	body = body[:len(body)-len(table)]
	head := &decoder{buf: body, pos: len(cacheMagic)}
	if head.uint() != cacheVersion || head.text() != identity || head.bad {
		return nil, nil, false
	}
	listing := head.listing()
	if head.bad {
		return nil, nil, false
	}
	starts := make([]int, n+1)
	for i := range starts {
		s := binary.LittleEndian.Uint64(table[8*i:])
		if s > uint64(len(body)) || i == 0 && s != uint64(head.pos) || i > 0 && s < uint64(starts[i-1]) { //nolint:gosec // a length
			return nil, nil, false
		}
		starts[i] = int(s) //nolint:gosec // at most len(body)
	}
	if starts[n] != len(body) {
		return nil, nil, false
	}
	// Entries are read in chunks, one per core, each with its own table of
	// mapping keys.
	entries := make([]*cacheEntry, n)
	chunks := min(runtime.GOMAXPROCS(0), int(n)) //nolint:gosec // n is less than len(body)/8
	bad := make([]bool, chunks)
	_ = parallel.For(context.Background(), chunks, func(c int) {
		d := &decoder{buf: body, keys: map[string]string{}}
		for i := c * len(entries) / chunks; i < (c+1)*len(entries)/chunks; i++ {
			d.buf, d.pos = body[:starts[i+1]], starts[i]
			entries[i] = d.entry()
			if d.bad || d.pos != starts[i+1] {
				bad[c] = true
				return
			}
			entries[i].file.entry = body[starts[i]:starts[i+1]:starts[i+1]]
		}
	})
	if slices.Contains(bad, true) {
		return nil, nil, false
	}
	out := make(map[string]*cacheEntry, n)
	for _, e := range entries {
		out[e.file.Path] = e
	}
	return out, listing, true
}

// listing writes what the walk of the record folders found; a nil listing
// is written as an empty key, which never matches.
func (e *encoder) listing(l *cacheListing) {
	if l == nil {
		e.text("")
		return
	}
	e.text(l.key)
	e.bool(l.temps)
	dirs := slices.Sorted(maps.Keys(l.dirs))
	e.uint(uint64(len(dirs)))
	for _, d := range dirs {
		e.text(d)
		ds := l.dirs[d]
		e.stat(ds.stat)
		e.buf = append(e.buf, ds.names[:]...)
	}
	e.uint(uint64(len(l.targets)))
	for _, t := range l.targets {
		e.text(t.path)
		e.text(string(t.kind))
	}
	e.bool(l.checked != nil)
	if l.checked != nil {
		e.text(l.checked.day)
		e.diags(l.checked.list)
	}
}

func (d *decoder) listing() *cacheListing {
	key := d.text()
	if key == "" {
		return nil
	}
	l := &cacheListing{key: key, dirs: map[string]dirStat{}, temps: d.bool()}
	for range d.count() {
		p := d.text()
		ds := dirStat{stat: d.stat()}
		if d.pos+len(ds.names) > len(d.buf) {
			d.bad = true
			return nil
		}
		d.pos += copy(ds.names[:], d.buf[d.pos:])
		l.dirs[p] = ds
	}
	n := d.count()
	l.targets = make([]target, 0, n)
	for range n {
		l.targets = append(l.targets, target{path: d.text(), kind: FileKind(d.text())})
	}
	if d.bool() {
		l.checked = &checkedFindings{day: d.text(), list: d.diags()}
	}
	return l
}

func (e *encoder) stat(s fileStat) {
	e.int(s.size)
	e.int(s.mtime)
	e.int(s.ctime)
	e.uint(s.ino)
	e.uint(s.dev)
	e.uint(uint64(s.mode))
}

func (d *decoder) stat() fileStat {
	var s fileStat
	s.size = d.int()
	s.mtime = d.int()
	s.ctime = d.int()
	s.ino = d.uint()
	s.dev = d.uint()
	s.mode = uint32(d.uint()) //nolint:gosec // written from a uint32
	return s
}

// encoder makes the index's bytes in buf and writes them out to w at each
// flush, keeping the checksum of what it wrote.
type encoder struct {
	buf     []byte
	w       io.Writer
	written uint64 // bytes written to w
	crc     uint32 // CRC-32C of them
	err     error  // the first write that failed
}

// flush writes out what buf holds.
func (e *encoder) flush() {
	e.crc = crc32.Update(e.crc, crcTable, e.buf)
	e.written += uint64(len(e.buf))
	if e.err == nil {
		_, e.err = e.w.Write(e.buf)
	}
	e.buf = e.buf[:0]
}

// offset is where the next byte goes in the index.
func (e *encoder) offset() uint64 { return e.written + uint64(len(e.buf)) }

func (e *encoder) uint(n uint64) { e.buf = binary.AppendUvarint(e.buf, n) }
func (e *encoder) int(n int64)   { e.buf = binary.AppendVarint(e.buf, n) }
func (e *encoder) text(s string) { e.uint(uint64(len(s))); e.buf = append(e.buf, s...) }
func (e *encoder) bytes(b []byte) {
	e.uint(uint64(len(b)))
	e.buf = append(e.buf, b...)
}

func (e *encoder) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

// file writes one entry; false when its value holds what the index cannot
// keep.
func (e *encoder) file(f *File, hash []byte) bool {
	f.findingsMu.Lock()
	key, findings, fresh := f.findingsKey, f.findings, f.findingsNew
	f.findingsMu.Unlock()
	if f.entry != nil && !fresh {
		e.buf = append(e.buf, f.entry...) // as read: nothing about it changed
		return true
	}
	e.text(f.Path)
	e.text(string(f.Kind))
	e.stat(f.stat)
	e.bytes(hash)
	e.bytes(f.Raw)
	e.uint(uint64(f.YAMLOffset)) //nolint:gosec // offsets are never negative
	e.uint(uint64(f.YAMLEnd))    //nolint:gosec // offsets are never negative
	e.uint(uint64(f.LineOffset)) //nolint:gosec // counts are never negative
	e.uint(uint64(f.BodyLine))   //nolint:gosec // counts are never negative
	switch {
	case f.Body == "":
		e.buf = append(e.buf, bodyNone)
	case len(f.Body) <= len(f.Raw) && string(f.Raw[len(f.Raw)-len(f.Body):]) == f.Body:
		e.buf = append(e.buf, bodySuffix)
		e.uint(uint64(len(f.Raw) - len(f.Body)))
	default:
		e.buf = append(e.buf, bodyText)
		e.text(f.Body)
	}
	e.bool(f.Parsed)
	if !e.value(f.Value) {
		return false
	}
	e.diags(f.loadDiags)
	e.text(key)
	e.diags(findings)
	return true
}

func (e *encoder) diags(list diag.List) {
	e.uint(uint64(len(list)))
	for _, d := range list {
		e.text(d.Path)
		e.int(int64(d.Pos.Line))
		e.int(int64(d.Pos.Col))
		e.int(int64(d.Severity))
		e.text(d.Rule)
		e.text(d.Message)
		e.text(d.Hint)
	}
}

// value writes a document's value; false for a type no parser gives.
func (e *encoder) value(v any) bool {
	switch v := v.(type) {
	case nil:
		e.buf = append(e.buf, tagNil)
	case bool:
		if v {
			e.buf = append(e.buf, tagTrue)
		} else {
			e.buf = append(e.buf, tagFalse)
		}
	case int64:
		e.buf = append(e.buf, tagInt)
		e.int(v)
	case float64:
		e.buf = append(e.buf, tagFloat)
		e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(v))
	case string:
		e.buf = append(e.buf, tagString)
		e.text(v)
	case []any:
		e.buf = append(e.buf, tagList)
		e.uint(uint64(len(v)))
		for _, x := range v {
			if !e.value(x) {
				return false
			}
		}
	case map[string]any:
		e.buf = append(e.buf, tagMap)
		e.uint(uint64(len(v)))
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys) // the same index for the same files
		for _, k := range keys {
			e.text(k)
			if !e.value(v[k]) {
				return false
			}
		}
	default:
		return false
	}
	return true
}

// decoder reads what encoder wrote; past the end or on anything malformed
// it sets bad and returns zero values from then on.
type decoder struct {
	buf  []byte
	pos  int
	bad  bool
	keys map[string]string // mapping keys, shared between records
}

func (d *decoder) uint() uint64 {
	if d.bad {
		return 0
	}
	n, k := binary.Uvarint(d.buf[d.pos:])
	if k <= 0 {
		d.bad = true
		return 0
	}
	d.pos += k
	return n
}

func (d *decoder) int() int64 {
	if d.bad {
		return 0
	}
	n, k := binary.Varint(d.buf[d.pos:])
	if k <= 0 {
		d.bad = true
		return 0
	}
	d.pos += k
	return n
}

// count reads a non-negative int that fits in the bytes left.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.buf)-d.pos) {
		d.bad = true
		return 0
	}
	return int(n)
}

// offset reads an offset into b, at most len(b).
func (d *decoder) offset(limit int) int {
	n := d.uint()
	if n > uint64(limit) { //nolint:gosec // limit is a length
		d.bad = true
		return 0
	}
	return int(n)
}

// bytes returns the next byte string as a view of the index's bytes.
func (d *decoder) bytes() []byte {
	n := d.count()
	if d.bad {
		return nil
	}
	b := d.buf[d.pos : d.pos+n : d.pos+n]
	d.pos += n
	return b
}

// text returns the next text as a view of the index's bytes, which are
// never changed once read: the index of 100,000 files would otherwise be
// copied string by string.
func (d *decoder) text() string {
	b := d.bytes()
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (d *decoder) byte() byte {
	if d.bad || d.pos >= len(d.buf) {
		d.bad = true
		return 0
	}
	b := d.buf[d.pos]
	d.pos++
	return b
}

func (d *decoder) bool() bool { return d.byte() == 1 }

func (d *decoder) entry() *cacheEntry {
	f := &File{cached: true}
	f.Path = d.text()
	f.Kind = FileKind(d.text())
	f.stat = d.stat()
	e := &cacheEntry{stat: f.stat, file: f}
	if h := d.bytes(); len(h) == sha256.Size {
		e.hasHash = true
		copy(e.hash[:], h)
	}
	f.Raw = d.bytes()
	f.YAMLOffset = d.offset(len(f.Raw))
	f.YAMLEnd = d.offset(len(f.Raw))
	if f.YAMLOffset > f.YAMLEnd {
		d.bad = true
	}
	f.LineOffset = d.offset(len(f.Raw) + 1)
	f.BodyLine = d.offset(len(f.Raw) + 2)
	switch d.byte() {
	case bodyNone:
	case bodySuffix:
		if b := f.Raw[d.offset(len(f.Raw)):]; len(b) > 0 {
			f.Body = unsafe.String(&b[0], len(b)) // a view, as text gives
		}
	case bodyText:
		f.Body = d.text()
	default:
		d.bad = true
	}
	f.Parsed = d.bool()
	f.Value = d.value(0)
	f.loadDiags = d.diags()
	f.findingsKey = d.text()
	f.findings = d.diags()
	return e
}

func (d *decoder) diags() diag.List {
	n := d.count()
	if n == 0 || d.bad {
		return nil
	}
	out := make(diag.List, n)
	for i := range out {
		out[i] = diag.Diagnostic{
			Path: d.text(),
			Pos:  diag.Pos{Line: int(d.int()), Col: int(d.int())},
		}
		out[i].Severity = diag.Severity(d.int())
		out[i].Rule = d.text()
		out[i].Message = d.text()
		out[i].Hint = d.text()
	}
	return out
}

// maxDepth bounds the nesting of values, as the parsers do.
const maxDepth = 10000

func (d *decoder) value(depth int) any {
	if depth > maxDepth {
		d.bad = true
		return nil
	}
	switch d.byte() {
	case tagNil:
		return nil
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagInt:
		return d.int()
	case tagFloat:
		if d.pos+8 > len(d.buf) {
			d.bad = true
			return nil
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(d.buf[d.pos:]))
		d.pos += 8
		return f
	case tagString:
		return d.text()
	case tagList:
		n := d.count()
		out := make([]any, n)
		for i := range out {
			out[i] = d.value(depth + 1)
		}
		return out
	case tagMap:
		n := d.count()
		out := make(map[string]any, n)
		for range n {
			out[d.key()] = d.value(depth + 1)
			if d.bad {
				return nil
			}
		}
		return out
	}
	d.bad = true
	return nil
}

// key reads a mapping key, shared with the same key of other records.
func (d *decoder) key() string {
	k := d.text()
	if s, ok := d.keys[k]; ok {
		return s
	}
	d.keys[k] = k
	return k
}
