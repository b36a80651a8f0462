package change

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/schema"
)

// ConfigKey returns what the schema of roadlog.yaml says of the dotted
// key path: a key it does not declare is an [InputError] with a "did you
// mean" among its siblings. Below a mapping that holds anything (a custom
// field's own JSON Schema under fields:) every key is allowed and comes
// back nil: its value is read as YAML.
func ConfigKey(path []string) (*schema.Field, error) {
	if len(path) == 0 || slices.Contains(path, "") {
		return nil, inputErrorf("%q is not a key of %s: give one as product.name, or people.ana.email", strings.Join(path, "."), workspace.ConfigFile)
	}
	f := schema.Base(string(workspace.FileConfig))
	for i, tok := range path {
		next := f.At([]string{tok})
		if next != nil {
			f = next
			continue
		}
		if open(f) {
			return nil, nil
		}
		where := workspace.ConfigFile
		if i > 0 {
			where = strings.Join(path[:i], ".") + " in " + where
		}
		msg := "unknown key " + `"` + strings.Join(path, ".") + `"`
		if f.Items != nil {
			return nil, inputErrorf("%s: %s is a list; give an element by its index (%s.0)", msg, strings.Join(path[:i], "."), strings.Join(path[:i], "."))
		}
		names := slices.Sorted(slices.Values(f.Names()))
		if c := suggest.Closest(tok, names); c != "" {
			return nil, inputErrorf("%s; did you mean %q?", msg, strings.Join(append(slices.Clone(path[:i]), c), "."))
		}
		if len(names) > 0 {
			return nil, inputErrorf("%s: %s has %s", msg, where, strings.Join(names, ", "))
		}
		return nil, inputErrorf("%s: %s holds no keys", msg, where)
	}
	return f, nil
}

// open reports whether a mapping of the schema holds keys it does not
// describe: an object with neither declared keys nor a rule for others.
func open(f *schema.Field) bool {
	return f.Has("object") && len(f.Fields) == 0 && f.Extra == nil && f.Items == nil && len(f.Enum) == 0
}

// SetConfig stages changes to roadlog.yaml (and removes the keys in
// unset), each key checked and each value typed by the schema of the file
// ([ConfigKey]); the rest of the file stays byte for byte.
func (s *Session) SetConfig(changes []Change, unset []string) error {
	var st []step
	for _, c := range changes {
		f, err := ConfigKey(c.Path)
		if err != nil {
			return err
		}
		if c.Op != OpSet {
			if f != nil && !f.Has("array") {
				return inputErrorf("%s is not a list: %s needs a list", strings.Join(c.Path, "."), c)
			}
			if f != nil {
				f = f.Items
			}
		}
		v, err := parseValue(f, c.Text)
		if err != nil {
			return inputErrorf("%s: %s", strings.Join(c.Path, "."), err)
		}
		st = append(st, step{Path: c.Path, Op: c.Op, Value: v})
	}
	for _, u := range unset {
		path := strings.Split(u, ".")
		if _, err := ConfigKey(path); err != nil {
			return err
		}
		st = append(st, step{Path: path, Unset: true})
	}
	f := s.WS.ConfigFile
	if f == nil {
		return &FileError{Path: workspace.ConfigFile, Err: errors.New("does not exist; roadlog init makes one")}
	}
	err := s.editYAML(f, func(d *yamledit.Doc) error { return applySteps(d, nil, st) })
	var nt *notThereError
	if errors.As(err, &nt) {
		return &InputError{nt}
	}
	return err
}

// Person is an entry of people: in roadlog.yaml.
type Person struct {
	Name, Email, Role string
}

// AddPerson stages a new entry under people: in roadlog.yaml. An ID that
// is already there, or that is no valid key, is refused.
func (s *Session) AddPerson(id string, p Person) error {
	if err := model.CheckID(id); err != nil { // people: declares the same pattern
		return inputErrorf("person: %w", err)
	}
	if _, ok := s.WS.Config.People[id]; ok {
		return conflictf("%s already has a person %q; change them with roadlog config set people.%s.name …", workspace.ConfigFile, id, id)
	}
	entry := yamledit.Map{{Key: "name", Value: p.Name}}
	if p.Role != "" {
		entry = append(entry, yamledit.KV{Key: "role", Value: p.Role})
	}
	if p.Email != "" {
		entry = append(entry, yamledit.KV{Key: "email", Value: p.Email})
	}
	f := s.WS.ConfigFile
	if f == nil {
		return &FileError{Path: workspace.ConfigFile, Err: errors.New("does not exist; roadlog init makes one")}
	}
	return s.editYAML(f, func(d *yamledit.Doc) error { return d.Set([]string{"people", id}, entry) })
}

// CommitConfig commits as [Session.Commit] does and, when the edit changed
// roadlog.yaml and the workspace keeps editor schemas (SchemaDir exists),
// rewrites them from the new configuration with [WriteSchemas], still
// under the session's lock. It returns the schemas whose content changed.
func (s *Session) CommitConfig(ctx context.Context, force bool) ([]string, error) {
	raw, changed := s.changes[workspace.ConfigFile]
	if err := s.Commit(ctx, force); err != nil {
		return nil, err
	}
	if !changed || raw == nil {
		return nil, nil
	}
	r, err := os.OpenRoot(s.Root)
	if err != nil {
		return nil, err
	}
	defer func() { _ = r.Close() }() // only read
	if fi, err := r.Lstat(SchemaDir); err != nil || !fi.IsDir() {
		return nil, nil //nolint:nilerr // no schema folder: nothing to keep current
	}
	before := map[string][]byte{}
	for _, k := range schema.Kinds {
		name := path.Join(SchemaDir, k.Name+".schema.json")
		before[name], _ = r.ReadFile(name) // a missing one is written
	}
	// Only roadlog.yaml: the configuration, without reading the plan.
	ws, err := workspace.Load(ctx, fstest.MapFS{workspace.ConfigFile: {Data: raw}})
	if err != nil {
		return nil, err
	}
	if _, err := WriteSchemas(s.Root, ws.Config); err != nil {
		return nil, err
	}
	var out []string
	for _, k := range schema.Kinds {
		name := path.Join(SchemaDir, k.Name+".schema.json")
		if now, err := r.ReadFile(name); err != nil || !bytes.Equal(now, before[name]) {
			out = append(out, name)
		}
	}
	return out, nil
}
