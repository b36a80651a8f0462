package report

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strconv"
	"sync"

	"github.com/roadlog/roadlog/pkg/workspace"
)

// keyVersion changes whenever what a page's key hashes changes, so that
// keys kept by an older roadlog never match.
const keyVersion = "roadlog report page key 2"

// executable identifies the running roadlog by its file's size and time,
// so that keys kept by another build never match, even with the same
// version string (a build from source says "dev"). "" when it cannot be
// told: then no page has a key, and every page is made.
var executable = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return exe + "\x00" + strconv.FormatInt(fi.Size(), 10) + "\x00" + strconv.FormatInt(fi.ModTime().UnixNano(), 10)
})

// writeField writes s into h after its length, so that no two lists of
// fields hash alike.
func writeField(h hash.Hash, s string) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}

// siteKey hashes what every record page is made from beyond its own
// record: the build of roadlog, the options, the frame around each page
// (site title, navigation, version, stamp), the templates, and what
// becomes of the IDs that text mentions (every ID of the workspace, the
// page of each, the hidden ones and the hidden fields). "" when the build
// cannot be told.
func (b *builder) siteKey(f frame) string {
	exe := executable()
	if exe == "" {
		return ""
	}
	h := sha256.New()
	writeField(h, keyVersion)
	writeField(h, exe)
	writeField(h, b.opts.Version)
	writeField(h, strconv.FormatBool(b.opts.Public))
	writeField(h, f.beforeTitle)
	writeField(h, f.beforeBody)
	writeField(h, f.after)
	_ = fs.WalkDir(templateFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := templateFS.ReadFile(p)
		writeField(h, p)
		writeField(h, string(data))
		return err
	})
	for _, id := range b.p.WS.IDs() { // sorted
		writeField(h, id)
	}
	writeField(h, "names")
	for _, id := range slices.Sorted(maps.Keys(b.names)) {
		writeField(h, id)
		writeField(h, b.names[id])
	}
	writeField(h, "hidden")
	for _, id := range slices.Sorted(maps.Keys(b.hidden)) {
		writeField(h, id)
	}
	writeField(h, "fields")
	for _, f := range slices.Sorted(maps.Keys(b.fields)) {
		writeField(h, f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// recordKey hashes everything the page of a record is made from: the
// site's key and what the page shows (its fields as shown, computed
// values, the titles and links of the records it names and that name it,
// and the Markdown of its body). Two pages with the same key have the
// same bytes. "" when site is "" or the page cannot be described.
func (b *builder) recordKey(site string, r *workspace.Record) string {
	if site == "" {
		return ""
	}
	v, body := b.recordView(r, "../")
	k := keyBytes{buf: make([]byte, 0, 2048)}
	k.field(site)
	if !k.view(v) {
		return ""
	}
	k.field(body)
	k.field(b.titleOf(r))
	sum := sha256.Sum256(k.buf)
	return hex.EncodeToString(sum[:])
}

// keyBytes gathers what a key hashes, each string after its length (as
// [writeField] writes them), so that no two lists of fields hash alike:
// appended to one buffer and hashed once, as a page of a record is
// described by some fifty strings.
type keyBytes struct{ buf []byte }

func (k *keyBytes) field(s string) {
	k.buf = binary.LittleEndian.AppendUint64(k.buf, uint64(len(s)))
	k.buf = append(k.buf, s...)
}

func (k *keyBytes) count(n int) { k.field(strconv.Itoa(n)) }

func (k *keyBytes) refs(rs []ref) {
	k.count(len(rs))
	for _, r := range rs {
		k.field(r.ID)
		k.field(r.Title)
		k.field(r.URL)
	}
}

func (k *keyBytes) fields(fs []fieldView) {
	k.count(len(fs))
	for _, f := range fs {
		k.field(f.Name)
		k.field(f.Text)
		k.refs(f.Refs)
	}
}

// view adds every part of a record's view, each list after its length;
// false when a part cannot be written. The strings go in as they are:
// as JSON, they took a fifth of the time of a page's key.
func (k *keyBytes) view(v recordView) bool {
	k.field(v.Kind)
	k.field(v.ID)
	k.field(v.Title)
	k.field(v.File)
	k.fields(v.Fields)
	k.fields(v.Computed)
	k.field(string(v.Body))
	k.count(len(v.Groups))
	for _, g := range v.Groups {
		k.field(g.Name)
		k.field(g.ID)
		k.refs(g.Refs)
	}
	k.field(v.FlowURL)
	form := ""
	if v.Form != nil {
		data, err := json.Marshal(v.Form)
		if err != nil {
			return false
		}
		form = string(data)
	}
	k.field(form)
	return true
}
