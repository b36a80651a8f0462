package change

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseChange(t *testing.T) {
	tests := []struct {
		in   string
		want Change
		err  bool
	}{
		{in: "status=ready", want: Change{Path: []string{"status"}, Op: OpSet, Text: "ready"}},
		{in: "labels+=beta", want: Change{Path: []string{"labels"}, Op: OpAppend, Text: "beta"}},
		{in: "labels-=beta", want: Change{Path: []string{"labels"}, Op: OpRemove, Text: "beta"}},
		{in: "score.reach=1200", want: Change{Path: []string{"score", "reach"}, Op: OpSet, Text: "1200"}},
		{in: "title=a=b", want: Change{Path: []string{"title"}, Op: OpSet, Text: "a=b"}},
		{in: "due=", want: Change{Path: []string{"due"}, Op: OpSet, Text: ""}},
		{in: "status", err: true},
		{in: "=x", err: true},
		{in: "+=x", err: true},
		{in: ".a=x", err: true},
		{in: "a.=x", err: true},
		{in: "a..b=x", err: true},
	}
	for _, tt := range tests {
		got, err := ParseChange(tt.in)
		if tt.err {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("ParseChange(%q) = %v, %v; want an InputError", tt.in, got, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseChange(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseChange(%q) (-want +got)\n%s", tt.in, diff)
		}
		if back, _ := ParseChange(strings.ReplaceAll(got.String(), " ", "")); got.Text != "" && !cmp.Equal(back, got) {
			t.Errorf("%q prints as %q", tt.in, got.String())
		}
	}
}

// workspaceFiles is a small workspace for the operations of this package.
var workspaceFiles = map[string]string{
	"roadlog.yaml":         "version: 1\nproduct: {name: T, key: A}\nworkflow:\n  statuses: [idea, ready, done]\n  closed: [done]\n",
	"backlog/A-1-epic.md":  "---\nid: A-1\ntitle: Epic\ntype: epic\nstatus: idea\nrank: i\n---\nSee A-1.\n",
	"backlog/A-2-x.md":     "---\nid: A-2\ntitle: X\ntype: story\nstatus: idea\nparent: A-1\nrank: k\ndepends_on: [A-1]\n---\n",
	"backlog/A-3-dup.md":   "---\nid: A-3\ntitle: Dup\ntype: story\nstatus: idea\n---\n",
	"backlog/A-3-again.md": "---\nid: A-3\ntitle: Again\ntype: story\nstatus: idea\n---\n",
	"roadmap.yaml":         "initiatives:\n  - id: INIT-1\n    title: I\n",
}

func begin(t *testing.T) *Session {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, workspaceFiles)
	s, err := Begin(t.Context(), dir, time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestErrors: each operation says whose fault a change that cannot be
// made is, with a type the commands map to an exit code.
func TestErrors(t *testing.T) {
	s := begin(t)
	a2, err := Find(s.WS, "A-2")
	if err != nil {
		t.Fatal(err)
	}
	var (
		input    *InputError
		notFound *NotFoundError
		conflict *ConflictError
	)
	tests := []struct {
		name   string
		err    error
		target any
		msg    string
	}{
		{"not found", second(Find(s.WS, "AA-2")), &notFound, `no record has the ID "AA-2"; did you mean "A-2"?`},
		{"duplicate", second(Find(s.WS, "A-3")), &conflict, "2 records have the ID A-3; give one a new ID first (roadlog validate shows where)"},
		{"unknown field", s.Set(a2, []Change{{Path: []string{"stauts"}, Text: "x"}}, nil, false), &input, `item has no field "stauts"; did you mean "status"?`},
		{"wrong type", s.Set(a2, []Change{{Path: []string{"estimate"}, Text: "lots"}}, nil, false), &input, `estimate: "lots" is not a number`},
		{"not a list", s.Set(a2, []Change{{Path: []string{"title"}, Op: OpAppend, Text: "x"}}, nil, false), &input, "title is not a list: title += x needs a list field"},
		{"unset id", s.Set(a2, nil, []string{"id"}, false), &input, "--unset id: every record needs one"},
		{"not there", s.Set(a2, nil, []string{"labels.0"}, false), &input, "--unset labels.0: labels is not set in A-2"},
		{"taken", second(RenumberTarget(s.WS, "A-2", "A-1")), &input, `A-1 is taken by item "Epic"`},
		{"renumber nothing", second(RenumberTarget(s.WS, "A-9", "A-10")), &notFound, "no record has the ID \"A-9\"; list IDs with `roadlog list KIND`"},
		{"bad type", third(s.Create(t.Context(), NewRecord{Kind: "item", Type: "bgu", Title: "T"})), &input, `unknown type "bgu"; did you mean "bug"?`},
		{"bad id", third(s.Create(t.Context(), NewRecord{Kind: "item", ID: "1x", Title: "T"})), &input, `"1x" is not a valid ID: start with a letter, then letters, digits, '.', '_' or '-'`},
		{"id taken", third(s.Create(t.Context(), NewRecord{Kind: "item", ID: "A-1", Title: "T"})), &input, `--id A-1 is taken by item "Epic"`},
		{"rank self", third(s.Rerank(a2, Place{Before: "A-2"})), &input, "--before: an item cannot move relative to itself"},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if !errors.As(tt.err, tt.target) {
			t.Errorf("%s: %T %v, want %T", tt.name, tt.err, tt.err, tt.target)
		}
		if tt.err.Error() != tt.msg {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, tt.err, tt.msg)
		}
	}
	if got := s.Changed(); len(got) != 0 {
		t.Errorf("failed changes staged %v", got)
	}
}

func second[T any](_ T, err error) error { return err }

func third[A, B any](_ A, _ B, err error) error { return err }

// TestOperations stages a change of each kind and checks the files it
// would write.
func TestOperations(t *testing.T) {
	s := begin(t)
	a2, _ := Find(s.WS, "A-2")
	if err := s.Set(a2, []Change{{Path: []string{"estimate"}, Text: "5"}, {Path: []string{"labels"}, Op: OpAppend, Text: "beta"}}, []string{"depends_on"}, false); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Content("backlog/A-2-x.md")
	want := "---\nid: A-2\ntitle: X\ntype: story\nstatus: idea\nparent: A-1\nlabels: [beta]\nrank: k\nestimate: 5\n---\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("set (-want +got)\n%s", diff)
	}

	id, file, err := s.Create(t.Context(), NewRecord{Kind: "initiative", Title: "Next", Sets: []Change{{Path: []string{"horizon"}, Text: "now"}}})
	if err != nil || id != "INIT-2" || file != "roadmap.yaml" {
		t.Fatalf("Create initiative = %q, %q, %v", id, file, err)
	}
	got, _ = s.Content("roadmap.yaml")
	if !strings.Contains(string(got), "  - id: INIT-2\n    title: Next\n    horizon: now\n    status: planned\n") {
		t.Errorf("roadmap.yaml:\n%s", got)
	}
	id, file, err = s.Create(t.Context(), NewRecord{Kind: "item", Type: "bug", Title: "Crash!"})
	if err != nil || id != "A-4" || file != "backlog/A-4-crash.md" {
		t.Fatalf("Create item = %q, %q, %v", id, file, err)
	}
	got, _ = s.Content(file)
	if !strings.HasPrefix(string(got), "---\nid: A-4\ntitle: Crash!\ntype: bug\nstatus: idea\nrank: ") || !strings.Contains(string(got), "created: 2027-01-02\n") {
		t.Errorf("%s:\n%s", file, got)
	}

	old, rank, err := s.Rerank(a2, Place{Top: true})
	if err != nil || old != "k" || rank >= "i" {
		t.Errorf("Rerank = %q, %q, %v", old, rank, err)
	}
}

// TestRenumber gives an epic a new ID: its file moves, the references to
// it follow, and the text that mentions it is listed.
func TestRenumber(t *testing.T) {
	s := begin(t)
	a1, _ := Find(s.WS, "A-1")
	res, err := s.Renumber(a1, "A-10")
	if err != nil {
		t.Fatal(err)
	}
	wantRes := &Renumbered{Refs: 2, Files: 2, OldPath: "backlog/A-1-epic.md", NewPath: "backlog/A-10-epic.md", Mentions: []string{"backlog/A-10-epic.md"}}
	if diff := cmp.Diff(wantRes, res); diff != "" {
		t.Errorf("Renumber (-want +got)\n%s", diff)
	}
	if _, ok := s.Content("backlog/A-1-epic.md"); ok {
		t.Error("the old file stays")
	}
	got, _ := s.Content("backlog/A-2-x.md")
	if !strings.Contains(string(got), "parent: A-10\n") || !strings.Contains(string(got), "depends_on: [A-10]\n") {
		t.Errorf("A-2 after renumber:\n%s", got)
	}
}

// TestCreateWithSets creates items with --set changes: those that set a
// top-level field are written with the defaults, the rest (appends, keys
// of a mapping) apply after them in order, and the file comes out as
// roadlog fmt writes it either way.
func TestCreateWithSets(t *testing.T) {
	tests := []struct {
		name string
		sets []Change
		want string
	}{
		{
			"top-level sets",
			[]Change{{Path: []string{"status"}, Text: "ready"}, {Path: []string{"rank"}, Text: "zz"}, {Path: []string{"labels"}, Text: "[a, 'b: c']"}},
			"---\nid: A-4\ntitle: T\ntype: story\nstatus: ready\nlabels: [a, \"b: c\"]\nrank: zz\ncreated: 2027-01-02\n---\n",
		},
		{
			"set then append",
			[]Change{{Path: []string{"labels"}, Text: "[a]"}, {Path: []string{"labels"}, Op: OpAppend, Text: "b"}, {Path: []string{"status"}, Text: "done"}},
			"---\nid: A-4\ntitle: T\ntype: story\nstatus: done\nlabels: [a, b]\nrank: k1\ncreated: 2027-01-02\n---\n",
		},
		{
			"nested key",
			[]Change{{Path: []string{"score", "reach"}, Text: "100"}, {Path: []string{"estimate"}, Text: "3"}},
			"---\nid: A-4\ntitle: T\ntype: story\nstatus: idea\nrank: k1\nestimate: 3\nscore: {reach: 100}\ncreated: 2027-01-02\n---\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := begin(t)
			body := ""
			_, file, err := s.Create(t.Context(), NewRecord{Kind: "item", Title: "T", Sets: tt.sets, Body: &body})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := s.Content(file)
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestCreateFiles: records created together are the files Create writes
// one after the other, byte for byte; one that cannot be created fails
// them all, naming its place, with nothing staged.
func TestCreateFiles(t *testing.T) {
	body := "Text of Zoë's café.\n"
	var ns []NewRecord
	for i := range 50 {
		n := NewRecord{
			Kind: "item", ID: fmt.Sprintf("B-%d", i), Title: fmt.Sprintf("Item %d: l'été", i),
			Sets: []Change{{Path: []string{"labels"}, Text: "[x, 'y: z']"}, {Path: []string{"rank"}, Text: fmt.Sprintf("m%02d", i)}},
		}
		switch i % 4 {
		case 1:
			n.Body = &body
			n.Sets = append(n.Sets, Change{Path: []string{"labels"}, Op: OpAppend, Text: "w"})
		case 2:
			n.Kind, n.Sets = "insight", []Change{{Path: []string{"source"}, Text: "interview"}}
		case 3:
			n.Kind, n.Sets = "decision", nil
		}
		ns = append(ns, n)
	}
	one := begin(t)
	var want []string
	for _, n := range ns {
		_, file, err := one.Create(t.Context(), n)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, file)
	}
	all := begin(t)
	got, err := all.CreateFiles(t.Context(), ns)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("files (-Create +CreateFiles)\n%s", diff)
	}
	for _, p := range want {
		a, _ := one.Content(p)
		b, _ := all.Content(p)
		if diff := cmp.Diff(string(a), string(b)); diff != "" {
			t.Errorf("%s (-Create +CreateFiles)\n%s", p, diff)
		}
	}

	bad := slices.Clone(ns)
	bad[7].Sets = []Change{{Path: []string{"estimat"}, Text: "3"}}
	s := begin(t)
	_, err = s.CreateFiles(t.Context(), bad)
	ce, ok := errors.AsType[*CreateError](err)
	if !ok || ce.Index != 7 || !strings.Contains(err.Error(), `has no field "estimat"`) {
		t.Errorf("CreateFiles with a bad record = %v, want a CreateError of record 7", err)
	}
	if len(s.Changed()) != 0 {
		t.Errorf("staged %v after an error", s.Changed())
	}
}

// TestFileNameFits: a file name given for a new record is kept only when
// it is a plain name that fits the record's ID.
func TestFileNameFits(t *testing.T) {
	for name, want := range map[string]bool{
		"A-4.md": true, "A-4-saved-carts.md": true, "A-4-Zoë's café.md": true,
		"": false, "A-4": false, "A-4.txt": false, "A-40-x.md": false, "B-4-x.md": false, "A-4x.md": false,
		"../A-4-x.md": false, "sub/A-4-x.md": false, `A-4-a\b.md`: false, "A-4-\x00.md": false, "A-4-\n.md": false,
		"A-4-x .md": false, ".A-4.md": false, "A-4-" + strings.Repeat("x", 200) + ".md": false,
	} {
		if got := fileNameFits(name, "A-4"); got != want {
			t.Errorf("fileNameFits(%q, A-4) = %v, want %v", name, got, want)
		}
	}
}
