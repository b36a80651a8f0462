package change

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
)

// Op is what an assignment does.
type Op int

// The assignment operators.
const (
	OpSet    Op = iota // k=v
	OpAppend           // k+=v
	OpRemove           // k-=v
)

// Change is one k=v, k+=v or k-=v, as typed: Text is typed by the schema
// when the change is made.
type Change struct {
	Path []string
	Op   Op
	Text string
}

func (c Change) String() string {
	op := " = "
	switch c.Op {
	case OpAppend:
		op = " += "
	case OpRemove:
		op = " -= "
	}
	return strings.Join(c.Path, ".") + op + c.Text
}

// ParseChange reads "k=v", "k+=v", "k-=v" or "a.b=v".
func ParseChange(s string) (Change, error) {
	i := strings.IndexByte(s, '=')
	if i <= 0 {
		return Change{}, inputErrorf("%q is not field=value", s)
	}
	c := Change{Text: s[i+1:]}
	name := s[:i]
	switch {
	case strings.HasSuffix(name, "+"):
		c.Op, name = OpAppend, strings.TrimSuffix(name, "+")
	case strings.HasSuffix(name, "-"):
		c.Op, name = OpRemove, strings.TrimSuffix(name, "-")
	}
	if name == "" || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, "..") {
		return Change{}, inputErrorf("%q is not field=value", s)
	}
	c.Path = strings.Split(name, ".")
	return c, nil
}

// step is one typed change, ready to apply to a YAML document.
type step struct {
	Path  []string
	Op    Op
	Value any
	Unset bool
}

// steps types the changes by the schema of a kind of record: a number
// stays a number, a date a date. A field the schema does not know is
// refused unless force.
func (s *Session) steps(k model.Kind, changes []Change, unset []string, force bool) ([]step, error) {
	var out []step
	for _, c := range changes {
		field, hint, err := s.lookupField(k, c.Path)
		if err != nil {
			return nil, err
		}
		if field == nil && !force {
			if hint == "" {
				hint = "declare it under fields: in roadlog.yaml, or use --force"
			}
			return nil, inputErrorf("%s has no field %q; %s", k.Label(), strings.Join(c.Path, "."), hint)
		}
		f := field
		if c.Op != OpSet {
			if field != nil && !field.Has("array") {
				return nil, inputErrorf("%s is not a list: %s needs a list field", strings.Join(c.Path, "."), c)
			}
			f = nil
			if field != nil {
				f = field.Items
			}
		}
		v, err := parseValue(f, c.Text)
		if err != nil {
			return nil, inputErrorf("%s: %s", strings.Join(c.Path, "."), err)
		}
		out = append(out, step{Path: c.Path, Op: c.Op, Value: v})
	}
	for _, u := range unset {
		path := strings.Split(u, ".")
		if slices.Contains(path, "") {
			return nil, inputErrorf("--unset %q: give a field, a.b for a key of a mapping, or labels.0 for an element of a list", u)
		}
		if u == "id" || u == "title" {
			return nil, inputErrorf("--unset %s: every record needs one", u)
		}
		// The field itself must be one the schema knows (a typo is no
		// field that happens not to be set); keys below it are checked
		// against the file.
		if field, hint, err := s.lookupField(k, path[:1]); err != nil {
			return nil, err
		} else if field == nil && !force {
			if hint == "" {
				hint = "roadlog schema " + k.Info().File + " lists the fields; --force removes it anyway"
			}
			return nil, inputErrorf("--unset %s: %s has no field %q; %s", u, k.Label(), path[0], hint)
		}
		out = append(out, step{Path: path, Unset: true})
	}
	return out, nil
}

// applySteps applies steps to the record at pointer in a document.
func applySteps(d *yamledit.Doc, pointer []string, steps []step) error {
	for _, st := range steps {
		p := append(append([]string(nil), pointer...), st.Path...)
		var err error
		switch {
		case st.Unset:
			err = d.Delete(p)
		case st.Op == OpAppend:
			err = d.Append(p, st.Value)
		case st.Op == OpRemove:
			_, err = d.Remove(p, st.Value)
		default:
			err = d.Set(p, st.Value)
		}
		var nf *yamledit.NotFoundError
		if errors.As(err, &nf) {
			return &notThereError{step: st, pointer: len(pointer), nf: nf}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", strings.Join(st.Path, "."), err)
		}
	}
	return nil
}

// notThereError is a step whose path names nothing in the record: a field
// that is not set, an element past the end of a list.
type notThereError struct {
	step    step
	pointer int // the steps of the path that lead to the record
	nf      *yamledit.NotFoundError
	id      string
}

func (e *notThereError) Error() string {
	what := strings.Join(e.step.Path, ".")
	if e.step.Unset {
		what = "--unset " + what
	}
	rel := e.nf.Path[e.pointer:]
	at := max(e.nf.At-e.pointer, 0)
	where := strings.Join(rel[:at], ".")
	of := ""
	if e.id != "" {
		of = " of " + e.id
	}
	switch {
	case e.nf.Len == 0:
		return fmt.Sprintf("%s: %s%s is an empty list", what, where, of)
	case e.nf.Len > 0:
		return fmt.Sprintf("%s: %s%s has %d element(s), 0 to %d", what, where, of, e.nf.Len, e.nf.Len-1)
	case e.nf.Keys == nil:
		return fmt.Sprintf("%s: %s%s is not a list or a mapping", what, where, of)
	}
	in := ""
	if e.id != "" {
		in = " in " + e.id
	}
	msg := fmt.Sprintf("%s: %s is not set%s", what, strings.Join(rel[:at+1], "."), in)
	if c := suggest.Closest(rel[at], e.nf.Keys); c != "" {
		msg += fmt.Sprintf("; did you mean %q?", strings.Join(append(slices.Clone(rel[:at]), c), "."))
	}
	return msg
}

// Set stages changes to the fields of a record (and removes the fields in
// unset), each typed by the workspace's schema. A field the schema does not
// declare is refused unless force.
func (s *Session) Set(r *workspace.Record, changes []Change, unset []string, force bool) error {
	st, err := s.steps(r.Kind(), changes, unset, force)
	if err != nil {
		return err
	}
	err = s.editYAML(r.File, func(d *yamledit.Doc) error { return applySteps(d, r.Pointer, st) })
	var nt *notThereError
	if errors.As(err, &nt) {
		// Not the file's fault but the command line's.
		nt.id = r.ID()
		return &InputError{nt}
	}
	return err
}
