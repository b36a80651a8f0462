package report

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/plan"
)

// esc escapes text for SVG content and attributes.
func esc(s string) string { return html.EscapeString(s) }

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// timelineBar is an initiative on the timeline.
type timelineBar struct {
	ID, Title, URL, Horizon string
	Span                    plan.Span
}

// timelineSVG draws initiatives as bars across the quarters of tl.
func timelineSVG(tl plan.Timeline, bars []timelineBar) string {
	if len(bars) == 0 {
		return ""
	}
	n := len(tl.Quarters)
	const labelW, colW, rowH, top = 260, 96, 30, 34
	width := labelW + n*colW + 10
	height := top + len(bars)*rowH + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" role="group" aria-labelledby="timeline-title" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`, width, height, width, height)
	b.WriteString(`<title id="timeline-title">Initiatives on a timeline of quarters</title>`)
	for i, q := range tl.Quarters {
		x := labelW + i*colW
		fmt.Fprintf(&b, `<rect class="quarter-col q%d" x="%d" y="%d" width="%d" height="%d"/>`, i%2, x, top-6, colW, height-top)
		fmt.Fprintf(&b, `<text class="quarter-label" x="%d" y="20" text-anchor="middle">%s</text>`, x+colW/2, q)
	}
	for i, bar := range bars {
		y := top + i*rowH
		from, to := tl.Columns(bar.Span)
		label := bar.ID + " " + shorten(bar.Title, 30)
		fmt.Fprintf(&b, `<a href="%s"><title>%s: %s, %s to %s</title>`, esc(bar.URL), esc(bar.ID), esc(bar.Title), bar.Span.From, bar.Span.To)
		fmt.Fprintf(&b, `<text class="bar-label" x="6" y="%d">%s</text>`, y+18, esc(label))
		fmt.Fprintf(&b, `<rect class="bar h-%s" x="%d" y="%d" width="%d" height="%d" rx="4"/>`,
			esc(bar.Horizon), labelW+from*colW+4, y+4, (to-from+1)*colW-8, rowH-10)
		b.WriteString(`</a>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// graphNode is an item in the dependency graph.
type graphNode struct {
	ID, Title, URL, Status string
	Closed                 bool
	Deps                   []string // IDs it depends on, in the graph
}

// dependencyGraph lays items out in layers — every item to the right of
// what it depends on (longest path from the items with no dependencies) —
// orders each layer by the mean position of its neighbours to reduce
// crossings, and draws it as SVG. Edges that close a cycle are drawn dashed.
func dependencyGraph(nodes []graphNode) string {
	if len(nodes) == 0 {
		return ""
	}
	index := map[string]int{}
	for i, n := range nodes {
		index[n.ID] = i
	}
	back := backEdges(nodes, index)
	layer, layers := graphLayers(nodes, index, back)
	pos := layerPositions(nodes, index, layer, layers)
	const boxW, boxH, gapX, gapY, pad = 180, 44, 70, 14, 10
	rows := 0
	for _, m := range layers {
		rows = max(rows, len(m))
	}
	width := pad*2 + len(layers)*boxW + (len(layers)-1)*gapX
	height := pad*2 + rows*(boxH+gapY)
	x := func(i int) int { return pad + layer[i]*(boxW+gapX) }
	y := func(i int) int { return pad + int(pos[i])*(boxH+gapY) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="graph" role="group" aria-labelledby="graph-title" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`, width, height, width, height)
	b.WriteString(`<title id="graph-title">Dependencies between backlog items; each item is drawn to the right of what it depends on</title>`)
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>`)
	for i, n := range nodes {
		for _, d := range n.Deps {
			j := index[d]
			x1, y1 := x(j)+boxW, y(j)+boxH/2
			x2, y2 := x(i), y(i)+boxH/2
			class := "edge"
			if back[[2]int{i, j}] {
				class = "edge cycle"
				x1, x2 = x(j), x(i)+boxW
			}
			mid := (x1 + x2) / 2
			fmt.Fprintf(&b, `<path class="%s" d="M %d %d C %d %d, %d %d, %d %d" marker-end="url(#arrow)"><title>%s depends on %s</title></path>`,
				class, x1, y1, mid, y1, mid, y2, x2, y2, esc(n.ID), esc(d))
		}
	}
	for i, n := range nodes {
		class := "node"
		if n.Closed {
			class += " closed"
		}
		fmt.Fprintf(&b, `<a href="%s"><title>%s: %s (%s)</title>`, esc(n.URL), esc(n.ID), esc(n.Title), esc(n.Status))
		fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%d" width="%d" height="%d" rx="6"/>`, class, x(i), y(i), boxW, boxH)
		fmt.Fprintf(&b, `<text class="node-id" x="%d" y="%d">%s</text>`, x(i)+8, y(i)+17, esc(n.ID))
		fmt.Fprintf(&b, `<text class="node-title" x="%d" y="%d">%s</text>`, x(i)+8, y(i)+34, esc(shorten(n.Title, 26)))
		b.WriteString(`</a>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// backEdges breaks cycles: a depth-first search marks the edges (from a
// node to one it depends on, by index) that close a cycle, which do not
// count for layers.
func backEdges(nodes []graphNode, index map[string]int) map[[2]int]bool {
	back := map[[2]int]bool{}
	state := make([]int, len(nodes)) // 0 new, 1 on stack, 2 done
	var visit func(int)
	visit = func(i int) {
		state[i] = 1
		for _, d := range nodes[i].Deps {
			j := index[d]
			switch state[j] {
			case 0:
				visit(j)
			case 1:
				back[[2]int{i, j}] = true
			}
		}
		state[i] = 2
	}
	for i := range nodes {
		if state[i] == 0 {
			visit(i)
		}
	}
	return back
}

// graphLayers puts each node one layer right of the deepest node it
// depends on, back edges left out: layer by node, and the nodes of each
// layer.
func graphLayers(nodes []graphNode, index map[string]int, back map[[2]int]bool) ([]int, [][]int) {
	layer := make([]int, len(nodes))
	done := make([]bool, len(nodes))
	var depth func(int) int
	depth = func(i int) int {
		if done[i] {
			return layer[i]
		}
		done[i] = true
		l := 0
		for _, d := range nodes[i].Deps {
			j := index[d]
			if !back[[2]int{i, j}] {
				l = max(l, depth(j)+1)
			}
		}
		layer[i] = l
		return l
	}
	layers := [][]int{}
	for i := range nodes {
		l := depth(i)
		for len(layers) <= l {
			layers = append(layers, nil)
		}
		layers[l] = append(layers[l], i)
	}
	return layer, layers
}

// layerPositions orders each layer, by the mean position of the nodes its
// nodes depend on, then by ID, and returns each node's position in its
// layer.
func layerPositions(nodes []graphNode, index map[string]int, layer []int, layers [][]int) []float64 {
	pos := make([]float64, len(nodes))
	for li, members := range layers {
		if li > 0 {
			key := map[int]float64{}
			for _, i := range members {
				sum, k := 0.0, 0
				for _, d := range nodes[i].Deps {
					j := index[d]
					if layer[j] < li {
						sum += pos[j]
						k++
					}
				}
				if k > 0 {
					key[i] = sum / float64(k)
				} else {
					key[i] = 1e9
				}
			}
			slices.SortStableFunc(members, func(a, b int) int {
				switch {
				case key[a] < key[b]:
					return -1
				case key[a] > key[b]:
					return 1
				}
				return model.CompareIDs(nodes[a].ID, nodes[b].ID)
			})
		} else {
			slices.SortFunc(members, func(a, b int) int { return model.CompareIDs(nodes[a].ID, nodes[b].ID) })
		}
		for p, i := range members {
			pos[i] = float64(p)
		}
	}
	return pos
}
