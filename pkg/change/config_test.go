package change

import (
	"strings"
	"testing"
)

func TestConfigKey(t *testing.T) {
	tests := []struct {
		key  string
		typ  string // a JSON type the field takes; "" for no field
		open bool   // nil field, no error: below a mapping that holds anything
		err  string
	}{
		{key: "product.name", typ: "string"},
		{key: "board.closed_recent_days", typ: "integer"},
		{key: "workflow.statuses", typ: "array"},
		{key: "workflow.statuses.0", typ: "string"},
		{key: "workflow.wip.review", typ: "integer"},
		{key: "people.ana", typ: "object"},
		{key: "people.ana.email", typ: "string"},
		{key: "fields.segment", typ: "object"},
		{key: "fields.segment.enum", open: true},
		{key: "fields.segment.enum.0", open: true},
		{key: "product.nmae", err: `unknown key "product.nmae"; did you mean "product.name"?`},
		{key: "wrkflow", err: `did you mean "workflow"?`},
		{key: "people.ana.phone", err: `people.ana in roadlog.yaml has email, name, role`},
		{key: "version.x", err: `version in roadlog.yaml holds no keys`},
		{key: "types.x", err: `types is a list; give an element by its index (types.0)`},
		{key: "", err: `is not a key of roadlog.yaml`},
		{key: "a..b", err: `is not a key of roadlog.yaml`},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			f, err := ConfigKey(strings.Split(tt.key, "."))
			switch {
			case tt.err != "":
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
			case err != nil:
				t.Fatal(err)
			case tt.open:
				if f != nil {
					t.Fatalf("field = %+v, want none", f)
				}
			case !f.Has(tt.typ):
				t.Fatalf("types = %v, want %s", f.Types, tt.typ)
			}
		})
	}
}

func FuzzConfigKey(f *testing.F) {
	for _, s := range []string{"product.name", "people.ana.email", "fields.x.enum.0", "types.1", "a..b", "workflow.wip.x.y"} {
		f.Add(s)
	}
	f.Fuzz(func(_ *testing.T, key string) {
		_, _ = ConfigKey(strings.Split(key, ".")) // never panics
	})
}
