package yamledit

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDeleteEntry covers `roadlog rm` of a record in a list file: only the
// element's lines and the comments above it go.
func TestDeleteEntry(t *testing.T) {
	tests := []struct {
		name, src string
		path      []string
		want      string
	}{
		{
			name: "middle with comment, blank-separated",
			src:  "risks:\n  # first\n  - id: A\n    title: a\n\n  # about B\n  # more\n  - id: B\n    title: b # why\n\n  - id: C\n    title: c\n",
			path: []string{"risks", "1"},
			want: "risks:\n  # first\n  - id: A\n    title: a\n\n  - id: C\n    title: c\n",
		},
		{
			name: "first, comment under the key",
			src:  "# top\nrisks:\n  # about A\n  - id: A\n    title: a\n  - id: B\n    title: b\n",
			path: []string{"risks", "0"},
			want: "# top\nrisks:\n  - id: B\n    title: b\n",
		},
		{
			name: "first, blank-separated",
			src:  "risks:\n  - id: A\n\n  - id: B\nother: 1\n",
			path: []string{"risks", "0"},
			want: "risks:\n  - id: B\nother: 1\n",
		},
		{
			name: "last of several",
			src:  "risks:\n  - id: A\n  - id: B\n    links: [x]\nother: 1\n",
			path: []string{"risks", "1"},
			want: "risks:\n  - id: A\nother: 1\n",
		},
		{
			name: "nested key result",
			src:  "objectives:\n  - id: O\n    key_results:\n      # the KR\n      - id: K1\n        title: k\n      - id: K2\n",
			path: []string{"objectives", "0", "key_results", "0"},
			want: "objectives:\n  - id: O\n    key_results:\n      - id: K2\n",
		},
		{
			name: "only element",
			src:  "risks:\n  - id: A\n",
			path: []string{"risks", "0"},
			want: "risks: []\n",
		},
		{
			name: "flow list",
			src:  "risks: [{id: A}, {id: B}]\n",
			path: []string{"risks", "0"},
			want: "risks: [{id: B}]\n",
		},
		{
			name: "CRLF",
			src:  "risks:\r\n  # B\r\n  - id: B\r\n  - id: C\r\n",
			path: []string{"risks", "0"},
			want: "risks:\r\n  - id: C\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if err := d.DeleteEntry(tt.path); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(d.Bytes())); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestDeleteEntryMissing(t *testing.T) {
	d, err := Parse([]byte("risks:\n  - id: A\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteEntry([]string{"risks", "3"}); err == nil {
		t.Fatal("no error for a missing element")
	}
}

// FuzzDeleteEntry checks that removing a list element never panics and,
// when it succeeds, leaves exactly the other elements.
func FuzzDeleteEntry(f *testing.F) {
	f.Add("risks:\n  # a\n  - id: A\n\n  - id: B\n", 0)
	f.Add("risks: [{id: A}, {id: B}]\n", 1)
	f.Add("objectives:\n  - id: O\n    key_results:\n      - id: K\n", 0)
	f.Fuzz(func(t *testing.T, src string, i int) {
		d, err := Parse([]byte(src))
		if err != nil {
			return
		}
		top, ok := d.Value().(map[string]any)
		if !ok {
			return
		}
		for key, v := range top {
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				continue
			}
			i = (i%len(list) + len(list)) % len(list)
			want, err := withDelete(d.Value(), []string{key, strconv.Itoa(i)})
			if err != nil {
				return
			}
			if err := d.DeleteEntry([]string{key, strconv.Itoa(i)}); err != nil {
				return
			}
			if diff := cmp.Diff(numbers(want), numbers(d.Value())); diff != "" {
				t.Fatalf("%q: delete %s.%d (-want +got)\n%s", src, key, i, diff)
			}
			return
		}
	})
}

// numbers turns every number into a float64: 0008 reads as an integer or a
// float depending on the parser, which is not what DeleteEntry decides.
func numbers(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = numbers(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = numbers(e)
		}
		return out
	}
	return v
}
