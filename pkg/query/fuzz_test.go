package query

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"
)

// fuzzRows are rows with the values a hostile workspace gives: missing
// fields, nulls, NaN and infinities, huge numbers, nested maps and lists.
var fuzzRows = []map[string]any{
	{"id": "A-1", "status": "ready", "score": 640.0, "labels": []any{"checkout"}, "open": true, "due": "2027-01-15", ScoreInputs: map[string]any{"reach": int64(1200)}},
	{"id": "A-2", "status": nil, "labels": []any{}, "open": true},
	{"id": "A-10", "score": math.NaN(), "estimate": int64(math.MaxInt64), "labels": "x", "segment": map[string]any{"a": []any{1.5, nil}}},
	{"id": 12, "title": []any{"a", map[string]any{}}, "score": math.Inf(-1), "due": "2026-02-30", ScoreInputs: "x"},
	{},
}

// FuzzCompile compiles any --where expression: a mistake is an *Error
// whose column lies inside the expression, and what compiles evaluates on
// every row without a panic, the same way twice.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		`status == "ready" && score > 100`, `"checkout" in labels`, `due < today`, `len(depends_on) > 0`,
		`score.reach > 1000`, `stauts == "ready"`, `status ==`, `(`, `let x = 1; x + score`, `map(labels, # + "x")`,
		`1..10 | filter(# > 5) | len() > 0`, `score / 0 > 1`, `labels[99] == "a"`, `segment.a[1] == nil`,
		`id matches "(a+)+$"`, `"\u202e" in title`, `type(score) == "float"`, `now() > date("2026-01-01")`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		flt, err := Compile(src, fields)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Compile(%q): %T %v, want *Error", src, err, err)
			}
			if qe.Column < 0 || qe.Column > utf8.RuneCountInString(src)+1 {
				t.Fatalf("Compile(%q): column %d outside the expression", src, qe.Column)
			}
			return
		}
		for _, row := range fuzzRows {
			ok1, err1 := flt.Match(row, "2026-12-01")
			ok2, err2 := flt.Match(row, "2026-12-01")
			if ok1 != ok2 || (err1 == nil) != (err2 == nil) {
				t.Fatalf("Match(%q) on %v: %v %v, then %v %v", src, row, ok1, err1, ok2, err2)
			}
		}
	})
}

// FuzzParseSort reads any --sort spec: every key it returns names a known
// field, and sorting rows of odd values with the keys is a total order
// that does not panic.
func FuzzParseSort(f *testing.F) {
	for _, s := range []string{"id", "-score,id", "+title, -due", "", ",", "-", "score.reach", "nope", "labels.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		keys, err := ParseSort(spec, fields)
		if err != nil {
			return
		}
		for _, k := range keys {
			if CheckPath(k.Path, fields) != nil {
				t.Fatalf("ParseSort(%q) kept unknown key %q", spec, k.Path)
			}
		}
		rows := slices.Clone(fuzzRows)
		slices.SortStableFunc(rows, func(a, b map[string]any) int { return Compare(a, b, keys) })
		for i := range rows {
			if c := Compare(rows[i], rows[i], keys); c != 0 {
				t.Fatalf("row %d compares %d with itself under %q", i, c, spec)
			}
			for j := range rows {
				if Compare(rows[i], rows[j], keys) != -Compare(rows[j], rows[i], keys) && !reflect.DeepEqual(rows[i], rows[j]) {
					t.Fatalf("Compare is not antisymmetric under %q on rows %d and %d", spec, i, j)
				}
			}
		}
	})
}
