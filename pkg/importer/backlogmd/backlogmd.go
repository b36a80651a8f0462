// Package backlogmd reads a Backlog.md project (https://backlog.md) as an
// [importer.Batch]: tasks, drafts, completed and archived tasks become items
// (a subtask task-1.1 a child of task-1, which becomes an epic), decisions
// become decisions, docs become insights and milestones become releases.
package backlogmd

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/model"
	"gopkg.in/yaml.v3"
)

// Source is the prefix of the keys of records read from Backlog.md.
const Source = "backlogmd"

// folders are where Backlog.md keeps each kind of file, under backlog/.
var folders = []struct {
	dir  string
	kind model.Kind
}{
	{"tasks", model.KindItem},
	{"drafts", model.KindItem},
	{"completed", model.KindItem},
	{"archive/tasks", model.KindItem},
	{"archive/drafts", model.KindItem},
	{"decisions", model.KindDecision},
	{"docs", model.KindInsight},
	{"milestones", model.KindRelease},
	{"archive/milestones", model.KindRelease},
}

// file is one Markdown file of the project, its front matter read.
type file struct {
	name  string // as messages name it: backlog/tasks/…
	kind  model.Kind
	front map[string]any
	line  int // of the front matter's first line
	body  string
}

// Read reads the Backlog.md project in dir: the folder that holds
// backlog/, or backlog/ itself.
func Read(dir string) (*importer.Batch, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, &importer.InputError{File: dir, Msg: "no such folder; give the folder of a Backlog.md project (the one with backlog/ in it)"}
	}
	root := os.DirFS(dir)
	base := "backlog"
	if _, err := fs.Stat(root, "backlog/config.yml"); err != nil {
		if _, err := fs.Stat(root, "config.yml"); err != nil {
			if _, err := fs.Stat(root, "tasks"); err != nil {
				return nil, &importer.InputError{File: dir, Msg: "is not a Backlog.md project: it has no backlog/config.yml, config.yml or tasks/"}
			}
		}
		base = "."
	}
	b := &importer.Batch{}
	prefix := "task"
	if raw, err := fs.ReadFile(root, path.Join(base, "config.yml")); err == nil {
		var cfg struct {
			TaskPrefix string `yaml:"task_prefix"`
		}
		if yaml.Unmarshal(raw, &cfg) == nil && cfg.TaskPrefix != "" {
			prefix = strings.ToLower(cfg.TaskPrefix)
		}
	}
	var files []*file
	for _, fo := range folders {
		d := path.Join(base, fo.dir)
		entries, err := fs.ReadDir(root, d)
		if err != nil {
			continue // a folder the project does not have
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || strings.EqualFold(e.Name(), "readme.md") {
				continue
			}
			p := path.Join(d, e.Name())
			raw, err := fs.ReadFile(root, p)
			if err != nil {
				return nil, &importer.InputError{File: filepath.Join(dir, p), Msg: err.Error()}
			}
			f, warn, err := parse(filepath.ToSlash(filepath.Join(dir, p)), raw)
			if err != nil {
				return nil, err
			}
			b.Warnings = append(b.Warnings, warn...)
			f.kind = fo.kind
			files = append(files, f)
		}
	}
	r := &reader{b: b, prefix: prefix}
	r.records(files)
	return b, nil
}

var (
	fence     = []byte("---")
	bomUTF8   = []byte("\xef\xbb\xbf")
	bomUTF16s = [][]byte{[]byte("\xff\xfe"), []byte("\xfe\xff")}
)

// parse splits a file into front matter and body. Front matter that is not
// strict YAML because of an unquoted @name or `code` is read as text, with
// a warning naming the line.
func parse(name string, raw []byte) (*file, []string, error) {
	for _, bom := range bomUTF16s {
		if bytes.HasPrefix(raw, bom) {
			return nil, nil, &importer.InputError{File: name, Line: 1, Msg: "is UTF-16; save it as UTF-8 and import again"}
		}
	}
	raw = bytes.TrimPrefix(raw, bomUTF8)
	if !utf8.Valid(raw) {
		line := 1 + bytes.Count(raw[:firstInvalid(raw)], []byte("\n"))
		return nil, nil, &importer.InputError{File: name, Line: line, Msg: "is not UTF-8 text (Latin-1?); save it as UTF-8 and import again"}
	}
	text := strings.ReplaceAll(string(raw), "\r\n", "\n")
	lines := strings.SplitAfter(text, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != string(fence) {
		return nil, nil, &importer.InputError{File: name, Line: 1, Msg: "has no front matter: a Backlog.md file starts with a --- line"}
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], "\n \t") == string(fence) {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, nil, &importer.InputError{File: name, Line: 1, Msg: "front matter is not closed: add a --- line after it"}
	}
	front := strings.Join(lines[1:end], "")
	m, fixed, err := Front(front)
	if err != nil {
		line := 2
		if ye := yamlLine(err); ye > 0 {
			line = 1 + ye
		}
		return nil, nil, &importer.InputError{File: name, Line: line, Msg: "front matter is not YAML: " + yamlLinePrefix.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: "), "")}
	}
	var warn []string
	for _, l := range fixed {
		warn = append(warn, fmt.Sprintf("%s:%d: unquoted %s is not YAML; read it as text", name, 1+l.Line, l.What))
	}
	return &file{name: name, front: m, line: 2, body: strings.Join(lines[end+1:], "")}, warn, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

var (
	yamlLineRE     = regexp.MustCompile(`line (\d+)`)
	yamlLinePrefix = regexp.MustCompile(`^line \d+: `)
)

// yamlLine is the line yaml.v3 names in err, 0 when none.
func yamlLine(err error) int {
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

// Fix is a line of front matter that [Front] quoted to make it YAML.
type Fix struct {
	Line int    // 1-based in the front matter
	What string // the value quoted
}

// unquoted finds a value that starts with a character YAML reserves (@ and
// `) after "key: " or "- ".
var unquoted = regexp.MustCompile("^(\\s*(?:- +|[A-Za-z_][A-Za-z0-9_-]*: +))([@`].*?)\\s*$")

// Front reads Backlog.md front matter: strict YAML, or, when that fails,
// YAML with every unquoted value that starts with @ or ` quoted. It returns
// the lines it quoted.
func Front(src string) (map[string]any, []Fix, error) {
	m := map[string]any{}
	err := yaml.Unmarshal([]byte(src), &m)
	if err == nil {
		return m, nil, nil
	}
	lines := strings.Split(src, "\n")
	var fixed []Fix
	for i, l := range lines {
		if sub := unquoted.FindStringSubmatch(l); sub != nil {
			lines[i] = sub[1] + "'" + strings.ReplaceAll(sub[2], "'", "''") + "'"
			what := sub[2]
			if r := []rune(what); len(r) > 40 {
				what = string(r[:40]) + "…"
			}
			fixed = append(fixed, Fix{Line: i + 1, What: what})
		}
	}
	if len(fixed) == 0 {
		return nil, nil, err
	}
	m = map[string]any{}
	if err2 := yaml.Unmarshal([]byte(strings.Join(lines, "\n")), &m); err2 != nil {
		return nil, nil, err
	}
	return m, fixed, nil
}

// reader turns the files into records.
type reader struct {
	b      *importer.Batch
	prefix string
	byNorm map[string]string // normalised ID → the ID as written
}

// norm is an ID as references compare it: lower case, "task-" read as the
// project's prefix.
func (r *reader) norm(id string) string {
	id = strings.ToLower(strings.TrimSpace(id))
	if id != "" && strings.Trim(id, "0123456789.") == "" {
		return r.prefix + "-" + id // parent_task_id: 345
	}
	if rest, ok := strings.CutPrefix(id, "task-"); ok {
		return r.prefix + "-" + rest
	}
	return id
}

func (r *reader) ref(id string) string {
	if w, ok := r.byNorm[r.norm(id)]; ok {
		return w
	}
	return strings.TrimSpace(id)
}

func (r *reader) records(files []*file) {
	r.byNorm = map[string]string{}
	milestones := map[string]string{} // folded ID or title → ID
	for _, f := range files {
		id := str(f.front["id"])
		if id == "" {
			continue
		}
		r.byNorm[r.norm(id)] = id
		if f.kind == model.KindRelease {
			milestones[strings.ToLower(id)] = id
			milestones[strings.ToLower(str(f.front["title"]))] = id
		}
	}
	parents := map[string]bool{}
	parentOf := map[string]string{}
	for _, f := range files {
		id := str(f.front["id"])
		if f.kind != model.KindItem || id == "" {
			continue
		}
		p := str(f.front["parent_task_id"])
		if p == "" {
			if i := strings.LastIndex(id, "."); i > 0 {
				p = id[:i]
			}
		}
		if p != "" {
			if w, ok := r.byNorm[r.norm(p)]; ok {
				p = w
				parents[w] = true
			}
			parentOf[id] = p
		}
	}
	madeRelease := map[string]bool{}
	for _, f := range files {
		id := str(f.front["id"])
		where := fmt.Sprintf("%s:%d", f.name, f.line)
		if id == "" {
			r.b.Warnings = append(r.b.Warnings, where+": no id; skipped")
			continue
		}
		rec := importer.Record{
			Kind: f.kind, SourceID: id, Key: Source + ":" + r.norm(id), Title: str(f.front["title"]),
			Fields: map[string]any{}, Extra: map[string]any{}, Where: where,
		}
		if rec.Title == "" {
			rec.Title = id
		}
		front := f.front
		delete(front, "id")
		delete(front, "title")
		switch f.kind {
		case model.KindItem:
			rec.Body = Body(f.body)
			r.item(&rec, front, parents[id], parentOf[id])
			if ms := str(front["milestone"]); ms != "" {
				delete(rec.Extra, "milestone")
				rid, ok := milestones[strings.ToLower(ms)]
				if !ok {
					rid = ms
					if !madeRelease[ms] {
						madeRelease[ms] = true
						r.b.Records = append(r.b.Records, importer.Record{
							Kind: model.KindRelease, SourceID: ms, Key: Source + ":milestone:" + strings.ToLower(ms),
							Title: ms, Where: where,
						})
					}
				}
				rec.Fields["release"] = rid
			}
		case model.KindDecision:
			decision(&rec, f, front)
		case model.KindInsight:
			insight(&rec, f, front)
		case model.KindRelease:
			release(&rec, f, front)
		}
		if len(rec.Extra) == 0 {
			rec.Extra = nil
		}
		r.b.Records = append(r.b.Records, rec)
	}
	slices.SortStableFunc(r.b.Records, func(a, b importer.Record) int {
		return strings.Compare(kindOrder(a.Kind), kindOrder(b.Kind))
	})
}

func decision(rec *importer.Record, f *file, front map[string]any) {
	rec.Body = Body(f.body)
	rec.Fields["status"] = "proposed"
	for k, v := range front {
		switch k {
		case "status":
			if s := strings.ToLower(str(v)); slices.Contains([]string{"proposed", "accepted", "superseded"}, s) {
				rec.Fields["status"] = s
				continue
			}
		case "date":
			if d := date(v); d != "" {
				rec.Fields["date"] = d
				continue
			}
		}
		rec.Extra[k] = plain(v)
	}
}

func insight(rec *importer.Record, f *file, front map[string]any) {
	rec.Body = Body(f.body)
	rec.Fields["source"] = "other"
	for k, v := range front {
		if k == "created_date" && date(v) != "" {
			rec.Fields["date"] = date(v)
			continue
		}
		rec.Extra[k] = plain(v)
	}
}

func release(rec *importer.Record, f *file, front map[string]any) {
	if d := strings.TrimSpace(Body(f.body)); d != "" {
		rec.Fields["description"] = d
	}
	for k, v := range front {
		rec.Extra[k] = plain(v)
	}
}

// kindOrder puts releases first, so that messages follow the order records
// are written in.
func kindOrder(k model.Kind) string {
	if k == model.KindRelease {
		return "0"
	}
	return "1"
}

// moscow is Backlog.md's priority as MoSCoW.
var moscow = map[string]string{"high": "must", "medium": "should", "low": "could"}

func (r *reader) item(rec *importer.Record, front map[string]any, isParent bool, parent string) {
	rec.Type = "task"
	if parent != "" {
		rec.Fields["parent"] = parent
	}
	for k, v := range front {
		switch k {
		case "status":
			rec.Status = str(v)
		case "type":
			rec.Type = str(v)
		case "created_date":
			if d := date(v); d != "" {
				rec.Fields["created"] = d
			} else {
				rec.Extra[k] = plain(v)
			}
		case "completed_date":
			if d := date(v); d != "" {
				rec.Fields["closed"] = d
			}
			rec.Extra[k] = plain(v)
		case "priority":
			if m, ok := moscow[strings.ToLower(str(v))]; ok {
				rec.Fields["moscow"] = m
			} else {
				rec.Extra[k] = plain(v)
			}
		case "ordinal":
			if f, ok := number(v); ok {
				rec.Order = &f
			} else {
				rec.Extra[k] = plain(v)
			}
		case "parent_task_id", "milestone":
			// read above
		default:
			if !r.listField(rec, k, v) {
				rec.Extra[k] = plain(v)
			}
		}
	}
	if isParent {
		if t := strings.ToLower(rec.Type); t != "task" && t != "epic" {
			rec.Extra["type"] = rec.Type
		}
		rec.Type = "epic"
	}
}

// listField reads the fields of a task that hold lists: assignees,
// labels and dependencies. It reports whether k is one.
func (r *reader) listField(rec *importer.Record, k string, v any) bool {
	switch k {
	case "assignee":
		names := people(v)
		if len(names) > 0 {
			rec.Fields["owner"] = names[0]
			for _, n := range names {
				r.b.People = append(r.b.People, importer.Person{Key: n, Name: n})
			}
		}
		if len(names) > 1 {
			rec.Extra[k] = plain(v)
		}
	case "labels":
		var labels []any
		for _, l := range list(v) {
			if l != "" && !slices.Contains(labels, any(l)) {
				labels = append(labels, l)
			}
		}
		if len(labels) > 0 {
			rec.Fields["labels"] = labels
		}
	case "dependencies":
		var deps []any
		for _, d := range list(v) {
			if w := r.ref(d); w != "" && !slices.Contains(deps, any(w)) {
				deps = append(deps, w)
			}
		}
		if len(deps) > 0 {
			rec.Fields["depends_on"] = deps
		}
	default:
		return false
	}
	return true
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case nil:
		return ""
	case time.Time:
		return x.Format("2006-01-02")
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

func list(v any) []string {
	switch x := v.(type) {
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s := str(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	case string:
		var out []string
		for s := range strings.SplitSeq(x, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	case nil:
		return nil
	}
	return []string{str(v)}
}

// personKey is what a roadlog people key can be.
var personKey = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._-]*$`)

// people reads assignees: "@name" or "name", one or a list; names that
// cannot be a people key are left out.
func people(v any) []string {
	var out []string
	for _, s := range list(v) {
		s = strings.TrimPrefix(s, "@")
		if personKey.MatchString(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

var dateRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:[ T].*)?$`)

// date is the YYYY-MM-DD of a Backlog.md date ("2025-06-03 12:14").
func date(v any) string {
	m := dateRE.FindStringSubmatch(str(v))
	if m == nil {
		return ""
	}
	if _, err := time.Parse("2006-01-02", m[1]); err != nil {
		return ""
	}
	return m[1]
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// plain turns a yaml.v3 value into a JSON value: dates as text, integers
// as int64, mappings with text keys.
func plain(v any) any {
	switch x := v.(type) {
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case int:
		return int64(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case map[any]any:
		out := map[string]any{}
		for k, e := range x {
			out[fmt.Sprint(k)] = plain(e)
		}
		return out
	}
	return v
}

// marker is a line that is only an HTML comment: Backlog.md's section
// markers (<!-- AC:BEGIN -->, <!-- SECTION:NOTES:END -->).
var marker = regexp.MustCompile(`^\s*<!--.*-->\s*$`)

// numbered is a checklist line with Backlog.md's "#N" after the box.
var numbered = regexp.MustCompile(`^(\s*[-*] \[[ xX]\] )#\d+ `)

// Body is a Backlog.md body as roadlog keeps it: section markers removed,
// "#N" dropped from checklists, "## Acceptance Criteria" written as
// roadlog's "## Acceptance criteria".
func Body(s string) string {
	var b strings.Builder
	for l := range strings.SplitSeq(s, "\n") {
		if marker.MatchString(l) {
			continue
		}
		l = numbered.ReplaceAllString(l, "$1")
		if strings.EqualFold(strings.TrimSpace(l), "## Acceptance Criteria") {
			l = "## Acceptance criteria"
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return strings.TrimLeft(strings.TrimRight(b.String(), "\n"), "\n") + "\n"
}
