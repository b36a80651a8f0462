// Package roadlogjson reads roadlog's own JSON as an [importer.Batch]: what
// `roadlog export json` writes, an envelope
//
//	{"schema_version": 1, "items": [...], "initiatives": [...], ...}
//
// with any subset of the kinds (named singular or plural, with "-" or
// "_"), or what `roadlog export jsonl` writes, one record a line, each
// with its "kind". A record is what `roadlog list KIND --format json`
// prints: the stored fields as in the files, a "computed" object (ignored,
// but for a key result's computed.objective), an item's score inputs
// under "score_inputs", and the Markdown "body" of an item, insight or
// decision.
//
// The records keep their IDs and fields as they are: their Key is empty,
// so that they match the workspace's records by ID and carry no origin.
// An objective's key_results come in as key results of their own unless
// the file lists them as such. Personas are skipped, with a warning: the
// import cannot write product.md.
package roadlogjson

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/importer/internal/conv"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/suggest"
)

// SchemaVersion is the highest schema_version this package reads.
const SchemaVersion = 1

// Read reads the JSON or JSON Lines file name.
func Read(name string) (*importer.Batch, error) {
	raw, err := conv.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, raw)
}

// reader builds the batch.
type reader struct {
	name     string
	text     []byte
	lines    conv.Lines
	b        *importer.Batch
	people   map[string]bool
	personas []string
	// nested are key results found in their objective's key_results,
	// added unless the file also lists them as key results.
	nested   []importer.Record
	krs      map[string]bool // IDs of the key results listed as such
	inNested bool            // reading an objective's key_results
	// last is the last place at placed, from which the next one on the
	// same line counts on: a file of one long line is placed record by
	// record in linear time.
	last struct{ off, line, col int }
}

// value is one top-level JSON value of the input and where it starts.
type value struct {
	raw []byte
	off int
}

// Parse reads raw, the content of the file name.
func Parse(name string, raw []byte) (*importer.Batch, error) {
	text, _, err := conv.Text(raw, false)
	if err != nil {
		return nil, &importer.InputError{File: name, Msg: err.Error()}
	}
	r := &reader{name: name, text: text, lines: conv.NewLines(text), b: &importer.Batch{}, people: map[string]bool{}, krs: map[string]bool{}}
	values, err := r.split()
	if err != nil {
		return nil, err
	}
	if len(values) == 0 {
		return nil, &importer.InputError{File: name, Msg: "holds no JSON: write the output of `roadlog export json` into it"}
	}
	for _, v := range values {
		if v.raw[0] != '{' {
			return nil, r.at(v.off, "expected an object: the {\"schema_version\": 1, \"items\": […], …} of roadlog export json, or one record a line")
		}
	}
	first, err := r.object(values[0])
	if err != nil {
		return nil, err
	}
	_, hasKind := first.get("kind")
	if len(values) == 1 && !hasKind {
		err = r.envelope(first)
	} else {
		err = r.jsonLines(values, first)
	}
	if err != nil {
		return nil, err
	}
	for _, kr := range r.nested {
		if !r.krs[kr.SourceID] {
			r.b.Records = append(r.b.Records, kr)
		}
	}
	if len(r.personas) > 0 {
		r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: skipped persona %s: import does not write product.md; copy them into its personas by hand",
			name, strings.Join(r.personas, ", ")))
	}
	return r.b, nil
}

// split cuts the input into its top-level values: one for an envelope,
// one a line for JSON Lines.
func (r *reader) split() ([]value, error) {
	dec := json.NewDecoder(bytes.NewReader(r.text))
	var out []value
	for {
		start := skipSpace(r.text, int(dec.InputOffset()))
		if start >= len(r.text) {
			return out, nil
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, r.syntaxError(start, err)
		}
		out = append(out, value{raw: raw, off: start})
	}
}

func skipSpace(text []byte, off int) int {
	for off < len(text) && strings.IndexByte(" \t\r\n", text[off]) >= 0 {
		off++
	}
	return off
}

// at is an error at a byte offset of the input.
func (r *reader) at(off int, msg string) error {
	off = min(off, len(r.text))
	l, _ := r.lines.Pos(off)
	from, col := r.lines[l-1], 1
	if r.last.line == l && r.last.off <= off {
		from, col = r.last.off, r.last.col
	}
	col += utf8.RuneCount(r.text[from:off])
	r.last.off, r.last.line, r.last.col = off, l, col
	return &importer.InputError{File: r.name, Line: l, Col: col, Msg: msg}
}

// where is a byte offset of the input for messages: "file:line:col".
func (r *reader) where(off int) string {
	var ie *importer.InputError
	errors.As(r.at(off, ""), &ie)
	return fmt.Sprintf("%s:%d:%d", ie.File, ie.Line, ie.Col)
}

// syntaxError places a decoding error of the value that starts at top.
// The decoder's offsets count from its buffer, not the input: the value
// is checked again from top, and the first error found there is the one.
func (r *reader) syntaxError(top int, err error) error {
	var se *json.SyntaxError
	var v json.RawMessage
	if e := json.Unmarshal(r.text[top:], &v); errors.As(e, &se) && !strings.Contains(se.Error(), "after top-level value") {
		if strings.Contains(se.Error(), "unexpected end") {
			return r.at(len(r.text), "malformed JSON: it ends in the middle of a value (cut short?)")
		}
		return r.at(top+int(se.Offset)-1, "malformed JSON: "+se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return r.at(len(r.text), "malformed JSON: it ends in the middle of a value (cut short?)")
	}
	return r.at(top, "malformed JSON: "+err.Error())
}

// member is one key of a JSON object with its value and where the value
// starts.
type member struct {
	key string
	raw json.RawMessage
	off int // of the value
	at  int // of the key
}

// object is a JSON object's members in their order.
type object struct {
	off     int
	members []member
}

func (o *object) get(k string) (member, bool) {
	for _, m := range o.members {
		if m.key == k {
			return m, true
		}
	}
	return member{}, false
}

// object reads the members of the object v, refusing a key given twice
// (JSON readers disagree on which one counts).
func (r *reader) object(v value) (*object, error) {
	dec := json.NewDecoder(bytes.NewReader(v.raw))
	if _, err := dec.Token(); err != nil { // {
		return nil, r.syntaxError(v.off, err)
	}
	o := &object{off: v.off}
	seen := map[string]bool{}
	for dec.More() {
		keyAt := v.off + skipPunct(v.raw, int(dec.InputOffset()))
		tok, err := dec.Token()
		if err != nil {
			return nil, r.syntaxError(v.off, err)
		}
		k, _ := tok.(string)
		if seen[k] {
			return nil, r.at(keyAt, fmt.Sprintf("%q comes twice in this object; keep one", k))
		}
		seen[k] = true
		valAt := v.off + skipPunct(v.raw, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, r.syntaxError(v.off, err)
		}
		o.members = append(o.members, member{key: k, raw: raw, off: valAt, at: keyAt})
	}
	return o, nil
}

// skipPunct skips white space, commas and colons between tokens.
func skipPunct(text []byte, off int) int {
	for off < len(text) && strings.IndexByte(" \t\r\n,:", text[off]) >= 0 {
		off++
	}
	return off
}

// envelope reads the object export json writes.
func (r *reader) envelope(o *object) error {
	for _, m := range o.members {
		if m.key == "schema_version" {
			if err := r.schemaVersion(m); err != nil {
				return err
			}
			continue
		}
		k, ok := model.ParseKind(m.key)
		if !ok {
			return r.at(m.at, suggest.Unknown("key", m.key, append([]string{"schema_version"}, pluralKeys()...)))
		}
		if m.raw[0] != '[' {
			return r.at(m.off, fmt.Sprintf("%q is %s, not a list of records", m.key, describe(m.raw)))
		}
		dec := json.NewDecoder(bytes.NewReader(m.raw))
		_, _ = dec.Token() // [
		for dec.More() {
			at := m.off + skipPunct(m.raw, int(dec.InputOffset()))
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return r.syntaxError(m.off, err)
			}
			if raw[0] != '{' {
				return r.at(at, fmt.Sprintf("a record of %q is %s, not an object", m.key, describe(raw)))
			}
			rec, err := r.object(value{raw: raw, off: at})
			if err != nil {
				return err
			}
			if err := r.record(k, rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// pluralKeys are the kinds as the envelope names them: "items",
// "key_results".
func pluralKeys() []string {
	var out []string
	for _, k := range model.Kinds() {
		out = append(out, strings.ReplaceAll(k.Plural(), "-", "_"))
	}
	return out
}

func (r *reader) schemaVersion(m member) error {
	n, err := strconv.Atoi(string(m.raw))
	if err != nil {
		return r.at(m.off, fmt.Sprintf("schema_version is %s, not a whole number", describe(m.raw)))
	}
	if n < 1 || n > SchemaVersion {
		return r.at(m.off, fmt.Sprintf("schema_version %d is not one this roadlog reads (up to %d): import it with a newer roadlog", n, SchemaVersion))
	}
	return nil
}

// jsonLines reads one record a line, each with its kind; a first line
// with only schema_version is a header.
func (r *reader) jsonLines(values []value, first *object) error {
	for i, v := range values {
		o := first
		if i > 0 {
			var err error
			if o, err = r.object(v); err != nil {
				return err
			}
		}
		km, ok := o.get("kind")
		if !ok {
			if i == 0 && len(o.members) == 1 && o.members[0].key == "schema_version" {
				if err := r.schemaVersion(o.members[0]); err != nil {
					return err
				}
				continue
			}
			return r.at(v.off, `a record without "kind": with one record a line, each names its kind ("kind": "item")`)
		}
		var name string
		if json.Unmarshal(km.raw, &name) != nil {
			return r.at(km.off, fmt.Sprintf(`"kind" is %s, not text`, describe(km.raw)))
		}
		k, ok := model.ParseKind(name)
		if !ok {
			return r.at(km.off, suggest.Unknown("kind", name, kindNames()))
		}
		if err := r.record(k, o); err != nil {
			return err
		}
	}
	return nil
}

func kindNames() []string {
	var out []string
	for _, k := range model.Kinds() {
		out = append(out, string(k))
	}
	return out
}

// describe names the type of a JSON value for messages.
func describe(raw []byte) string {
	switch raw[0] {
	case '"':
		return "text"
	case '[':
		return "a list"
	case '{':
		return "an object"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

// record reads one record of kind k.
func (r *reader) record(k model.Kind, o *object) error {
	rec := importer.Record{Kind: k, Fields: map[string]any{}, Where: r.where(o.off), NoBody: k.Info().OwnFile}
	computedObjective, err := r.members(&rec, o)
	if err != nil {
		return err
	}
	if k == model.KindPersona {
		id, _ := rec.Fields["id"].(string)
		r.personas = append(r.personas, cmp.Or(id, "at "+rec.Where))
		return nil
	}
	id, err := r.str(o, "id", true)
	if err != nil {
		return err
	}
	rec.SourceID = id
	if rec.Title, err = r.str(o, "title", true); err != nil {
		return err
	}
	delete(rec.Fields, "id")
	delete(rec.Fields, "title")
	if k == model.KindItem {
		if err := r.item(&rec, o); err != nil {
			return err
		}
	}
	for _, ref := range model.References(k) {
		if err := r.checkRef(o, ref); err != nil {
			return err
		}
	}
	switch k {
	case model.KindKeyResult:
		obj, err := r.str(o, "objective", false)
		if err != nil {
			return err
		}
		delete(rec.Fields, "objective")
		rec.Objective = cmp.Or(obj, computedObjective)
		if rec.Objective == "" {
			return r.at(o.off, fmt.Sprintf(`key result %s without "objective": name the objective it belongs to`, id))
		}
		if !r.inNested {
			r.krs[id] = true
		}
	case model.KindObjective:
		if err := r.keyResults(o, id); err != nil {
			return err
		}
		delete(rec.Fields, "key_results")
	}
	for _, f := range k.Info().People {
		if p, ok := rec.Fields[f].(string); ok && p != "" && !r.people[p] && model.CheckID(p) == nil {
			r.people[p] = true
			r.b.People = append(r.b.People, importer.Person{Key: p, Name: p})
		}
	}
	r.b.Records = append(r.b.Records, rec)
	return nil
}

// members reads the members of o into rec's Fields and Body, leaving out
// what roadlog computes; it returns a key result's computed objective.
func (r *reader) members(rec *importer.Record, o *object) (computedObjective string, err error) {
	k := rec.Kind
	for _, m := range o.members {
		switch m.key {
		case "computed":
			// What roadlog computes is not imported; a key result's
			// objective is there when it is nowhere else.
			// objective is there when it is nowhere else, and whether an
			// item is archived (a place, not a field) only there.
			if m.raw[0] == '{' {
				var c struct {
					Objective string `json:"objective"`
					Archived  bool   `json:"archived"`
					File      string `json:"file"`
				}
				_ = json.Unmarshal(m.raw, &c) // a wrong type: none of them
				if k == model.KindKeyResult {
					computedObjective = c.Objective
				}
				rec.Archived = k == model.KindItem && c.Archived
				if k.Info().OwnFile && c.File != "" {
					rec.FileName = path.Base(c.File) // kept when it fits (change.NewRecord)
				}
			}
			continue
		case "schema_version": // on every line of JSON Lines, perhaps
			if err := r.schemaVersion(m); err != nil {
				return "", err
			}
			continue
		case "kind":
			var name string
			if json.Unmarshal(m.raw, &name) != nil {
				return "", r.at(m.off, fmt.Sprintf(`"kind" is %s, not text`, describe(m.raw)))
			}
			if kk, ok := model.ParseKind(name); !ok || kk != k {
				return "", r.at(m.off, fmt.Sprintf("kind %q in the list of %s", name, k.Plural()))
			}
			continue
		case "body":
			if k.Info().OwnFile {
				if err := json.Unmarshal(m.raw, &rec.Body); err != nil {
					return "", r.at(m.off, fmt.Sprintf(`"body" is %s, not text (the Markdown of the record)`, describe(m.raw)))
				}
				rec.NoBody = false
				continue
			}
		}
		v, err := r.jsonValue(m)
		if err != nil {
			return "", err
		}
		if v != nil { // null: not set
			rec.Fields[m.key] = v
		}
	}
	return computedObjective, nil
}

// item reads the status and type of an item, and its score inputs.
func (r *reader) item(rec *importer.Record, o *object) error {
	var err error
	if rec.Status, err = r.str(o, "status", false); err != nil {
		return err
	}
	if rec.Type, err = r.str(o, "type", false); err != nil {
		return err
	}
	delete(rec.Fields, "status")
	delete(rec.Fields, "type")
	// A rank is text that sorts ("a0"): a number would be stored as text
	// and then read as changed on every import.
	if _, err := r.str(o, "rank", false); err != nil {
		return err
	}
	// score is the computed number in JSON; the stored inputs are
	// score_inputs (see view.Objects).
	if in, ok := rec.Fields["score_inputs"]; ok {
		if _, clash := rec.Fields["score"]; !clash {
			rec.Fields["score"] = in
			delete(rec.Fields, "score_inputs")
		}
	}
	return nil
}

// keyResults reads an objective's key_results as key results of their
// own.
func (r *reader) keyResults(o *object, objective string) error {
	m, ok := o.get("key_results")
	if !ok {
		return nil
	}
	if m.raw[0] != '[' {
		return r.at(m.off, fmt.Sprintf(`"key_results" is %s, not a list`, describe(m.raw)))
	}
	dec := json.NewDecoder(bytes.NewReader(m.raw))
	_, _ = dec.Token() // [
	saved := r.b.Records
	for dec.More() {
		at := m.off + skipPunct(m.raw, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return r.syntaxError(m.off, err)
		}
		if raw[0] != '{' {
			return r.at(at, fmt.Sprintf("a key result is %s, not an object", describe(raw)))
		}
		kr, err := r.object(value{raw: raw, off: at})
		if err != nil {
			return err
		}
		kr.members = append(kr.members, member{key: "objective", raw: json.RawMessage(strconv.Quote(objective)), off: at, at: at})
		r.b.Records, r.inNested = nil, true
		err = r.record(model.KindKeyResult, kr)
		r.nested = append(r.nested, r.b.Records...)
		r.b.Records, r.inNested = saved, false
		if err != nil {
			return err
		}
	}
	return nil
}

// str is the text of the field k of o; "" when it is absent and not
// required.
func (r *reader) str(o *object, k string, required bool) (string, error) {
	m, ok := o.get(k)
	if !ok {
		if required {
			return "", r.at(o.off, fmt.Sprintf("a record without %q: every record needs one", k))
		}
		return "", nil
	}
	var s string
	if err := json.Unmarshal(m.raw, &s); err != nil {
		return "", r.at(m.off, fmt.Sprintf("%q is %s, not text", k, describe(m.raw)))
	}
	if required && strings.TrimSpace(s) == "" {
		return "", r.at(m.off, fmt.Sprintf("%q is empty", k))
	}
	return s, nil
}

// checkRef checks that a reference field holds an ID, or a list of IDs.
func (r *reader) checkRef(o *object, ref model.Reference) error {
	m, ok := o.get(ref.Field)
	if !ok {
		return nil
	}
	if ref.List {
		var ids []string
		if err := json.Unmarshal(m.raw, &ids); err != nil {
			return r.at(m.off, fmt.Sprintf("%q is %s, not a list of IDs", ref.Field, describe(m.raw)))
		}
		return nil
	}
	var id string
	if err := json.Unmarshal(m.raw, &id); err != nil {
		return r.at(m.off, fmt.Sprintf("%q is %s, not an ID", ref.Field, describe(m.raw)))
	}
	return nil
}

// jsonValue decodes a member as the importer takes values: numbers as
// int64 when they are whole and fit, otherwise float64.
func (r *reader) jsonValue(m member) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(m.raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, r.syntaxError(m.off, err)
	}
	return numbers(v, func(n json.Number) (any, error) {
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) {
			return nil, r.at(m.off, fmt.Sprintf("%q holds the number %s, which is too large", m.key, n))
		}
		return f, nil
	})
}

func numbers(v any, conv func(json.Number) (any, error)) (any, error) {
	switch x := v.(type) {
	case json.Number:
		return conv(x)
	case []any:
		for i := range x {
			n, err := numbers(x[i], conv)
			if err != nil {
				return nil, err
			}
			x[i] = n
		}
	case map[string]any:
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range x {
				if !yield(k) {
					return
				}
			}
		}) {
			n, err := numbers(x[k], conv)
			if err != nil {
				return nil, err
			}
			x[k] = n
		}
	}
	return v, nil
}
