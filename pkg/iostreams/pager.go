package iostreams

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// DefaultPager is the pager used when neither ROADLOG_PAGER nor PAGER is
// set, when less is on PATH: -F quits when the text fits on one screen,
// -R keeps colour, -X leaves the text on the screen after it quits.
const DefaultPager = "less -FRX"

// PagerCommand returns the pager to run, "" for none: ROADLOG_PAGER when
// set, else PAGER when set, else [DefaultPager] when less is on PATH. Set
// to "" or "cat", either turns paging off.
func (s *IOStreams) PagerCommand() string {
	cmd, ok := s.lookupEnv("ROADLOG_PAGER")
	if !ok {
		cmd, ok = s.lookupEnv("PAGER")
	}
	if !ok {
		if _, err := s.lookPath("less"); err != nil {
			return ""
		}
		cmd = DefaultPager
	}
	if cmd = strings.TrimSpace(cmd); cmd == "cat" {
		return ""
	}
	return cmd
}

// pager is a running pager: Out writes to it.
type pager struct {
	out  io.Writer     // Out before the pager
	pipe io.Closer     // what the pager reads
	done chan struct{} // closed when the pager has ended
}

// StartPager sends what the command writes to Out through the user's pager
// ([IOStreams.PagerCommand]) until [IOStreams.StopPager], when Out is a
// terminal, paging is not turned off (--no-pager, NoPager) and there is a
// pager. The pager runs in the foreground, as an editor does (see
// SetForeground): Ctrl-C is its own. When it cannot be started, Out stays
// as it was.
func (s *IOStreams) StartPager() error {
	if s.pager != nil || s.NoPager || !s.outTTY {
		return nil
	}
	command := s.PagerCommand()
	if command == "" {
		return nil
	}
	args := strings.Fields(command)
	if sh, err := s.lookPath("sh"); err == nil {
		args = []string{sh, "-c", command} // as git runs it: quotes, pipes and all
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = s.Out, s.ErrOut
	// The read end is the child's alone once it starts: when the pager
	// quits, writes fail (EPIPE) instead of filling the pipe.
	w, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	cmd.Env = os.Environ()
	if _, ok := s.lookupEnv("LESS"); !ok {
		cmd.Env = append(cmd.Env, "LESS=FRX") // as git sets it
	}
	if _, ok := s.lookupEnv("LV"); !ok {
		cmd.Env = append(cmd.Env, "LV=-c")
	}
	started := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		// The pager's own exit status (a key it did not like, a signal)
		// is the user's business, not the command's.
		_ = s.runChild(cmd, started)
	}()
	if err := <-started; err != nil {
		_ = w.Close()
		return err
	}
	s.pager = &pager{out: s.Out, pipe: w, done: done}
	s.Out = &pagerWriter{w: w}
	return nil
}

// runChild runs cmd through the foreground runner, saying on started
// whether it could start.
func (s *IOStreams) runChild(cmd *exec.Cmd, started chan<- error) error {
	run := s.foreground
	if run == nil {
		run = (*exec.Cmd).Run
	}
	if cmd.Err != nil { // not found
		started <- cmd.Err
		return cmd.Err
	}
	started <- nil
	return run(cmd)
}

// StopPager ends the input of the pager started by [IOStreams.StartPager]
// and waits for the user to quit it; Out is then as it was. A pager that
// quit early (q in less) is no error.
func (s *IOStreams) StopPager() {
	p := s.pager
	if p == nil {
		return
	}
	_ = p.pipe.Close()
	<-p.done
	s.Out, s.pager = p.out, nil
}

// SetForeground sets how the pager is run: a function that runs a child
// owning the terminal and waits for it (editor.RunForeground), so that
// roadlog's signal handling leaves Ctrl-C to it.
func (s *IOStreams) SetForeground(run func(*exec.Cmd) error) { s.foreground = run }

// pagerWriter writes to the pager and drops what the pager no longer
// reads once it has quit: the rest of the output is not wanted.
type pagerWriter struct {
	w    io.Writer
	gone bool
}

func (p *pagerWriter) Write(b []byte) (int, error) {
	if p.gone {
		return len(b), nil
	}
	n, err := p.w.Write(b)
	if errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed) {
		p.gone = true
		return len(b), nil
	}
	return n, err
}
