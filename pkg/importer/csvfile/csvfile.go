// Package csvfile reads a CSV file as an [importer.Batch] of items: the
// exports of Jira and Linear by their presets, any other spreadsheet by a
// column mapping (title=Summary,status=State,…).
//
// Each row is an item keyed PRESET:ID (jira:ACME-12, linear:ENG-4,
// csv:…); parent and dependency columns name other rows by their IDs (or,
// in Jira, by their numeric Issue id), so epics and blocking links
// survive; a row another names as parent becomes an epic when it has no
// type, and a parent link to a row of another type (a Jira sub-task's
// story) is kept under origin.fields.parent, since roadlog's parents are
// epics. Fix versions become releases. Every column nothing maps is kept
// under origin.fields by its header.
//
// The file may be UTF-8 with or without a byte order mark, or UTF-16 with
// one; a file that is not valid UTF-8 is read as Windows-1252 (the
// Latin-1 superset Excel writes), with a warning. Commas, semicolons or
// tabs separate the values, as the header line shows.
package csvfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/importer/internal/conv"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/suggest"
)

// Options choose how columns map to fields.
type Options struct {
	// Preset is "jira", "linear" or "csv" (no preset: columns named as
	// the fields map to them); "" detects it from the header.
	Preset string
	// Columns are "FIELD=COLUMN" mappings, several in one separated by
	// commas; they replace the preset's column for FIELD.
	Columns []string
}

// Presets lists the presets by name.
var Presets = []string{"jira", "linear", "csv"}

// fields are what a column maps to, with what each holds.
var fields = []string{
	"id", "title", "status", "type", "owner", "parent", "depends_on", "blocks", "labels",
	"estimate", "release", "due", "created", "closed", "body", "priority", "issue_id",
}

// preset lists, for each field, the headers that hold it, the first one
// present taken; list fields take every column of that header (Jira
// repeats "Labels", "Sprint", "Fix versions").
type preset map[string][]string

var presets = map[string]preset{
	"jira": {
		"id": {"Issue key"}, "title": {"Summary"}, "type": {"Issue Type"}, "status": {"Status"},
		"owner": {"Assignee"}, "labels": {"Labels"}, "priority": {"Priority"},
		"parent":     {"Parent", "Parent key", "Parent id", "Custom field (Epic Link)"},
		"release":    {"Fix versions", "Fix Version/s", "Fix versions/s"},
		"estimate":   {"Story Points", "Custom field (Story Points)", "Custom field (Story point estimate)"},
		"body":       {"Description"},
		"created":    {"Created"},
		"closed":     {"Resolved"},
		"due":        {"Due date", "Due Date"},
		"depends_on": {"Inward issue link (Blocks)"},
		"blocks":     {"Outward issue link (Blocks)"},
		"issue_id":   {"Issue id"},
	},
	"linear": {
		"id": {"ID"}, "title": {"Title"}, "body": {"Description"}, "status": {"Status"},
		"priority": {"Priority"}, "owner": {"Assignee"}, "labels": {"Labels"}, "estimate": {"Estimate"},
		"due": {"Due Date"}, "created": {"Created"}, "closed": {"Completed", "Canceled"},
		"parent": {"Parent issue", "Parent Issue", "Parent"}, "depends_on": {"Blocked by", "Blocked By"},
		"blocks": {"Blocks"},
	},
}

// listFields take several values: repeated columns, or values separated
// by commas in one.
var listFields = map[string]bool{"labels": true, "depends_on": true, "blocks": true, "release": true}

// moscow is a priority as MoSCoW.
var moscow = map[string]string{
	"urgent": "must", "highest": "must", "high": "must", "critical": "must", "blocker": "must",
	"medium": "should", "normal": "should", "low": "could", "lowest": "could", "minor": "could", "trivial": "could",
}

// SplitMap separates the column mappings among --map values (FIELD=COLUMN)
// from the import's status and type rules (status.NAME=…, type.NAME=…).
func SplitMap(rules []string) (columns, mapping []string) {
	for _, r := range rules {
		left, _, _ := strings.Cut(r, "=")
		if strings.HasPrefix(left, "status.") || strings.HasPrefix(left, "type.") {
			mapping = append(mapping, r)
		} else {
			columns = append(columns, r)
		}
	}
	return columns, mapping
}

// Read reads the CSV file name.
func Read(name string, o Options) (*importer.Batch, error) {
	raw, err := conv.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, raw, o)
}

// column is where a field's values are: the indexes of its columns.
type column struct {
	header string
	idx    []int
}

// reader builds the batch.
type reader struct {
	name   string
	preset string
	cols   map[string]column // field → its columns
	header []string
	used   []bool // columns a field reads
	b      *importer.Batch
	people map[string]bool
	rels   map[string]bool
	src    string // key prefix
}

// Parse reads raw, the content of the CSV file name.
func Parse(name string, raw []byte, o Options) (*importer.Batch, error) {
	text, note, err := conv.Text(raw, true)
	if err != nil {
		return nil, &importer.InputError{File: name, Msg: err.Error()}
	}
	r := &reader{name: name, b: &importer.Batch{}, people: map[string]bool{}, rels: map[string]bool{}}
	if note != "" {
		r.b.Warnings = append(r.b.Warnings, name+": "+note)
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = delimiter(text)
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &importer.InputError{File: name, Msg: "is empty: a CSV file starts with a header line naming its columns"}
	}
	if err != nil {
		return nil, r.csvError(err)
	}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
	}
	r.header = header
	r.used = make([]bool, len(header))
	if err := r.mapColumns(o); err != nil {
		return nil, err
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, r.csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		rows = append(rows, row{line: line, vals: rec})
	}
	r.rows(rows)
	return r.b, nil
}

type row struct {
	line int
	vals []string
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// delimiter is the separator the header line uses most: ',', ';' or tab.
func delimiter(text []byte) rune {
	first, _, _ := bytes.Cut(text, []byte("\n"))
	best, n := ',', 0
	for _, d := range []rune{',', ';', '\t'} {
		c := 0
		quoted := false
		for _, b := range string(first) {
			switch {
			case b == '"':
				quoted = !quoted
			case b == d && !quoted:
				c++
			}
		}
		if c > n {
			best, n = d, c
		}
	}
	return best
}

func (r *reader) csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &importer.InputError{File: r.name, Msg: "malformed CSV: " + err.Error()}
	}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		return &importer.InputError{File: r.name, Line: pe.Line, Msg: fmt.Sprintf("a record with another number of values than the header's %d: a value with a comma or line break that is not in quotes?", len(r.header))}
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		return &importer.InputError{File: r.name, Line: pe.StartLine, Msg: "a quoted value starts in this record and never ends (a quote missing, or the file cut short?)"}
	}
	return &importer.InputError{File: r.name, Line: pe.Line, Msg: fmt.Sprintf("column %d: malformed CSV: %s", pe.Column, pe.Err)}
}

// detect names the preset the header is an export of.
func detect(header []string) string {
	has := func(h string) bool { return slices.Contains(header, h) }
	switch {
	case has("Issue key") && has("Summary"):
		return "jira"
	case has("ID") && has("Title") && (has("Team") || has("Cycle Number") || has("Estimate") || has("Priority") || has("Assignee")):
		return "linear"
	}
	return "csv"
}

// mapColumns finds the columns of each field: the preset's, then the
// mappings given.
func (r *reader) mapColumns(o Options) error {
	r.preset = o.Preset
	if r.preset == "" {
		r.preset = detect(r.header)
	}
	p, ok := presets[r.preset]
	if !ok && r.preset != "csv" {
		return &importer.InputError{Msg: suggest.Unknown("preset", o.Preset, Presets)}
	}
	if r.preset == "csv" {
		// Columns named as the fields (any case) map to them.
		p = preset{}
		for _, f := range fields {
			for _, h := range r.header {
				if strings.EqualFold(h, f) || strings.EqualFold(strings.ReplaceAll(h, " ", "_"), f) {
					p[f] = []string{h}
					break
				}
			}
		}
	}
	r.src = r.preset
	r.cols = map[string]column{}
	for f, hs := range p {
		for _, h := range hs {
			if c := r.find(h); len(c.idx) > 0 {
				r.cols[f] = c
				break
			}
		}
	}
	for _, spec := range o.Columns {
		for _, m := range splitSpec(spec) {
			f, h, ok := strings.Cut(m, "=")
			f, h = strings.TrimSpace(f), strings.TrimSpace(h)
			if !ok || f == "" || h == "" {
				return &importer.InputError{Msg: fmt.Sprintf("--map %q: write FIELD=COLUMN (title=Summary), or status.NAME=STATUS", m)}
			}
			if !slices.Contains(fields, f) {
				return &importer.InputError{Msg: fmt.Sprintf("--map %s: %s", m, suggest.Unknown("field", f, fields))}
			}
			c := r.find(h)
			if len(c.idx) == 0 {
				msg := fmt.Sprintf("--map %s: no column %q", m, h)
				if hint := suggest.Hint(h, r.header); hint != "" {
					msg += "; " + hint
				} else {
					msg += "; the columns are: " + strings.Join(slices.Compact(slices.Clone(r.header)), ", ")
				}
				return &importer.InputError{File: r.name, Line: 1, Msg: msg}
			}
			r.cols[f] = c
		}
	}
	if _, ok := r.cols["title"]; !ok {
		return &importer.InputError{File: r.name, Line: 1, Msg: "no column holds the title: map one with --map title=COLUMN (the columns are: " + strings.Join(slices.Compact(slices.Clone(r.header)), ", ") + ")"}
	}
	for _, c := range r.cols {
		for _, i := range c.idx {
			r.used[i] = true
		}
	}
	return nil
}

// splitSpec splits "title=Summary,status=Status" at the commas that start
// a new FIELD=: a column name with a comma stays whole.
func splitSpec(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if len(out) > 0 && !strings.Contains(part, "=") {
			out[len(out)-1] += "," + part
			continue
		}
		out = append(out, part)
	}
	return out
}

// find returns the columns with header h, compared without case.
func (r *reader) find(h string) column {
	c := column{header: h}
	for i, x := range r.header {
		if strings.EqualFold(x, h) {
			c.idx = append(c.idx, i)
		}
	}
	return c
}

// get returns the values of a field in a row: one a column, trimmed, the
// empty ones left out; a list field's values split at commas (Linear's
// "Labels") except Jira's repeated columns.
func (r *reader) get(vals []string, f string) []string {
	c, ok := r.cols[f]
	if !ok {
		return nil
	}
	var out []string
	for _, i := range c.idx {
		if i >= len(vals) {
			continue
		}
		v := strings.TrimSpace(vals[i])
		if v == "" {
			continue
		}
		if listFields[f] && len(c.idx) == 1 && f != "release" {
			for s := range strings.SplitSeq(v, ",") {
				if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
			continue
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func (r *reader) one(vals []string, f string) string {
	if v := r.get(vals, f); len(v) > 0 {
		return v[0]
	}
	return ""
}

// rows makes the records of the rows, then resolves their links.
func (r *reader) rows(rows []row) {
	byIssueID := map[string]string{}
	for _, rw := range rows {
		if iid, id := r.one(rw.vals, "issue_id"), r.one(rw.vals, "id"); iid != "" && id != "" {
			byIssueID[iid] = id
		}
	}
	ref := func(v string) string {
		if id, ok := byIssueID[v]; ok {
			return id
		}
		return v
	}
	blocks := map[int][]string{} // record index → the IDs it blocks
	if _, ok := r.cols["id"]; !ok && len(rows) > 0 {
		r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: no column holds IDs (--map id=COLUMN): rows are keyed by their line, so importing an edited file again may add them again", r.name))
	}
	for _, rw := range rows {
		where := fmt.Sprintf("%s:%d", r.name, rw.line)
		id := r.one(rw.vals, "id")
		rec := importer.Record{
			Kind: model.KindItem, SourceID: id, Title: r.one(rw.vals, "title"), Status: r.one(rw.vals, "status"),
			Type: r.one(rw.vals, "type"), Fields: map[string]any{}, Extra: map[string]any{}, Where: where,
		}
		switch {
		case id != "":
			rec.Key = r.src + ":" + id
		default:
			rec.Key = fmt.Sprintf("%s:%s#%d", r.src, filepath.Base(r.name), rw.line)
		}
		if rec.Title == "" {
			rec.Title = "(no title)"
			r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: column %q is empty; titled %q", where, r.cols["title"].header, rec.Title))
		}
		labels := r.get(rw.vals, "labels")
		if len(labels) > 0 {
			rec.Fields["labels"] = anys(labels)
		}
		if rec.Type == "" {
			rec.Type = conv.TypeFromLabels(labels)
		}
		if b := r.get(rw.vals, "body"); len(b) > 0 {
			rec.Body = strings.TrimRight(strings.ReplaceAll(b[0], "\r\n", "\n"), "\n \t") + "\n"
		}
		if o := r.get(rw.vals, "owner"); len(o) > 0 {
			r.owner(&rec, o, where)
		}
		if p := r.one(rw.vals, "parent"); p != "" {
			rec.Fields["parent"] = ref(p)
		}
		if d := r.get(rw.vals, "depends_on"); len(d) > 0 {
			rec.Fields["depends_on"] = anys(mapList(d, ref))
		}
		if bl := r.get(rw.vals, "blocks"); len(bl) > 0 {
			blocks[len(r.b.Records)] = mapList(bl, ref)
		}
		r.values(&rec, rw.vals, where)
		if rel := r.get(rw.vals, "release"); len(rel) > 0 {
			rec.Fields["release"] = r.release(rel[0], where)
			if len(rel) > 1 {
				rec.Extra[r.cols["release"].header] = anys(rel)
			}
		}
		r.extra(&rec, rw.vals)
		r.b.Records = append(r.b.Records, rec)
	}
	r.links(blocks)
}

// values reads the estimate, the priority and the dates of a row.
func (r *reader) values(rec *importer.Record, vals []string, where string) {
	if v := r.one(vals, "estimate"); v != "" {
		if f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64); err == nil && f >= 0 {
			rec.Fields["estimate"] = f
		} else {
			rec.Extra[r.cols["estimate"].header] = v
			r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: column %q: %q is not an estimate (a number); kept under origin.fields", where, r.cols["estimate"].header, v))
		}
	}
	if v := r.one(vals, "priority"); v != "" {
		if m, ok := moscow[strings.ToLower(v)]; ok {
			rec.Fields["moscow"] = m
		}
		rec.Extra[r.cols["priority"].header] = v
	}
	for _, f := range []string{"due", "created", "closed"} {
		v := r.one(vals, f)
		if v == "" {
			continue
		}
		if d := conv.Date(v); d != "" {
			rec.Fields[f] = d
		} else {
			rec.Extra[r.cols[f].header] = v
			r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: column %q: %q is not a date roadlog reads (YYYY-MM-DD, ISO 8601, 02/Jan/06); kept under origin.fields", where, r.cols[f].header, v))
		}
	}
}

// owner makes the first person named the owner, and every one a person.
func (r *reader) owner(rec *importer.Record, names []string, where string) {
	for i, n := range names {
		k := conv.PersonKey(n)
		if k == "" {
			r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: %q cannot be a key of people; kept under origin.fields", where, n))
			rec.Extra[r.cols["owner"].header] = n
			continue
		}
		if i == 0 {
			rec.Fields["owner"] = k
		}
		if !r.people[k] {
			r.people[k] = true
			name := n
			if local, _, ok := strings.Cut(n, "@"); ok && !strings.Contains(local, " ") {
				name = local
			}
			r.b.People = append(r.b.People, importer.Person{Key: k, Name: name})
		}
	}
}

// release adds the release a version becomes, once, and returns its
// source ID.
func (r *reader) release(name, where string) string {
	id := "R-" + idChars.ReplaceAllString(name, "-")
	if !r.rels[id] {
		r.rels[id] = true
		r.b.Records = append(r.b.Records, importer.Record{Kind: model.KindRelease, SourceID: id, Key: r.src + ":version:" + name, Title: name, Where: where})
	}
	return id
}

var idChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// extra keeps the values of the columns no field reads, by header.
func (r *reader) extra(rec *importer.Record, vals []string) {
	for i, v := range vals {
		if i >= len(r.header) || r.used[i] || strings.TrimSpace(v) == "" || r.header[i] == "" {
			continue
		}
		h := r.header[i]
		v = strings.TrimSpace(v)
		switch old := rec.Extra[h].(type) {
		case nil:
			rec.Extra[h] = v
		case string:
			rec.Extra[h] = []any{old, v}
		case []any:
			rec.Extra[h] = append(old, v)
		}
	}
}

// links adds "blocks" as the depends_on of the records blocked, and makes
// the parents of records epics: a parent without a type becomes one, a
// link to a parent of another type is kept under origin.fields.parent.
func (r *reader) links(blocks map[int][]string) {
	byID := map[string]*importer.Record{}
	for i := range r.b.Records {
		if rec := &r.b.Records[i]; rec.Kind == model.KindItem && rec.SourceID != "" {
			if _, dup := byID[rec.SourceID]; !dup {
				byID[rec.SourceID] = rec
			}
		}
	}
	for _, i := range slices.Sorted(maps.Keys(blocks)) {
		rec := &r.b.Records[i]
		var lost []any
		for _, id := range blocks[i] {
			t := byID[id]
			if t == nil {
				lost = append(lost, id)
				continue
			}
			deps, _ := t.Fields["depends_on"].([]any)
			if !slices.Contains(deps, any(rec.SourceID)) {
				t.Fields["depends_on"] = append(deps, rec.SourceID)
			}
		}
		if len(lost) > 0 {
			rec.Extra["blocks"] = lost
		}
	}
	for i := range r.b.Records {
		rec := &r.b.Records[i]
		p, _ := rec.Fields["parent"].(string)
		t := byID[p]
		if t == nil {
			continue // not in the file: the import keeps it under origin.fields
		}
		switch {
		case t.Type == "":
			t.Type = "epic"
		case strings.EqualFold(t.Type, "epic"):
		default:
			delete(rec.Fields, "parent")
			rec.Extra["parent"] = p
			r.b.Warnings = append(r.b.Warnings, fmt.Sprintf("%s: parent %s is a %s, and roadlog's parents are epics; kept under origin.fields.parent", rec.Where, p, t.Type))
		}
	}
}

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func mapList(s []string, f func(string) string) []string {
	out := make([]string, 0, len(s))
	for _, v := range s {
		if w := f(v); !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}
