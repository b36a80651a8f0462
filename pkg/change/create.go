package change

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/parallel"
	"github.com/roadlog/roadlog/pkg/rank"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/templates"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlfmt"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"github.com/roadlog/roadlog/schema"
)

// NewRecord is a record to create.
type NewRecord struct {
	Kind      model.Kind
	Type      string // of an item: one of types in roadlog.yaml; "" for story (or the first type)
	Title     string
	ID        string // "" for the next free one
	Objective string // of a key result: the objective it belongs to
	Sets      []Change
	Force     bool // take fields the schema does not declare
	// Body is the Markdown the file starts with, instead of the type's
	// template (see package templates); nil for the template.
	Body *string
	// Criteria are acceptance criteria, each a "- [ ] text" under the
	// body's "## Acceptance criteria".
	Criteria []string
	// Archived writes an item in the archive folder, as `roadlog archive`
	// leaves it (an import of a plan with archived items).
	Archived bool
	// FileName names the file of an item, insight or decision (without
	// its folder) instead of the ID and title: an import keeps the names
	// a plan had. It is used only when it fits the ID: ID.md or
	// ID-words.md, a plain name.
	FileName string
}

// Create stages a new record and returns its ID and the file it is in. An
// item, insight or decision is a new file named after its ID and title,
// in canonical form, with a body to fill in; an item starts in the first
// status of the workflow, created today, ranked last. Any other record is
// added to the list of its file (a key result to its objective's), its
// keys in schema order.
func (s *Session) Create(ctx context.Context, n NewRecord) (id, file string, err error) {
	id, st, err := s.prepare(ctx, n)
	if err != nil {
		return "", "", err
	}
	if !n.Kind.Info().OwnFile {
		file, err = s.addToList(n, id, st)
		return id, file, err
	}
	nf, err := s.planFile(n, id, st)
	if err != nil {
		return "", "", err
	}
	if err := nf.build(); err != nil {
		return "", "", err
	}
	if _, exists := s.Content(nf.path); exists {
		return "", "", inputErrorf("%s exists already", nf.path)
	}
	s.Write(nf.path, nf.content)
	return id, nf.path, nil
}

// CreateError is the error of one record of [Session.CreateFiles]: Index
// is its place in the list.
type CreateError struct {
	Index int
	Err   error
}

func (e *CreateError) Error() string { return e.Err.Error() }
func (e *CreateError) Unwrap() error { return e.Err }

// CreateFiles stages new records that are files of their own (items,
// insights, decisions), each with its ID given, as [Session.Create] would
// one after the other, and returns their files. The files are built on
// every core: an import creates thousands. A record that cannot be
// created fails them all, with nothing staged, as a [*CreateError].
func (s *Session) CreateFiles(ctx context.Context, ns []NewRecord) ([]string, error) {
	// What the records read of the session is read once, here; after that
	// they only read it, and can be built at the same time.
	s.original("")
	for _, n := range ns {
		if !n.Kind.Info().OwnFile || n.ID == "" {
			return nil, fmt.Errorf("%s %q: only files of their own with an ID are created together", n.Kind.Label(), n.Title)
		}
		if _, _, err := s.lookupField(n.Kind, nil); err != nil {
			return nil, err
		}
	}
	files := make([]*newFile, len(ns))
	errs := make([]error, len(ns))
	err := parallel.For(ctx, len(ns), func(i int) {
		id, st, err := s.prepare(ctx, ns[i])
		if err == nil {
			files[i], err = s.planFile(ns[i], id, st)
		}
		if err == nil {
			err = files[i].build()
		}
		errs[i] = err
	})
	if err != nil {
		return nil, err
	}
	taken := map[string]int{} // file → index
	for i, err := range errs {
		if err != nil {
			return nil, &CreateError{i, err}
		}
		p := files[i].path
		if _, exists := s.Content(p); exists {
			return nil, &CreateError{i, inputErrorf("%s exists already", p)}
		}
		if j, twice := taken[p]; twice {
			return nil, &CreateError{i, inputErrorf("%s is the file of %s too", p, ns[j].ID)}
		}
		taken[p] = i
	}
	paths := make([]string, len(files))
	for i, nf := range files {
		s.Write(nf.path, nf.content)
		paths[i] = nf.path
	}
	return paths, nil
}

// prepare checks a new record and types its changes; it gives the record
// the next free ID when it has none.
func (s *Session) prepare(ctx context.Context, n NewRecord) (id string, st []step, err error) {
	st, err = s.steps(n.Kind, n.Sets, nil, n.Force)
	if err != nil {
		return "", nil, err
	}
	for _, step := range st {
		for _, p := range step.Path[1:] {
			if _, err := strconv.Atoi(p); err == nil {
				return "", nil, inputErrorf("--set %s: a new record has no list to set an element of; give the whole list: %s=[…]",
					strings.Join(step.Path, "."), strings.Join(step.Path[:slices.Index(step.Path, p)], "."))
			}
		}
	}
	id = n.ID
	if id == "" {
		id, err = s.nextID(ctx, n.Kind, n.Title)
		if err != nil {
			return "", nil, err
		}
	} else if r := s.WS.Find(id); r != nil {
		return "", nil, inputErrorf("--id %s is taken by %s %q", id, r.Kind().Label(), r.Meta().Title)
	}
	if err := model.CheckID(id); err != nil {
		return "", nil, &InputError{err}
	}
	if !n.Kind.Info().OwnFile && (n.Body != nil || len(n.Criteria) > 0) {
		return "", nil, inputErrorf("%s is an entry of %s and has no Markdown body of its own; use --set description=…",
			n.Kind.Label(), s.WS.Config.PathOf(n.Kind))
	}
	if n.Kind != model.KindItem && len(n.Criteria) > 0 {
		return "", nil, inputErrorf("--ac: acceptance criteria are for backlog items")
	}
	if n.Kind != model.KindItem && n.Archived {
		return "", nil, inputErrorf("%s %s: only backlog items are archived", n.Kind.Label(), id)
	}
	return id, st, nil
}

// bodies are the Markdown a new insight or decision starts with; an item
// starts with its type's template (package templates).
var bodies = map[model.Kind]string{
	model.KindInsight:  "What we heard or saw, from whom, and where it is recorded.\n",
	model.KindDecision: "## Context\n\nWhat forces the decision.\n\n## Decision\n\nWhat we will do.\n\n## Consequences\n\nWhat becomes easier or harder.\n",
}

// newFile is an item, insight or decision file to write: planned from
// the session (defaults, rank, template), then built on its own, which
// other files can do at the same time.
type newFile struct {
	kind   model.Kind
	path   string
	fields yamledit.Map // the front matter's fields, in order
	rest   []step       // the changes left to apply to them
	body   string

	content []byte // built
}

// planFile plans the file of a new item, insight or decision.
func (s *Session) planFile(n NewRecord, id string, st []step) (*newFile, error) {
	cfg := s.WS.Config
	today := s.Now.UTC().Format("2006-01-02")
	fields := yamledit.Map{{Key: "id", Value: id}, {Key: "title", Value: n.Title}}
	typ := ""
	switch n.Kind {
	case model.KindItem:
		typ = n.Type
		if typ == "" {
			typ = "story"
			if !slices.Contains(cfg.Types, typ) && len(cfg.Types) > 0 {
				typ = cfg.Types[0]
			}
		}
		if !slices.Contains(cfg.Types, typ) {
			return nil, &InputError{errors.New(suggest.Unknown("type", typ, cfg.Types))}
		}
		status := "idea"
		if len(cfg.Workflow.Statuses) > 0 {
			status = cfg.Workflow.Statuses[0]
		}
		fields = append(fields, yamledit.KV{Key: "type", Value: typ}, yamledit.KV{Key: "status", Value: status})
		if !setsField(st, "rank") { // an import gives thousands their ranks
			r, err := bottomRank(s.WS)
			if err != nil {
				return nil, err
			}
			fields = append(fields, yamledit.KV{Key: "rank", Value: r})
		}
		fields = append(fields, yamledit.KV{Key: "created", Value: today})
	case model.KindInsight:
		fields = append(fields, yamledit.KV{Key: "source", Value: "other"}, yamledit.KV{Key: "date", Value: today})
	case model.KindDecision:
		fields = append(fields, yamledit.KV{Key: "status", Value: "proposed"}, yamledit.KV{Key: "date", Value: today})
	}
	// The fields --set gives outright are written with the defaults, in
	// one go; only what is left (appends, nested keys) goes through the
	// editor, which parses the text again for each step.
	fields, rest := withTopSets(fields, st)
	name := id
	if sl := model.Slug(n.Title, model.SlugLength); sl != "" {
		name += "-" + sl
	}
	if fileNameFits(n.FileName, id) {
		name = strings.TrimSuffix(n.FileName, ".md")
	}
	body, err := s.startBody(n, typ)
	if err != nil {
		return nil, err
	}
	dir := cfg.PathOf(n.Kind)
	if n.Archived {
		dir = cfg.ArchiveDir()
	}
	return &newFile{kind: n.Kind, path: path.Join(dir, name+".md"), fields: fields, rest: rest, body: body}, nil
}

// build writes the file's content, in canonical form, so that roadlog fmt
// leaves it as it is.
func (nf *newFile) build() error {
	var front strings.Builder
	for _, kv := range nf.fields {
		v, err := yamledit.Flow(kv.Value)
		if err != nil {
			return fmt.Errorf("%s: %w", kv.Key, err)
		}
		front.WriteString(kv.Key + ": " + v + "\n")
	}
	yamlText := []byte(front.String())
	if len(nf.rest) > 0 {
		doc, err := yamledit.Parse(yamlText)
		if err != nil {
			return err
		}
		if err := applySteps(doc, nil, nf.rest); err != nil {
			return err
		}
		yamlText = doc.Bytes()
	}
	content := []byte("---\n" + string(yamlText) + "---\n" + nf.body)
	file := &workspace.File{Path: nf.path, Kind: fileKind(nf.kind), Raw: content, YAMLOffset: len("---\n"), YAMLEnd: len("---\n") + len(yamlText), Parsed: true}
	out, value, err := yamlfmt.FormatValue(file)
	if err != nil {
		// Left as written, for the validation of the edit to report.
		read, _ := workspace.Parse(nf.path, fileKind(nf.kind), content)
		out, value = content, read.Value
	}
	if len(nf.rest) == 0 && !yamledit.ReadsBackAs(nf.fields, value) {
		return fmt.Errorf("%s: %w", nf.path, yamledit.ErrUnsafe)
	}
	nf.content = out
	return nil
}

// fileNameFits reports whether name can be the file of the record id: a
// plain name (no folder, not hidden, printable), ID.md or ID-words.md,
// as roadlog names files and people rename them.
func fileNameFits(name, id string) bool {
	base, ok := strings.CutSuffix(name, ".md")
	if !ok || len(name) > 200 || !utf8.ValidString(name) || strings.ContainsAny(name, `/\:*?"<>|`) {
		return false
	}
	if strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) && r != ' ' }) >= 0 {
		return false
	}
	rest, ok := strings.CutPrefix(base, id)
	return ok && (rest == "" || strings.HasPrefix(rest, "-") && strings.TrimSpace(rest) == rest)
}

// setsField reports whether the steps set a top-level field.
func setsField(st []step, name string) bool {
	return slices.ContainsFunc(st, func(x step) bool { return len(x.Path) == 1 && x.Path[0] == name && !x.Unset && x.Op == OpSet })
}

// withTopSets applies the leading steps that set a top-level field to
// fields (replacing a default, or added after them) and returns the steps
// from the first one that does something else: those apply in order to
// the text written.
func withTopSets(fields yamledit.Map, st []step) (yamledit.Map, []step) {
	i := 0
	for ; i < len(st) && !st[i].Unset && st[i].Op == OpSet && len(st[i].Path) == 1; i++ {
		k := st[i].Path[0]
		if j := slices.IndexFunc(fields, func(kv yamledit.KV) bool { return kv.Key == k }); j >= 0 {
			fields[j].Value = st[i].Value
		} else {
			fields = append(fields, yamledit.KV{Key: k, Value: st[i].Value})
		}
	}
	return fields, st[i:]
}

// startBody is the body a new file starts with: the text given, or the
// item type's template, with the criteria given.
func (s *Session) startBody(n NewRecord, typ string) (string, error) {
	body := bodies[n.Kind]
	switch {
	case n.Body != nil:
		body = *n.Body
	case n.Kind == model.KindItem:
		root, err := os.OpenRoot(s.Root)
		if err != nil {
			return "", err
		}
		defer func() { _ = root.Close() }() // read only
		body, err = templates.Body(root.FS(), typ)
		var te *templates.Error
		if errors.As(err, &te) {
			return "", &FileError{Path: te.Path, Err: te.Err}
		}
		if err != nil {
			return "", err
		}
	}
	return newBody(body, n.Criteria)
}

// bottomRank returns a rank after every ranked item.
func bottomRank(ws *workspace.Workspace) (string, error) {
	last := ""
	for _, it := range ws.Items {
		if it.Rank > last {
			last = it.Rank
		}
	}
	r, err := rank.Between(last, "")
	if err != nil {
		return "", fmt.Errorf("rank: %w", err)
	}
	return r, nil
}

// addToList adds a record to a list file: initiatives and themes to
// roadmap.yaml, objectives to objectives.yaml, a key result under its
// objective, releases and risks to theirs.
func (s *Session) addToList(n NewRecord, id string, st []step) (string, error) {
	rec := yamledit.Map{{Key: "id", Value: id}, {Key: "title", Value: n.Title}}
	file := s.WS.Config.PathOf(n.Kind)
	list := n.Kind.Info().List
	var pointer []string
	switch n.Kind {
	case model.KindInitiative:
		rec = append(rec, yamledit.KV{Key: "horizon", Value: "later"}, yamledit.KV{Key: "status", Value: "planned"})
	case model.KindRelease:
		rec = append(rec, yamledit.KV{Key: "status", Value: "planned"})
	case model.KindRisk:
		rec = append(rec, yamledit.KV{Key: "status", Value: "open"})
	case model.KindKeyResult:
		r := s.WS.Find(n.Objective)
		if r == nil || r.Kind() != model.KindObjective {
			return "", inputErrorf("--objective %s is not an objective", n.Objective)
		}
		file, pointer = r.File.Path, r.Pointer
	}
	raw, exists := s.Content(file)
	if !exists {
		raw = nil
	}
	var frontOffset, frontEnd int
	yamlText := raw
	if exists {
		f, _ := workspace.Parse(file, fileKind(n.Kind), raw)
		if !f.Parsed {
			return "", &FileError{Path: file, Err: errors.New("does not parse; fix it first (roadlog validate shows where)")}
		}
		frontOffset, frontEnd = f.YAMLOffset, f.YAMLEnd
		yamlText = f.YAML()
	}
	doc, err := yamledit.Parse(yamlText)
	if err != nil {
		return "", &FileError{Path: file, Err: err}
	}
	doc.SetLayout(yamlfmt.Layout(fileKind(n.Kind)))
	rec, err = withSteps(rec, st)
	if err != nil {
		return "", err
	}
	order := schema.Record(n.Kind).Names()
	pos := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(rec, func(a, b yamledit.KV) int { return pos(a.Key) - pos(b.Key) })
	listPath := append(slices.Clone(pointer), list[len(list)-1])
	if cur, ok := yamlvalue.At(doc.Value(), listPath).([]any); ok && len(cur) > 0 {
		err = doc.Append(listPath, rec)
	} else {
		err = doc.Set(listPath, []any{rec})
	}
	if err != nil {
		return "", &FileError{Path: file, Err: err}
	}
	out := append(append(append([]byte(nil), raw[:frontOffset]...), doc.Bytes()...), raw[frontEnd:]...)
	s.Write(file, out)
	return file, nil
}

// withSteps applies --set changes to a new record and puts its keys in
// schema order, as roadlog fmt would.
func withSteps(rec yamledit.Map, st []step) (yamledit.Map, error) {
	index := func(m yamledit.Map, k string) int {
		return slices.IndexFunc(m, func(kv yamledit.KV) bool { return kv.Key == k })
	}
	for _, step := range st {
		if len(step.Path) > 2 {
			return nil, inputErrorf("--set %s: too deep for a new record; set it afterwards", strings.Join(step.Path, "."))
		}
		k := step.Path[0]
		i := index(rec, k)
		if len(step.Path) == 2 {
			var inner yamledit.Map
			if i >= 0 {
				inner, _ = rec[i].Value.(yamledit.Map)
			}
			inner = append(inner, yamledit.KV{Key: step.Path[1], Value: step.Value})
			if i >= 0 {
				rec[i].Value = inner
			} else {
				rec = append(rec, yamledit.KV{Key: k, Value: inner})
			}
			continue
		}
		v := step.Value
		switch step.Op {
		case OpAppend:
			var list []any
			if i >= 0 {
				list, _ = rec[i].Value.([]any)
			}
			list = append(list, step.Value)
			v = list
		case OpRemove:
			continue
		}
		if i >= 0 {
			rec[i].Value = v
		} else {
			rec = append(rec, yamledit.KV{Key: k, Value: v})
		}
	}
	return rec, nil
}

// fileKind is the kind of file that holds records of kind k.
func fileKind(k model.Kind) workspace.FileKind { return workspace.FileKind(k.Info().File) }
