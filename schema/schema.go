// Package schema holds the JSON Schemas (draft 2020-12) of every file kind of
// a roadlog workspace, embedded so that the binary needs no files beside it.
package schema

import (
	"embed"
)

// FS holds <kind>.schema.json for every kind in [Kinds].
//
//go:embed *.schema.json
var FS embed.FS

// Kinds lists the schema kinds in the order `roadlog schema` prints them,
// with the file each describes.
var Kinds = []struct {
	Name string
	File string
}{
	{"config", "roadlog.yaml"},
	{"product", "product.md (front matter)"},
	{"objectives", "objectives.yaml"},
	{"roadmap", "roadmap.yaml"},
	{"releases", "releases.yaml"},
	{"risks", "risks.yaml"},
	{"item", "backlog/*.md (front matter)"},
	{"insight", "insights/*.md (front matter)"},
	{"decision", "decisions/*.md (front matter)"},
}
