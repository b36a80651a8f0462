// Package version implements `roadlog version`.
package version

import (
	"fmt"
	"runtime"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmd returns the version command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "print the version, commit and Go version",
		Example: `  roadlog version`,
		Args:    cmdutil.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(f.IO.Out, "%s\n%s %s/%s\n", f.Build, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
