package query

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var fields = []string{"id", "title", "status", "score", "labels", "estimate", "due", "open", "blocked", "segment", "body"}

func TestFilter(t *testing.T) {
	rows := []map[string]any{
		{"id": "A-1", "status": "ready", "score": 640.0, "labels": []any{"checkout"}, "open": true, "due": "2027-01-15", ScoreInputs: map[string]any{"reach": int64(1200)}, "body": "Refund the card.\n"},
		{"id": "A-2", "status": "ready", "labels": []any{}, "open": true, "body": ""},
		{"id": "A-10", "status": "done", "score": 12.5, "open": false, "estimate": int64(3), "body": "No refund here.\n"},
	}
	tests := []struct {
		expr string
		want []string
	}{
		{`status == "ready"`, []string{"A-1", "A-2"}},
		{`status == "ready" && score > 100`, []string{"A-1"}},
		{`score < 100`, []string{"A-10"}},
		{`"checkout" in labels`, []string{"A-1"}},
		{`!open`, []string{"A-10"}},
		{`estimate >= 3`, []string{"A-10"}},
		{`score.reach > 1000`, []string{"A-1"}},
		{`due < today`, nil},
		{`due > today`, []string{"A-1"}},
		{`status in ["done", "dropped"] || id == "A-2"`, []string{"A-2", "A-10"}},
		{`segment == nil`, []string{"A-1", "A-2", "A-10"}},
		{`hasPrefix(id, "A-1")`, []string{"A-1", "A-10"}},
		// The body is a field like the others (issue 11).
		{`body contains "refund"`, []string{"A-10"}},
		{`lower(body) contains "refund"`, []string{"A-1", "A-10"}},
		{`body matches "(?i)^refund"`, []string{"A-1"}},
		{`body == ""`, []string{"A-2"}},
	}
	for _, tt := range tests {
		f, err := Compile(tt.expr, fields)
		if err != nil {
			t.Fatalf("Compile(%q): %v", tt.expr, err)
		}
		var got []string
		for _, r := range rows {
			if ok, _ := f.Match(r, "2026-12-01"); ok {
				got = append(got, r["id"].(string))
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got)\n%s", tt.expr, diff)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		expr string
		want string
	}{
		{`status ==`, "column 9: unexpected token EOF"},
		{`stauts == "ready"`, `column 1: unknown field "stauts"; did you mean "status"?`},
		{`status == "ready" && scroe > 1`, `column 22: unknown field "scroe"; did you mean "score"?`},
		{`status == "ready" &&`, "column 20: unexpected token EOF"},
		{`zzz`, `column 1: unknown field "zzz"; see the fields with --help`},
		{`status + 1`, ""},
	}
	for _, tt := range tests {
		_, err := Compile(tt.expr, fields)
		var qe *Error
		if tt.want == "" {
			if err != nil && !errors.As(err, &qe) {
				t.Errorf("%q: %v is not a query.Error", tt.expr, err)
			}
			continue
		}
		if !errors.As(err, &qe) || err.Error() != tt.want {
			t.Errorf("Compile(%q) = %v, want %q", tt.expr, err, tt.want)
		}
	}
}

func TestSort(t *testing.T) {
	rows := []map[string]any{
		{"id": "A-10", "score": 5.0, "status": "ready"},
		{"id": "A-2", "status": "done"},
		{"id": "A-1", "score": 50.0, "status": "ready"},
		{"id": "A-3", "score": int64(5), "status": "idea"},
	}
	ids := func(keys []SortKey) []string {
		rs := slices.Clone(rows)
		slices.SortStableFunc(rs, func(a, b map[string]any) int { return Compare(a, b, keys) })
		var out []string
		for _, r := range rs {
			out = append(out, r["id"].(string))
		}
		return out
	}
	for _, tt := range []struct {
		spec string
		want []string
	}{
		{"id", []string{"A-1", "A-2", "A-3", "A-10"}},
		{"-id", []string{"A-10", "A-3", "A-2", "A-1"}},
		{"score", []string{"A-10", "A-3", "A-1", "A-2"}},
		{"-score", []string{"A-1", "A-10", "A-3", "A-2"}},
		{"-score,id", []string{"A-1", "A-3", "A-10", "A-2"}},
		{"status,-score", []string{"A-2", "A-3", "A-1", "A-10"}},
	} {
		keys, err := ParseSort(tt.spec, fields)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, ids(keys)); diff != "" {
			t.Errorf("--sort %s (-want +got)\n%s", tt.spec, diff)
		}
	}
	// An enum sorts in its declared order (issue 10, item 9), values
	// outside it after, naturally; descending reverses all of it.
	order := []string{"idea", "ready", "done"}
	rows = append(rows, map[string]any{"id": "A-4", "status": "zzz"}, map[string]any{"id": "A-5", "status": "blocked"})
	for _, tt := range []struct {
		desc bool
		want []string
	}{
		{false, []string{"A-3", "A-10", "A-1", "A-2", "A-5", "A-4"}},
		{true, []string{"A-4", "A-5", "A-2", "A-10", "A-1", "A-3"}},
	} {
		if diff := cmp.Diff(tt.want, ids([]SortKey{{Path: "status", Desc: tt.desc, Order: order}})); diff != "" {
			t.Errorf("status in workflow order, desc %v (-want +got)\n%s", tt.desc, diff)
		}
	}
	if _, err := ParseSort("scroe", fields); err == nil || err.Error() != `unknown field "scroe"; did you mean "score"?` {
		t.Errorf("ParseSort(scroe) = %v", err)
	}
}

func TestLookupAndText(t *testing.T) {
	row := map[string]any{
		"title": "T", "score": 640.0, ScoreInputs: map[string]any{"reach": int64(1200)},
		"labels": []any{"a", "b"}, "meta": map[string]any{"x": map[string]any{"y": true}},
	}
	for path, want := range map[string]string{
		"title": "T", "score": "640", "score.reach": "1200", "labels": "a, b", "labels.1": "b",
		"meta.x.y": "true", "meta.x": "y: true", "missing.path": "", "score.effort": "",
	} {
		if got := Text(Lookup(row, path)); got != want {
			t.Errorf("Lookup(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestBuiltinNames checks that fields named like expr's built-in functions
// (type, date) are fields.
func TestBuiltinNames(t *testing.T) {
	f, err := Compile(`type == "epic" && date < "2027" && len(labels) > 0`, []string{"type", "date", "labels"})
	if err != nil {
		t.Fatal(err)
	}
	ok, err := f.Match(map[string]any{"type": "epic", "date": "2026-01-01", "labels": []any{"x"}}, "2026-12-01")
	if !ok || err != nil {
		t.Errorf("Match = %v, %v", ok, err)
	}
}
