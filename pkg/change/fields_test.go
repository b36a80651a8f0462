package change

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlfmt"
	"github.com/roadlog/roadlog/schema"
)

var (
	textField    = &schema.Field{Types: []string{"string"}}
	dateField    = &schema.Field{Types: []string{"string"}, Format: "date"}
	enumField    = &schema.Field{Enum: []any{"public", "internal"}}
	numberField  = &schema.Field{Types: []string{"number"}}
	integerField = &schema.Field{Types: []string{"integer"}}
	boolField    = &schema.Field{Types: []string{"boolean"}}
	labelsField  = &schema.Field{Types: []string{"array"}, Items: textField}
	numbersField = &schema.Field{Types: []string{"array"}, Items: numberField}
	scoreField   = &schema.Field{Types: []string{"object"}, Extra: numberField}
	needsField   = &schema.Field{Types: []string{"string", "array"}, Items: textField}
	anyField     = &schema.Field{}
)

// TestParseValueRoundTrip types command-line text by the field's schema,
// writes it into a file as set does, and reads it back: what comes back is
// exactly the value typed. `set 'labels=[x, "z,w"]'` wrote four labels
// with literal quotes, and `set estimate=99999999999999999999` wrote
// 100000000000000000000.0.
func TestParseValueRoundTrip(t *testing.T) {
	tests := []struct {
		field *schema.Field
		text  string
		want  any // nil with a text field: the text itself
	}{
		// Text is the text as typed, whatever YAML would make of it.
		{textField, "123", nil},
		{textField, "true", nil},
		{textField, "null", nil},
		{textField, "~", nil},
		{textField, "", nil},
		{textField, "  spaced  ", nil},
		{textField, "a: b # c", nil},
		{textField, "#hash", nil},
		{textField, "it's", nil},
		{textField, `say "hi"`, nil},
		{textField, `back\slash`, nil},
		{textField, "comma, separated", nil},
		{textField, "[not a list]", nil},
		{textField, "{not: a mapping}", nil},
		{textField, "über 🚀 שלום", nil},
		{textField, "two\nlines", nil},
		{textField, "a\n\nb\n", nil},
		{textField, "- dash", nil},
		{textField, "*star &amp !tag %pct @at `tick |pipe >gt", nil},
		{textField, "tab\there", nil},
		{textField, "\x1b[2Jescape", nil},
		{textField, "a\u202eb", nil},
		{textField, "0x1F", nil},
		{dateField, "2027-01-15", nil},
		{enumField, "internal", nil},
		// Numbers as the file would read them.
		{numberField, "5", int64(5)},
		{numberField, "-3", int64(-3)},
		{numberField, " 7 ", int64(7)},
		{numberField, "2.5", 2.5},
		{numberField, "0.1", 0.1},
		{numberField, "1e3", int64(1000)},
		{numberField, "1_000", int64(1000)},
		{numberField, "012", int64(12)},
		{numberField, "0x1F", int64(31)},
		{numberField, "9007199254740992", int64(9007199254740992)},
		{numberField, "-9007199254740992", int64(-9007199254740992)},
		{numberField, "123456.789", 123456.789},
		{numberField, "5e-324", 5e-324},
		{numberField, "2.5e-7", 2.5e-7},
		{numberField, "!!float 0x1p-2", 0.25},
		{numberField, "!!float 0x1p-1074", 5e-324},
		{integerField, "3", int64(3)},
		{boolField, "true", true},
		{boolField, "False", false},
		// Lists and mappings are YAML flow.
		{labelsField, `[x, "z,w"]`, []any{"x", "z,w"}},
		{labelsField, "x, y", []any{"x", "y"}},
		{labelsField, `"z,w"`, []any{"z,w"}},
		{labelsField, "", []any{}},
		{labelsField, "[]", []any{}},
		{labelsField, "[123, true, null, 2027-01-15]", []any{"123", "true", "null", "2027-01-15"}},
		{labelsField, `["a: b", 'it''s', "#c", " sp "]`, []any{"a: b", "it's", "#c", " sp "}},
		{labelsField, "[über, 🚀]", []any{"über", "🚀"}},
		{numbersField, "[1, 2.5]", []any{int64(1), 2.5}},
		// Text or a list of texts: only [ ] makes a list (issue 10).
		{needsField, "Fast capture, offline", "Fast capture, offline"},
		{needsField, "one", "one"},
		{needsField, "[a, b]", []any{"a", "b"}},
		{needsField, " [a]", []any{"a"}},
		{scoreField, "{reach: 10, impact: 2}", map[string]any{"reach": int64(10), "impact": int64(2)}},
		{scoreField, "reach: 10", map[string]any{"reach": int64(10)}},
		{scoreField, "{}", map[string]any{}},
		// A field of any type takes what YAML reads.
		{anyField, "5", int64(5)},
		{anyField, "x", "x"},
		{anyField, "null", nil},
		{anyField, "", nil},
		{anyField, "true", true},
		{anyField, "2027-01-15", "2027-01-15"},
		{anyField, "[a, 1]", []any{"a", int64(1)}},
		{anyField, "{a: [1, {b: c}]}", map[string]any{"a": []any{int64(1), map[string]any{"b": "c"}}}},
	}
	for _, tt := range tests {
		v, err := parseValue(tt.field, tt.text)
		if err != nil {
			t.Errorf("parseValue(%v, %q): %v", tt.field.Types, tt.text, err)
			continue
		}
		want := tt.want
		if want == nil && isText(tt.field) {
			want = tt.text
		}
		// Written as set writes it, as a new key and over an old value.
		for _, src := range []string{"id: A-1\n", "id: A-1\nk: old\n", "id: A-1\nk: \"quoted\"\n", "id: A-1\nk: [a, b]\n"} {
			d, err := yamledit.Parse([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			d.SetLayout(yamlfmt.Layout(workspace.FileItem))
			if err := d.Set([]string{"k"}, v); err != nil {
				t.Errorf("%q: set over %q: %v", tt.text, src, err)
				continue
			}
			back, err := yamledit.Parse(d.Bytes())
			if err != nil {
				t.Fatalf("%q: written as\n%s\ndoes not parse: %v", tt.text, d.Bytes(), err)
			}
			got := back.Value().(map[string]any)["k"]
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%q written as\n%s\nreads back differently (-want +got):\n%s", tt.text, d.Bytes(), diff)
			}
		}
	}
}

// TestParseValueRefused: what cannot be kept exactly, or is not of the
// field's type, is refused with a message that names the value.
func TestParseValueRefused(t *testing.T) {
	tests := []struct {
		field *schema.Field
		text  string
		want  string
	}{
		{numberField, "99999999999999999999", "99999999999999999999 cannot be kept exactly: numbers are kept to about 15 digits, whole numbers up to 9007199254740992"},
		{numberField, "9007199254740993", "9007199254740993 cannot be kept exactly"},
		{numberField, "-9007199254740993", "-9007199254740993 cannot be kept exactly"},
		{numberField, "1e20", "1e20 cannot be kept exactly"},
		{numberField, "1e400", "1e400 cannot be kept exactly"},
		{numberField, "1e-999999999", "1e-999999999 has an exponent past ±1100; write the number without one"},
		{numberField, "1e-400", "1e-400 cannot be kept exactly"},
		{numberField, "-2e-999", "-2e-999 cannot be kept exactly"},
		{numberField, "1e-1100", "1e-1100 cannot be kept exactly"},
		{numberField, "1e-1101", "1e-1101 has an exponent past ±1100"},
		{numberField, "0e-99999", "0e-99999 has an exponent past ±1100; write the number without one"},
		{numberField, "1e-99999999999999999999", "1e-99999999999999999999 has an exponent past ±1100"},
		{numberField, "!!float 0x1p-99999999", "0x1p-99999999 has an exponent past ±1100"},
		{numberField, "!!float 0x1.00000000000001p0", "0x1.00000000000001p0 cannot be kept exactly"},
		{numberField, "0.10000000000000000001", "0.10000000000000000001 cannot be kept exactly"},
		{numberField, "3.14159265358979323846", "3.14159265358979323846 cannot be kept exactly"},
		{numberField, ".inf", ".inf is not a finite number"},
		{numberField, "-.Inf", "-.Inf is not a finite number"},
		{numberField, ".nan", ".nan is not a finite number"},
		{numberField, "NaN", `"NaN" is not a number`},
		{numberField, "Infinity", `"Infinity" is not a number`},
		{numberField, "five", `"five" is not a number`},
		{numberField, `"5"`, `"5" is not a number`},
		{numberField, "", `"" is not a number`},
		{numberField, "[1]", "a list is not a number"},
		{numberField, "{a: 1}", "a mapping is not a number"},
		{integerField, "3.5", `"3.5" is not a whole number`},
		{boolField, "yes", `"yes" is not true or false`},
		{boolField, "1", `"1" is not true or false`},
		{labelsField, "[a, [b]]", "a list is not text"},
		{labelsField, "[a, {b: c}]", "a mapping is not text"},
		{textField, "x", ""},
		{labelsField, "[&x a, *x]", "anchors and aliases (&x, *x) are not values; write the value out"},
		{labelsField, "[unclosed", `"[unclosed" is not a YAML value: did not find expected ',' or ']'; quote text with commas or colons ("a, b")`},
		{labelsField, "a: b, c", `a mapping is not text; quote text that has ": " in it ("a: b")`},
		{numbersField, "[1, x]", `"x" is not a number`},
		{scoreField, "{reach: x}", `reach: "x" is not a number`},
		{scoreField, "{a: 1, a: 2}", `the key "a" is given twice`},
		{scoreField, "[1]", "a list is not a mapping"},
		{textField, "a\xffb", "the value is not valid UTF-8"},
		{anyField, "!!binary aGk=", ""},
	}
	for _, tt := range tests {
		v, err := parseValue(tt.field, tt.text)
		if tt.want == "" {
			continue // only: no panic
		}
		if err == nil {
			t.Errorf("parseValue(%v, %q) = %#v, want an error", tt.field.Types, tt.text, v)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("parseValue(%v, %q): %q, want %q", tt.field.Types, tt.text, err, tt.want)
		}
	}
}
