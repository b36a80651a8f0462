package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/roadlog/roadlog/pkg/safetext"
)

// SchemaVersion is the schema_version of every JSON document roadlog
// writes: the views, show, validate, diff. It changes only when a field is
// removed or changes meaning.
const SchemaVersion = 1

// JSON writes body as a JSON document: an object whose first key is
// schema_version, followed by body's own keys (body marshals to an
// object), as [Marshal] writes it.
func JSON(w io.Writer, body any) error {
	b, err := Marshal(body)
	if err != nil {
		return err
	}
	if len(b) < 2 || b[0] != '{' {
		return errors.New("render: a JSON document is an object")
	}
	head := `{` + "\n" + `  "schema_version": ` + strconv.Itoa(SchemaVersion)
	rest := bytes.TrimLeft(b[1:], "\n")
	if bytes.HasPrefix(bytes.TrimLeft(rest, " "), []byte(`"schema_version"`)) {
		return errors.New("render: the body carries its own schema_version; JSON writes it")
	}
	if rest[0] == '}' { // an empty body
		_, err = io.WriteString(w, head+"\n}\n")
		return err
	}
	if _, err := io.WriteString(w, head+",\n"); err != nil {
		return err
	}
	_, err = w.Write(rest)
	return err
}

// Marshal encodes v as roadlog writes all JSON: indented by two spaces,
// with a final newline, < > & as they are, and the characters that would
// act on a terminal as \u escapes ([safetext.JSON]), which every parser
// reads back as they were: the data is exact and harmless on a screen.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return safetext.JSON(buf.Bytes()), nil
}

// JSONLine encodes v as one line of JSON Lines: compact, with a final
// newline, otherwise as [Marshal] writes it (< > & as they are, characters
// that would act on a terminal as \u escapes).
func JSONLine(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return safetext.JSON(buf.Bytes()), nil
}
