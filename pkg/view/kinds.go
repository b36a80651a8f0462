package view

import (
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
)

// Plural names the JSON array of a kind's records: its plural, as in
// the YAML ("key_results").
func Plural(k model.Kind) string { return strings.ReplaceAll(k.Plural(), "-", "_") }

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
