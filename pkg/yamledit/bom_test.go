package yamledit

import "testing"

// TestBOM: the reader's columns do not count a byte order mark, so the
// entries of the first line were found three bytes early: a Set of the
// first key failed, and its Span was not its own lines.
func TestBOM(t *testing.T) {
	src := "\xef\xbb\xbftitle: a\nx: 1\n"
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s, err := d.Span([]string{"title"})
	if err != nil {
		t.Fatalf("Span: %v", err)
	}
	if want := (Span{Start: 3, End: 12, Indent: 0, Lead: 3}); s != want {
		t.Errorf("Span = %+v, want %+v", s, want)
	}
	if err := d.Set([]string{"title"}, "b"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	if got, want := string(d.Bytes()), "\xef\xbb\xbftitle: b\nx: 1\n"; got != want {
		t.Errorf("after Set: %q, want %q", got, want)
	}
	if err := d.Delete([]string{"title"}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if got, want := string(d.Bytes()), "\xef\xbb\xbfx: 1\n"; got != want {
		t.Errorf("after Delete: %q, want %q", got, want)
	}
}
