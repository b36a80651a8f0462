package diff

import (
	"io"

	"github.com/roadlog/roadlog/pkg/render"
)

// writeJSON writes d as the one JSON envelope every roadlog document has
// ([render.JSON]): schema_version first, then the fields of [Diff].
func writeJSON(w io.Writer, d *Diff) error {
	return render.JSON(w, d)
}
