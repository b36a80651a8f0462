package change

import (
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
)

// EditYAML stages an edit of a file's YAML (its front matter, or all of
// it) by fn, on the content as this session would leave it; everything fn
// does not touch stays byte for byte. Domain packages that change records
// in ways of their own (package retire) edit through it.
func (s *Session) EditYAML(f *workspace.File, fn func(*yamledit.Doc) error) error {
	return s.editYAML(f, fn)
}
