// Package iostreams carries a command's input and output streams together
// with what it needs to know about the terminal: whether it is one, its
// width, and whether colour is wanted.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strconv"

	"golang.org/x/term"
)

// IOStreams are the streams a command reads and writes.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	outTTY     bool
	errTTY     bool
	colorOK    bool
	width      int
	widthKnown bool
	getenv     func(string) string
	fd         uintptr

	// NoPager turns the pager off (--no-pager): see [IOStreams.StartPager].
	NoPager    bool
	lookupEnv  func(string) (string, bool)
	lookPath   func(string) (string, error)
	foreground func(*exec.Cmd) error
	pager      *pager
}

// System returns the process's standard streams.
func System() *IOStreams {
	io := &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, getenv: os.Getenv, fd: os.Stdout.Fd(),
		lookupEnv: os.LookupEnv, lookPath: exec.LookPath,
	}
	io.outTTY = term.IsTerminal(int(os.Stdout.Fd()))
	io.errTTY = term.IsTerminal(int(os.Stderr.Fd()))
	// no-color.org: NO_COLOR set to anything but the empty string.
	io.colorOK = os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	return io
}

// Test returns streams backed by buffers, not a terminal, for tests.
func Test() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{
		In: in, Out: out, ErrOut: errOut, getenv: func(string) string { return "" },
		lookupEnv: func(string) (string, bool) { return "", false }, lookPath: exec.LookPath,
	}, in, out, errOut
}

// IsStdoutTTY reports whether Out is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// IsStderrTTY reports whether ErrOut is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// SetStdoutTTY overrides terminal detection, for tests.
func (s *IOStreams) SetStdoutTTY(tty bool) { s.outTTY = tty }

// ColorEnabled reports whether Out may carry colour: it is a terminal and
// NO_COLOR is not set.
func (s *IOStreams) ColorEnabled() bool { return s.outTTY && s.colorOK }

// ColorEnabledErr is [IOStreams.ColorEnabled] for ErrOut.
func (s *IOStreams) ColorEnabledErr() bool { return s.errTTY && s.colorOK }

// TerminalWidth returns the width of the terminal, COLUMNS when set, or 80.
func (s *IOStreams) TerminalWidth() int {
	if s.widthKnown {
		return s.width
	}
	if c, err := strconv.Atoi(s.getenv("COLUMNS")); err == nil && c > 0 {
		return c
	}
	if s.outTTY {
		if w, _, err := term.GetSize(int(s.fd)); err == nil && w > 0 {
			return w
		}
	}
	return 80
}

// TableWidth is the width tables must fit: the terminal's, or COLUMNS when
// set; 0 (no limit) when output goes to a pipe or file, so that scripts get
// whole cells.
func (s *IOStreams) TableWidth() int {
	if s.widthKnown {
		return s.width
	}
	if c, err := strconv.Atoi(s.getenv("COLUMNS")); err == nil && c > 0 {
		return c
	}
	if s.outTTY {
		return s.TerminalWidth()
	}
	return 0
}

// SetTerminalWidth fixes the width, for tests.
func (s *IOStreams) SetTerminalWidth(w int) { s.width, s.widthKnown = w, true }
