package workspace

import (
	"path"
	"strings"
)

// ArchiveFolder is the folder under the backlog that holds archived items:
// `roadlog archive` moves closed items there. The loader reads the backlog
// folder with its subfolders, so archived items are still loaded and
// references to them resolve; views leave them out unless asked.
const ArchiveFolder = "archive"

// ArchiveDir returns the workspace-relative folder of archived items.
func (c *Config) ArchiveDir() string {
	p, _ := cleanPath(c.Paths.Backlog)
	return path.Join(p, ArchiveFolder)
}

// Archived reports whether a workspace-relative path lies in the archive
// folder.
func (c *Config) Archived(p string) bool {
	return strings.HasPrefix(p, c.ArchiveDir()+"/")
}

// DefaultClosedRecentDays is how many days a closed item stays on the board
// when roadlog.yaml does not say (board.closed_recent_days).
const DefaultClosedRecentDays = 14
