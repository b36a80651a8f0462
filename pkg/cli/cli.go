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
	"time"

	"github.com/roadlog/roadlog/pkg/cmd/root"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/editor"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/spf13/cobra"
)

// Grace is how long Main waits, after SIGINT or SIGTERM, for the command to
// stop on its own once its context is cancelled (while the user's editor
// runs, Main waits for it instead; see [wait]). Commands check the context
// between files, git kills its subprocess and the lock wait gives up at
// once, but a goroutine blocked in a system call (a read from a file that
// never ends, a write to a pipe nobody reads) cannot be cancelled: after
// Grace, Main returns anyway, and the exit of the process releases the
// workspace lock (an flock, which the kernel drops with the process; the
// lock file left behind blocks nobody). A second signal ends the wait.
const Grace = time.Second

// Main runs roadlog with args and returns the exit status: 0 success, 1 the
// workspace has errors, 2 wrong usage or an operational failure. A command
// interrupted by SIGINT or SIGTERM ends with "roadlog: interrupted" and
// status 2, at most [Grace] after the signal, or after the user's editor
// has ended when one runs.
func Main(build cmdutil.Build, args []string, ios *iostreams.IOStreams) int {
	return run(build, args, ios, Grace)
}

// result is what the root command returned.
type result struct {
	cmd *cobra.Command
	err error
}

func run(build cmdutil.Build, args []string, ios *iostreams.IOStreams, grace time.Duration) int {
	// signal.Notify rather than signal.NotifyContext: Main must see the
	// signal itself to bound the wait, and a second one.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	ios.SetForeground(editor.RunForeground) // a pager has the terminal as an editor does
	f := cmdutil.New(ios, build)
	rootCmd := root.NewCmd(f)
	rootCmd.SetArgs(args)
	rootCmd.SetIn(ios.In)
	rootCmd.SetOut(ios.Out)
	rootCmd.SetErr(ios.ErrOut)

	done := make(chan result, 1)
	go func() {
		cmd, err := rootCmd.ExecuteContextC(ctx)
		done <- result{cmd, err}
	}()

	r, stopped := wait(done, sigs, cancel, grace)
	if stopped {
		return interrupted(ios)
	}
	if ctx.Err() == nil {
		f.Finish()
	}
	if r.err == nil {
		return 0
	}
	if ctx.Err() != nil {
		return interrupted(ios)
	}
	var ee *cmdutil.ExitError
	if errors.As(r.err, &ee) && ee.Err == nil {
		return ee.Code
	}
	// Messages quote file names and values from files, and arguments:
	// nothing in them may act on the terminal.
	fmt.Fprintf(ios.ErrOut, "roadlog: %s\n", safetext.Text(r.err.Error()))
	if errors.As(r.err, &ee) && ee.Usage && r.cmd != nil {
		fmt.Fprintf(ios.ErrOut, "\n%s", r.cmd.UsageString())
	}
	return cmdutil.ExitCode(r.err)
}

// wait waits for the command, and handles the signals that come
// meanwhile. The first SIGINT or SIGTERM cancels the command's context;
// the command then has grace to end, and a second signal ends the wait at
// once (stopped). While a child has the terminal ([editor.InForeground]:
// the user's editor), SIGINT is the child's and is ignored, as git does:
// a Ctrl-C in the editor must not end roadlog and lose the text; SIGTERM
// cancels the context and the wait lasts until the child is done, so that
// the command can keep what the user saved.
func wait(done <-chan result, sigs <-chan os.Signal, cancel func(), grace time.Duration) (r result, stopped bool) {
	var expired <-chan time.Time
	cancelled := false
	for {
		select {
		case r = <-done:
			return r, false
		case s := <-sigs:
			if editor.InForeground() && s != syscall.SIGTERM {
				continue
			}
			if cancelled {
				return r, true
			}
			cancel()
			cancelled = true
			expired = time.After(grace)
		case <-expired:
			if editor.InForeground() {
				expired = time.After(grace) // the child is still running
				continue
			}
			return r, true
		}
	}
}

func interrupted(ios *iostreams.IOStreams) int {
	fmt.Fprintln(ios.ErrOut, "roadlog: interrupted")
	return 2
}
