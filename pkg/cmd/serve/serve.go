// Package servecmd implements `roadlog serve`: the report's pages live on
// loopback, following changes on disk, with the board, the backlog and
// record pages editable through the change layer.
package servecmd

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"runtime"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/gcpolicy"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/serve"
	"github.com/spf13/cobra"
)

// DefaultAddr is where roadlog serve listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8042"

// options are the inputs of the command.
type options struct {
	factory  *cmdutil.Factory
	addr     string
	open     bool
	readOnly bool
}

// NewCmd returns the serve command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "the report live in the browser, and editable there",
		Long: `Serve the report's pages from the working tree, live: a change on disk (an
edit with the CLI, an editor's save, a git checkout) reaches every open page
within a second, without a reload.

The pages are editable. Drag a card to another column of the board (or use
its Move button) to change the item's status, within the WIP limits; drag a
row of the backlog (or press the up and down arrow keys on its handle) to
rank it; change a record's fields, acceptance criteria and text in the form
on its page; add an item on the backlog page. Every edit is the one the CLI
would make (set, move, rank, check, new), through the same locked,
validated, byte-preserving change layer: an edit that would bring new
errors is refused and the findings shown next to the field, and an edit
made from a page that shows an older version of the record is refused with
the record as it is now.

roadlog serve listens on 127.0.0.1 and answers only requests addressed to
this computer. On any other address (--addr 0.0.0.0:8042) it asks for an
access token, which it prints as part of the URL to open, unless
--read-only. Ctrl-C stops it once an edit in flight is written.

It also answers GET requests for the same JSON as the CLI's --format json.`,
		Example: `  roadlog serve
  roadlog serve --open
  roadlog serve --addr 127.0.0.1:0
  roadlog serve --addr 0.0.0.0:8042 --read-only`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.addr, "addr", DefaultAddr, "listen on `HOST:PORT` (port 0: any free port)")
	cmd.Flags().BoolVar(&opts.open, "open", false, "open the overview in the default browser")
	cmd.Flags().BoolVar(&opts.readOnly, "read-only", false, "serve the pages without editing")
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	gcpolicy.Server(f.Getenv)
	root, err := f.Root()
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(opts.addr)
	if err != nil {
		return cmdutil.UsageErrorf("--addr %q: give HOST:PORT, such as %s", opts.addr, DefaultAddr)
	}
	sopts := serve.Options{Root: root, ReadOnly: opts.readOnly, Version: f.Build.Version, Now: f.Now, Open: f.OpenOptions(), Log: f.IO.ErrOut, Me: f.Me}
	if !serve.IsLoopback(host) && !opts.readOnly {
		sopts.Access = serve.NewAccessToken()
	}
	srv, err := serve.New(ctx, sopts)
	if err != nil {
		return cmdutil.FailureErrorf("load workspace %s: %w", root, err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", opts.addr)
	if err != nil {
		return cmdutil.FailureErrorf("%w; choose another --addr (port 0 takes any free one)", err)
	}
	url := "http://" + displayAddr(ln.Addr()) + "/"
	if sopts.Access != "" {
		url += "?access=" + sopts.Access
	}
	what := "editable"
	if opts.readOnly {
		what = "read-only"
	}
	fmt.Fprintf(f.IO.ErrOut, "serving %s (%s) at %s; Ctrl-C stops\n", safetext.Line(root), what, url)
	fmt.Fprintln(f.IO.Out, url)
	if opts.open {
		if err := openBrowser(ctx, url); err != nil {
			fmt.Fprintf(f.IO.ErrOut, "note: could not open a browser (%v); open %s\n", err, url)
		}
	}
	return srv.Serve(ctx, ln, gracePeriod)
}

// gracePeriod is how long an edit in flight has to finish after Ctrl-C:
// within the time roadlog gives any command to end after a signal.
const gracePeriod = 800 * time.Millisecond

// displayAddr is the address to open: a wildcard listener is reached at
// localhost.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// openBrowser opens url in the desktop's default browser.
func openBrowser(ctx context.Context, url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", url)
	case "windows":
		cmd = exec.CommandContext(ctx, "rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
