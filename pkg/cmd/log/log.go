// Package logcmd implements `roadlog log ID`: the history of one record
// from Git, as semantic changes.
package logcmd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/history"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/script"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/spf13/cobra"
)

var formats = []string{"text", "json"}

type options struct {
	f *cmdutil.Factory

	id     string
	limit  int
	since  string
	format string
	script cmdutil.ScriptFlags
}

// NewCmd returns the log command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{f: f}
	cmd := &cobra.Command{
		Use:   "log ID [flags]",
		Short: "show the history of a record from Git, as semantic changes",
		Long: `Show every commit that changed one record, newest first: the commit, its
author date (UTC), author and subject, then what changed in the record —
status, owner, rank (with the places it moved in the backlog), score inputs,
dates, title, labels, body lines, its creation or deletion. The history
follows file renames and renumbers (an ID change recognised by content, as
roadlog diff does), so the log of ACME-12 goes back to when it was ACME-7.

The walk follows the first parent, as git log --first-parent does: a merge
shows the changes it brought in, and the commits of a merged branch are not
listed one by one. In a shallow clone the history starts at its oldest
commit, which is marked.

--since takes a date (YYYY-MM-DD) or a revision: only commits made from that
day, or after that revision. --format json carries a schema_version.`,
		Example: `  roadlog log ACME-12
  roadlog log ACME-12 --limit 5
  roadlog log INIT-2 --since 2026-10-01 --format json`,
		Args:              cmdutil.ExactArgs(1, "the ID of a record"),
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.id = args[0]
			if err := cmdutil.CheckEnum("--format", "format", opts.format, formats); err != nil {
				return err
			}
			if opts.limit < 0 {
				return cmdutil.InputErrorf("--limit: %d is not a number of commits; give 1 or more (0: all)", opts.limit)
			}
			if opts.since != "" {
				if _, ok := parseDate(opts.since); !ok {
					if err := gitx.CheckRev(opts.since); err != nil {
						return cmdutil.InputErrorf("--since: %q is neither a date (YYYY-MM-DD) nor a revision", opts.since)
					}
				}
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVarP(&opts.limit, "limit", "n", 0, "show the newest `N` commits only (0: all)")
	cmd.Flags().StringVar(&opts.since, "since", "", "only commits from `DATE` (YYYY-MM-DD) or after a revision")
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output `FORMAT`: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	opts.script.Register(cmd, func(*cobra.Command) []string { return script.Keys(history.Entry{}) })
	return cmd
}

// parseDate reads a day or an RFC 3339 time.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func run(ctx context.Context, opts *options) error {
	f := opts.f
	git, err := f.Git(ctx)
	if err != nil {
		return err
	}
	lo := history.LogOptions{Limit: opts.limit}
	if opts.since != "" {
		if t, ok := parseDate(opts.since); ok {
			lo.Since = t
		} else {
			commit, err := git.Resolve(ctx, opts.since)
			if err != nil {
				return cmdutil.InputErrorf("--since: %w", err)
			}
			if lo.After, err = git.Ancestors(ctx, commit); err != nil {
				return cmdutil.FailureErrorf("%w", err)
			}
		}
	}
	l, err := history.Log(ctx, git, opts.id, lo)
	switch {
	case errors.Is(err, gitx.ErrNoCommits):
		l = &history.RecordLog{ID: opts.id, Entries: []history.Entry{}}
	case err != nil:
		return cmdutil.FailureErrorf("%w", err)
	}
	if !l.Found {
		ws, err := f.Workspace(ctx)
		if err != nil {
			return err
		}
		if ws.Find(opts.id) == nil {
			hint := suggest.IDHint(opts.id, ws.IDs())
			if hint == "" {
				hint = "list IDs with `roadlog list KIND`"
			}
			return cmdutil.InputErrorf("no record has the ID %q, now or in the history; %s", opts.id, hint)
		}
		fmt.Fprintf(f.IO.ErrOut, "note: %s has no committed history yet\n", safetext.Line(opts.id))
	}
	if l.Shallow {
		fmt.Fprintln(f.IO.ErrOut, "note: the clone is shallow, so the history starts at its oldest commit; git fetch --unshallow for the rest")
	}
	if opts.script.On() { // the entries, newest first
		return opts.script.Write(ctx, f.IO, l.Entries, script.Keys(history.Entry{}))
	}
	if opts.format == "json" {
		return render.JSON(f.IO.Out, l)
	}
	return cmdutil.Page(f.IO, l.WriteText)
}
