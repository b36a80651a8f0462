package cmdutil

import (
	"fmt"

	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// Written is one record a write command changed: its ID goes to stdout,
// and --format json reports the whole.
type Written struct {
	ID     string `json:"id"`
	OldID  string `json:"old_id,omitempty"` // before a renumber
	File   string `json:"file"`             // after the change; "" once removed
	Change string `json:"change"`           // what changed, in words
}

var writtenFormats = []string{"text", "json"}

// WrittenFlag registers --format on a write command: text (the IDs of the
// records changed on stdout, one a line, messages on stderr) or json. The
// value is checked before the command runs.
func WrittenFlag(cmd *cobra.Command, format *string) {
	cmd.Flags().StringVarP(format, "format", "f", "text", "output `FORMAT`: text (the changed IDs, one a line) or json (what changed)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(writtenFormats, cobra.ShellCompDirectiveNoFileComp))
	prev := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if err := CheckEnum("--format", "format", *format, writtenFormats); err != nil {
			return err
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

type writtenJSON struct {
	DryRun  bool      `json:"dry_run"`
	Records []Written `json:"records"`
}

// PrintWritten writes what a write command changed (or, on a dry run,
// would change) on stdout: each ID on a line, so that id=$(roadlog …)
// and xargs work, or with --format json one document through
// [render.JSON]. Messages are the command's, on stderr.
func PrintWritten(ios *iostreams.IOStreams, format string, dryRun bool, ws ...Written) error {
	if format == "json" {
		if ws == nil {
			ws = []Written{}
		}
		return render.JSON(ios.Out, writtenJSON{DryRun: dryRun, Records: ws})
	}
	for _, w := range ws {
		if _, err := fmt.Fprintln(ios.Out, safetext.Line(w.ID)); err != nil {
			return err
		}
	}
	return nil
}
