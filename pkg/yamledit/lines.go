package yamledit

import (
	"bytes"
	"strings"

	"github.com/roadlog/roadlog/pkg/yamlbreak"
)

// Lines are YAML lines (package yamlbreak): edits find bytes by them, and
// write new lines with the text's own line ending.

// breakAfter returns the offset of the first line break at or after off
// and its length; len(src) and 0 when there is none.
func (d *Doc) breakAfter(off int) (int, int) {
	if !d.odd {
		i := bytes.IndexByte(d.src[off:], '\n')
		if i < 0 {
			return len(d.src), 0
		}
		if end := off + i; end > off && d.src[end-1] == '\r' {
			return end - 1, 2
		}
		return off + i, 1
	}
	for i := off; i < len(d.src); i++ {
		if n := yamlbreak.Len(d.src, i); n > 0 {
			return i, n
		}
	}
	return len(d.src), 0
}

// lineStart and lineEnd return the offsets of the start of the line holding
// off and of its end (before the line break). The first line starts after
// a byte order mark, which stays first.
func (d *Doc) lineStart(off int) int {
	if !d.odd {
		return d.afterBOM(bytes.LastIndexByte(d.src[:off], '\n')+1, off)
	}
	for i := off; i > 0; i-- {
		if yamlbreak.StartsLine(d.src, i) {
			return i
		}
	}
	return d.afterBOM(0, off)
}

// afterBOM returns the start of the line holding off, start, moved past a
// byte order mark at the start of the text.
func (d *Doc) afterBOM(start, off int) int {
	if start == 0 && off >= len(bom) && bytes.HasPrefix(d.src, bom) {
		return len(bom)
	}
	return start
}

func (d *Doc) lineEnd(off int) int {
	end, _ := d.breakAfter(off)
	return end
}

// nextLine returns the offset where the line after the one holding off
// starts, or len(src).
func (d *Doc) nextLine(off int) int {
	end, n := d.breakAfter(off)
	return end + n
}

// lineOffset returns the offset where the YAML line (1-based) starts, or
// len(src) when the text has fewer lines.
func (d *Doc) lineOffset(line int) int {
	switch {
	case line < 1:
		return 0
	case line > len(d.starts):
		return len(d.src)
	}
	return d.starts[line-1]
}

// yamlLineStarts returns where each YAML line of the text starts, found
// once at Parse: every node's offset comes from its line, and counting the
// lines up to it each time made a merge of a long file take seconds.
func (d *Doc) yamlLineStarts() []int {
	starts := []int{0}
	for off := 0; ; {
		end, n := d.breakAfter(off)
		if n == 0 {
			return starts
		}
		off = end + n
		starts = append(starts, off)
	}
}

// countBreaks counts the line breaks in b.
func countBreaks(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		if l := yamlbreak.Len(b, i); l > 0 {
			n++
			i += l
			continue
		}
		i++
	}
	return n
}

// splice replaces src[start:end] with text, whose line breaks (LF, or
// d.eol already) become the text's own line ending.
func (d *Doc) splice(start, end int, text string) []byte {
	if d.eol != "\n" && strings.Contains(text, "\n") {
		text = strings.ReplaceAll(strings.ReplaceAll(text, d.eol, "\n"), "\n", d.eol)
	}
	return splice(d.src, start, end, text)
}
