// Package search finds records by their text: titles, Markdown bodies
// (items, insights, decisions, the sections of product.md), the
// descriptions of records kept in lists, and field values (labels, owner,
// status, custom text fields). It ranks with BM25F, titles weighted up,
// and gives each hit the line that matches best, with the matched words
// marked.
//
// A search scans: [New] gathers the texts of a plan (no tokenizing), and
// [Index.Search] folds and matches every text once, in parallel. One
// command asks one query, and a scan answers it faster than an inverted
// index could be built.
package search

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/parallel"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// KindProduct is the kind of the hits in product.md: its opening text and
// each of its sections.
const KindProduct = "product"

// field is what part of a record a text is: its title, its body or a
// field value. BM25F weighs them apart.
type field int

const (
	fTitle field = iota
	fBody
	fValue
	nFields
)

// weights are the BM25F weights of the fields: a word in a title counts
// three times one in the body.
var weights = [nFields]float64{fTitle: 3, fBody: 1, fValue: 1}

// segment is one text of a document: its title, a line of its body, or
// one field's value.
type segment struct {
	field field
	label string // a field's name, shown before its value in a snippet
	text  string
	join  bool // a body line: phrases run on from the line before
}

// Doc is one searchable record, or a section of product.md.
type Doc struct {
	ID    string
	Kind  string // the kind's name (key-result) or "product"
	Title string
	File  string
	// Record is the workspace record; nil for product.md.
	Record *workspace.Record
	// Body is the Markdown body: of the record, or of the product.md
	// section; --where sees it as body.
	Body string
	segs []segment
}

// Index is the searchable texts of a plan, in workspace order.
type Index struct {
	Docs []*Doc
}

// unindexed are the fields whose values are no field text: the title and
// the texts indexed as body, and the rank, a sort key.
var unindexed = map[string]bool{
	"title": true, "rank": true, "description": true, "mitigation": true, "needs": true, "name": true,
}

// bodyFields are the fields of list records that hold prose.
var bodyFields = []string{"description", "mitigation", "needs"}

// New gathers the texts of every record of the plan, and of product.md.
// It stops when ctx is done.
func New(ctx context.Context, p *plan.Plan) (*Index, error) {
	recs := p.WS.Records
	ix := &Index{Docs: make([]*Doc, len(recs), len(recs)+4)}
	err := parallel.For(ctx, len(recs), func(i int) { ix.Docs[i] = recordDoc(recs[i]) })
	if err != nil {
		return nil, err
	}
	if pr := p.WS.Product; pr != nil {
		ix.Docs = append(ix.Docs, productDocs(pr)...)
	}
	return ix, nil
}

func recordDoc(r *workspace.Record) *Doc {
	m := r.Meta()
	d := &Doc{ID: m.ID, Kind: m.Kind.Name(), Title: m.Title, File: m.Path, Record: r, Body: model.Body(r.Model)}
	d.segs = make([]segment, 0, len(m.Fields)+8)
	d.segs = append(d.segs, segment{field: fTitle, text: m.Title})
	d.addBody(d.Body)
	for _, f := range bodyFields {
		for _, s := range texts(m.Fields[f]) {
			d.addBody(s)
		}
	}
	if m.ID != "" {
		d.segs = append(d.segs, segment{field: fValue, label: "id", text: m.ID})
	}
	for _, k := range slices.Sorted(maps.Keys(m.Fields)) {
		if k == "id" || unindexed[k] || model.IsReference(m.Kind, k) {
			continue
		}
		if vs := texts(m.Fields[k]); len(vs) > 0 {
			d.segs = append(d.segs, segment{field: fValue, label: k, text: strings.Join(vs, ", ")})
		}
	}
	return d
}

// texts returns a value's text: a text, or the texts of a list.
func texts(v any) []string {
	switch x := v.(type) {
	case string:
		if x != "" {
			return []string{x}
		}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// addBody adds the lines of a Markdown text, blank ones left out.
func (d *Doc) addBody(text string) {
	first := true
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if strings.TrimSpace(line) == "" {
			continue
		}
		d.segs = append(d.segs, segment{field: fBody, text: line, join: !first})
		first = false
	}
}

// productDocs splits product.md into its opening (the vision and the text
// before the first heading, titled with the product's name) and one
// document per section, whose ID is product.md#slug-of-the-heading.
func productDocs(pr *model.Product) []*Doc {
	title := pr.Name
	if title == "" {
		title = "Product"
	}
	open := &Doc{ID: pr.Path, Kind: KindProduct, Title: title, File: pr.Path}
	open.segs = append(open.segs, segment{field: fTitle, text: title})
	if pr.Vision != "" {
		open.segs = append(open.segs, segment{field: fValue, label: "vision", text: pr.Vision})
	}
	docs := []*Doc{open}
	cur := open
	var body strings.Builder
	flush := func() {
		cur.Body = body.String()
		cur.addBody(cur.Body)
		body.Reset()
	}
	seen := map[string]int{}
	fence := ""
	for line := range strings.Lines(pr.Body) {
		trimmed := strings.TrimSpace(line)
		if f := fenceOf(trimmed); f != "" {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(trimmed, fence):
				fence = ""
			}
		}
		if heading, ok := headingText(trimmed); ok && fence == "" {
			flush()
			slug := model.Slug(heading, model.SlugLength)
			if n := seen[slug]; n > 0 {
				seen[slug]++
				slug += "-" + strconv.Itoa(n)
			} else {
				seen[slug] = 1
			}
			cur = &Doc{ID: pr.Path + "#" + slug, Kind: KindProduct, Title: heading, File: pr.Path}
			cur.segs = append(cur.segs, segment{field: fTitle, text: heading})
			docs = append(docs, cur)
			continue
		}
		body.WriteString(line)
	}
	flush()
	return docs
}

// fenceOf returns the fence a code-fence line opens or closes with: ```
// or ~~~; "" when the line is none.
func fenceOf(line string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(line, f) {
			return f
		}
	}
	return ""
}

// headingText returns the text of an ATX heading line ("## Strategy").
func headingText(line string) (string, bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(line) && line[n] != ' ' && line[n] != '\t') {
		return "", false
	}
	text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[n:]), "#"))
	return text, text != ""
}
