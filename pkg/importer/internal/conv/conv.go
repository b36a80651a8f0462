// Package conv holds what the import sources of exported files share:
// reading their text encoding, placing a byte offset as line and column,
// dates, people keys and the item type that labels name.
package conv

import (
	"bytes"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/model"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Text returns raw as UTF-8 without a byte order mark: UTF-8 as it is,
// UTF-16 with a BOM converted (what Windows PowerShell's ">" and Excel's
// "Unicode text" write). Text that is not valid UTF-8 is read as
// Windows-1252, the superset of Latin-1 that spreadsheet programs on
// Windows write, when legacy is true, with a note saying so; otherwise it
// is refused. The error is a message for the file, without its name.
func Text(raw []byte, legacy bool) (text []byte, note string, err error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		if err != nil {
			return nil, "", errString("is not valid UTF-16: " + err.Error())
		}
		return out, "", nil
	}
	if utf8.Valid(raw) {
		return raw, "", nil
	}
	off := firstInvalid(raw)
	if !legacy {
		return nil, "", errString("is not UTF-8 (byte " + strconv.Itoa(off+1) + "); save it as UTF-8 and import it again")
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return nil, "", errString("is neither UTF-8 nor Windows-1252: " + err.Error())
	}
	l, _ := NewLines(raw).Pos(off)
	return out, "is not UTF-8 (line " + strconv.Itoa(l) + "); read it as Windows-1252 (Latin-1): check accented letters, or save it as UTF-8", nil
}

type errString string

func (e errString) Error() string { return string(e) }

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// Lines places byte offsets of a text as lines and columns.
type Lines []int // offsets at which lines start

// NewLines indexes the line starts of text.
func NewLines(text []byte) Lines {
	l := Lines{0}
	for i, c := range text {
		if c == '\n' {
			l = append(l, i+1)
		}
	}
	return l
}

// Pos returns the 1-based line and column (in characters) of the byte at
// off; an offset past the end is placed at the end.
func (l Lines) Pos(off int) (line, col int) {
	i := sort.Search(len(l), func(i int) bool { return l[i] > off }) - 1
	i = max(i, 0)
	return i + 1, off - l[i] + 1
}

// dateLayouts are the dates exports write: ISO 8601 with or without a
// time, and Jira's "02/Jan/06 3:04 PM".
var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	"02/Jan/06 3:04 PM", "2/Jan/06 3:04 PM", "02/Jan/06", "2/Jan/06",
	"02/Jan/2006 3:04 PM", "2/Jan/2006 3:04 PM", "02/Jan/2006", "2/Jan/2006",
	"Jan 2, 2006", "January 2, 2006",
}

// Date returns the YYYY-MM-DD of a date as an export writes it, or "".
// A time with a zone is read in that zone: the date is the one the
// export's user saw.
func Date(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return ""
}

// personKey is what a key of people in roadlog.yaml can be.
var personKey = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._-]*$`)

// PersonKey returns the people key for someone an export names by login,
// e-mail address or name: the login as it is when it can be a key
// ("octocat"), the part before "@" of an address, a name as its slug
// ("Ana Ruiz" → ana-ruiz); "" when none can be a key.
func PersonKey(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "@")
	if personKey.MatchString(s) {
		return s
	}
	if local, _, ok := strings.Cut(s, "@"); ok && personKey.MatchString(local) {
		return local
	}
	k := model.Slug(s, 40)
	if personKey.MatchString(k) {
		return k
	}
	if k != "" && personKey.MatchString("u-"+k) {
		return "u-" + k // a login or name that starts with a digit
	}
	return ""
}

// typeLabels are the labels that say what type an item is, as the
// trackers write them, by their folded names; a label prefixed "type:",
// "type/", "kind:" or "kind/" counts as its rest.
var typeLabels = []string{"bug", "defect", "enhancement", "feature", "featurerequest", "epic", "story", "userstory", "task", "chore", "spike", "improvement"}

var separators = strings.NewReplacer(" ", "", "-", "", "_", "")

// TypeFromLabels returns the first label that names an item type (bug,
// enhancement, feature, …), as written, so that the import's mapping
// maps it; "" when none does.
func TypeFromLabels(labels []string) string {
	for _, l := range labels {
		f := strings.ToLower(l)
		for _, p := range []string{"type:", "type/", "kind:", "kind/"} {
			if rest, ok := strings.CutPrefix(f, p); ok {
				f = rest
				l = strings.TrimSpace(l[len(p):])
				break
			}
		}
		f = separators.Replace(strings.TrimSpace(f))
		if slices.Contains(typeLabels, f) {
			if f == "featurerequest" {
				return "feature"
			}
			return l
		}
	}
	return ""
}
