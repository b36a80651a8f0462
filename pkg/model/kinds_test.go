package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseKind(t *testing.T) {
	tests := []struct {
		in   string
		want Kind
		ok   bool
	}{
		{"items", KindItem, true},
		{"item", KindItem, true},
		{"key-results", KindKeyResult, true},
		{"key_results", KindKeyResult, true},
		{"key-result", KindKeyResult, true},
		{"key_result", KindKeyResult, true},
		{"Key-Results", KindKeyResult, true},
		{"INITIATIVES", KindInitiative, true},
		{"personas", KindPersona, true},
		{"initiativez", "", false},
		{"", "", false},
		{"key results", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseKind(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseKind(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestRegistry pins the names users type and where each kind lives: the
// registry is the one place these are written down (issue 10, item 2).
func TestRegistry(t *testing.T) {
	want := []string{"items", "themes", "initiatives", "objectives", "key-results", "releases", "risks", "insights", "decisions", "personas"}
	if diff := cmp.Diff(want, PluralNames()); diff != "" {
		t.Errorf("PluralNames (-want +got)\n%s", diff)
	}
	for _, k := range Kinds() {
		info := k.Info()
		if info.Kind != k || info.File == "" || info.Path == "" || info.OwnFile == (len(info.List) > 0) {
			t.Errorf("%s: incomplete: %+v", k, info)
		}
		if got, ok := ParseKind(k.Plural()); !ok || got != k {
			t.Errorf("%s: its plural %q reads back as %q", k, k.Plural(), got)
		}
		if got, ok := ParseKind(k.Name()); !ok || got != k {
			t.Errorf("%s: its name %q reads back as %q", k, k.Name(), got)
		}
	}
	if got := KindKeyResult.Name(); got != "key-result" {
		t.Errorf("KindKeyResult.Name() = %q", got)
	}
	if Kind("nope").Info().File != "" {
		t.Error("an unknown kind has a registry entry")
	}
}

func TestReferences(t *testing.T) {
	tests := []struct {
		kind  Kind
		field string
		ok    bool
		list  bool
		any   bool // may name a record of any kind
	}{
		{KindItem, "parent", true, false, false},
		{KindItem, "depends_on", true, true, false},
		{KindItem, "insights", true, true, false},
		{KindItem, "owner", false, false, false},
		{KindItem, "links", false, false, false},
		{KindInitiative, "objectives", true, true, false},
		{KindRisk, "links", true, true, true},
		{KindDecision, "supersedes", true, false, false},
		{KindDecision, "links", true, true, true},
		{KindRelease, "date", false, false, false},
	}
	for _, tt := range tests {
		r, ok := referenceOf(tt.kind, tt.field)
		if ok != tt.ok || r.List != tt.list || (ok && (r.Targets == nil) != tt.any) {
			t.Errorf("referenceOf(%s, %s) = %+v, %v", tt.kind, tt.field, r, ok)
		}
		if IsReference(tt.kind, tt.field) != tt.ok {
			t.Errorf("IsReference(%s, %s) != %v", tt.kind, tt.field, tt.ok)
		}
	}
	if !NamesPerson(KindRisk, "owner") || NamesPerson(KindRelease, "owner") {
		t.Error("owner fields: want risks to have one and releases not")
	}
}

func TestIDsIn(t *testing.T) {
	tests := []struct {
		in   any
		want []string
	}{
		{"A-1", []string{"A-1"}},
		{[]any{"A-1", int64(2), "B-2"}, []string{"A-1", "B-2"}},
		{[]any{}, nil},
		{int64(3), nil},
		{nil, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, IDsIn(tt.in)); diff != "" {
			t.Errorf("IDsIn(%#v) (-want +got)\n%s", tt.in, diff)
		}
	}
}

func TestCheckID(t *testing.T) {
	for _, id := range []string{"A", "ACME-12", "R-2027.1", "a_b-c.d", "x9"} {
		if err := CheckID(id); err != nil {
			t.Errorf("CheckID(%q): %v", id, err)
		}
	}
	for _, id := range []string{"", "1A", "-A", "A B", "A/1", "Ä-1", "A\n"} {
		if err := CheckID(id); err == nil {
			t.Errorf("CheckID(%q) accepts it", id)
		}
	}
	want := `"1A" is not a valid ID: start with a letter, then letters, digits, '.', '_' or '-'`
	if err := CheckID("1A"); err == nil || err.Error() != want {
		t.Errorf("CheckID message = %v, want %q", err, want)
	}
}
