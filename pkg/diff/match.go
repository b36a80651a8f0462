package diff

import (
	"cmp"
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// matchRecords pairs the records of both sides by ID and, for IDs that
// changed, by content (see renames), and returns the records left
// unpaired: those added and those removed.
func (c *comparer) matchRecords() (added, removed []*workspace.Record) {
	for _, id := range c.headIDs {
		if c.base.Record(id) == nil {
			added = append(added, c.head.Record(id))
		}
	}
	for _, id := range c.baseIDs {
		if c.head.Record(id) == nil {
			removed = append(removed, c.base.Record(id))
		}
	}
	return c.renames(added, removed)
}

// renames pairs removed and added records of the same kind whose content,
// without the ID, is alike, and returns the records left unpaired.
func (c *comparer) renames(added, removed []*workspace.Record) (a, r []*workspace.Record) {
	type pair struct {
		add, rem int
		sim      float64
	}
	var pairs []pair
	sigs := map[*workspace.Record][]string{}
	sig := func(r *workspace.Record) []string {
		if s, ok := sigs[r]; ok {
			return s
		}
		s := signature(r)
		sigs[r] = s
		return s
	}
	// Every added record is compared with every removed one, unless there
	// are so many (a bulk import, a mass renumber) that only records with
	// the same title are: the pairs grow as the product of the two.
	all := allIndexes(len(removed))
	candidates := func(int) []int { return all }
	if len(added)*len(removed) > maxRenamePairs {
		byTitle := map[string][]int{}
		for j, rr := range removed {
			k := string(rr.Kind()) + "\x00" + strings.ToLower(rr.Meta().Title)
			byTitle[k] = append(byTitle[k], j)
		}
		candidates = func(i int) []int {
			return byTitle[string(added[i].Kind())+"\x00"+strings.ToLower(added[i].Meta().Title)]
		}
	}
	for i, ar := range added {
		for _, j := range candidates(i) {
			rr := removed[j]
			if ar.Kind() != rr.Kind() {
				continue
			}
			sim, common := similarity(sig(ar), sig(rr))
			sameTitle := ar.Meta().Title != "" && strings.EqualFold(ar.Meta().Title, rr.Meta().Title)
			if sameTitle || (sim >= 0.6 && common >= 3) {
				if sameTitle {
					sim = max(sim, 0.5)
				}
				pairs = append(pairs, pair{i, j, sim})
			}
		}
	}
	slices.SortStableFunc(pairs, func(x, y pair) int {
		return cmp.Or(cmp.Compare(y.sim, x.sim), cmp.Compare(x.add, y.add), cmp.Compare(x.rem, y.rem))
	})
	usedA, usedR := map[int]bool{}, map[int]bool{}
	for _, p := range pairs {
		if usedA[p.add] || usedR[p.rem] {
			continue
		}
		usedA[p.add], usedR[p.rem] = true, true
		from, to := removed[p.rem], added[p.add]
		c.renamed[from.ID()] = to.ID()
		c.was[to.ID()] = from.ID()
		c.d.Renamed = append(c.d.Renamed, Rename{
			From: from.ID(), To: to.ID(), Kind: string(to.Kind()), Type: recordOf(to).Type, Title: to.Meta().Title,
			Similarity: math.Round(p.sim*100) / 100,
		})
	}
	slices.SortFunc(c.d.Renamed, func(x, y Rename) int { return model.CompareIDs(x.To, y.To) })
	for i, r := range added {
		if !usedA[i] {
			a = append(a, r)
		}
	}
	for j, x := range removed {
		if !usedR[j] {
			r = append(r, x)
		}
	}
	return a, r
}

// maxRenamePairs bounds the added × removed records compared by content.
const maxRenamePairs = 250_000

func allIndexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// signature is a record's content as lines, without its ID and rank: one
// line a field, then the body's non-blank lines.
func signature(r *workspace.Record) []string {
	f := r.Meta().Fields
	var out []string
	for _, k := range slices.Sorted(maps.Keys(f)) {
		if k == "id" || k == "rank" || k == "key_results" {
			continue
		}
		v, _ := json.Marshal(f[k])
		out = append(out, k+": "+string(v))
	}
	for _, l := range strings.Split(model.Body(r.Model), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// similarity is 2 × the lines a and b share over their total, and the
// number shared.
func similarity(a, b []string) (float64, int) {
	if len(a)+len(b) == 0 {
		return 0, 0
	}
	common := len(a) + len(b) - len(difference(a, b)) - len(difference(b, a))
	common /= 2
	return float64(2*common) / float64(len(a)+len(b)), common
}

// difference returns the lines of a that b does not have, counting
// repeats.
func difference(a, b []string) []string {
	n := map[string]int{}
	for _, l := range b {
		n[l]++
	}
	var out []string
	for _, l := range a {
		if n[l] > 0 {
			n[l]--
			continue
		}
		out = append(out, l)
	}
	return out
}
