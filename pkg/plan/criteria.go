package plan

import (
	"regexp"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
)

// Criteria returns the checked and total acceptance-criteria check boxes
// ("- [x] …") in the item's body.
func (p *Plan) Criteria(it *model.Item) Share {
	return p.criteria[it]
}

var taskLine = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s`)

// countCriteria counts task-list check boxes outside fenced code blocks.
func countCriteria(body string) Share {
	var s Share
	fence := ""
	for line := range strings.Lines(body) {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if m := taskLine.FindStringSubmatch(line); m != nil {
			s.Total++
			if m[1] != " " {
				s.Done++
			}
		}
	}
	return s
}
