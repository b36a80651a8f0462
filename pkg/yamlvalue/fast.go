package yamlvalue

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Fast turns the commonest shape of roadlog YAML — a flat mapping of
// "key: value" lines whose values are plain or simply quoted scalars, or flow
// lists and mappings of those on one line — into the value yaml.v3 plus
// converter would give, several times faster and without a node tree. It
// reports false for anything else (block collections, anchors, tags,
// escapes, duplicate keys, multi-line values, comments it is unsure of),
// and the caller then parses with yaml.v3. FuzzFast holds the two
// paths to the same result.
func Fast(src []byte) (map[string]any, bool) {
	out := map[string]any{}
	lines := bytes.Split(src, []byte("\n"))
	for i := 0; i < len(lines); i++ {
		line, ok := cleanLine(lines[i])
		if !ok {
			return nil, false
		}
		trimmed := bytes.TrimLeft(line, " ")
		if len(trimmed) == 0 || trimmed[0] == '#' {
			continue // blank line or comment
		}
		if len(trimmed) != len(line) {
			return nil, false // indented content: a block collection
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			return nil, false
		}
		if !simpleKey(line[:colon]) {
			return nil, false
		}
		key := internBytes(line[:colon])
		if _, dup := out[key]; dup {
			return nil, false // let yaml.v3 find it, with positions
		}
		rest := line[colon+1:]
		if len(rest) > 0 && rest[0] != ' ' {
			return nil, false // "key:value" is one scalar in YAML
		}
		rest = bytes.TrimLeft(rest, " ")
		if len(rest) == 0 || rest[0] == '#' {
			// "key:" alone: null, unless a block value follows.
			if nextContentIndentedOrDash(lines[i+1:]) {
				return nil, false
			}
			out[key] = nil
			continue
		}
		v, ok := blockValue(rest)
		if !ok {
			return nil, false
		}
		out[key] = v
	}
	return out, true
}

// cleanLine drops a CRLF's CR and refuses lines YAML would read differently
// from a plain reading: tabs, lone CRs, Unicode line breaks, BOMs and
// characters YAML does not allow.
func cleanLine(line []byte) ([]byte, bool) {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return nil, false // tab, CR, control
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(line[i:])
		if r == utf8.RuneError || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff ||
			(r >= 0xd800 && r < 0xe000) || r == 0xfffe || r == 0xffff {
			return nil, false
		}
		i += size
	}
	return line, true
}

// simpleKey reports whether k matches ^[A-Za-z_][A-Za-z0-9_.-]{0,127}$,
// without a regexp: it runs for every key of every file.
func simpleKey(k []byte) bool {
	if len(k) == 0 || len(k) > 128 || (!isLetter(k[0]) && k[0] != '_') {
		return false
	}
	for _, c := range k[1:] {
		if !isLetter(c) && (c < '0' || c > '9') && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// internBytes is intern for a key still in the file's bytes: a key roadlog
// defines costs no allocation.
func internBytes(k []byte) string {
	if s, ok := knownKeys[string(k)]; ok {
		return s
	}
	return string(k)
}

// nextContentIndentedOrDash reports whether the next line with content is
// indented or starts a block sequence: then "key:" has a block value.
func nextContentIndentedOrDash(lines [][]byte) bool {
	for _, l := range lines {
		l = bytes.TrimRight(l, "\r")
		t := bytes.TrimLeft(l, " ")
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		return len(t) != len(l) || t[0] == '-' || t[0] == '\t'
	}
	return false
}

// blockValue reads the value after "key: " up to the end of the line.
func blockValue(s []byte) (any, bool) {
	switch s[0] {
	case '"', '\'':
		str, rest, ok := quoted(s)
		if !ok || !onlyComment(rest) {
			return nil, false
		}
		return str, true
	case '[':
		list, rest, ok := flowSequence(s)
		if !ok || !onlyComment(rest) {
			return nil, false
		}
		return list, true
	case '{':
		m, rest, ok := flowMapping(s)
		if !ok || !onlyComment(rest) {
			return nil, false
		}
		return m, true
	}
	text, ok := plainBlock(s)
	if !ok {
		return nil, false
	}
	return plainValue(text)
}

// onlyComment reports whether rest is blank or a comment after a blank.
func onlyComment(rest []byte) bool {
	t := bytes.TrimLeft(rest, " ")
	return len(t) == 0 || (t[0] == '#' && len(t) < len(rest))
}

// quoted reads a single- or double-quoted scalar without escapes.
func quoted(s []byte) (string, []byte, bool) {
	q := s[0]
	end := bytes.IndexByte(s[1:], q)
	if end < 0 {
		return "", nil, false
	}
	body := s[1 : 1+end]
	if q == '"' && bytes.IndexByte(body, '\\') >= 0 {
		return "", nil, false
	}
	rest := s[2+end:]
	if q == '\'' && len(rest) > 0 && rest[0] == '\'' {
		return "", nil, false // '' is an escaped quote
	}
	return string(body), rest, true
}

// plainBlock returns a plain scalar in block context: up to a comment, with
// trailing blanks dropped. It refuses indicators YAML gives other meanings.
func plainBlock(s []byte) (string, bool) {
	switch s[0] {
	case '-', '?', ':':
		if len(s) == 1 || s[1] == ' ' {
			return "", false
		}
		if s[0] != '-' {
			return "", false
		}
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return "", false
	}
	if i := bytes.Index(s, []byte(" #")); i >= 0 {
		s = s[:i]
	}
	s = bytes.TrimRight(s, " ")
	if bytes.Contains(s, []byte(": ")) || bytes.HasSuffix(s, []byte(":")) {
		return "", false // a mapping inside a value is an error in YAML
	}
	return string(s), true
}

// flowSequence reads "[a, b, c]" of simple scalars on one line.
func flowSequence(s []byte) ([]any, []byte, bool) {
	out := []any{}
	s = bytes.TrimLeft(s[1:], " ")
	if len(s) > 0 && s[0] == ']' {
		return out, s[1:], true
	}
	for {
		v, rest, ok := flowScalar(s)
		if !ok {
			return nil, nil, false
		}
		out = append(out, v)
		rest = bytes.TrimLeft(rest, " ")
		if len(rest) == 0 {
			return nil, nil, false
		}
		switch rest[0] {
		case ']':
			return out, rest[1:], true
		case ',':
			s = bytes.TrimLeft(rest[1:], " ")
			if len(s) == 0 || s[0] == ']' || s[0] == ',' {
				return nil, nil, false // trailing or empty entries: leave them to yaml.v3
			}
		default:
			return nil, nil, false
		}
	}
}

// flowMapping reads "{a: 1, b: x}" of simple keys and scalars on one line.
func flowMapping(s []byte) (map[string]any, []byte, bool) {
	out := map[string]any{}
	s = bytes.TrimLeft(s[1:], " ")
	if len(s) > 0 && s[0] == '}' {
		return out, s[1:], true
	}
	for {
		colon := bytes.IndexByte(s, ':')
		if colon <= 0 || colon+1 >= len(s) || s[colon+1] != ' ' {
			return nil, nil, false
		}
		if !simpleKey(s[:colon]) {
			return nil, nil, false
		}
		key := internBytes(s[:colon])
		if _, dup := out[key]; dup {
			return nil, nil, false
		}
		v, rest, ok := flowScalar(bytes.TrimLeft(s[colon+1:], " "))
		if !ok {
			return nil, nil, false
		}
		out[key] = v
		rest = bytes.TrimLeft(rest, " ")
		if len(rest) == 0 {
			return nil, nil, false
		}
		switch rest[0] {
		case '}':
			return out, rest[1:], true
		case ',':
			s = bytes.TrimLeft(rest[1:], " ")
			if len(s) == 0 || s[0] == '}' || s[0] == ',' {
				return nil, nil, false
			}
		default:
			return nil, nil, false
		}
	}
}

// flowScalar reads one scalar inside a flow collection: quoted, or plain up
// to a flow indicator.
func flowScalar(s []byte) (any, []byte, bool) {
	if len(s) == 0 {
		return nil, nil, false
	}
	if s[0] == '"' || s[0] == '\'' {
		str, rest, ok := quoted(s)
		return str, rest, ok
	}
	switch s[0] {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		if s[0] != '-' || len(s) < 2 || s[1] == ' ' || s[1] == ',' || s[1] == ']' || s[1] == '}' {
			return nil, nil, false
		}
	}
	end := 0
	for end < len(s) {
		c := s[end]
		if c == ',' || c == ']' || c == '}' || c == '[' || c == '{' {
			break
		}
		if c == ':' || c == '?' || (c == '#' && end > 0 && s[end-1] == ' ') {
			// "a: b" inside a list, a comment, or a "?", which ends a plain
			// scalar in a flow collection for yaml.v3 (YAML 1.1): leave
			// them to yaml.v3.
			return nil, nil, false
		}
		end++
	}
	text := string(bytes.TrimRight(s[:end], " "))
	if text == "" {
		return nil, nil, false
	}
	v, ok := plainValue(text)
	return v, s[end:], ok
}

// plainValue resolves a plain scalar the way yaml.v3 tags it, then converts
// it as converter.scalar does.
func plainValue(s string) (any, bool) {
	switch PlainTag(s) {
	case "!!null":
		return nil, true
	case "!!bool":
		return strings.ToLower(s) == "true", true
	case "!!int":
		var c converter
		v := c.integerText(s)
		return v, len(c.problems) == 0
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, false // a finding: yaml.v3 gives it a position
		}
		return f, true
	case "!!merge":
		return nil, false
	}
	return s, true // !!str and !!timestamp (dates stay text)
}

var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// PlainTag is yaml.v3's resolve() for an untagged plain scalar (v3.0.1),
// reduced to the tag it picks.
func PlainTag(in string) string {
	switch in {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case "", "~", "null", "Null", "NULL":
		return "!!null"
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return "!!float"
	case "<<":
		return "!!merge"
	}
	c := in[0]
	switch {
	case c == '.':
		if _, err := strconv.ParseFloat(in, 64); err == nil {
			return "!!float"
		}
		return "!!str"
	case c == '+' || c == '-' || ('0' <= c && c <= '9'):
	default:
		return "!!str"
	}
	if isTimestamp(in) {
		return "!!timestamp"
	}
	plain := strings.ReplaceAll(in, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return "!!int"
	}
	if yamlStyleFloat.MatchString(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return "!!float"
		}
	}
	for _, p := range []struct {
		prefix string
		base   int
		neg    bool
	}{{"0b", 2, false}, {"-0b", 2, true}, {"0o", 8, false}, {"-0o", 8, true}} {
		if digits, ok := strings.CutPrefix(plain, p.prefix); ok {
			if p.neg {
				digits = "-" + digits
			}
			if _, err := strconv.ParseInt(digits, p.base, 64); err == nil {
				return "!!int"
			}
			if !p.neg {
				if _, err := strconv.ParseUint(digits, p.base, 64); err == nil {
					return "!!int"
				}
			}
			break
		}
	}
	return "!!str"
}

// isTimestamp is yaml.v3's parseTimestamp test.
func isTimestamp(s string) bool {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			break
		}
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	if IsDate(s) {
		return true // what "2006-1-2" reads, and most timestamps are dates
	}
	for _, format := range []string{"2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"} {
		if _, err := time.Parse(format, s); err == nil {
			return true
		}
	}
	return false
}

// IsDate reports whether s is a date written YYYY-MM-DD:
// time.Parse("2006-01-02", s) == nil, without the parse.
func IsDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	var d [8]int
	for i, j := range [8]int{0, 1, 2, 3, 5, 6, 8, 9} {
		c := s[j]
		if c < '0' || c > '9' {
			return false
		}
		d[i] = int(c - '0')
	}
	year := d[0]*1000 + d[1]*100 + d[2]*10 + d[3]
	month := d[4]*10 + d[5]
	day := d[6]*10 + d[7]
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}
