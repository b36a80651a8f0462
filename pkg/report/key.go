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
const keyVersion = "roadlog report page key 1"

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
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	h := sha256.New()
	writeField(h, site)
	writeField(h, string(data))
	writeField(h, body)
	writeField(h, b.titleOf(r))
	return hex.EncodeToString(h.Sum(nil))
}
