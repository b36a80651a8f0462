package change

import (
	"fmt"

	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Find returns the record with the ID: a [*NotFoundError] when there is
// none (with a "did you mean"), a [*ConflictError] when several records
// have it, since a change to one of them would be a guess.
func Find(ws *workspace.Workspace, id string) (*workspace.Record, error) {
	if r := ws.Find(id); r != nil {
		if n := len(ws.Lookup(id)); n > 1 {
			return nil, conflictf("%d records have the ID %s; give one a new ID first (roadlog validate shows where)", n, id)
		}
		return r, nil
	}
	hint := suggest.IDHint(id, ws.IDs())
	if hint == "" {
		hint = "list IDs with `roadlog list KIND`"
	}
	if n := ws.Unreadable(); n == 1 {
		hint += " (1 file could not be read; roadlog validate shows why)"
	} else if n > 1 {
		hint += fmt.Sprintf(" (%d files could not be read; roadlog validate shows why)", n)
	}
	return nil, &NotFoundError{ID: id, Hint: hint}
}
