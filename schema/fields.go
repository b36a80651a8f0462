package schema

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/roadlog/roadlog/pkg/model"
)

// Field is what a schema says of one value: a file, a record, a field of a
// record, an element of a list or a key of a mapping. Local $refs are
// followed: a Field is what the value must be, wherever that is written.
type Field struct {
	Name        string   // the key it is under; "" for a file or a list's elements
	Types       []string // JSON types ("string", "array", …); empty: any
	Enum        []any
	Format      string // "date" for dates
	Description string
	Items       *Field   // for a list: its elements
	Fields      []*Field // for a mapping: the keys it declares, in schema order
	Extra       *Field   // for a mapping: what other keys hold; nil: none are allowed, or anything is

	byName map[string]*Field
	names  []string // of Fields, kept from reading
}

// Names returns the keys the field declares, in schema order. The slice
// may be shared: callers must not change it.
func (f *Field) Names() []string {
	if f == nil || len(f.Fields) == 0 {
		return nil
	}
	if f.names != nil {
		return f.names
	}
	out := make([]string, len(f.Fields))
	for i, sub := range f.Fields {
		out[i] = sub.Name
	}
	return out
}

// Key returns what the key name of a mapping holds: the field declared for
// it, else the field of other keys; nil when the schema does not say.
func (f *Field) Key(name string) *Field {
	if f == nil {
		return nil
	}
	if sub := f.byName[name]; sub != nil {
		return sub
	}
	return f.Extra
}

// At returns the field at path below f: a key of a mapping at each step,
// or, where f is a list, an element given by its index ("labels", "0").
// It returns nil when the schema does not say what is there.
func (f *Field) At(path []string) *Field {
	for _, tok := range path {
		if f == nil {
			return nil
		}
		if f.Items != nil && isIndex(tok) {
			f = f.Items
			continue
		}
		f = f.Key(tok)
	}
	return f
}

// Has reports whether the field takes the JSON type t.
func (f *Field) Has(t string) bool { return f != nil && slices.Contains(f.Types, t) }

func isIndex(tok string) bool {
	_, err := strconv.Atoi(tok)
	return err == nil
}

// Base returns the fields of a kind of file ("item", "roadmap") as its
// embedded schema declares them, or nil for a kind with no schema. Each is
// read once and shared: callers must not change it.
func Base(file string) *Field {
	if b := baseOf(file); b != nil {
		return b.root
	}
	return nil
}

// RecordFields returns the fields of a record of kind k within the fields
// of its file (as [Base] or [Read] give them).
func RecordFields(file *Field, k model.Kind) *Field {
	for _, key := range k.Info().List {
		file = file.Key(key)
		if file == nil {
			return nil
		}
		file = file.Items
	}
	return file
}

// Record returns the fields of a kind of record as the embedded schemas
// declare them.
func Record(k model.Kind) *Field { return RecordFields(Base(k.Info().File), k) }

// Read returns the fields of doc, the schema of a kind of file with what a
// workspace's roadlog.yaml adds to it (statuses, custom fields, …). Keys
// the embedded schema declares keep its order; added keys follow by name.
func Read(file string, doc map[string]any) *Field { return ReadAt(file, doc, "") }

// ReadAt returns the fields of the schema at a JSON pointer within doc
// ("/$defs/initiative"; "" for all of it), as [Read] does; nil when
// nothing is there.
func ReadAt(file string, doc map[string]any, pointer string) *Field {
	var order map[string][]string
	if b := baseOf(file); b != nil {
		order = b.order
	}
	r := &reader{root: doc, order: order}
	s, ok := r.resolve(pointer)
	if !ok {
		return nil
	}
	return r.field("", s, pointer, 0)
}

// maxDepth bounds how deep a field tree goes, so that a schema that refers
// to itself cannot make it endless.
const maxDepth = 16

// reader builds fields from a schema document.
type reader struct {
	root  map[string]any
	order map[string][]string // JSON pointer of an object in the embedded schema → its keys in order
}

// resolve returns the schema at a JSON pointer of the document.
func (r *reader) resolve(pointer string) (map[string]any, bool) {
	node := any(r.root)
	if pointer != "" {
		for _, t := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
			m, _ := node.(map[string]any)
			node = m[unescape(t)]
		}
	}
	m, ok := node.(map[string]any)
	return m, ok
}

// field builds the field of schema s, found at pointer. What a $ref leads
// to fills in what s leaves out (a reference's own description wins).
func (r *reader) field(name string, s map[string]any, pointer string, depth int) *Field {
	f := &Field{Name: name}
	var items, props, extra map[string]any
	var itemsAt, propsAt, extraAt string
	for range 10 {
		if f.Types == nil {
			f.Types = types(s["type"])
		}
		if f.Enum == nil {
			f.Enum, _ = s["enum"].([]any)
		}
		if f.Format == "" {
			f.Format, _ = s["format"].(string)
		}
		if f.Description == "" {
			f.Description, _ = s["description"].(string)
		}
		if m, ok := s["items"].(map[string]any); ok && items == nil {
			items, itemsAt = m, pointer+"/items"
		}
		if m, ok := s["properties"].(map[string]any); ok && props == nil {
			props, propsAt = m, pointer+"/properties"
		}
		if m, ok := s["additionalProperties"].(map[string]any); ok && extra == nil {
			extra, extraAt = m, pointer+"/additionalProperties"
		}
		ref, ok := s["$ref"].(string)
		if !ok || !strings.HasPrefix(ref, "#") {
			break
		}
		next, ok := r.resolve(strings.TrimPrefix(ref, "#"))
		if !ok {
			break
		}
		s, pointer = next, strings.TrimPrefix(ref, "#")
	}
	if depth >= maxDepth {
		return f
	}
	if items != nil {
		f.Items = r.field("", items, itemsAt, depth+1)
	}
	if props != nil {
		f.byName = make(map[string]*Field, len(props))
		for _, k := range r.keys(props, propsAt) {
			ps, ok := props[k].(map[string]any)
			if !ok {
				continue
			}
			sub := r.field(k, ps, propsAt+"/"+escape(k), depth+1)
			f.Fields = append(f.Fields, sub)
			f.names = append(f.names, k)
			f.byName[k] = sub
		}
	}
	f.names = slices.Clip(f.names) // an append to Names() copies
	if extra != nil {
		f.Extra = r.field("", extra, extraAt, depth+1)
	}
	return f
}

// keys returns the keys of an object of the document: in the order of the
// embedded schema where it has the object, then the others by name.
func (r *reader) keys(m map[string]any, pointer string) []string {
	known := r.order[pointer]
	out := make([]string, 0, len(m))
	for _, k := range known {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	if len(out) == len(m) {
		return out
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(known, k) {
			out = append(out, k)
		}
	}
	return out
}

func types(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func unescape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// base is an embedded schema as read: its fields, and the order of the
// keys of each of its objects.
type base struct {
	root  *Field
	order map[string][]string
}

// bases reads each embedded schema once, when first asked for.
var bases = func() map[string]func() *base {
	out := make(map[string]func() *base, len(Kinds))
	for _, k := range Kinds {
		out[k.Name] = sync.OnceValue(func() *base { return readBase(k.Name) })
	}
	return out
}()

// baseOf returns the embedded schema of a kind of file, or nil.
func baseOf(file string) *base {
	if read := bases[file]; read != nil {
		return read()
	}
	return nil
}

// readBase reads an embedded schema: nil when it is missing or broken,
// which the tests rule out.
func readBase(name string) *base {
	raw, err := FS.ReadFile(name + ".schema.json")
	if err != nil {
		return nil
	}
	var doc map[string]any
	if json.Unmarshal(raw, &doc) != nil {
		return nil
	}
	order := map[string][]string{}
	if keyOrder(json.NewDecoder(bytes.NewReader(raw)), "", order) != nil {
		return nil
	}
	b := &base{order: order}
	b.root = (&reader{root: doc, order: order}).field("", doc, "", 0)
	return b
}

// keyOrder records, for every object in the JSON being decoded, its JSON
// pointer and its keys in order.
func keyOrder(dec *json.Decoder, pointer string, order map[string][]string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '{':
		var keys []string
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			k, _ := kt.(string)
			keys = append(keys, k)
			if err := keyOrder(dec, pointer+"/"+escape(k), order); err != nil {
				return err
			}
		}
		order[pointer] = keys
	case '[':
		for i := 0; dec.More(); i++ {
			if err := keyOrder(dec, pointer+"/"+strconv.Itoa(i), order); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token()
	return err
}
