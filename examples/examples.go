// Package examples embeds the sample workspaces, so that `roadlog init
// --example` can write one and tests can load them.
package examples

import "embed"

// FS holds one folder per sample workspace.
//
//go:embed all:acme-checkout
var FS embed.FS

// Default is the folder of the sample `roadlog init --example` writes.
const Default = "acme-checkout"
