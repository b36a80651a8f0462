// Package script is the scripting form of roadlog's output, as gh has it:
// --json FIELDS picks fields of each object a command shows, and --jq EXPR
// filters the result with jq (github.com/itchyny/gojq), printing strings
// raw and anything else as compact JSON, one result a line.
package script

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/itchyny/gojq"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
)

// Fields splits a --json value, "id,title,score.reach", into its names.
func Fields(spec string) []string {
	var out []string
	for _, f := range strings.Split(spec, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Check reports the first field whose name (before any dot) is not one of
// known, with the nearest known one.
func Check(fields, known []string) error {
	if len(fields) == 0 {
		return &query.Error{Msg: "no field named; give FIELDS, comma-separated"}
	}
	for _, f := range fields {
		if err := query.CheckPath(f, known); err != nil {
			return err
		}
	}
	return nil
}

// Pick returns an object with only fields of o, each under its name as
// given (a dotted path is one key, "score.reach", as with --columns), and
// null where o has no value.
func Pick(o map[string]any, fields []string) map[string]any {
	out := make(map[string]any, len(fields))
	for _, f := range fields {
		out[f] = query.Lookup(o, f)
	}
	return out
}

// Generic turns a Go value into the values JSON decodes to (maps, slices,
// strings, float64, bool, nil) through its JSON encoding, so that a struct
// and a map alike can be picked from and filtered.
func Generic(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Error is a mistake in a --jq expression, or its failure on the data.
type Error struct {
	Expr   string
	Column int // 0: not at one place (a runtime error)
	Msg    string
}

func (e *Error) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("--jq %q: column %d: %s", e.Expr, e.Column, e.Msg)
	}
	return fmt.Sprintf("--jq %q: %s", e.Expr, e.Msg)
}

// Filter is a compiled --jq expression.
type Filter struct {
	expr string
	code *gojq.Code
}

// Compile parses and compiles a jq expression. Functions that read the
// environment or input ($ENV, env, input) have nothing to read.
func Compile(expr string) (*Filter, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		e := &Error{Expr: expr, Msg: err.Error()}
		var pe *gojq.ParseError
		if errors.As(err, &pe) {
			off := min(max(pe.Offset, 0), len(expr))
			e.Column = utf8.RuneCountInString(expr[:off])
			if pe.Token != "" {
				e.Column -= utf8.RuneCountInString(pe.Token) - 1
			}
			e.Column = max(e.Column, 1)
		}
		return nil, e
	}
	code, err := gojq.Compile(q, gojq.WithEnvironLoader(func() []string { return nil }))
	if err != nil {
		return nil, &Error{Expr: expr, Msg: err.Error()}
	}
	return &Filter{expr: expr, code: code}, nil
}

// Run filters v (values as [Generic] returns them) and writes each result
// on a line: a string as it is, anything else as compact JSON. clean, when
// not nil, cleans a raw string for a terminal. Nothing is written when the
// expression fails, so that a script never reads half an answer.
func (f *Filter) Run(ctx context.Context, w io.Writer, v any, clean func(string) string) error {
	var buf bytes.Buffer
	iter := f.code.RunWithContext(ctx, v)
	for {
		r, ok := iter.Next()
		if !ok {
			break
		}
		if err, ok := r.(error); ok {
			var he *gojq.HaltError
			if errors.As(err, &he) && he.Value() == nil {
				break // halt: stop, successfully
			}
			return &Error{Expr: f.expr, Msg: err.Error()}
		}
		if s, ok := r.(string); ok {
			if clean != nil {
				s = clean(s)
			}
			buf.WriteString(s)
		} else {
			b, err := gojq.Marshal(r)
			if err != nil {
				return &Error{Expr: f.expr, Msg: err.Error()}
			}
			buf.Write(safetext.JSON(b))
		}
		buf.WriteByte('\n')
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Write writes v as --json does without --jq: indented JSON as every
// roadlog document ([render.Marshal]), but a plain value with no envelope.
func Write(w io.Writer, v any) error {
	b, err := render.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Keys returns the keys of v's JSON object, sorted: the fields of a
// struct as it encodes (give a zero value to have every one).
func Keys(v any) []string {
	g, err := Generic(v)
	if err != nil {
		return nil
	}
	m, _ := g.(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
