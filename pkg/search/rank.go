package search

import (
	"cmp"
	"context"
	"math"
	"runtime"
	"slices"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/parallel"
)

// BM25 parameters: how fast repeated words stop adding (k1) and how much a
// long text is discounted (b), the usual values.
const (
	k1 = 1.2
	b  = 0.75
)

// Hit is a document that matches a query, with its score and snippet.
type Hit struct {
	Doc   *Doc
	Score float64
	spans []span
}

// span is an occurrence of a term in a document.
type span struct {
	seg, s, e int32 // segment, and the bytes of its text
	term      int32
}

// match is what a scan learns of one document.
type match struct {
	tf      [][nFields]int // per term
	lengths [nFields]int   // words per field
	spans   []span
}

// stats is what the scan of a part of the index counts: words per field,
// and documents per term.
type stats struct {
	length [nFields]int
	df     []int
}

// Search returns the documents that match every positive term of q and no
// negative one, best first (ties by ID in natural order, then kind). It
// stops when ctx is done.
func (ix *Index) Search(ctx context.Context, q Query) ([]*Hit, error) {
	matches := make([]*match, len(ix.Docs))
	chunks := make([]stats, min(len(ix.Docs), 4*runtime.GOMAXPROCS(0)))
	err := parallel.For(ctx, len(chunks), func(c int) {
		st := &chunks[c]
		st.df = make([]int, len(q.Terms))
		var t tokenizer
		for i := c * len(ix.Docs) / len(chunks); i < (c+1)*len(ix.Docs)/len(chunks); i++ {
			matches[i] = scan(&t, ix.Docs[i], q, st)
		}
	})
	if err != nil {
		return nil, err
	}
	var total stats
	total.df = make([]int, len(q.Terms))
	for _, st := range chunks {
		for f := range nFields {
			total.length[f] += st.length[f]
		}
		for i, n := range st.df {
			total.df[i] += n
		}
	}
	n := float64(len(ix.Docs))
	var avg [nFields]float64
	for f := range nFields {
		avg[f] = float64(total.length[f]) / max(n, 1)
	}
	idf := make([]float64, len(q.Terms))
	for i, df := range total.df {
		idf[i] = math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
	}
	var hits []*Hit
	for i, m := range matches {
		if m == nil {
			continue
		}
		d := ix.Docs[i]
		lengths := m.lengths
		score := 0.0
		for ti, t := range q.Terms {
			if t.Not {
				continue
			}
			tf := 0.0
			for f := range nFields {
				if m.tf[ti][f] == 0 {
					continue
				}
				norm := 1 - b
				if avg[f] > 0 {
					norm += b * float64(lengths[f]) / avg[f]
				}
				tf += weights[f] * float64(m.tf[ti][f]) / norm
			}
			score += idf[ti] * tf / (k1 + tf)
		}
		hits = append(hits, &Hit{Doc: d, Score: score, spans: m.spans})
	}
	slices.SortStableFunc(hits, func(a, b *Hit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Or(model.CompareIDs(a.Doc.ID, b.Doc.ID), cmp.Compare(a.Doc.Kind, b.Doc.Kind))
	})
	return hits, nil
}

// maxTerms is the most terms a query may have: a scan keeps which it found
// in a bit set.
const maxTerms = 64

// scan tokenizes a document, counts its words into st, and returns what it
// found when the document matches q: every positive term, no negative one.
func scan(t *tokenizer, d *Doc, q Query, st *stats) *match {
	t.reset()
	for i, s := range d.segs {
		t.add(s.text, i, !s.join)
	}
	var lengths [nFields]int
	for _, tk := range t.toks {
		lengths[d.segs[tk.seg].field]++
	}
	for f := range nFields {
		st.length[f] += lengths[f]
	}
	var m *match
	var found uint64
	for i := range t.toks {
		for ti, term := range q.Terms {
			if !t.at(i, term) {
				continue
			}
			if m == nil {
				m = &match{tf: make([][nFields]int, len(q.Terms))}
			}
			first, last := t.toks[i], t.toks[i+len(term.Words)-1]
			m.tf[ti][d.segs[first.seg].field]++
			found |= 1 << ti
			e := last.e
			if last.seg != first.seg { // a phrase over two lines: mark the first
				e = int32(len(d.segs[first.seg].text))
			}
			m.spans = append(m.spans, span{seg: first.seg, s: first.s, e: e, term: int32(ti)})
		}
	}
	for ti, term := range q.Terms {
		has := found&(1<<ti) != 0
		if has {
			st.df[ti]++
		}
		if has == term.Not {
			m = nil
		}
	}
	if m != nil {
		m.lengths = lengths
	}
	return m
}

// at reports whether term matches the words from the i-th on.
func (t *tokenizer) at(i int, term Term) bool {
	n := len(term.Words)
	if i+n > len(t.toks) {
		return false
	}
	for k, w := range term.Words {
		tk := t.toks[i+k]
		if k > 0 && tk.brk {
			return false
		}
		word := t.buf[tk.fs:tk.fe]
		if k == n-1 && term.Prefix {
			if len(word) < len(w) || string(word[:len(w)]) != w {
				return false
			}
		} else if string(word) != w {
			return false
		}
	}
	return true
}
