package workspace

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/diag"
	"gopkg.in/yaml.v3"
)

// yaml.v3 says where a syntax error is with one line number, and not the
// line of the problem: for parser errors it gives the line before the
// construct that failed (a flow list's "[", a mapping's first key), for
// scanner errors that construct's line, and no line at all when it is on the
// first line. The functions here find the problem itself: the shortest part
// of the text that fails with the same message ends on the problem's line,
// and within that line at the character that makes it fail. Finding it
// parses prefixes of the text again, a few dozen times at most, and only for
// a file that does not parse.

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlProblem splits a yaml.v3 error into its message and the line it
// names (0 when it names none).
func yamlProblem(err error) (string, int) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return m[2], n
	}
	return strings.TrimPrefix(msg, "yaml: "), 0
}

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner): the line they name is one before the line meant.
var parserProblems = []string{
	"did not find expected <stream-start>", "did not find expected <document start>",
	"found incompatible YAML document", "found duplicate %YAML directive", "found duplicate %TAG directive",
	"found undefined tag handle", "did not find expected key", "did not find expected '-' indicator",
	"did not find expected node content", "did not find expected ',' or ']'", "did not find expected ',' or '}'",
}

// parseError parses src as Parse does — one document, or at most two when
// src has a document marker — and returns the error, if any.
func parseError(src []byte) error {
	if !hasDocumentMarker(src) {
		var root yaml.Node
		return yaml.Unmarshal(src, &root)
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for range 2 {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
	return nil
}

// failsWith reports whether src fails to parse with the message problem.
func failsWith(src []byte, problem string) bool {
	err := parseError(src)
	if err == nil {
		return false
	}
	got, _ := yamlProblem(err)
	return got == problem
}

// yamlLineStarts returns the byte offset where each line of src starts,
// lines ending as YAML ends them (LF, CRLF, CR, NEL, LS, PS).
func yamlLineStarts(src []byte) []int {
	starts := []int{0}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			i++
			starts = append(starts, i)
		case c == '\r':
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
			starts = append(starts, i)
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(src[i:])
			i += size
			if r == 0x85 || r == 0x2028 || r == 0x2029 {
				starts = append(starts, i)
			}
		}
	}
	if starts[len(starts)-1] == len(src) && len(starts) > 1 {
		starts = starts[:len(starts)-1] // the text ends with a line break
	}
	return starts
}

// lineEnd returns where the text of the line starting at start ends,
// before its line break.
func lineEnd(src []byte, start int) int {
	for i := start; i < len(src); {
		c := src[i]
		if c == '\n' || c == '\r' {
			return i
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == 0x85 || r == 0x2028 || r == 0x2029 {
			return i
		}
		i += size
	}
	return len(src)
}

// offsetPos returns the LF line and the column (in runes) of a byte offset.
func offsetPos(src []byte, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	before := src[:off]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte{'\n'}) + 1, utf8.RuneCount(before[lineStart:]) + 1
}

// probeBudget bounds the bytes parsed again to place one error: a few
// dozen parses of a plan file, and a bounded time on a hostile one.
const probeBudget = 4 << 20

// prober parses prefixes of a text until its budget runs out.
type prober struct {
	src     []byte
	problem string
	left    int
}

// fails reports whether text (a prefix of src, possibly with closers
// appended) fails with the problem. Out of budget, it says yes without
// parsing, and over reports it.
func (p *prober) fails(text []byte) bool {
	if p.over() {
		return true
	}
	p.left -= len(text)
	return failsWith(text, p.problem)
}

func (p *prober) over() bool { return p.left < 0 }

// problemOffset returns the byte offset in src of the problem yaml.v3
// reported as problem, naming line (0: none).
func problemOffset(src []byte, problem string, line int) int {
	starts := yamlLineStarts(src)
	total := len(starts)
	pr := &prober{src: src, problem: problem, left: probeBudget}
	if len(src) > probeBudget {
		pr.left = -1
	}
	p := problemLine(pr, starts, line)
	start := starts[p-1]
	stop := lineEnd(src, start)
	text := src[start:stop]

	if i := tabInIndent(text); i >= 0 {
		return start + i
	}
	if pr.over() && p < total {
		if i := tabInIndent(src[starts[p]:lineEnd(src, starts[p])]); i >= 0 {
			return starts[p] + i
		}
	}
	open, quote := scanFlow(text)
	flow := strings.HasPrefix(problem, "did not find expected ',' or")
	switch {
	case flow && len(open) > 0:
		return start + open[len(open)-1]
	case problem == "found unexpected end of stream" && quote >= 0:
		return start + quote
	case strings.Contains(problem, "directive") || strings.Contains(problem, "YAML document") || pr.over():
		return start + firstNonBlank(text)
	}
	// The character whose addition makes the line fail; for a flow list
	// or mapping, with the brackets and quotes it opened closed, or it
	// would fail at its first character.
	n := sort.Search(stop-start, func(i int) bool {
		prefix := src[:start+i+1]
		if flow {
			prefix = append(bytes.Clone(prefix), closers(src[start:start+i+1])...)
		}
		return pr.fails(prefix)
	})
	if n == stop-start || pr.over() {
		return start + firstNonBlank(text)
	}
	_, size := utf8.DecodeLastRune(src[:start+n+1])
	at := n + 1 - size
	switch {
	case text[at] == ' ' || text[at] == '\t':
		// Blanks are not the problem: what they follow is.
		at = len(bytes.TrimRight(text[:at], " \t")) - 1
		_, size = utf8.DecodeLastRune(text[:at+1])
		at = at + 1 - size
	case text[at] == ':' && (problem == "did not find expected key" || problem == "did not find expected '-' indicator"):
		// A key where none may be: the problem starts with the key.
		if first := firstNonBlank(text); bytes.Index(text[first:], []byte(":")) == at-first {
			at = first
		}
	}
	return start + max(at, 0)
}

// problemLine returns the line (from 1) of the problem pr probes for, in a
// text whose lines start at starts; yaml.v3 named line.
func problemLine(pr *prober, starts []int, line int) int {
	src, problem := pr.src, pr.problem
	total := len(starts)
	end := func(k int) int { // where line k (from 1) ends, its break included
		if k < total {
			return starts[k]
		}
		return len(src)
	}
	// The problem's line is the first whose end makes the text fail as the
	// whole text does. It is not before the line yaml.v3 names (which is
	// at most one before the failing construct): search on from there,
	// in growing steps, then halve the last step.
	lo := min(max(line, 1), total)
	passed, hi := lo-1, lo
	for step := 1; hi < total && !pr.fails(src[:end(hi)]); step *= 2 {
		passed, hi = hi, min(total, hi+step)
	}
	p := passed + 1 + sort.Search(hi-passed-1, func(i int) bool { return pr.fails(src[:end(passed+1+i)]) })
	if pr.over() {
		// Too large to search: yaml.v3's line, corrected.
		p = lo
		if line > 0 && isParserProblem(problem) {
			p = min(line+1, total)
		}
	}
	return p
}

func isParserProblem(problem string) bool {
	for _, p := range parserProblems {
		if problem == p {
			return true
		}
	}
	return false
}

// tabInIndent returns the offset of a tab in the indentation of a line, or -1.
func tabInIndent(text []byte) int {
	indent := len(text) - len(bytes.TrimLeft(text, " \t"))
	return bytes.IndexByte(text[:indent], '\t')
}

func firstNonBlank(text []byte) int {
	return len(text) - len(bytes.TrimLeft(text, " \t"))
}

// scanFlow reads a line as YAML's flow syntax would, roughly: it returns the
// offsets of the "[" and "{" still open at its end, innermost last, and of
// the quote still open (-1 if none). A quote counts only where a value can
// start; a " #" starts a comment.
func scanFlow(text []byte) (open []int, quote int) {
	quote = -1
	var q byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case q == '"':
			switch c {
			case '\\':
				i++
			case '"':
				q, quote = 0, -1
			}
		case q == '\'':
			if c == '\'' {
				if i+1 < len(text) && text[i+1] == '\'' {
					i++
				} else {
					q, quote = 0, -1
				}
			}
		case c == '"' || c == '\'':
			if i == 0 || bytes.IndexByte([]byte(" \t[{,:"), text[i-1]) >= 0 {
				q, quote = c, i
			}
		case c == '[' || c == '{':
			open = append(open, i)
		case c == ']' || c == '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case c == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t'):
			return open, quote
		}
	}
	return open, quote
}

// closers returns what closes the quote and brackets left open in text.
func closers(text []byte) []byte {
	open, quote := scanFlow(text)
	var out []byte
	if quote >= 0 {
		out = append(out, text[quote])
	}
	for i := len(open) - 1; i >= 0; i-- {
		if text[open[i]] == '[' {
			out = append(out, ']')
		} else {
			out = append(out, '}')
		}
	}
	return out
}

// yamlHints say how to fix each kind of syntax error.
var yamlHints = []struct{ problem, hint string }{
	{"did not find expected ',' or ']'", `close the list with "]" and separate its items with commas; quote an item that holds , : ? [ ] { } or #`},
	{"did not find expected ',' or '}'", `close the mapping with "}" and separate its entries with commas; quote a value that holds , : ? [ ] { } or #`},
	{"did not find expected key", "check the indentation: the keys of one mapping start in the same column, and nothing follows a quoted or bracketed value"},
	{"did not find expected '-' indicator", `check the indentation: the items of one list each start with "- " in the same column`},
	{"did not find expected node content", "a value is missing here; quote it if it starts with a character YAML reserves"},
	{"mapping values are not allowed in this context", `quote the value if it holds ": ", or check the indentation of this line`},
	{"block sequence entries are not allowed in this context", `quote the value if it starts with "- "`},
	{"mapping keys are not allowed in this context", `quote the value if it starts with "? "`},
	{"found character that cannot start any token", "quote the value: YAML reserves @, ` and % at the start of a value"},
	{"could not find expected ':'", `a key needs a colon ("key: value"); or indent this line to continue the value above`},
	{"found unknown escape character", `in double quotes write a backslash as \\, or use single quotes`},
	{"did not find expected hexdecimal number", `an escape needs its hex digits: \x41, \u0041, \U00000041`},
	{"found undefined tag handle", `quote the value: YAML reads a leading "!" as a tag`},
	{"did not find expected alphabetic or numeric character", `quote the value: YAML reads a leading "&" or "*" as an anchor or alias`},
	{"did not find expected comment or line break", "nothing may follow on this line; quote the whole value"},
	{"exceeded max depth", "the file nests too deeply to be a plan file"},
}

// yamlError turns a yaml.v3 parse error of src into the position (LF lines,
// columns in runes) of the problem, a message and a hint.
func yamlError(err error, src []byte) (pos diag.Pos, msg, hint string) {
	problem, line := yamlProblem(err)
	switch {
	case problem == "control characters are not allowed":
		if off, r := firstControl(src); off >= 0 {
			l, c := offsetPos(src, off)
			return diag.Pos{Line: l, Col: c}, fmt.Sprintf("control character %U is not allowed in YAML", r),
				`remove it; in a double-quoted value write it as an escape such as \x01`
		}
	case strings.HasPrefix(problem, "unknown anchor '"):
		name := strings.TrimSuffix(strings.TrimPrefix(problem, "unknown anchor '"), "' referenced")
		l, c := 1, 1
		if off := aliasOffset(src, name); off >= 0 {
			l, c = offsetPos(src, off)
		}
		return diag.Pos{Line: l, Col: c}, fmt.Sprintf("unknown alias *%s: no anchor &%s before it", name, name),
			fmt.Sprintf(`define the anchor with &%s first, or quote the value if "*" is text`, name)
	}
	off := problemOffset(src, problem, line)
	l, c := offsetPos(src, off)
	if i := off; i < len(src) && src[i] == '\t' && tabInIndent(src[lineStartAt(src, i):i+1]) >= 0 {
		return diag.Pos{Line: l, Col: c}, "tab character in indentation", "indent with spaces; YAML does not allow tabs"
	}
	hint = "check the quoting and indentation here"
	for _, h := range yamlHints {
		if strings.HasPrefix(problem, h.problem) {
			hint = h.hint
			break
		}
	}
	if problem == "found unexpected end of stream" && off < len(src) && (src[off] == '"' || src[off] == '\'') {
		hint = "this quote is never closed; close it, or quote the value the other way"
	}
	return diag.Pos{Line: l, Col: c}, "invalid YAML: " + problem, hint
}

// lineStartAt returns the offset where the YAML line holding off starts.
func lineStartAt(src []byte, off int) int {
	for i := off - 1; i >= 0; i-- {
		if src[i] == '\n' || src[i] == '\r' {
			return i + 1
		}
	}
	return 0
}

// firstControl returns the offset and rune of the first character that
// yaml.v3's reader refuses, or -1.
func firstControl(src []byte) (int, rune) {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7e) || r == 0x85,
			r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd, r >= 0x10000 && r <= 0x10ffff:
		default:
			return i, r
		}
		i += size
	}
	return -1, 0
}

// aliasOffset returns the offset of the first alias *name in src, or -1.
func aliasOffset(src []byte, name string) int {
	alias := []byte("*" + name)
	for from := 0; ; {
		i := bytes.Index(src[from:], alias)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(alias)
		startOK := i == 0 || bytes.IndexByte([]byte(" \t\r\n[{,:-?"), src[i-1]) >= 0
		endOK := end == len(src) || bytes.IndexByte([]byte(" \t\r\n]},"), src[end]) >= 0
		if startOK && endOK {
			return i
		}
		from = i + 1
	}
}
