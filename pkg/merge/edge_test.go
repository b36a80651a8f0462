package merge

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/yamledit"
)

// TestFileEdges holds the cases an adversarial pass over real merges
// found: each merged cleanly but lost a change of one side, or stayed a
// conflict that the contract says merges.
func TestFileEdges(t *testing.T) {
	tests := []struct {
		name               string
		file               string
		base, ours, theirs string
		want               string
		conflicts          bool
		fallback           bool // merged line by line
		layout             yamledit.Layout
	}{
		{
			// roadlog init writes `releases: []`: the first two branches
			// that each add a release must merge.
			name:   "records added on both sides to a list empty in the base",
			file:   "releases.yaml",
			base:   "# releases\nreleases: []\n",
			ours:   "# releases\nreleases:\n  - id: R-1\n    title: Ours\n",
			theirs: "# releases\nreleases:\n  - id: R-2\n    title: Theirs\n",
			want:   "# releases\nreleases:\n  - id: R-1\n    title: Ours\n  - id: R-2\n    title: Theirs\n",
		},
		{
			// fmt puts a blank line between the records of a top-level
			// list: a file clean on both sides stays clean.
			name:   "a record added after ours' only one, in a layout with sections",
			file:   "releases.yaml",
			base:   "# releases\nreleases: []\n",
			ours:   "# releases\nreleases:\n  - id: R-1\n    title: Ours\n",
			theirs: "# releases\nreleases:\n  - id: R-2\n    title: Theirs\n",
			want:   "# releases\nreleases:\n  - id: R-1\n    title: Ours\n\n  - id: R-2\n    title: Theirs\n",
			layout: yamledit.Layout{Sections: true},
		},
		{
			name:   "a byte order mark, theirs changed the first key, ours the next",
			file:   "roadmap.yaml",
			base:   "\xef\xbb\xbftitle: a\nx: 1\n",
			ours:   "\xef\xbb\xbftitle: a\nx: 2\n",
			theirs: "\xef\xbb\xbftitle: c\nx: 1\n",
			want:   "\xef\xbb\xbftitle: c\nx: 2\n",
		},
		{
			name:      "a byte order mark, both changed the first key: the mark stays first",
			file:      "roadmap.yaml",
			base:      "\xef\xbb\xbftitle: a\nx: 1\n",
			ours:      "\xef\xbb\xbftitle: b\nx: 1\n",
			theirs:    "\xef\xbb\xbftitle: c\nx: 2\n",
			want:      "\xef\xbb\xbf<<<<<<< ours\ntitle: b\n=======\ntitle: c\n>>>>>>> theirs\nx: 2\n",
			conflicts: true,
		},
		{
			name:   "records theirs reordered, ours changed something else",
			file:   "releases.yaml",
			base:   "title: t\nreleases:\n  - id: R-1\n    title: A\n  - id: R-2\n    title: B\n",
			ours:   "title: u\nreleases:\n  - id: R-1\n    title: A\n  - id: R-2\n    title: B\n",
			theirs: "title: t\nreleases:\n  - id: R-2\n    title: B\n  - id: R-1\n    title: A\n",
			want:   "title: u\nreleases:\n  - id: R-2\n    title: B\n  - id: R-1\n    title: A\n",
		},
		{
			// The markers for KR-9, which ours removed, go where OBJ-1's
			// key results end, which is where OBJ-2 starts.
			name:      "a conflict at the end of a list, and one on the record after it",
			file:      "objectives.yaml",
			base:      "objectives:\n  - id: OBJ-1\n    key_results:\n      - id: KR-1\n        t: 1\n      - id: KR-9\n        t: 9\n  - id: OBJ-2\n    title: x\n",
			ours:      "objectives:\n  - id: OBJ-1\n    key_results:\n      - id: KR-1\n        t: 1\n  - id: OBJ-2\n    title: o\n",
			theirs:    "objectives:\n  - id: OBJ-1\n    key_results:\n      - id: KR-1\n        t: 1\n      - id: KR-9\n        t: 99\n",
			want:      "objectives:\n  - id: OBJ-1\n    key_results:\n      - id: KR-1\n        t: 1\n<<<<<<< ours\n=======\n      - id: KR-9\n        t: 99\n>>>>>>> theirs\n<<<<<<< ours\n  - id: OBJ-2\n    title: o\n=======\n>>>>>>> theirs\n",
			conflicts: true,
		},
		{
			name:      "records ours removed and theirs changed: markers in theirs' order",
			file:      "risks.yaml",
			base:      "risks:\n  - id: K-1\n    t: 1\n  - id: K-2\n    t: 2\n  - id: K-3\n    t: 3\n",
			ours:      "risks:\n  - id: K-3\n    t: 3\n",
			theirs:    "risks:\n  - id: K-1\n    t: 11\n  - id: K-2\n    t: 22\n  - id: K-3\n    t: 3\n",
			want:      "risks:\n  - id: K-3\n    t: 3\n<<<<<<< ours\n=======\n  - id: K-1\n    t: 11\n>>>>>>> theirs\n<<<<<<< ours\n=======\n  - id: K-2\n    t: 22\n>>>>>>> theirs\n",
			conflicts: true,
		},
		{
			// Git's line merge keeps theirs' move and ours' change.
			name:     "records theirs moved, ours changed one: merged line by line",
			file:     "roadmap.yaml",
			base:     "initiatives:\n  - id: I-1\n    status: now\n\n  - id: I-2\n    status: now\n\n  - id: I-3\n    status: now\n",
			ours:     "initiatives:\n  - id: I-1\n    status: now\n\n  - id: I-2\n    status: now\n\n  - id: I-3\n    status: later\n",
			theirs:   "initiatives:\n  - id: I-2\n    status: now\n\n  - id: I-1\n    status: now\n\n  - id: I-3\n    status: now\n",
			want:     "initiatives:\n  - id: I-2\n    status: now\n\n  - id: I-1\n    status: now\n\n  - id: I-3\n    status: later\n",
			fallback: true,
		},
		{
			name:   "a record theirs inserted in the middle, ours changed something else",
			file:   "releases.yaml",
			base:   "title: t\nreleases:\n  - id: R-1\n    title: A\n  - id: R-2\n    title: B\n",
			ours:   "title: u\nreleases:\n  - id: R-1\n    title: A\n  - id: R-2\n    title: B\n",
			theirs: "title: t\nreleases:\n  - id: R-1\n    title: A\n  - id: R-3\n    title: C\n  - id: R-2\n    title: B\n",
			want:   "title: u\nreleases:\n  - id: R-1\n    title: A\n  - id: R-3\n    title: C\n  - id: R-2\n    title: B\n",
		},
		{
			// workflow.statuses is the board's column order.
			name:   "a status theirs inserted in the middle, ours changed something else",
			file:   "roadlog.yaml",
			base:   "product:\n  name: Acme\nworkflow:\n  statuses: [idea, review, done] # board column order\n",
			ours:   "product:\n  name: Acme Pay\nworkflow:\n  statuses: [idea, review, done] # board column order\n",
			theirs: "product:\n  name: Acme\nworkflow:\n  statuses: [idea, review, qa, done] # board column order\n",
			want:   "product:\n  name: Acme Pay\nworkflow:\n  statuses: [idea, review, qa, done] # board column order\n",
		},
		{
			name:      "a status each side added, theirs in the middle: a conflict, not theirs moved to the end",
			file:      "roadlog.yaml",
			base:      "workflow:\n  statuses: [idea, review, done]\n",
			ours:      "workflow:\n  statuses: [idea, review, done, dropped]\n",
			theirs:    "workflow:\n  statuses: [idea, review, qa, done]\n",
			want:      "workflow:\n<<<<<<< ours\n  statuses: [idea, review, done, dropped]\n=======\n  statuses: [idea, review, qa, done]\n>>>>>>> theirs\n",
			conflicts: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := File(context.Background(), tt.file, []byte(tt.base), []byte(tt.ours), []byte(tt.theirs), Options{Text: gitText, Layout: tt.layout})
			if err != nil {
				t.Fatal(err)
			}
			if (res.Fallback != "") != tt.fallback {
				t.Fatalf("fallback %q, want one: %v", res.Fallback, tt.fallback)
			}
			if diff := cmp.Diff(tt.want, string(res.Text)); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			if (len(res.Conflicts) > 0) != tt.conflicts {
				t.Errorf("conflicts = %v, want %v", res.Conflicts, tt.conflicts)
			}
		})
	}
}

// TestFileLongListConflicts: both sides changed every record of a long
// list differently; each gets its own markers, in one pass over the text.
func TestFileLongListConflicts(t *testing.T) {
	var base, ours, theirs, want strings.Builder
	base.WriteString("releases:\n")
	ours.WriteString("releases:\n")
	theirs.WriteString("releases:\n")
	want.WriteString("releases:\n")
	for i := range 2000 {
		id := "  - id: R-" + strconv.Itoa(i) + "\n"
		base.WriteString(id + "    title: Release\n")
		ours.WriteString(id + "    title: Ours\n")
		theirs.WriteString(id + "    title: Theirs\n")
		want.WriteString(id + "<<<<<<< ours\n    title: Ours\n=======\n    title: Theirs\n>>>>>>> theirs\n")
	}
	res, err := File(context.Background(), "releases.yaml", []byte(base.String()), []byte(ours.String()), []byte(theirs.String()), Options{Text: gitText})
	if err != nil || res.Fallback != "" || len(res.Conflicts) != 2000 {
		t.Fatalf("err %v, fallback %q, %d conflicts", err, res.Fallback, len(res.Conflicts))
	}
	if string(res.Text) != want.String() {
		t.Errorf("the markers are not around each title")
	}
}
