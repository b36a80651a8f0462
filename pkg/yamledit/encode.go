package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"gopkg.in/yaml.v3"
)

// Scalar formats one value as YAML text for a block context, as roadlog
// fmt writes it: plain when it reads back as the same value, quoted
// otherwise, multi-line text as a | block. indent is the indentation of
// the key (or "- ") the value belongs to: the lines of a block go two
// spaces deeper. Other packages use it to write new files in the same
// style.
func Scalar(v any, indent int) (string, error) {
	return encodeScalar(normalize(v), false, 0, indent)
}

// Flow formats a value as one line of YAML: [a, b] and {k: v}.
func Flow(v any) (string, error) {
	if isScalar(v) {
		return encodeScalar(normalize(v), true, 0, 0)
	}
	return encodeFlow(v)
}

// CanonicalStyle is the style roadlog fmt gives a string: a | block for
// text of several lines, double quotes where plain text would not read
// back as the same string, plain otherwise. The YAML encoder picks single
// quotes where plain text cannot stand in a flow collection ([a, 'b,c']).
func CanonicalStyle(s string) yaml.Style {
	switch {
	case strings.Contains(strings.TrimRight(s, "\n"), "\n"):
		return yaml.LiteralStyle
	case NeedsQuotes(s):
		return yaml.DoubleQuotedStyle
	}
	return 0
}

// encodeScalar writes a scalar. style is the quoting to keep (that of the
// value it replaces, when the user chose it); 0 writes the value as fmt
// would. indent is the indentation of the key or "- " that owns the value,
// for the lines of a | block.
func encodeScalar(v any, flow bool, style yaml.Style, indent int) (string, error) {
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
		return formatFloat(x), nil
	case string:
		switch {
		case style&yaml.SingleQuotedStyle != 0 && printable(x):
			return "'" + strings.ReplaceAll(x, "'", "''") + "'", nil
		case style&yaml.DoubleQuotedStyle != 0:
			return encodeString(x, flow, yaml.DoubleQuotedStyle, indent)
		}
		return encodeString(x, flow, CanonicalStyle(x), indent)
	}
	return "", fmt.Errorf("cannot write %T as YAML", v)
}

// formatFloat writes a finite float as the shorter of its decimal and
// exponent forms, each the shortest that reads back as x: 0.1, 1.5e+300,
// 5.0e-324. The digits always hold a "." and an exponent a sign, so that
// YAML 1.1 readers, not only 1.2 ones, read a float.
func formatFloat(x float64) string {
	f := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.Contains(f, ".") {
		f += ".0" // stays a float when read back
	}
	e := strconv.FormatFloat(x, 'e', -1, 64)
	if mant, exp, ok := strings.Cut(e, "e"); ok && !strings.Contains(mant, ".") {
		e = mant + ".0e" + exp
	}
	if len(e) < len(f) {
		return e
	}
	return f
}

// encodeString writes a string with the YAML encoder, in the style given
// (the encoder falls back to another where that one cannot hold it), so
// that it is byte for byte what roadlog fmt writes.
func encodeString(s string, flow bool, style yaml.Style, indent int) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("the text is not valid UTF-8")
	}
	if style == 0 && simplePlain(s) {
		return s, nil // what the encoder writes, for most titles and keys
	}
	return encodeWithEncoder(s, flow, style, indent)
}

// encodeWithEncoder is [encodeString] done by the YAML encoder.
func encodeWithEncoder(s string, flow bool, style yaml.Style, indent int) (string, error) {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: style}
	if style == 0 && yamlvalue.PlainTag(s) == "!!timestamp" {
		n.Tag = "!!timestamp" // a date stays plain: roadlog reads it as the text it is
	}
	var doc *yaml.Node
	if flow {
		doc = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: []*yaml.Node{n}}
	} else {
		doc = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "k"}, n}}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return "", fmt.Errorf("cannot write %q as YAML: %w", s, err)
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	out := strings.TrimSuffix(string(ReadableEscapes(buf.Bytes())), "\n")
	prefix, suffix := "k: ", ""
	if flow {
		prefix, suffix = "[", "]"
	}
	if !strings.HasPrefix(out, prefix) || !strings.HasSuffix(out, suffix) {
		return "", errors.New("the YAML encoder wrote an unexpected form")
	}
	out = out[len(prefix) : len(out)-len(suffix)]
	if strings.Contains(out, "\n") && indent > 0 {
		// The lines of a | block, indented under their key; blank lines
		// stay empty, as the encoder writes them.
		lines := strings.Split(out, "\n")
		for i := 1; i < len(lines); i++ {
			if lines[i] != "" {
				lines[i] = strings.Repeat(" ", indent) + lines[i]
			}
		}
		out = strings.Join(lines, "\n")
	}
	return out, nil
}

// simplePlain reports whether s is text the YAML encoder writes plain,
// as it is, in any context: ASCII words and numbers with spaces and a few
// marks, starting with a letter or digit, that read back as text. It
// spares the encoder (which costs microseconds per value) the common case;
// TestSimplePlainAgreesWithEncoder holds it to the encoder's output.
func simplePlain(s string) bool {
	if s == "" || len(s) > 200 || s[len(s)-1] == ' ' || !isAlnum(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && !strings.ContainsRune(" ._/()+-", rune(c)) {
			return false
		}
	}
	if yamlvalue.PlainTag(s) != "!!str" {
		return false
	}
	switch s { // YAML 1.1's booleans, which the encoder quotes
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
		return false
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func encodeFlow(v any) (string, error) {
	switch x := v.(type) {
	case Map:
		parts := make([]string, len(x))
		for i, kv := range x {
			kt, err := encodeKey(kv.Key, true)
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
				parts[i], err = encodeScalar(normalize(e), true, 0, 0)
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
			kt, err := encodeKey(k, true)
			if err != nil {
				return "", err
			}
			var vt string
			if isScalar(x[k]) {
				vt, err = encodeScalar(normalize(x[k]), true, 0, 0)
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
	return encodeScalar(v, true, 0, 0)
}

// encodeKey writes a mapping key: a key is never a | block.
func encodeKey(k string, flow bool) (string, error) {
	style := CanonicalStyle(k)
	if style == yaml.LiteralStyle {
		style = yaml.DoubleQuotedStyle
	}
	return encodeString(k, flow, style, 0)
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

// ReadableEscapes writes the characters that the yaml.v3 encoder escapes in
// double-quoted text only because they lie outside the Basic Multilingual
// Plane (emoji: "\U0001F680") as themselves, so that a title keeps its 🚀.
// Only double-quoted scalars change; comments and everything else stay.
func ReadableEscapes(src []byte) []byte {
	if !bytes.Contains(src, []byte(`\U`)) {
		return src
	}
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil {
		return src
	}
	lines := lineStarts(src)
	type span struct {
		start, end int
		text       []byte
	}
	var spans []span
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range n.Content {
			walk(c)
		}
		if n.Kind != yaml.ScalarNode || n.Style&yaml.DoubleQuotedStyle == 0 || n.Line < 1 || n.Line > len(lines) {
			return
		}
		start := lines[n.Line-1]
		for c := 1; c < n.Column && start < len(src); c++ {
			_, size := utf8.DecodeRune(src[start:])
			start += size
		}
		if start >= len(src) || src[start] != '"' {
			return
		}
		if text, end, ok := unescapeWide(src, start); ok {
			spans = append(spans, span{start, end, text})
		}
	}
	walk(&doc)
	if len(spans) == 0 {
		return src
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var out []byte
	last := 0
	for _, s := range spans {
		if s.start < last {
			return src
		}
		out = append(append(out, src[last:s.start]...), s.text...)
		last = s.end
	}
	return append(out, src[last:]...)
}

// lineStarts returns the offset where each line of src starts.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// unescapeWide reads the double-quoted scalar starting at src[start] and
// returns it with its printable \UXXXXXXXX escapes written out, the offset
// after its closing quote, and whether it changed.
func unescapeWide(src []byte, start int) ([]byte, int, bool) {
	out := []byte{'"'}
	changed := false
	for i := start + 1; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '"':
			return append(out, '"'), i + 1, changed
		case c == '\\' && i+9 < len(src) && src[i+1] == 'U':
			if n, err := strconv.ParseUint(string(src[i+2:i+10]), 16, 32); err == nil {
				if r := rune(n); r >= 0x10000 && unicode.IsPrint(r) {
					out = utf8.AppendRune(out, r)
					changed = true
					i += 9
					continue
				}
			}
			out = append(out, c, src[i+1])
			i++
		case c == '\\' && i+1 < len(src):
			out = append(out, c, src[i+1])
			i++
		default:
			out = append(out, c)
		}
	}
	return nil, 0, false
}
