package cmdutil

import (
	"fmt"
	"io"

	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/safetext"
)

// Page writes a command's long text output through the user's pager when
// standard output is a terminal ([iostreams.IOStreams.StartPager]) and
// waits for the user to quit it; elsewhere, or with --no-pager, straight
// to standard output. A pager that cannot be started is noted on stderr
// and the text printed without it.
func Page(ios *iostreams.IOStreams, write func(io.Writer) error) error {
	if err := ios.StartPager(); err != nil {
		fmt.Fprintf(ios.ErrOut, "note: the pager %s did not start (%s); printing without it\n", safetext.Line(ios.PagerCommand()), safetext.Line(err.Error()))
	}
	defer ios.StopPager()
	return write(ios.Out)
}
