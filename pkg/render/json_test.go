package render

import (
	"strings"
	"testing"
)

// TestJSON: every JSON document has schema_version first, then the body's
// keys, indented by two, < > & as they are and terminal controls escaped
// (issue 10, item 5: one envelope writer).
func TestJSON(t *testing.T) {
	tests := []struct {
		name string
		body any
		want string
	}{
		{"empty", struct{}{}, "{\n  \"schema_version\": 1\n}\n"},
		{"empty map", map[string]int{}, "{\n  \"schema_version\": 1\n}\n"},
		{
			"struct",
			struct {
				Title string `json:"title"`
				N     []int  `json:"n"`
			}{"a <b> & c\x1b[2J", []int{1}},
			"{\n  \"schema_version\": 1,\n  \"title\": \"a <b> & c\\u001b[2J\",\n  \"n\": [\n    1\n  ]\n}\n",
		},
		{"map", map[string][]string{"items": {}}, "{\n  \"schema_version\": 1,\n  \"items\": []\n}\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := JSON(&b, tt.body); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if b.String() != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, b.String(), tt.want)
		}
	}
	own := struct {
		V int `json:"schema_version"`
	}{1}
	if err := JSON(&strings.Builder{}, own); err == nil {
		t.Errorf("JSON: no error for a body with its own schema_version (it would be written twice)")
	}
	for _, body := range []any{[]int{1}, "x", nil} {
		if err := JSON(&strings.Builder{}, body); err == nil {
			t.Errorf("JSON(%v): no error for a body that is not an object", body)
		}
	}
}
