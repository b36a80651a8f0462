// Package workspace finds a roadlog workspace, reads every file of it in
// parallel from an fs.FS (a folder opened with os.Root, or a Git revision),
// and keeps each record with its file, YAML node tree and positions.
package workspace

import (
	"bytes"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"gopkg.in/yaml.v3"
)

// FileKind says what a file holds; the names are those of the schemas.
type FileKind string

// The kinds of file.
const (
	FileConfig     FileKind = "config"
	FileProduct    FileKind = "product"
	FileObjectives FileKind = "objectives"
	FileRoadmap    FileKind = "roadmap"
	FileReleases   FileKind = "releases"
	FileRisks      FileKind = "risks"
	FileItem       FileKind = "item"
	FileInsight    FileKind = "insight"
	FileDecision   FileKind = "decision"
)

// Markdown reports whether files of the kind are front matter plus Markdown.
func (k FileKind) Markdown() bool {
	return k == FileProduct || k == FileItem || k == FileInsight || k == FileDecision
}

// File is one file of the workspace as read.
type File struct {
	Path       string   // workspace-relative, slash-separated
	Kind       FileKind // what it holds
	Raw        []byte   // every byte as read
	YAMLOffset int      // byte offset of the YAML (front matter or whole file) in Raw
	YAMLEnd    int      // byte offset where the YAML ends
	LineOffset int      // lines of Raw before the YAML's first line
	Value      any      // the document as a JSON value; nil when it did not parse or is empty
	Body       string   // Markdown after the front matter
	BodyLine   int      // 1-based line where Body starts
	Parsed     bool     // the YAML parsed (findings may still exist)

	// The node tree is parsed again when first asked for, rather than kept
	// from loading: most files never need a position, and the trees of
	// 100,000 items would take gigabytes.
	docOnce sync.Once
	doc     *yaml.Node
	index   yamlvalue.Index // key tables of the doc's large mappings

	linesOnce sync.Once
	lines     lineMap // YAML lines to LF lines; nil for most files

	stat      fileStat  // what Stat said when the file was read; zero when not read from disk
	loadDiags diag.List // what parsing found
	cached    bool      // taken from the index rather than read
	entry     []byte    // the file's entry in the index it was taken from

	findingsMu  sync.Mutex
	findingsKey string    // the schemas findings were computed with; "" for none
	findings    diag.List // the file's own schema findings
	findingsNew bool      // set since loading: the index should keep them
}

// Findings returns the findings of the file alone (its schema checks) that
// [File.SetFindings] kept for the schemas identified by key.
func (f *File) Findings(key string) (diag.List, bool) {
	f.findingsMu.Lock()
	defer f.findingsMu.Unlock()
	if key == "" || f.findingsKey != key {
		return nil, false
	}
	return f.findings, true
}

// SetFindings keeps the findings of the file alone under the key of the
// schemas that gave them, for the next check of the same bytes: in this
// process (a workspace loaded again with [Options.Reuse]) or the next one
// (through the index).
func (f *File) SetFindings(key string, list diag.List) {
	f.findingsMu.Lock()
	defer f.findingsMu.Unlock()
	if f.findingsKey == key {
		return
	}
	f.findingsKey, f.findings, f.findingsNew = key, list, true
}

// Doc returns the YAML document node, or nil when the file did not parse or
// holds no document.
func (f *File) Doc() *yaml.Node {
	f.docOnce.Do(func() {
		if !f.Parsed {
			return
		}
		var root yaml.Node
		if err := yaml.Unmarshal(f.YAML(), &root); err == nil && root.Kind != 0 {
			f.doc = &root
		}
	})
	return f.doc
}

// YAML returns the YAML text of the file: the front matter or the whole file.
func (f *File) YAML() []byte { return f.Raw[f.YAMLOffset:f.YAMLEnd] }

// Pos converts a node's position to a file position.
func (f *File) Pos(n *yaml.Node) diag.Pos {
	if n == nil {
		return diag.Pos{Line: f.LineOffset + 1, Col: 1}
	}
	f.linesOnce.Do(func() { f.lines = newLineMap(f.YAML()) })
	line, col := f.lines.pos(n.Line, n.Column)
	return diag.Pos{Line: line + f.LineOffset, Col: col}
}

// Locate returns the position of the value at a JSON pointer (split into
// tokens) within the file, or of the key when key is set and the pointer
// ends at a mapping key. A pointer that leads nowhere gives the deepest
// position reached.
func (f *File) Locate(tokens []string, key bool) diag.Pos {
	doc := f.Doc()
	if doc == nil {
		return diag.Pos{Line: max(f.LineOffset, 1), Col: 1}
	}
	v, k, _ := f.index.Locate(doc, tokens)
	if key && k != nil {
		return f.Pos(k)
	}
	if v == nil || (v.Kind == yaml.DocumentNode) {
		return diag.Pos{Line: f.LineOffset + 1, Col: 1}
	}
	return f.Pos(v)
}

// Node returns the node at a JSON pointer (split into tokens), or nil.
func (f *File) Node(tokens []string) *yaml.Node {
	doc := f.Doc()
	if doc == nil {
		return nil
	}
	v, _, found := f.index.Locate(doc, tokens)
	if !found || v == nil || v.Kind == yaml.DocumentNode {
		return nil
	}
	return v
}

// Record is a record of the workspace together with where it is written.
type Record struct {
	Model   model.Record
	File    *File
	Pointer []string // JSON pointer tokens from the file's top to the record
}

// Node returns the record's mapping node, or nil.
func (r *Record) Node() *yaml.Node {
	doc := r.File.Doc()
	if doc == nil {
		return nil
	}
	n, _, found := r.File.index.Locate(doc, r.Pointer)
	if !found {
		return nil
	}
	return n
}

// Meta returns the record's common fields.
func (r *Record) Meta() *model.Meta { return r.Model.RecordMeta() }

// Kind returns the record's kind.
func (r *Record) Kind() model.Kind { return r.Meta().Kind }

// ID returns the record's ID ("" when it has none).
func (r *Record) ID() string { return r.Meta().ID }

// Pos returns the position of the record: its id value, else its first key.
func (r *Record) Pos() diag.Pos {
	n := r.Node()
	if _, v := yamlvalue.Entry(n, "id"); v != nil {
		return r.File.Pos(v)
	}
	return r.File.Pos(n)
}

// ValuePos returns the position of the value under the given path of keys
// and list indexes within the record; the record's position when absent.
func (r *Record) ValuePos(path ...string) diag.Pos {
	return r.File.Locate(append(append([]string(nil), r.Pointer...), path...), false)
}

// KeyPos returns the position of the key of a field of the record.
func (r *Record) KeyPos(key string) diag.Pos {
	return r.File.Locate(append(append([]string(nil), r.Pointer...), key), true)
}

// Has reports whether the record sets the field.
func (r *Record) Has(key string) bool {
	_, ok := r.Meta().Fields[key]
	return ok
}

// Workspace is everything read from a workspace.
type Workspace struct {
	Root        string // directory on disk; "" when read from another fs.FS
	Config      *Config
	ConfigFile  *File // nil when there is no roadlog.yaml
	Files       []*File
	Records     []*Record // in file order, then document order
	Product     *model.Product
	Items       []*model.Item
	Themes      []*model.Theme
	Initiatives []*model.Initiative
	Objectives  []*model.Objective
	KeyResults  []*model.KeyResult
	Releases    []*model.Release
	Risks       []*model.Risk
	Insights    []*model.Insight
	Decisions   []*model.Decision
	Personas    []*model.Persona
	// Diagnostics holds what loading found: unreadable files, YAML that does
	// not parse, missing front matter. Schema and rules come from package
	// validate.
	Diagnostics diag.List

	byID     map[string][]*Record
	idsOnce  sync.Once
	ids      []string // IDs, sorted once asked (a loaded workspace does not change)
	byRecord map[model.Record]*Record
	byPath   map[string]*File
	cache    *cacheState      // nil when the workspace was not opened with the index
	checked  *checkedFindings // what validate found, for the index ([Workspace.KeepFindings])
	// opened is when, in nanoseconds, the files' stat data began to be
	// taken: a file modified within the racy window before it may have
	// changed again unseen with the same stat data. Zero: not known.
	opened int64

	targets   []target // every file it tried to read, sorted
	walkClean bool     // the record folders were listed without a finding
}

// File returns the file read from the path, or nil.
func (w *Workspace) File(p string) *File { return w.byPath[p] }

// VerifyCache reports whether the workspace was opened to check its index
// ([OpenOptions.VerifyCache]): cached findings are then computed again
// and compared.
func (w *Workspace) VerifyCache() bool { return w.cache != nil && w.cache.verify }

// Indexed reports whether the workspace was opened through its index, not
// with [OpenOptions.NoCache]: other caches of the workspace (the flow
// history's) follow it.
func (w *Workspace) Indexed() bool { return w.cache != nil }

// Lookup returns every record with the ID, in file order (more than one
// means a duplicate).
func (w *Workspace) Lookup(id string) []*Record { return w.byID[id] }

// Duplicates returns the IDs that more than one record has, sorted as
// strings.
func (w *Workspace) Duplicates() []string {
	var out []string
	for id, rs := range w.byID {
		if len(rs) > 1 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// Find returns the first record with the ID, or nil.
func (w *Workspace) Find(id string) *Record {
	if rs := w.byID[id]; len(rs) > 0 {
		return rs[0]
	}
	return nil
}

// RecordOf returns the workspace record that wraps m.
func (w *Workspace) RecordOf(m model.Record) *Record { return w.byRecord[m] }

// IDs returns every ID in the workspace, in natural order.
func (w *Workspace) IDs() []string {
	w.idsOnce.Do(func() {
		w.ids = make([]string, 0, len(w.byID))
		for id := range w.byID {
			w.ids = append(w.ids, id)
		}
		slices.SortFunc(w.ids, model.CompareIDs)
	})
	return slices.Clone(w.ids)
}

// Unreadable counts the files that did not load at all: their records are
// missing from the workspace.
func (w *Workspace) Unreadable() int {
	loaded := make(map[string]bool, len(w.Files))
	for _, f := range w.Files {
		if f.Parsed {
			loaded[f.Path] = true
		}
	}
	bad := map[string]bool{}
	for _, d := range w.Diagnostics {
		if d.Severity == diag.Error && !loaded[d.Path] {
			bad[d.Path] = true
		}
	}
	return len(bad)
}

// FilePaths returns the paths of every file read, sorted.
func (w *Workspace) FilePaths() []string {
	out := make([]string, len(w.Files))
	for i, f := range w.Files {
		out[i] = f.Path
	}
	return out
}

// firstInvalid returns the line and column (in runes) of the first invalid
// UTF-8 sequence or NUL byte in b, and what it is.
func firstInvalid(b []byte) (line, col int, what string) {
	if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 {
		return 0, 0, "" // the common case, checked fast
	}
	line, col = 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, col, "invalid"
		case r == 0:
			return line, col, "nul"
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return 0, 0, ""
}
