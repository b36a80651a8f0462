package merge

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/yamledit"
)

// gitText is the text merge of the driver: git merge-file.
func gitText(ctx context.Context, base, ours, theirs []byte, o Options) ([]byte, int, error) {
	return gitx.MergeFile(ctx, base, ours, theirs, gitx.MergeLabels{Ours: o.Ours, Base: o.Base, Theirs: o.Theirs, MarkerSize: o.MarkerSize, Diff3: o.Diff3})
}

const releasesBase = `# releases of Acme
releases:
  - id: R-1
    title: Beta # the first one
    date: 2027-01-15
    status: planned
    labels: [web]
  - id: R-2
    title: GA
    date: 2027-03-01
    status: planned
`

func TestFile(t *testing.T) {
	tests := []struct {
		name                string
		file                string
		base, ours, theirs  string
		want                string
		conflicts, fallback bool
		where               []string
	}{
		{
			name:   "records added on both sides: ours, then theirs",
			file:   "releases.yaml",
			base:   releasesBase,
			ours:   releasesBase + "  - id: R-3\n    title: Ours\n    status: planned\n",
			theirs: releasesBase + "  # theirs\n  - id: R-4\n    title: 'Theirs'\n    status: planned\n",
			want:   releasesBase + "  - id: R-3\n    title: Ours\n    status: planned\n  # theirs\n  - id: R-4\n    title: 'Theirs'\n    status: planned\n",
		},
		{
			name:   "different records changed",
			file:   "releases.yaml",
			base:   releasesBase,
			ours:   strings.Replace(releasesBase, "title: Beta", "title: Beta 1", 1),
			theirs: strings.Replace(releasesBase, "date: 2027-03-01", "date: 2027-04-01", 1),
			want:   strings.Replace(strings.Replace(releasesBase, "title: Beta", "title: Beta 1", 1), "date: 2027-03-01", "date: 2027-04-01", 1),
		},
		{
			name:   "different fields of one record",
			file:   "releases.yaml",
			base:   releasesBase,
			ours:   strings.Replace(releasesBase, "title: Beta", "title: Beta 1", 1),
			theirs: strings.Replace(releasesBase, "date: 2027-01-15", "date: 2027-02-01", 1),
			want:   strings.Replace(strings.Replace(releasesBase, "title: Beta", "title: Beta 1", 1), "date: 2027-01-15", "date: 2027-02-01", 1),
		},
		{
			name:   "a field theirs changed keeps theirs' quoting and comment",
			file:   "releases.yaml",
			base:   releasesBase,
			ours:   strings.Replace(releasesBase, "title: GA", "title: GA!", 1),
			theirs: strings.Replace(releasesBase, "date: 2027-03-01\n    status: planned", "date: 2027-03-01\n    status: 'released' # early", 1),
			want:   strings.Replace(strings.Replace(releasesBase, "title: GA", "title: GA!", 1), "date: 2027-03-01\n    status: planned", "date: 2027-03-01\n    status: 'released' # early", 1),
		},
		{
			name:   "labels added on each side",
			file:   "releases.yaml",
			base:   releasesBase,
			ours:   strings.Replace(releasesBase, "[web]", "[web, ios]", 1),
			theirs: strings.Replace(releasesBase, "[web]", "[web, android]", 1),
			want:   strings.Replace(releasesBase, "[web]", "[web, ios, android]", 1),
		},
		{
			name:   "a record removed on one side, untouched on the other",
			file:   "releases.yaml",
			base:   releasesBase,
			ours:   strings.Replace(releasesBase, "title: Beta", "title: Beta 1", 1),
			theirs: releasesR1,
			want:   strings.Replace(releasesR1, "title: Beta", "title: Beta 1", 1),
		},
		{
			name:      "the same field set to different values",
			file:      "releases.yaml",
			base:      releasesBase,
			ours:      strings.Replace(releasesBase, "date: 2027-03-01", "date: 2027-04-01", 1),
			theirs:    strings.Replace(releasesBase, "date: 2027-03-01", "date: 2027-05-01", 1),
			want:      strings.Replace(releasesBase, "    date: 2027-03-01\n", "<<<<<<< ours\n    date: 2027-04-01\n=======\n    date: 2027-05-01\n>>>>>>> theirs\n", 1),
			conflicts: true,
			where:     []string{"releases/R-2/date"},
		},
		{
			name:      "changed on one side, removed on the other",
			file:      "releases.yaml",
			base:      releasesBase,
			ours:      releasesR1,
			theirs:    strings.Replace(releasesBase, "title: GA", "title: GA!", 1),
			want:      releasesR1 + "<<<<<<< ours\n=======\n  - id: R-2\n    title: GA!\n    date: 2027-03-01\n    status: planned\n>>>>>>> theirs\n",
			conflicts: true,
			where:     []string{"releases/R-2"},
		},
		{
			name:      "the same new ID added on both sides",
			file:      "releases.yaml",
			base:      releasesBase,
			ours:      releasesBase + "  - id: R-3\n    title: Ours\n",
			theirs:    releasesBase + "  - id: R-3\n    title: Theirs\n",
			want:      releasesBase + "<<<<<<< ours\n  - id: R-3\n    title: Ours\n=======\n  - id: R-3\n    title: Theirs\n>>>>>>> theirs\n",
			conflicts: true,
			where:     []string{"releases/R-3"},
		},
		{
			name:   "CRLF stays CRLF, theirs' lines take ours' ending",
			file:   "releases.yaml",
			base:   crlf(releasesBase),
			ours:   crlf(strings.Replace(releasesBase, "title: Beta", "title: Beta 1", 1)),
			theirs: crlf(releasesBase + "  - id: R-4\n    title: New\n"),
			want:   crlf(strings.Replace(releasesBase, "title: Beta", "title: Beta 1", 1) + "  - id: R-4\n    title: New\n"),
		},
		{
			name:   "an item: fields by meaning, body by text",
			file:   "backlog/ACME-1-pay.md",
			base:   "---\nid: ACME-1\ntitle: Pay\nstatus: ready\nlabels: [a]\n---\nIntro.\n\n## Acceptance criteria\n- [ ] One\n- [ ] Two\n",
			ours:   "---\nid: ACME-1\ntitle: Pay\nstatus: in-progress\nlabels: [a, b]\n---\nIntro, longer.\n\n## Acceptance criteria\n- [ ] One\n- [ ] Two\n",
			theirs: "---\nid: ACME-1\ntitle: Pay by card\nstatus: ready\nlabels: [a, c]\n---\nIntro.\n\n## Acceptance criteria\n- [ ] One\n- [x] Two\n",
			want:   "---\nid: ACME-1\ntitle: Pay by card\nstatus: in-progress\nlabels: [a, b, c]\n---\nIntro, longer.\n\n## Acceptance criteria\n- [ ] One\n- [x] Two\n",
		},
		{
			name:      "an item: the same field, the first key of nothing",
			file:      "backlog/ACME-1-pay.md",
			base:      "---\nid: ACME-1\ntitle: Pay\nstatus: ready\n---\n",
			ours:      "---\nid: ACME-1\ntitle: Pay\nstatus: done\n---\n",
			theirs:    "---\nid: ACME-1\ntitle: Pay\nstatus: in-progress\n---\n",
			want:      "---\nid: ACME-1\ntitle: Pay\n<<<<<<< ours\nstatus: done\n=======\nstatus: in-progress\n>>>>>>> theirs\n---\n",
			conflicts: true,
			where:     []string{"status"},
		},
		{
			name:     "theirs does not parse: Git's text merge",
			file:     "releases.yaml",
			base:     releasesBase,
			ours:     releasesBase + "  - id: R-3\n",
			theirs:   strings.Replace(releasesBase, "title: GA", "title: [GA", 1),
			want:     releasesBase + "  - id: R-3\n",
			fallback: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := File(context.Background(), tt.file, []byte(tt.base), []byte(tt.ours), []byte(tt.theirs), Options{Text: gitText})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if tt.fallback {
				if res.Fallback == "" {
					t.Fatalf("merged by meaning, want the text merge")
				}
				want = strings.Replace(want, "title: GA", "title: [GA", 1)
			} else if res.Fallback != "" {
				t.Fatalf("fell back to text: %s", res.Fallback)
			}
			if diff := cmp.Diff(want, string(res.Text)); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			if (len(res.Conflicts) > 0) != tt.conflicts {
				t.Errorf("conflicts = %v, want %v", res.Conflicts, tt.conflicts)
			}
			var where []string
			for _, c := range res.Conflicts {
				where = append(where, c.Where)
			}
			if tt.where != nil && !cmp.Equal(where, tt.where) {
				t.Errorf("conflicts at %q, want %q", where, tt.where)
			}
		})
	}
}

// releasesR1 is releasesBase without R-2.
var releasesR1, _, _ = strings.Cut(releasesBase, "  - id: R-2")

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// TestFileYAMLTestSuite merges every document of the YAML test suite
// (../shared/corpus beside the clone), with a key added on each side:
// the merge never fails or panics, and a clean merge by meaning keeps
// both keys and reads back.
func TestFileYAMLTestSuite(t *testing.T) {
	dirs, err := filepath.Glob("../../../shared/corpus/yaml-test-suite/*/in.yaml")
	if err != nil || len(dirs) == 0 {
		t.Skip("no ../shared/corpus/yaml-test-suite beside the clone")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	byMeaning := 0
	for _, p := range dirs {
		base, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ours := append(bytes.Clone(base), "\nx_ours: 1\n"...)
		theirs := append(bytes.Clone(base), "\nx_theirs: 2\n"...)
		for _, name := range []string{"plan.yaml", "backlog/x.md"} {
			b, o, th := base, ours, theirs
			if strings.HasSuffix(name, ".md") {
				b, o, th = front(b), front(o), front(th)
			}
			res, err := File(context.Background(), name, b, o, th, Options{Text: gitText})
			if err != nil {
				t.Fatalf("%s as %s: %v", p, name, err)
			}
			if res.Fallback != "" || len(res.Conflicts) > 0 || name != "plan.yaml" {
				continue
			}
			byMeaning++
			d, err := yamledit.Parse(res.Text)
			if err != nil {
				t.Fatalf("%s: the clean merge does not parse: %v\n%s", p, err, res.Text)
			}
			m, _ := d.Value().(map[string]any)
			if m["x_ours"] != int64(1) || m["x_theirs"] != int64(2) {
				t.Fatalf("%s: the clean merge lost a side:\n%s", p, res.Text)
			}
		}
	}
	if byMeaning == 0 {
		t.Fatal("no document merged by meaning")
	}
}

func front(b []byte) []byte { return slices.Concat([]byte("---\n"), b, []byte("---\nbody\n")) }

// TestFileLongList: theirs changed every record of a long list, ours
// added one; the records are replaced in one pass, by meaning.
func TestFileLongList(t *testing.T) {
	var b strings.Builder
	b.WriteString("releases:\n")
	for i := range 2000 {
		b.WriteString("  - id: R-" + strconv.Itoa(i) + "\n    title: Release\n    status: planned\n")
	}
	base := b.String()
	theirs := strings.ReplaceAll(base, "status: planned", "status: 'done'")
	ours := base + "  - id: R-x\n    title: X\n"
	res, err := File(context.Background(), "releases.yaml", []byte(base), []byte(ours), []byte(theirs), Options{Text: gitText})
	if err != nil || res.Fallback != "" || len(res.Conflicts) > 0 {
		t.Fatalf("err %v, fallback %q, conflicts %v", err, res.Fallback, res.Conflicts)
	}
	if want := theirs + "  - id: R-x\n    title: X\n"; string(res.Text) != want {
		t.Errorf("result differs from theirs plus ours' record")
	}
}

// TestFileDiff3: with Diff3, the base's entry stands between ours and
// theirs, as merge.conflictStyle=diff3 has it, in the driver's markers and
// in the line merge's.
func TestFileDiff3(t *testing.T) {
	ours := strings.Replace(releasesBase, "date: 2027-03-01", "date: 2027-04-01", 1)
	theirs := strings.Replace(releasesBase, "date: 2027-03-01", "date: 2027-05-01", 1)
	res, err := File(context.Background(), "releases.yaml", []byte(releasesBase), []byte(ours), []byte(theirs), Options{Text: gitText, Diff3: true})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(releasesBase, "    date: 2027-03-01\n", "<<<<<<< ours\n    date: 2027-04-01\n||||||| base\n    date: 2027-03-01\n=======\n    date: 2027-05-01\n>>>>>>> theirs\n", 1)
	if diff := cmp.Diff(want, string(res.Text)); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	body := "---\nid: A-1\n---\none\n"
	res, err = File(context.Background(), "backlog/A-1.md", []byte(body), []byte(strings.Replace(body, "one", "two", 1)), []byte(strings.Replace(body, "one", "three", 1)), Options{Text: gitText, Diff3: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "---\nid: A-1\n---\n<<<<<<< ours\ntwo\n||||||| base\none\n=======\nthree\n>>>>>>> theirs\n"; string(res.Text) != want {
		t.Errorf("body: %q, want %q", res.Text, want)
	}
}
