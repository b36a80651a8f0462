package diag

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSortAndSummary(t *testing.T) {
	l := List{
		{Path: "b.md", Pos: Pos{2, 1}, Severity: Warning, Rule: "x", Message: "m"},
		{Path: "a.md", Pos: Pos{10, 1}, Severity: Error, Rule: "x", Message: "m"},
		{Path: "a.md", Pos: Pos{9, 5}, Severity: Info, Rule: "y", Message: "m"},
		{Path: "a.md", Pos: Pos{9, 5}, Severity: Info, Rule: "a", Message: "m"},
		{Path: "a.md", Pos: Pos{10, 1}, Severity: Error, Rule: "x", Message: "m"},
	}
	l.Sort()
	var got []string
	for _, d := range l {
		got = append(got, d.String())
	}
	want := []string{
		"a.md:9:5: info: m [a]",
		"a.md:9:5: info: m [y]",
		"a.md:10:1: error: m [x]",
		"b.md:2:1: warning: m [x]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	for _, tt := range []struct {
		l     List
		files int
		want  string
	}{
		{l, 42, "1 error, 1 warning, 2 info in 42 files"},
		{nil, 1, "no problems in 1 file"},
		{List{{Severity: Error}, {Severity: Error}}, 3, "2 errors in 3 files"},
	} {
		if got := tt.l.Summary(tt.files); got != tt.want {
			t.Errorf("Summary = %q, want %q", got, tt.want)
		}
	}
	if l.Max() != Error || (List{}).Max() != Off {
		t.Errorf("Max wrong")
	}
}

func TestTextCleansControlCharacters(t *testing.T) {
	var buf bytes.Buffer
	r := &Report{Diagnostics: List{{Path: "a\x1b[31m.md", Pos: Pos{1, 1}, Severity: Error, Rule: "schema", Message: "bad \x07 value", Hint: "fix\x9b it"}}}
	if err := Write(&buf, "text", r); err != nil {
		t.Fatal(err)
	}
	want := "a\uFFFD[31m.md:1:1: error: bad \uFFFD value; fix\uFFFD it [schema]\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	buf.Reset()
	r.Color = true
	if err := Write(&buf, "text", r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\x1b[1;31merror\x1b[0m") {
		t.Errorf("no colour: %q", buf.String())
	}
}

func TestGitHubEscaping(t *testing.T) {
	var buf bytes.Buffer
	r := &Report{PathPrefix: "plan/", Diagnostics: List{{Path: "a,b:c.md", Pos: Pos{3, 4}, Severity: Info, Rule: "r", Message: "100% wrong:\nsee, here", Hint: ""}}}
	if err := Write(&buf, "github", r); err != nil {
		t.Fatal(err)
	}
	want := "::notice file=plan/a%2Cb%3Ac.md,line=3,col=4,title=roadlog r::100%25 wrong:%0Asee, here\n"
	if buf.String() != want {
		t.Errorf("got  %q\nwant %q", buf.String(), want)
	}
}

func TestURIEscape(t *testing.T) {
	for in, want := range map[string]string{
		"backlog/A-1.md":        "backlog/A-1.md",
		"dir with space/ä.md":   "dir%20with%20space/%C3%A4.md",
		"c:/odd#name?.md":       "c%3A/odd%23name%3F.md",
		"plan/items/A_1~x.yaml": "plan/items/A_1~x.yaml",
	} {
		if got := uriEscape(in); got != want {
			t.Errorf("uriEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "xml", &Report{}); err == nil {
		t.Error("no error for an unknown format")
	}
}
