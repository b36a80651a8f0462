package frontmatter

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		front     string
		frontLine int
		body      string
		bodyLine  int
	}{
		{"plain", "---\nid: A-1\n---\nBody\n", "id: A-1\n", 2, "Body\n", 4},
		{"empty front matter", "---\n---\nBody", "", 2, "Body", 3},
		{"no body", "---\nid: A-1\n---", "id: A-1\n", 2, "", 4},
		{"crlf", "---\r\nid: A-1\r\n---\r\nBody\r\n", "id: A-1\r\n", 2, "Body\r\n", 4},
		{"bom", "\xef\xbb\xbf---\nid: A-1\n---\n", "id: A-1\n", 2, "", 4},
		{"fence with trailing blanks", "--- \t\nid: A-1\n---  \nBody\n", "id: A-1\n", 2, "Body\n", 4},
		{"dots close", "---\nid: A-1\n...\nBody\n", "id: A-1\n", 2, "Body\n", 4},
		{"rule in body", "---\nid: A-1\n---\nAbove\n\n---\n\nBelow\n", "id: A-1\n", 2, "Above\n\n---\n\nBelow\n", 4},
		{"longer dashes are YAML", "---\na: |\n  ----\n---\n", "a: |\n  ----\n", 2, "", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Split([]byte(tt.src))
			if err != nil {
				t.Fatalf("Split: %v", err)
			}
			got := []any{string(doc.Front), doc.FrontLine, string(doc.Body), doc.BodyLine}
			want := []any{tt.front, tt.frontLine, tt.body, tt.bodyLine}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			if !bytes.Equal([]byte(tt.src)[doc.FrontOffset:doc.FrontOffset+len(doc.Front)], doc.Front) {
				t.Errorf("FrontOffset %d does not locate Front", doc.FrontOffset)
			}
			if !bytes.Equal([]byte(tt.src)[doc.BodyOffset:], doc.Body) {
				t.Errorf("BodyOffset %d does not locate Body", doc.BodyOffset)
			}
		})
	}
}

func TestSplitErrors(t *testing.T) {
	tests := []struct {
		name, src, msg string
	}{
		{"empty", "", "empty file"},
		{"blank", " \n\n", "empty file"},
		{"bom only", "\xef\xbb\xbf", "empty file"},
		{"no fence", "id: A-1\n", "missing front matter"},
		{"fence later", "\n---\nid: A-1\n---\n", "missing front matter"},
		{"unclosed", "---\nid: A-1\n", "front matter is not closed"},
		{"fence only", "---", "front matter is not closed"},
		{"lone CRs", "---\rid: A-1\r---\r", "missing front matter"},
		{"lone CRs after the fence", "---\nid: A-1\r---\r", "front matter is not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Split([]byte(tt.src))
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("Split: got %v, want *Error", err)
			}
			if fe.Msg != tt.msg || fe.Line != 1 || fe.Col != 1 {
				t.Errorf("got %d:%d %q, want 1:1 %q", fe.Line, fe.Col, fe.Msg, tt.msg)
			}
			if cr := strings.Contains(fe.Hint, "lone CR"); cr != strings.HasPrefix(tt.name, "lone CR") {
				t.Errorf("hint %q: says lone CR %v, want %v", fe.Hint, cr, !cr)
			}
		})
	}
}

// FuzzSplit checks that Split never panics and that what it returns always
// points back into the source.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"---\nid: A\n---\nbody", "---\r\n---\r\n", "\xef\xbb\xbf---\n...\n", "", "---", "x\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Split(src)
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) || fe.Line < 1 || fe.Col < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		if !bytes.Equal(src[doc.FrontOffset:doc.FrontOffset+len(doc.Front)], doc.Front) {
			t.Fatalf("Front is not at FrontOffset")
		}
		if !bytes.Equal(src[doc.BodyOffset:], doc.Body) {
			t.Fatalf("Body is not at BodyOffset")
		}
		if doc.FrontLine != 2 || doc.BodyLine < 3 {
			t.Fatalf("lines %d, %d", doc.FrontLine, doc.BodyLine)
		}
	})
}
