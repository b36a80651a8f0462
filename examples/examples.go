// Package examples embeds the sample workspaces, so that `roadlog init
// --example` can write one and tests can load them.
package examples

import "embed"

// FS holds one folder per sample workspace: its plan files, and of its
// .roadlog folder only the schemas and the .gitignore (commands run on the
// examples in a clone leave an index in .roadlog/cache, which is no part
// of a sample).
//
//go:embed acme-checkout acme-checkout/.roadlog/.gitignore acme-checkout/.roadlog/schema
var FS embed.FS

// Default is the folder of the sample `roadlog init --example` writes.
const Default = "acme-checkout"
