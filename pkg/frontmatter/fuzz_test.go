package frontmatter

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzSplitLines checks what FuzzSplit does not: the line numbers Split
// gives are those of the offsets it gives; the front matter ends at the
// first fence and holds none; a closing fence line sits between front
// matter and body; and the body does not change how the front matter
// splits.
func FuzzSplitLines(f *testing.F) {
	for _, s := range []string{
		"---\nid: A\n---\nbody", "---\r\nid: A\r\n---\r\nbody\r\n", "\xef\xbb\xbf---\n...\n", "---  \n\n\n--- \t\nx",
		"---\na\n...\n---\n", "---\n---\n", "---\nid: A\n", "\n---\n---\n", "---\r---\r", "---\na\rb\n---\nc",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Split(src)
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T, want *Error", err)
			}
			if fe.Line < 1 || fe.Line > lineBreaks(src)+1 {
				t.Fatalf("error at line %d of a file of %d lines", fe.Line, lineBreaks(src)+1)
			}
			return
		}
		end := doc.FrontOffset + len(doc.Front)
		if doc.FrontOffset < 0 || end > doc.BodyOffset || doc.BodyOffset > len(src) {
			t.Fatalf("front [%d:%d], body at %d, of %d bytes", doc.FrontOffset, end, doc.BodyOffset, len(src))
		}
		// A closing fence at the end of the file, without a line break, has
		// an empty body on the line after it.
		closed := bytes.HasSuffix(src[:doc.BodyOffset], []byte("\n"))
		if want := lineBreaks(src[:doc.FrontOffset]) + 1; doc.FrontLine != want {
			t.Fatalf("FrontLine %d, want %d", doc.FrontLine, want)
		}
		if want := lineBreaks(src[:doc.BodyOffset]) + 1; closed && doc.BodyLine != want {
			t.Fatalf("BodyLine %d, want %d", doc.BodyLine, want)
		}
		fence := string(bytes.TrimRight(src[end:doc.BodyOffset], " \t\r\n"))
		if fence != "---" && fence != "..." {
			t.Fatalf("%q between front matter and body, want a fence", src[end:doc.BodyOffset])
		}
		for _, l := range bytes.Split(doc.Front, []byte("\n")) {
			if l := string(bytes.TrimRight(l, " \t\r")); l == "---" || l == "..." {
				t.Fatalf("front matter %q holds a fence", doc.Front)
			}
		}
		if !closed {
			return
		}
		other := append(bytes.Clone(src[:doc.BodyOffset]), "x\n---\n...\n"...)
		doc2, err := Split(other)
		if err != nil || !bytes.Equal(doc2.Front, doc.Front) || doc2.BodyOffset != doc.BodyOffset || doc2.BodyLine != doc.BodyLine {
			t.Fatalf("another body changes the split: %v", err)
		}
	})
}

// lineBreaks counts line breaks as roadlog (and Git) does: at LF only.
func lineBreaks(b []byte) int { return bytes.Count(b, []byte("\n")) }
