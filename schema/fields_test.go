package schema

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/model"
)

// TestRecordOrder: the fields of a record come in the order its schema
// lists them, which is the order roadlog fmt writes and the report shows.
func TestRecordOrder(t *testing.T) {
	tests := []struct {
		kind model.Kind
		want []string
	}{
		{model.KindItem, []string{
			"id", "title", "type", "status", "owner", "parent", "initiative", "release", "labels", "rank",
			"estimate", "moscow", "score", "depends_on", "insights", "created", "closed", "due", "visibility", "origin",
		}},
		{model.KindPersona, []string{"id", "name", "needs", "description"}},
		{model.KindKeyResult, []string{"id", "title", "unit", "baseline", "target", "current", "description", "visibility"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Record(tt.kind).Names()); diff != "" {
			t.Errorf("%s (-want +got)\n%s", tt.kind, diff)
		}
	}
}

func TestField(t *testing.T) {
	item := Record(model.KindItem)
	parent := item.Key("parent")
	if parent == nil || !parent.Has("string") || parent.Description != "ID of the epic this item belongs to." {
		t.Errorf("parent: a $ref's own description wins: %+v", parent)
	}
	if due := item.Key("due"); due.Format != "date" || due.Description != "A date, YYYY-MM-DD." {
		t.Errorf("due: what a $ref leads to fills in: %+v", due)
	}
	if moscow := item.Key("moscow"); len(moscow.Enum) != 4 || moscow.Types != nil {
		t.Errorf("moscow: %+v", moscow)
	}
	if l := item.At([]string{"labels", "0"}); l == nil || !l.Has("string") {
		t.Errorf("labels.0 = %+v, want text", l)
	}
	if r := item.At([]string{"score", "reach"}); r == nil || !r.Has("number") {
		t.Errorf("score.reach = %+v, want a number (additionalProperties)", r)
	}
	for _, path := range [][]string{{"nope"}, {"title", "x"}, {"labels", "x"}} {
		if f := item.At(path); f != nil {
			t.Errorf("At(%q) = %+v, want nil", path, f)
		}
	}
	needs := Record(model.KindPersona).Key("needs")
	if !needs.Has("string") || !needs.Has("array") || needs.Items == nil {
		t.Errorf("needs: %+v", needs)
	}
	if Base("nope") != nil {
		t.Error("Base of an unknown kind")
	}
	var nilField *Field
	if nilField.Names() != nil || nilField.Key("x") != nil || nilField.At([]string{"x"}) != nil || nilField.Has("string") {
		t.Error("a nil field says something")
	}
}

// TestRead reads a workspace's schema: what roadlog.yaml adds comes after
// the built-in fields, by name, and replaces what it redefines.
func TestRead(t *testing.T) {
	raw, err := FS.ReadFile("item.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	props := doc["properties"].(map[string]any)
	props["segment"] = map[string]any{"type": "string", "enum": []any{"smb", "enterprise"}}
	props["area"] = map[string]any{"type": "string"}
	doc["$defs"].(map[string]any)["status"] = map[string]any{"enum": []any{"todo", "done"}}
	f := Read("item", doc)
	names := f.Names()
	if diff := cmp.Diff([]string{"due", "visibility", "origin", "area", "segment"}, names[len(names)-5:]); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]any{"todo", "done"}, f.Key("status").Enum); diff != "" {
		t.Errorf("status enum (-want +got)\n%s", diff)
	}
	if got := ReadAt("roadmap", mustDoc(t, "roadmap"), "/$defs/initiative").Names(); !slices.Equal(got, Record(model.KindInitiative).Names()) {
		t.Errorf("ReadAt initiative = %v", got)
	}
	if ReadAt("roadmap", mustDoc(t, "roadmap"), "/$defs/nope") != nil {
		t.Error("ReadAt of nothing")
	}
}

func mustDoc(t *testing.T, name string) map[string]any {
	t.Helper()
	raw, err := FS.ReadFile(name + ".schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestRegistryMatchesSchemas: the registry of kinds (package model) and the
// schemas say the same: where each kind's records are, that its reference
// and owner fields exist, and the ID pattern.
func TestRegistryMatchesSchemas(t *testing.T) {
	for _, k := range model.Kinds() {
		info := k.Info()
		rec := Record(k)
		if rec == nil || !slices.Contains(rec.Names(), "id") {
			t.Errorf("%s: no record with an id in %s.schema.json at %v", k, info.File, info.List)
			continue
		}
		for _, r := range info.References {
			f := rec.Key(r.Field)
			if f == nil || f.Has("array") != r.List {
				t.Errorf("%s.%s: the schema has %+v for a reference (list %v)", k, r.Field, f, r.List)
			}
		}
		for _, p := range info.People {
			if rec.Key(p) == nil {
				t.Errorf("%s.%s: not in the schema", k, p)
			}
		}
	}
	for _, sk := range Kinds {
		defs, _ := mustDoc(t, sk.Name)["$defs"].(map[string]any)
		for _, name := range []string{"id", "ref"} {
			def, ok := defs[name].(map[string]any)
			if !ok {
				continue
			}
			if def["pattern"] != model.IDPattern {
				t.Errorf("%s.schema.json $defs/%s: pattern %v, want model.IDPattern", sk.Name, name, def["pattern"])
			}
		}
	}
}
