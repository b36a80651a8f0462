// Package cli runs roadlog: it builds the root command, executes it with
// the arguments, prints any error once, and maps it to an exit status.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/roadlog/roadlog/pkg/cmd/root"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/safetext"
)

// Main runs roadlog with args and returns the exit status: 0 success, 1 the
// workspace has errors, 2 wrong usage or an operational failure.
func Main(build cmdutil.Build, args []string, ios *iostreams.IOStreams) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	f := cmdutil.New(ios, build)
	rootCmd := root.NewCmd(f)
	rootCmd.SetArgs(args)
	rootCmd.SetIn(ios.In)
	rootCmd.SetOut(ios.Out)
	rootCmd.SetErr(ios.ErrOut)

	cmd, err := rootCmd.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	if ctx.Err() != nil {
		fmt.Fprintln(ios.ErrOut, "roadlog: interrupted")
		return 2
	}
	var ee *cmdutil.ExitError
	if errors.As(err, &ee) && ee.Err == nil {
		return ee.Code
	}
	// Messages quote file names and values from files, and arguments:
	// nothing in them may act on the terminal.
	fmt.Fprintf(ios.ErrOut, "roadlog: %s\n", safetext.Text(err.Error()))
	if errors.As(err, &ee) && ee.Usage && cmd != nil {
		fmt.Fprintf(ios.ErrOut, "\n%s", cmd.UsageString())
	}
	return cmdutil.ExitCode(err)
}
