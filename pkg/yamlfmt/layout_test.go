package yamlfmt

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/roadlog/roadlog/examples"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/schema"
)

// sampleValues are values of every shape an edit writes: text that needs
// quotes in a block or only in a list, several lines, dates, numbers,
// lists short and long, mappings.
var sampleValues = []any{
	"plain", "Acme: Checkout", "z,w", "123", "yes", "2027-01-15", "  spaced  ", "it's", `say "hi"`, "#1",
	"two\nlines", "a\n\nb\n", "  indented\nfirst", "trailing \nspace", "über", "🚀 rocket", strings.Repeat("long words ", 12), int64(5), 2.5, true, nil,
	[]any{},
	[]any{"a", "b"},
	[]any{"x", "z,w", "a: b"},
	manyLabels(3), manyLabels(20),
	yamledit.Map{},
	yamledit.Map{{Key: "reach", Value: int64(10)}, {Key: "impact", Value: int64(2)}},
	yamledit.Map{{Key: "k", Value: strings.Repeat("v", 90)}},
}

func manyLabels(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = "label-" + strconv.Itoa(i)
	}
	return out
}

// exampleFiles loads the sample workspace, which is in canonical form.
func exampleFiles(t *testing.T) []*workspace.File {
	t.Helper()
	sub, err := fs.Sub(examples.FS, examples.Default)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.Load(t.Context(), sub)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ws.Files {
		if out, err := Format(f); err != nil || !bytes.Equal(out, f.Raw) {
			t.Fatalf("%s is not in canonical form (%v)", f.Path, err)
		}
	}
	return ws.Files
}

// edited applies op to the YAML of a file with fmt's layout and returns
// the whole file, or nil when the edit was refused.
func edited(t *testing.T, f *workspace.File, op func(*yamledit.Doc) error) *workspace.File {
	t.Helper()
	d, err := yamledit.Parse(f.YAML())
	if err != nil {
		t.Fatal(err)
	}
	d.SetLayout(Layout(f.Kind))
	if err := op(d); err != nil {
		return nil
	}
	raw := append(append(append([]byte(nil), f.Raw[:f.YAMLOffset]...), d.Bytes()...), f.Raw[f.YAMLEnd:]...)
	nf, diags := workspace.Parse(f.Path, f.Kind, raw)
	if len(diags) > 0 {
		t.Fatalf("%s does not parse after the edit: %v", f.Path, diags)
	}
	return nf
}

// TestEditsStayCanonical edits every record of the sample workspace, which
// roadlog fmt leaves as it is, in every way an edit can: each field of its
// schema set to values of every shape (new keys, nested keys), removed,
// appended to and taken from. roadlog fmt must leave every result as it
// is too, so that roadlog's own edits pass `roadlog fmt --check` (and the
// pre-commit hook).
func TestEditsStayCanonical(t *testing.T) {
	type edit struct {
		name string
		op   func(*yamledit.Doc) error
	}
	done, refused := 0, 0
	defer func() { t.Logf("%d edits, %d refused", done, refused) }()
	perKind := map[workspace.FileKind]int{}
	for _, f := range exampleFiles(t) {
		// A file of each kind, two records of each file (and a key result):
		// every layout the sample has, in a few seconds.
		if f.Kind == workspace.FileConfig || perKind[f.Kind] == 1 {
			continue
		}
		perKind[f.Kind]++
		ptrs := recordPointers(f)
		for _, ptr := range ptrs[:min(len(ptrs), 3)] {
			keys := slices.Clone(schema.Base(string(f.Kind)).At(ptr).Names())
			keys = append(keys, "custom_field")
			var edits []edit
			at := func(k ...string) []string { return append(slices.Clone(ptr), k...) }
			for n, k := range keys {
				if k == "id" {
					continue
				}
				for i, v := range sampleValues {
					if (i+n)%3 != 0 {
						continue // each key a third of the values; every value some keys
					}
					edits = append(edits, edit{fmt.Sprintf("set %s=%d", k, i), func(d *yamledit.Doc) error { return d.Set(at(k), v) }})
				}
				edits = append(edits,
					edit{"unset " + k, func(d *yamledit.Doc) error { return d.Delete(at(k)) }},
					edit{"append to " + k, func(d *yamledit.Doc) error { return d.Append(at(k), "added") }},
					edit{"append long to " + k, func(d *yamledit.Doc) error { return d.Append(at(k), strings.Repeat("x", 70)) }},
					edit{"unset first of " + k, func(d *yamledit.Doc) error { return d.Delete(at(k, "0")) }},
					edit{"set nested " + k, func(d *yamledit.Doc) error { return d.Set(at(k, "reach"), int64(7)) }},
					edit{"unset nested " + k, func(d *yamledit.Doc) error { return d.Delete(at(k, "reach")) }},
				)
			}
			for _, e := range edits {
				nf := edited(t, f, e.op)
				if nf == nil {
					refused++
					continue
				}
				done++
				out, err := Format(nf)
				if err != nil {
					t.Errorf("%s %v: %s: fmt: %v", f.Path, ptr, e.name, err)
					continue
				}
				if !bytes.Equal(out, nf.Raw) {
					t.Errorf("%s %v: %s: not canonical; got\n%s\nfmt writes\n%s", f.Path, ptr, e.name, nf.Raw, out)
				}
			}
		}
	}
}

// recordPointers lists where the records of a file are: the top mapping,
// or each element of its top-level lists (and of key_results).
func recordPointers(f *workspace.File) [][]string {
	top, _ := f.Value.(map[string]any)
	if f.Kind.Markdown() {
		out := [][]string{nil}
		if personas, ok := top["personas"].([]any); ok {
			for i := range personas {
				out = append(out, []string{"personas", strconv.Itoa(i)})
			}
		}
		return out
	}
	var out [][]string
	for _, k := range []string{"themes", "initiatives", "objectives", "releases", "risks"} {
		list, _ := top[k].([]any)
		for i, e := range list {
			out = append(out, []string{k, strconv.Itoa(i)})
			m, _ := e.(map[string]any)
			krs, _ := m["key_results"].([]any)
			for j := range krs {
				out = append(out, []string{k, strconv.Itoa(i), "key_results", strconv.Itoa(j)})
			}
		}
	}
	return out
}
