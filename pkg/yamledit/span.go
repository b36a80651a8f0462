package yamledit

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/roadlog/roadlog/pkg/yamlbreak"
	"gopkg.in/yaml.v3"
)

// ErrNotOwnLines means the entry does not stand on lines of its own: it is
// in a flow collection, or shares its first line with something else (the
// first key of a list element, "- id: X").
var ErrNotOwnLines = errors.New("the entry does not stand on lines of its own")

// Span is the whole lines of one entry of a block collection: a mapping
// key with its value, or a list element from its dash. Start and End are
// byte offsets (End after the last line's break), Indent is the column of
// the key or dash (0-based). Lead is where the comment lines right above
// the entry, indented as it is, start (Start when there are none): they
// describe it.
type Span struct {
	Start, End, Indent int
	Lead               int
}

// Span returns the lines of the entry at path: what a merge puts conflict
// markers around. Comment lines above the entry are not part of it.
func (d *Doc) Span(path []string) (Span, error) {
	if len(path) == 0 {
		return Span{}, errors.New("empty path")
	}
	if err := d.notFound(path); err != nil {
		return Span{}, err
	}
	parent := d.parentOf(path)
	if parent == nil || isFlow(parent) {
		return Span{}, ErrNotOwnLines
	}
	n, key, _ := d.lookup(path)
	var first, indent int
	switch parent.Kind {
	case yaml.MappingNode:
		first, indent = d.offset(key), keyIndent(key)
	case yaml.SequenceNode:
		i, err := strconv.Atoi(path[len(path)-1])
		if err != nil || i < 0 || i >= len(parent.Content) {
			return Span{}, ErrNotOwnLines
		}
		off := d.offset(n)
		ls := d.lineStart(off)
		lead := bytes.TrimRight(d.src[ls:off], " ")
		if len(lead) == 0 || lead[len(lead)-1] != '-' {
			return Span{}, ErrNotOwnLines
		}
		first = ls + len(lead) - 1
		indent = first - ls
	default:
		return Span{}, ErrNotOwnLines
	}
	ls := d.lineStart(first)
	if len(bytes.TrimLeft(d.src[ls:first], " ")) != 0 {
		return Span{}, ErrNotOwnLines
	}
	_, end, err := d.extent(n, indent, false)
	if err != nil {
		return Span{}, err
	}
	if end > first {
		end--
	}
	lead := ls
	for lead > 0 {
		prev := d.lineStart(lead - 1)
		line := d.src[prev:d.lineEnd(prev)]
		if indentOf(line) != indent || !bytes.HasPrefix(bytes.TrimSpace(line), []byte("#")) {
			break
		}
		lead = prev
	}
	return Span{Start: ls, End: d.nextLine(end), Indent: indent, Lead: lead}, nil
}

// LineEnding returns the line ending the text's new lines get.
func (d *Doc) LineEnding() string { return d.eol }

// Reindent moves every line of text (a [Span]'s bytes) by delta columns,
// and gives each line the ending eol. Moving left needs that many leading
// spaces on every line that is not blank; ok is false when one lacks them.
func Reindent(text []byte, delta int, eol string) (out []byte, ok bool) {
	for len(text) > 0 {
		end := bytes.IndexByte(text, '\n')
		var line []byte
		if end < 0 {
			line, text = text, nil
		} else {
			line, text = text[:end], text[end+1:]
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if yamlbreak.HasOdd(line) {
			return nil, false
		}
		switch {
		case len(bytes.TrimSpace(line)) == 0:
			line = nil
		case delta > 0:
			line = append(bytes.Repeat([]byte(" "), delta), line...)
		case delta < 0:
			if indentOf(line) < -delta {
				return nil, false
			}
			line = line[-delta:]
		}
		out = append(append(out, line...), eol...)
	}
	return out, true
}
