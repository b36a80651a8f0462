package yamledit

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"gopkg.in/yaml.v3"
)

// Scalar formats one value as YAML text for a block context, plain when it
// reads back as the same string, double-quoted otherwise. Other packages
// use it to write new files in the same style.
func Scalar(v any) (string, error) { return encodeScalar(normalize(v), false, 0) }

// Flow formats a value as one line of YAML: [a, b] and {k: v}.
func Flow(v any) (string, error) {
	if isScalar(v) {
		return encodeScalar(normalize(v), false, 0)
	}
	return encodeFlow(v)
}

// encodeScalar writes a scalar. A string keeps the quoting style of the
// value it replaces when that style can hold it.
func encodeScalar(v any, flow bool, style yaml.Style) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case bool:
		return strconv.FormatBool(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", fmt.Errorf("%v is not a finite number", x)
		}
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0" // stays a float when read back
		}
		return s, nil
	case string:
		switch {
		case style&yaml.SingleQuotedStyle != 0 && printable(x):
			return "'" + strings.ReplaceAll(x, "'", "''") + "'", nil
		case style&yaml.DoubleQuotedStyle != 0:
			return doubleQuoted(x), nil
		case plainSafe(x, flow):
			return x, nil
		}
		return doubleQuoted(x), nil
	}
	return "", fmt.Errorf("cannot write %T as YAML", v)
}

func encodeFlow(v any) (string, error) {
	switch x := v.(type) {
	case Map:
		parts := make([]string, len(x))
		for i, kv := range x {
			kt, err := encodeScalar(kv.Key, true, 0)
			if err != nil {
				return "", err
			}
			vt, err := Flow(kv.Value)
			if err != nil {
				return "", err
			}
			parts[i] = kt + ": " + vt
		}
		return "{" + strings.Join(parts, ", ") + "}", nil
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			var err error
			if isScalar(e) {
				parts[i], err = encodeScalar(normalize(e), true, 0)
			} else {
				parts[i], err = encodeFlow(e)
			}
			if err != nil {
				return "", err
			}
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		parts := make([]string, len(keys))
		for i, k := range keys {
			kt, err := encodeScalar(k, true, 0)
			if err != nil {
				return "", err
			}
			var vt string
			if isScalar(x[k]) {
				vt, err = encodeScalar(normalize(x[k]), true, 0)
			} else {
				vt, err = encodeFlow(x[k])
			}
			if err != nil {
				return "", err
			}
			parts[i] = kt + ": " + vt
		}
		return "{" + strings.Join(parts, ", ") + "}", nil
	}
	return encodeScalar(v, true, 0)
}

// NeedsQuotes reports whether a string must be quoted to read back as
// itself in a block context.
func NeedsQuotes(s string) bool { return !plainSafe(s, false) }

// plainSafe reports whether s can be written without quotes and read back
// as the same string: it must not look like another type (123, true, null)
// or hold characters YAML gives meaning to. Dates stay plain: they read
// back as the text they are.
func plainSafe(s string, flow bool) bool {
	if s == "" || !printable(s) || strings.TrimSpace(s) != s {
		return false
	}
	switch yamlvalue.PlainTag(s) {
	case "!!str", "!!timestamp":
	default:
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(s[0])) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	if flow && strings.ContainsAny(s, ",[]{}:#") {
		return false
	}
	return true
}

func printable(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return false
		}
	}
	return true
}

// doubleQuoted writes s as a YAML double-quoted string.
func doubleQuoted(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
				fmt.Fprintf(&b, `\u%04X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
