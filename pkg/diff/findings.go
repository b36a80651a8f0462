package diff

import (
	"cmp"
	"math"
	"regexp"
	"slices"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/workspace"
	"gopkg.in/yaml.v3"
)

// NewFindings returns the findings of head, of every severity, that base
// does not have, in head's order. A finding of head is one of base when its
// file (after renames), rule, record (after renames) and message (renamed
// IDs mapped, positions in other files left out) are the same and base's is
// at least as severe — wherever its line moved. When base has no
// roadlog.yaml the workspace did not exist there, and every finding is new.
func NewFindings(base, head Side) diag.List {
	c := newComparer(base, head, &Diff{})
	c.matchRecords()
	added, _ := c.newFindings(base.Findings, head.Findings)
	return added
}

// newFindings returns the findings of head that base does not have, and how
// many of base's head no longer has.
func (c *comparer) newFindings(base, head diag.List) (added diag.List, fixed int) {
	if c.base.WS.ConfigFile == nil {
		return slices.Clone(head), 0
	}
	k := c.findingKeys()
	left := map[string]*[diag.Error + 1]int{} // key → unmatched findings of base by severity
	for _, d := range base {
		key := k.key(d, true)
		if left[key] == nil {
			left[key] = new([diag.Error + 1]int)
		}
		left[key][clampSeverity(d.Severity)]++
	}
	// The most severe findings of head are matched first, each with the
	// least severe finding of base that is at least as severe: an error
	// that was a warning is new, a warning that was an error is not.
	order := allIndexes(len(head))
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(head[j].Severity, head[i].Severity) })
	isNew := make([]bool, len(head))
	for _, i := range order {
		isNew[i] = true
		n := left[k.key(head[i], false)]
		if n == nil {
			continue
		}
		for s := clampSeverity(head[i].Severity); s <= diag.Error; s++ {
			if n[s] > 0 {
				n[s]--
				isNew[i] = false
				break
			}
		}
	}
	for i, d := range head {
		if isNew[i] {
			added = append(added, d)
		}
	}
	for _, n := range left {
		for _, x := range n {
			fixed += x
		}
	}
	return added, fixed
}

func clampSeverity(s diag.Severity) diag.Severity { return min(max(s, diag.Off), diag.Error) }

// findingKeys names findings so that the same finding has the same name on
// both sides.
type findingKeys struct {
	c     *comparer
	paths map[string]string // base path → head path, for records whose file moved
	spans map[*workspace.Workspace]*fileSpans
}

// fileSpans holds the lines each record of a file covers, worked out for a
// file when a finding in it first asks.
type fileSpans struct {
	records map[string][]*workspace.Record // by file path
	spans   map[string][]span
}

// span is the lines a record covers.
type span struct {
	id       string
	from, to int
}

func (c *comparer) findingKeys() *findingKeys {
	k := &findingKeys{c: c, paths: map[string]string{}, spans: map[*workspace.Workspace]*fileSpans{}}
	for _, id := range c.baseIDs {
		b, h := c.base.Record(id), c.head.Record(c.headID(id))
		if h != nil && b.Meta().Path != h.Meta().Path {
			k.paths[b.Meta().Path] = h.Meta().Path
		}
	}
	return k
}

// positions matches "path:line:col" in a message (duplicate-id names the
// other places): the line may move without the finding changing.
var positions = regexp.MustCompile(`([^\s:]):\d+:\d+`)

func (k *findingKeys) key(d diag.Diagnostic, base bool) string {
	p, msg := d.Path, positions.ReplaceAllString(d.Message, "$1")
	var rec string
	if base {
		rec = k.c.headID(k.record(k.c.base.WS, d))
		if to, ok := k.paths[p]; ok {
			p = to
		}
		msg = k.c.mapText(msg)
	} else {
		rec = k.record(k.c.head.WS, d)
	}
	return p + "\x00" + d.Rule + "\x00" + rec + "\x00" + msg
}

// record returns the ID of the record a finding is in: the record of its
// file, or for files of several records (roadmap.yaml, product.md's
// personas) the innermost record whose lines hold the finding's line; ""
// for findings outside any record.
func (k *findingKeys) record(ws *workspace.Workspace, d diag.Diagnostic) string {
	fs := k.spans[ws]
	if fs == nil {
		fs = &fileSpans{records: map[string][]*workspace.Record{}, spans: map[string][]span{}}
		for _, r := range ws.Records {
			fs.records[r.File.Path] = append(fs.records[r.File.Path], r)
		}
		k.spans[ws] = fs
	}
	spans, ok := fs.spans[d.Path]
	if !ok {
		for _, r := range fs.records[d.Path] {
			if s, ok := recordSpan(r); ok {
				spans = append(spans, s)
			}
		}
		fs.spans[d.Path] = spans
	}
	best := span{from: -1}
	for _, s := range spans {
		if s.from <= d.Pos.Line && d.Pos.Line <= s.to && s.from > best.from {
			best = s
		}
	}
	return best.id
}

// recordSpan returns the lines a record covers: the whole file for a record
// that is the file, else from its mapping's first line to the last line of
// anything in it.
func recordSpan(r *workspace.Record) (span, bool) {
	if len(r.Pointer) == 0 {
		return span{id: r.ID(), from: 1, to: math.MaxInt}, true
	}
	n := r.Node()
	if n == nil {
		return span{}, false
	}
	return span{id: r.ID(), from: n.Line + r.File.LineOffset, to: lastLine(n) + r.File.LineOffset}, true
}

func lastLine(n *yaml.Node) int {
	line := n.Line
	for _, c := range n.Content {
		line = max(line, lastLine(c))
	}
	return line
}

// findings lists the errors of head that base does not have, and counts
// the errors of base that head no longer has. Errors are matched as
// [NewFindings] matches findings.
func (c *comparer) findings(base, head diag.List) {
	errs := func(l diag.List) diag.List {
		var out diag.List
		for _, d := range l {
			if d.Severity == diag.Error {
				out = append(out, d)
			}
		}
		return out
	}
	added, fixed := c.newFindings(errs(base), errs(head))
	for _, d := range added {
		c.d.NewErrors = append(c.d.NewErrors, d.JSON())
	}
	c.d.FixedErrors = fixed
}
