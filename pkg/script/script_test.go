package script

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	data := []any{
		map[string]any{"id": "A-1", "score": 12.5, "labels": []any{"x"}},
		map[string]any{"id": "A-2", "score": nil, "labels": []any{}},
	}
	for _, tc := range []struct{ expr, want string }{
		{".[].id", "A-1\nA-2\n"},
		{".[0]", `{"id":"A-1","labels":["x"],"score":12.5}` + "\n"},
		{"length", "2\n"},
		{".[] | select(.score == null) | .id", "A-2\n"},
		{"empty", ""},
		{`"a\u001b[31mb"`, "a\u001b[31mb\n"}, // raw, as asked, when not cleaned
		{`["a\u001bb"]`, `["a\u001bb"]` + "\n"},
	} {
		f, err := Compile(tc.expr)
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		var buf bytes.Buffer
		if err := f.Run(context.Background(), &buf, data, nil); err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		if buf.String() != tc.want {
			t.Errorf("%s: got %q, want %q", tc.expr, buf.String(), tc.want)
		}
	}
}

func TestRunCleans(t *testing.T) {
	f, err := Compile(`"a\u001b[31mb"`)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Run(context.Background(), &buf, nil, func(s string) string { return strings.ReplaceAll(s, "\x1b", "?") }); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "a?[31mb\n" {
		t.Errorf("got %q", buf.String())
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{".[] | )", `--jq ".[] | )": column 7: unexpected token ")"`},
		{".a |", `--jq ".a |": column 4: unexpected EOF`},
		{`"é" | )`, `--jq "\"é\" | )": column 7: unexpected token ")"`},
		{"nosuch(1)", `--jq "nosuch(1)": function not defined: nosuch/1`},
	} {
		_, err := Compile(tc.expr)
		var se *Error
		if !errors.As(err, &se) {
			t.Fatalf("%s: got %v, want a script.Error", tc.expr, err)
		}
		if err.Error() != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.expr, err, tc.want)
		}
	}
	f, err := Compile(".[] | .id + 1")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = f.Run(context.Background(), &buf, []any{map[string]any{"id": "x"}}, nil)
	if err == nil || buf.Len() != 0 {
		t.Errorf("got %v and %q, want an error and nothing written", err, buf.String())
	}
}

func TestPickAndCheck(t *testing.T) {
	o := map[string]any{"id": "A-1", "score inputs": map[string]any{"reach": 3.0}, "score": 9.0}
	got := Pick(o, []string{"id", "missing"})
	if got["id"] != "A-1" || got["missing"] != nil || len(got) != 2 {
		t.Errorf("Pick: %v", got)
	}
	if err := Check([]string{"id", "titel"}, []string{"id", "title"}); err == nil || !strings.Contains(err.Error(), `did you mean "title"`) {
		t.Errorf("Check: %v", err)
	}
	if err := Check(nil, []string{"id"}); err == nil {
		t.Error("Check of no fields: no error")
	}
	if got := Fields(" id, ,title,"); strings.Join(got, "|") != "id|title" {
		t.Errorf("Fields: %q", got)
	}
	if got := Keys(struct {
		B int `json:"b"`
		A int `json:"a"`
	}{}); strings.Join(got, ",") != "a,b" {
		t.Errorf("Keys: %q", got)
	}
}

// FuzzCompile: any expression compiles or is refused with a script.Error
// naming a column within it; nothing panics.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{".", ".[] | .id", ".[] | )", "map(select(.x > 1))", `"\(`, "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		_, err := Compile(expr)
		if err == nil {
			return
		}
		var se *Error
		if !errors.As(err, &se) {
			t.Fatalf("%q: %T %v", expr, err, err)
		}
		if se.Column < 0 || se.Column > len([]rune(expr))+1 {
			t.Fatalf("%q: column %d out of range", expr, se.Column)
		}
	})
}
