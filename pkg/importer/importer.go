// Package importer brings records from other tools into a workspace: a
// source turns its input into neutral [Record]s, and [Import] maps their
// statuses and types onto the workflow, gives them IDs, rewrites their
// references, adds their people to roadlog.yaml and writes everything
// through the change layer as one locked, validated, all-or-nothing edit.
//
// # How a source plugs in
//
// A source is a package (pkg/importer/backlogmd, pkg/importer/roadlogjson)
// with a function that reads a file or folder and returns a [Batch]:
//
//   - one [Record] per record, in the source's order. Kind is the roadlog
//     kind it becomes; SourceID is the ID the source uses, which references
//     between records of the batch name; Key ("backlogmd:back-12",
//     "github:owner/repo#123") identifies it across imports, so that a second
//     import updates it instead of adding it again (an empty Key matches by
//     ID, for sources whose IDs are roadlog's own).
//   - Status and Type as the source writes them ("In Progress", "Bug"):
//     the framework maps them (see [Mapping]); Fields with roadlog's field
//     names and values as JSON values (strings, float64, int64, bool,
//     []any, map[string]any), reference fields (parent, depends_on, release,
//     …) naming SourceIDs; Body, the Markdown of an item, insight or
//     decision; Extra, every field of the source roadlog has no place for,
//     kept under the record's origin.fields, never dropped.
//   - People named by owner fields (their keys) and Warnings, each naming
//     file and line, for what the source recovered from.
//
// A source reports input it cannot read as an [*InputError] naming file and
// line; the command exits 2 and nothing is written. The command package
// (pkg/cmd/importcmd) lists the sources.
//
// # What a record remembers
//
// A record imported with a Key carries an origin mapping:
//
//	origin:
//	  source: backlogmd:back-12
//	  hashes: {title: 1a2b3c4d, status: 5e6f7a8b, body: …}
//	  fields: {reporter: MrLesk}
//
// hashes are short hashes of the values imported last time. On re-import a
// field whose value in the workspace still has its hash takes the new
// upstream value; a field the team has changed since is left alone (unless
// Overwrite) and reported.
package importer

import (
	"fmt"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
)

// Record is one record of a source, before it is mapped onto the workspace.
type Record struct {
	Kind     model.Kind
	SourceID string // the source's ID, which references in the batch name
	Key      string // "backlogmd:back-12": identifies it across imports; "" matches by ID
	Title    string
	Status   string // as the source writes it; mapped by [Mapping]
	Type     string // of an item, as the source writes it; mapped by [Mapping]
	// Fields are roadlog fields besides id, title, status and type, as JSON
	// values; reference fields name SourceIDs.
	Fields map[string]any
	Body   string // Markdown of an item, insight or decision
	// NoBody says the source gives no body: an existing record's body is
	// left as it is, and a new record's is empty.
	NoBody bool
	Extra  map[string]any // source fields roadlog has no place for: kept under origin.fields
	// Objective is, for a key result, the SourceID of its objective.
	Objective string
	// Order places new items in the backlog: items with one come first, by
	// it; the others follow in batch order.
	Order *float64
	// Archived puts a new item in the archive folder, where `roadlog
	// archive` moves closed items.
	Archived bool
	// FileName is the name the record's file had (roadlog JSON), kept
	// for a new record when it fits its ID (see change.NewRecord).
	FileName string
	// Where names the record's place in the input for messages: "file:line".
	Where string
}

// Person is someone a record names as owner: a key of people in
// roadlog.yaml and the name to add there when the key is new.
type Person struct {
	Key  string
	Name string
}

// Batch is what a source read.
type Batch struct {
	Records  []Record
	People   []Person
	Warnings []string
}

// InputError is input a source cannot read: malformed, in an encoding it
// refuses, missing. File, Line and Col (0 when unknown) say where.
type InputError struct {
	File string
	Line int
	Col  int // in characters, 1-based; only with Line
	Msg  string
}

func (e *InputError) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// UnknownError lists the statuses and types no rule maps, each with the
// --map flag that would.
type UnknownError struct {
	Hints []string
}

func (e *UnknownError) Error() string {
	return "nothing written: no rule maps " + strings.Join(e.Hints, "; ")
}
