package view

import (
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
)

// KindNames lists the kinds `roadlog list` takes, as users type them.
var KindNames = []string{"items", "themes", "initiatives", "objectives", "key-results", "releases", "risks", "insights", "decisions", "personas"}

// ParseKind reads a kind name: plural or singular, "-" or "_".
func ParseKind(s string) (model.Kind, bool) {
	s = strings.ReplaceAll(strings.ToLower(s), "-", "_")
	for _, k := range []model.Kind{
		model.KindItem, model.KindTheme, model.KindInitiative, model.KindObjective,
		model.KindKeyResult, model.KindRelease, model.KindRisk, model.KindInsight, model.KindDecision, model.KindPersona,
	} {
		if s == string(k) || s == Plural(k) {
			return k, true
		}
	}
	return "", false
}

// DefaultColumns are the columns a list of a kind shows without --columns.
func DefaultColumns(k model.Kind) []string {
	switch k {
	case model.KindItem:
		return []string{"id", "title", "type", "status", "owner", "score"}
	case model.KindTheme:
		return []string{"id", "title", "initiatives"}
	case model.KindInitiative:
		return []string{"id", "title", "horizon", "status", "end", "items", "progress"}
	case model.KindObjective:
		return []string{"id", "title", "period", "owner", "progress"}
	case model.KindKeyResult:
		return []string{"id", "title", "objective", "current", "target", "progress"}
	case model.KindRelease:
		return []string{"id", "title", "date", "status", "items", "progress"}
	case model.KindRisk:
		return []string{"id", "title", "exposure", "status", "owner"}
	case model.KindInsight:
		return []string{"id", "title", "source", "date", "customer", "cited_by"}
	case model.KindDecision:
		return []string{"id", "title", "status", "date", "supersedes"}
	case model.KindPersona:
		return []string{"id", "name", "needs"}
	}
	return []string{"id", "title"}
}
