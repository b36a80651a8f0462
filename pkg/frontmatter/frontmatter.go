// Package frontmatter splits a Markdown file into its YAML front matter and
// its body, keeping the byte offsets and line numbers that positions in
// diagnostics and byte-preserving edits need.
package frontmatter

import (
	"bytes"
	"fmt"
)

// Document is a Markdown file split at its front matter fences.
type Document struct {
	Front       []byte // the YAML between the fences, fences excluded
	FrontOffset int    // byte offset of Front in the source
	FrontLine   int    // 1-based line of Front's first byte
	Body        []byte // everything after the closing fence's line
	BodyOffset  int    // byte offset of Body in the source
	BodyLine    int    // 1-based line of Body's first byte
}

// Error is a front matter that cannot be split.
type Error struct {
	Line, Col int
	Msg       string
	Hint      string
}

func (e *Error) Error() string {
	if e.Hint == "" {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%d:%d: %s; %s", e.Line, e.Col, e.Msg, e.Hint)
}

var bom = []byte("\xef\xbb\xbf")

// Split finds the front matter of src: an optional UTF-8 byte order mark, a
// first line "---", the YAML, and a closing line "---" (or "..."). Fences may
// end in CRLF and carry trailing blanks. A "---" in the body is body text.
func Split(src []byte) (Document, error) {
	start := 0
	if bytes.HasPrefix(src, bom) {
		start = len(bom)
	}
	if len(bytes.TrimSpace(src[start:])) == 0 {
		return Document{}, &Error{
			Line: 1, Col: 1, Msg: "empty file",
			Hint: `start it with front matter: a line "---", the fields (id, title, status), and a closing "---"`,
		}
	}
	first, next := line(src, start)
	if !isFence(first, "---") {
		return Document{}, &Error{
			Line: 1, Col: 1, Msg: "missing front matter",
			Hint: crHint(src, `the file must start with a line "---", then the YAML fields, then a closing "---"`),
		}
	}
	doc := Document{FrontOffset: next, FrontLine: 2}
	lineNo := 2
	for pos := next; pos < len(src); lineNo++ {
		text, after := line(src, pos)
		if isFence(text, "---") || isFence(text, "...") {
			doc.Front = src[next:pos]
			doc.Body = src[after:]
			doc.BodyOffset = after
			doc.BodyLine = lineNo + 1
			return doc, nil
		}
		pos = after
	}
	return Document{}, &Error{
		Line: 1, Col: 1, Msg: "front matter is not closed",
		Hint: crHint(src, `add a line "---" after the last field`),
	}
}

// crHint is hint, unless the lines of src end in lone CRs (old Mac line
// endings): then a "---" may look like a line of its own in an editor that
// is not one for Git, YAML tools and roadlog, which end lines at LF.
func crHint(src []byte, hint string) string {
	for i := bytes.IndexByte(src, '\r'); i >= 0 && i < len(src); {
		if i+1 == len(src) || src[i+1] != '\n' {
			return "the lines end in a lone CR (old Mac line endings); save the file with LF or CRLF line endings"
		}
		next := bytes.IndexByte(src[i+1:], '\r')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return hint
}

// line returns the line starting at pos without its line break, and the
// offset where the next line starts.
func line(src []byte, pos int) (text []byte, next int) {
	i := bytes.IndexByte(src[pos:], '\n')
	if i < 0 {
		return src[pos:], len(src)
	}
	return src[pos : pos+i], pos + i + 1
}

func isFence(text []byte, fence string) bool {
	return string(bytes.TrimRight(text, " \t\r")) == fence
}
