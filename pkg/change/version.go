package change

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/roadlog/roadlog/pkg/workspace"
)

// Version is the version of a record as an editor last saw it: a hash of
// its fields and, for a record that has a file of its own, its Markdown
// body. Layout (comments, quoting, key order) and other records of the
// same file do not change it, so a change elsewhere in releases.yaml does
// not make an edit of one release stale.
func Version(r *workspace.Record) string {
	h := sha256.New()
	fields, err := json.Marshal(r.Meta().Fields) // map keys sorted: the same fields give the same bytes
	if err != nil {
		// Fields hold only JSON values; should one not encode, the whole
		// file stands for the record.
		fields = r.File.Raw
	}
	h.Write(fields)
	if len(r.Pointer) == 0 {
		h.Write([]byte{0})
		h.Write([]byte(r.File.Body))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// StaleError is an edit made from a version of a record that is no longer
// the current one: someone changed it since the editor read it.
type StaleError struct {
	ID      string
	Current string // the record's version now
}

func (e *StaleError) Error() string {
	return e.ID + " changed since you read it; nothing was written: look at it again, then make your change"
}

// CheckVersion returns a [*StaleError] when the record is not at the
// version the editor saw; an empty version checks nothing (a command-line
// edit sees the record as it is).
func CheckVersion(r *workspace.Record, version string) error {
	if version == "" {
		return nil
	}
	if now := Version(r); now != version {
		return &StaleError{ID: r.ID(), Current: now}
	}
	return nil
}
