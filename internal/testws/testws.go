// Package testws generates workspaces for benchmarks and tests of large
// inputs.
package testws

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Generate writes into dir a workspace of n backlog items, shaped like a
// real one: epics with stories, bugs and tasks under them, initiatives,
// releases, insights, scores, dependencies and a Markdown body. It
// validates clean.
func Generate(dir string, n int) error {
	var err error
	write := func(p, s string) {
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644)
		}
	}
	for _, d := range []string{"backlog", "insights"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	write("roadlog.yaml", "version: 1\nproduct: {name: Bench, key: B}\npeople:\n  ana: {name: Ana}\n  ben: {name: Ben}\n"+
		"fields:\n  segment: {type: string, enum: [smb, enterprise]}\n")
	var roadmap, releases strings.Builder
	roadmap.WriteString("themes:\n  - {id: growth, title: Growth}\ninitiatives:\n")
	releases.WriteString("releases:\n")
	for i := 1; i <= 50; i++ {
		fmt.Fprintf(&roadmap, "  - {id: INIT-%d, title: Initiative %d, theme: growth, horizon: next, status: planned, start: 2027-01-01, end: 2027-12-31, owner: ana}\n", i, i)
		fmt.Fprintf(&releases, "  - {id: R-%d, title: Release %d, date: 2028-01-%02d, status: planned}\n", i, i, i%28+1)
	}
	write("roadmap.yaml", roadmap.String())
	write("releases.yaml", releases.String())
	for i := 1; i <= n/100+1; i++ {
		write(fmt.Sprintf("insights/INS-%d-evidence.md", i), fmt.Sprintf("---\nid: INS-%d\ntitle: Evidence %d\nsource: interview\ndate: 2026-10-01\n---\nWhat we heard.\n", i, i))
	}
	types := []string{"story", "story", "bug", "task", "spike"}
	statuses := []string{"idea", "discovery", "ready", "in-progress", "review", "done"}
	for i := 1; i <= n; i++ {
		var fm strings.Builder
		fmt.Fprintf(&fm, "---\nid: B-%d\ntitle: Item number %d of the generated backlog\n", i, i)
		if i%20 == 1 {
			fmt.Fprintf(&fm, "type: epic\nstatus: in-progress\ninitiative: INIT-%d\n", i%50+1)
		} else {
			epic := (i-1)/20*20 + 1
			fmt.Fprintf(&fm, "type: %s\nstatus: %s\nparent: B-%d\n", types[i%5], statuses[i%6], epic)
			if i%3 == 0 && i > 2 {
				fmt.Fprintf(&fm, "depends_on: [B-%d]\n", i-1)
			}
		}
		fmt.Fprintf(&fm, "owner: %s\nrelease: R-%d\nlabels: [checkout, l%d]\nrank: a%06d\nestimate: %d\n", []string{"ana", "ben"}[i%2], i%50+1, i%7, i, i%8+1)
		fmt.Fprintf(&fm, "score: {reach: %d, impact: 2, confidence: 0.8, effort: %d}\ninsights: [INS-%d]\ncreated: 2026-11-02\nsegment: smb\n---\n", i*10, i%5+1, i/100+1)
		fm.WriteString("Shoppers want to pay without creating an account.\n\n## Acceptance criteria\n- [ ] Guest can pay\n- [x] Receipt sent\n")
		write(fmt.Sprintf("backlog/B-%d-item-number-%d.md", i, i), fm.String())
	}
	return err
}
