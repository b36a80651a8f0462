package cmdutil

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// ExitError carries the exit code an error should end the process with.
type ExitError struct {
	Code  int   // 1: the workspace has errors; 2: wrong usage or an operational failure
	Err   error // nil: already reported, print nothing
	Usage bool  // print the command's usage after the message
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// ErrFindings ends a command with exit status 1 after it has reported the
// workspace's problems itself.
var ErrFindings = &ExitError{Code: 1}

// UsageErrorf is a wrong invocation: exit status 2, followed by usage.
func UsageErrorf(format string, args ...any) error {
	return &ExitError{Code: 2, Err: fmt.Errorf(format, args...), Usage: true}
}

// InputErrorf is a wrong value for a flag or an argument: exit status 2.
// The message names the value and what to give instead, so the usage is not
// printed after it.
func InputErrorf(format string, args ...any) error {
	return &ExitError{Code: 2, Err: fmt.Errorf(format, args...)}
}

// FailureErrorf is an operational failure: exit status 2.
func FailureErrorf(format string, args ...any) error {
	return &ExitError{Code: 2, Err: fmt.Errorf(format, args...)}
}

// FindingsErrorf is a problem in the workspace's content found outside
// `validate` (a record that does not exist): exit status 1.
func FindingsErrorf(format string, args ...any) error {
	return &ExitError{Code: 1, Err: fmt.Errorf(format, args...)}
}

// ExitCode returns the exit status for err: 0 for nil, the code of an
// ExitError, and 2 for any other error.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return 2
}

// NoArgs rejects positional arguments as a usage error.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return UsageErrorf("%q takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// ExactArgs requires n positional arguments.
func ExactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return UsageErrorf("%q needs %s", cmd.CommandPath(), what)
		}
		return nil
	}
}

// MaximumNArgs allows at most n positional arguments.
func MaximumNArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return UsageErrorf("%q takes at most %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
