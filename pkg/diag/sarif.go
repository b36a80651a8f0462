package diag

import (
	"io"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/render"
)

// SARIF 2.1.0 (OASIS), the subset that code-scanning tools read. Field names
// are the specification's, hence camelCase.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"` //nolint:tagliatelle // SARIF's name
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"` //nolint:tagliatelle // SARIF's name
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	ShortDescription     sarifMessage       `json:"shortDescription"`     //nolint:tagliatelle // SARIF's name
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"` //nolint:tagliatelle // SARIF's name
}

type sarifConfiguration struct {
	Level   string `json:"level"`
	Enabled bool   `json:"enabled"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`    //nolint:tagliatelle // SARIF's name
	RuleIndex int             `json:"ruleIndex"` //nolint:tagliatelle // SARIF's name
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"` //nolint:tagliatelle // SARIF's name
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"` //nolint:tagliatelle // SARIF's name
	Region           sarifRegion      `json:"region"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"` //nolint:tagliatelle // SARIF's name
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`   //nolint:tagliatelle // SARIF's name
	StartColumn int `json:"startColumn"` //nolint:tagliatelle // SARIF's name
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "note"
	}
	return "none"
}

func writeSARIF(w io.Writer, r *Report) error {
	driver := sarifDriver{Name: r.Tool.Name, Version: r.Tool.Version, InformationURI: r.Tool.URI, Rules: []sarifRule{}}
	for _, rule := range r.Rules {
		driver.Rules = append(driver.Rules, sarifRule{
			ID:               rule.Name,
			ShortDescription: sarifMessage{Text: rule.Description},
			DefaultConfiguration: sarifConfiguration{
				Level:   sarifLevel(rule.Default),
				Enabled: rule.Default != Off,
			},
		})
	}
	rules := slices.Clone(r.Rules)
	results := make([]sarifResult, 0, len(r.Diagnostics))
	for _, d := range r.Diagnostics {
		idx := slices.IndexFunc(rules, func(rule Rule) bool { return rule.Name == d.Rule })
		if idx < 0 {
			// A rule the caller did not declare still needs an entry, or
			// ruleIndex would point nowhere.
			idx = len(driver.Rules)
			driver.Rules = append(driver.Rules, sarifRule{
				ID: d.Rule, ShortDescription: sarifMessage{Text: d.Rule},
				DefaultConfiguration: sarifConfiguration{Level: sarifLevel(d.Severity), Enabled: true},
			})
			rules = append(rules, Rule{Name: d.Rule, Default: d.Severity})
		}
		results = append(results, sarifResult{
			RuleID:    d.Rule,
			RuleIndex: idx,
			Level:     sarifLevel(d.Severity),
			Message:   sarifMessage{Text: d.Text()},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifactLoc{URI: uriEscape(r.PathPrefix + d.Path), URIBaseID: "%SRCROOT%"},
				Region:           sarifRegion{StartLine: max(d.Pos.Line, 1), StartColumn: max(d.Pos.Col, 1)},
			}}},
		})
	}
	log := sarifLog{
		Schema:  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: driver},
			ColumnKind: "unicodeCodePoints",
			Results:    results,
		}},
	}
	b, err := render.Marshal(log)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// uriEscape percent-encodes a slash-separated relative path into an RFC 3986
// relative reference: unreserved characters and "/" stay, every other byte is
// escaped (spaces, non-ASCII, ":" that would read as a scheme).
func uriEscape(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '/' || c == '-' || c == '.' || c == '_' || c == '~' ||
			('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
