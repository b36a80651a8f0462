package workspace

import (
	"slices"
	"strconv"

	"github.com/roadlog/roadlog/pkg/model"
)

// fileRecords are the records built from one file, in document order, and
// the product when the file is product.md.
type fileRecords struct {
	recs    []*Record
	product *model.Product
}

// build builds the records a parsed file holds. It reads only the file, so
// that the files of a workspace can be built on every core.
func (w *fileRecords) build(f *File) {
	if !f.Parsed {
		return
	}
	top, _ := f.Value.(map[string]any)
	switch f.Kind {
	case FileItem:
		it := &model.Item{Meta: meta(model.KindItem, f.Path, top)}
		fillItem(it, top)
		it.Body = f.Body
		w.add(it, f, nil)
	case FileInsight:
		in := &model.Insight{
			Meta:   meta(model.KindInsight, f.Path, top),
			Source: str(top, "source"), Date: str(top, "date"), Customer: str(top, "customer"), Body: f.Body,
		}
		w.add(in, f, nil)
	case FileDecision:
		d := &model.Decision{
			Meta:   meta(model.KindDecision, f.Path, top),
			Status: str(top, "status"), Date: str(top, "date"), Supersedes: str(top, "supersedes"),
			Links: strs(top, "links"), Body: f.Body,
		}
		w.add(d, f, nil)
	case FileProduct:
		p := &model.Product{Name: str(top, "name"), Vision: str(top, "vision"), Body: f.Body, Path: f.Path}
		w.product = p
		eachListed(top, "personas", func(v map[string]any, ptr []string) {
			pe := &model.Persona{Meta: meta(model.KindPersona, f.Path, v), Name: str(v, "name"), Needs: needs(v)}
			if pe.Title == "" {
				pe.Title = pe.Name
			}
			p.Personas = append(p.Personas, pe)
			w.add(pe, f, ptr)
		})
	case FileRoadmap:
		eachListed(top, "themes", func(v map[string]any, ptr []string) {
			t := &model.Theme{Meta: meta(model.KindTheme, f.Path, v), Description: str(v, "description")}
			w.add(t, f, ptr)
		})
		eachListed(top, "initiatives", func(v map[string]any, ptr []string) {
			in := &model.Initiative{
				Meta:  meta(model.KindInitiative, f.Path, v),
				Theme: str(v, "theme"), Horizon: str(v, "horizon"), Status: str(v, "status"),
				Start: str(v, "start"), End: str(v, "end"), Confidence: str(v, "confidence"),
				Objectives: strs(v, "objectives"), Owner: str(v, "owner"), Description: str(v, "description"),
			}
			w.add(in, f, ptr)
		})
	case FileObjectives:
		eachListed(top, "objectives", func(v map[string]any, ptr []string) {
			o := &model.Objective{
				Meta:   meta(model.KindObjective, f.Path, v),
				Period: str(v, "period"), Owner: str(v, "owner"), Description: str(v, "description"),
			}
			w.add(o, f, ptr)
			eachListed(v, "key_results", func(kv map[string]any, kptr []string) {
				kr := &model.KeyResult{
					Meta: meta(model.KindKeyResult, f.Path, kv), Objective: o.ID,
					Unit: str(kv, "unit"), Baseline: num(kv, "baseline"), Target: num(kv, "target"), Current: num(kv, "current"),
				}
				o.KeyResults = append(o.KeyResults, kr)
				w.add(kr, f, append(append([]string(nil), ptr...), kptr...))
			})
		})
	case FileReleases:
		eachListed(top, "releases", func(v map[string]any, ptr []string) {
			r := &model.Release{
				Meta: meta(model.KindRelease, f.Path, v),
				Date: str(v, "date"), Status: str(v, "status"), Description: str(v, "description"),
			}
			w.add(r, f, ptr)
		})
	case FileRisks:
		eachListed(top, "risks", func(v map[string]any, ptr []string) {
			r := &model.Risk{
				Meta:       meta(model.KindRisk, f.Path, v),
				Likelihood: integer(v, "likelihood"), Impact: integer(v, "impact"), Status: str(v, "status"),
				Owner: str(v, "owner"), Mitigation: str(v, "mitigation"), Links: strs(v, "links"),
			}
			w.add(r, f, ptr)
		})
	}
}

// keptRecords returns the records of like by the file they were built
// from, for a load that takes some of its files as they are: a file taken
// unchanged has the same records, which are not built again (an edit
// loads the workspace twice, and building its records was a fifth of the
// time). The product file, whose records hang off w.Product, is always
// built again.
func keptRecords(like *Workspace) map[*File][]*Record {
	if like == nil {
		return nil
	}
	out := make(map[*File][]*Record, len(like.Files))
	recs := like.Records
	for i := 0; i < len(recs); {
		f := recs[i].File
		j := i + 1
		for j < len(recs) && recs[j].File == f {
			j++
		}
		if f.Kind != FileProduct {
			// A file's records are one run of like.Records (they are
			// indexed file by file): the run is shared, not copied.
			if out[f] == nil {
				out[f] = recs[i:j:j]
			} else {
				out[f] = append(out[f], recs[i:j]...)
			}
		}
		i = j
	}
	return out
}

// presize makes the lookups and lists as large as the records to come are
// likely to need, so that indexing 100,000 of them does not grow each one
// step by step: as many as the workspace like had, else one a file, where
// every Markdown file holds one record.
func (w *Workspace) presize(targets []target, like *Workspace) {
	records, items := len(targets), 0
	for _, t := range targets {
		if t.kind == FileItem {
			items++
		}
	}
	if like != nil {
		records, items = max(records, len(like.Records)), max(items, len(like.Items))
	}
	w.Files = slices.Grow(w.Files, len(targets))
	w.Records = make([]*Record, 0, records)
	w.Items = make([]*model.Item, 0, items)
	w.byID = make(map[string][]*Record, records)
	w.byRecord = make(map[model.Record]*Record, records)
	w.byPath = make(map[string]*File, len(targets)+1)
}

// needs reads a persona's needs: a list of texts, or one text (which is
// what people write: "needs: Fast capture in lectures, offline.").
func needs(v map[string]any) []string {
	if s, ok := v["needs"].(string); ok {
		return []string{s}
	}
	return strs(v, "needs")
}

func (w *fileRecords) add(m model.Record, f *File, ptr []string) {
	w.recs = append(w.recs, &Record{Model: m, File: f, Pointer: ptr})
}

// index adds a record to the workspace's list of its kind, the list of
// all records and the lookups.
func (w *Workspace) index(r *Record) {
	switch m := r.Model.(type) {
	case *model.Item:
		w.Items = append(w.Items, m)
	case *model.Insight:
		w.Insights = append(w.Insights, m)
	case *model.Decision:
		w.Decisions = append(w.Decisions, m)
	case *model.Theme:
		w.Themes = append(w.Themes, m)
	case *model.Initiative:
		w.Initiatives = append(w.Initiatives, m)
	case *model.Objective:
		w.Objectives = append(w.Objectives, m)
	case *model.KeyResult:
		w.KeyResults = append(w.KeyResults, m)
	case *model.Release:
		w.Releases = append(w.Releases, m)
	case *model.Risk:
		w.Risks = append(w.Risks, m)
	case *model.Persona:
		w.Personas = append(w.Personas, m)
	}
	w.Records = append(w.Records, r)
	w.byRecord[r.Model] = r
	if id := r.Model.RecordMeta().ID; id != "" {
		w.byID[id] = append(w.byID[id], r)
	}
}

// eachListed calls fn for every mapping in the list under key of v, with the
// element and its pointer relative to v.
func eachListed(v map[string]any, key string, fn func(map[string]any, []string)) {
	list, _ := v[key].([]any)
	for i, e := range list {
		if em, ok := e.(map[string]any); ok { // else the schema reports it
			fn(em, []string{key, strconv.Itoa(i)})
		}
	}
}

func meta(kind model.Kind, p string, v map[string]any) model.Meta {
	if v == nil {
		v = map[string]any{}
	}
	return model.Meta{Kind: kind, ID: str(v, "id"), Title: str(v, "title"), Visibility: str(v, "visibility"), Path: p, Fields: v}
}

func fillItem(it *model.Item, v map[string]any) {
	// One pass over the fields rather than a lookup of each: building the
	// items was a sixth of a warm command at 10,000 items, most of it
	// hashing keys. Absent lists are empty, not nil, as strs gives them.
	it.Labels, it.DependsOn, it.Insights = []string{}, []string{}, []string{}
	for k, x := range v {
		switch k {
		case "type":
			it.Type, _ = x.(string)
		case "status":
			it.Status, _ = x.(string)
		case "owner":
			it.Owner, _ = x.(string)
		case "parent":
			it.Parent, _ = x.(string)
		case "initiative":
			it.Initiative, _ = x.(string)
		case "release":
			it.Release, _ = x.(string)
		case "labels":
			it.Labels = strs(v, k)
		case "rank":
			it.Rank, _ = x.(string)
		case "estimate":
			it.Estimate = num(v, k)
		case "moscow":
			it.MoSCoW, _ = x.(string)
		case "depends_on":
			it.DependsOn = strs(v, k)
		case "insights":
			it.Insights = strs(v, k)
		case "created":
			it.Created, _ = x.(string)
		case "due":
			it.Due, _ = x.(string)
		case "score":
			if s, ok := x.(map[string]any); ok {
				it.Score = make(map[string]float64, len(s))
				for k := range s {
					if f := num(s, k); f != nil {
						it.Score[k] = *f
					}
				}
			}
		}
	}
}

func num(m map[string]any, key string) *float64 {
	switch n := m[key].(type) {
	case int64:
		f := float64(n)
		return &f
	case float64:
		return &n
	}
	return nil
}

func integer(m map[string]any, key string) int {
	if n, ok := m[key].(int64); ok {
		return int(n)
	}
	return 0
}
