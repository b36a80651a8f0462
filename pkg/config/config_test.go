package config

import (
	"bytes"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/workspace"
)

func TestGet(t *testing.T) {
	yaml := "version: 1\nproduct: {name: \"A\\e[31m\", key: A} # c\ntypes: &t [epic, story]\nreport: {internal_fields: *t}\npeople:\n  ana: {name: Ana}\n"
	ws, err := workspace.Load(t.Context(), fstest.MapFS{workspace.ConfigFile: {Data: []byte(yaml)}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		key, text string
		err       any
	}{
		{key: "product.key", text: "A\n"},
		{key: "product.name", text: "A�[31m\n"}, // harmless on a terminal
		{key: "types", text: "- epic\n- story\n"},
		{key: "report.internal_fields", text: "- epic\n- story\n"}, // an alias, followed
		{key: "people", text: "ana:\n  name: Ana\n"},
		{key: "people.ana.email", err: new(*NotSetError)},
		{key: "board", err: new(*NotSetError)},
		{key: "prodct", err: new(*change.InputError)},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			v, err := Get(ws, tt.key)
			if tt.err != nil {
				if err == nil || !errors.As(err, tt.err) {
					t.Fatalf("err = %v, want %T", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := v.WriteText(&buf); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.text {
				t.Errorf("text %q, want %q", buf.String(), tt.text)
			}
		})
	}
}
