// Package mergedrivercmd implements `roadlog merge-driver`, the Git merge
// driver for plan files that `roadlog git-setup` configures: Git runs it
// for each plan file both sides of a merge, rebase or cherry-pick changed.
package mergedrivercmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/merge"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlfmt"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	io  *iostreams.IOStreams
	dir string

	base, ours, theirs string
	markerSize         int
	name               string
}

// NewCmd returns the merge-driver command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{io: f.IO}
	return &cobra.Command{
		Use:   "merge-driver BASE OURS THEIRS [MARKER_SIZE [PATH]]",
		Short: "merge three versions of a plan file by record and field (run by Git)",
		Long: `Merge three versions of a plan file by meaning, as Git's merge driver
(set up by roadlog init and roadlog git-setup): BASE is the common ancestor,
OURS the current branch's version, where the result is written, THEIRS the
other branch's; MARKER_SIZE is the length of conflict markers and PATH the
file's path in the repository (Git passes %O %A %B %L %P).

Lists of records (initiatives, key results, releases, risks, personas)
merge by ID, records field by field, lists of distinct values such as
labels element by element, and Markdown bodies with Git's own text merge.
Records both sides added go in the list as ours has them, then theirs'.
The result keeps ours' bytes and theirs' changes as edits write them.

Conflict markers go around just the disputed entry when both sides set a
field to different values, a record is changed on one side and removed on
the other, or both sides added the same ID with different content (keep
one and give the other a new ID with roadlog renumber). A version that does
not parse, or anything unexpected, makes the driver merge that file as Git
would, line by line, and say so. Exit status 0 means merged cleanly, 1
that conflicts are left in OURS.`,
		Example: `  # what roadlog git-setup configures:
  git config merge.roadlog.driver 'roadlog merge-driver %O %A %B %L %P'`,
		Args: cobra.RangeArgs(3, 5),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = f.Dir
			opts.base, opts.ours, opts.theirs = args[0], args[1], args[2]
			opts.name = args[1]
			if len(args) > 3 {
				n, err := strconv.Atoi(args[3])
				if err != nil || n < 1 || n > 100 {
					return cmdutil.UsageErrorf("MARKER_SIZE %q: give a number from 1 to 100 (Git passes %%L)", args[3])
				}
				opts.markerSize = n
			}
			if len(args) > 4 && args[4] != "" {
				opts.name = args[4]
			}
			return run(cmd.Context(), opts)
		},
	}
}

func run(ctx context.Context, opts *options) error {
	var versions [3][]byte
	for i, p := range []string{opts.base, opts.ours, opts.theirs} {
		b, err := os.ReadFile(opts.path(p))
		if err != nil {
			return cmdutil.FailureErrorf("%w", err)
		}
		versions[i] = b
	}
	o := merge.Options{MarkerSize: opts.markerSize, Text: gitText, Layout: layout(ctx, opts.path(opts.name)), Diff3: diff3(ctx, opts.dir)}
	res, err := mergeSafely(ctx, opts.name, versions, o)
	if err != nil {
		return cmdutil.FailureErrorf("%s: %w", safetext.Line(opts.name), err)
	}
	// Atomically: Git takes OURS as the result even when the driver is
	// killed, and half a file would lose both sides.
	oursPath := opts.path(opts.ours)
	root, err := os.OpenRoot(filepath.Dir(oursPath))
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	defer func() { _ = root.Close() }() // written with WriteFile
	if err := atomicfile.WriteFile(root, filepath.Base(oursPath), res.Text, 0o644); err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	name := safetext.Line(opts.name)
	if res.Fallback != "" {
		fmt.Fprintf(opts.io.ErrOut, "roadlog merge-driver: %s: merged line by line, as Git does: %s\n", name, safetext.Line(res.Fallback))
	}
	for _, c := range res.Conflicts {
		switch c.Where {
		case "":
			fmt.Fprintf(opts.io.ErrOut, "roadlog merge-driver: %s: conflict: %s\n", name, safetext.Line(c.Why))
		default:
			fmt.Fprintf(opts.io.ErrOut, "roadlog merge-driver: %s: conflict at %s: %s\n", name, safetext.Line(c.Where), safetext.Line(c.Why))
		}
	}
	if len(res.Conflicts) > 0 {
		return cmdutil.ErrFindings
	}
	return nil
}

// mergeSafely merges by meaning, and line by line should that fail in a
// way it did not foresee: the driver never panics and never loses a side.
func mergeSafely(ctx context.Context, name string, v [3][]byte, o merge.Options) (res merge.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = merge.Text(ctx, v[0], v[1], v[2], o, fmt.Sprintf("the merge by meaning failed (%v)", r))
		}
	}()
	return merge.File(ctx, name, v[0], v[1], v[2], o)
}

// layout returns where roadlog fmt puts things in the file at p, by its
// kind in the workspace around it (Git runs the driver at the top of the
// working tree, where p is); the zero layout when it is in none.
func layout(ctx context.Context, p string) yamledit.Layout {
	abs, err := filepath.Abs(p)
	if err != nil {
		return yamledit.Layout{}
	}
	root, err := workspace.Find(filepath.Dir(abs))
	if err != nil {
		return yamledit.Layout{}
	}
	ws, err := workspace.OpenConfig(ctx, root)
	if err != nil {
		return yamledit.Layout{}
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return yamledit.Layout{}
	}
	kind, ok := ws.Config.KindOf(filepath.ToSlash(rel))
	if !ok {
		return yamledit.Layout{}
	}
	return yamlfmt.Layout(kind)
}

// gitText is Git's own line merge.
func gitText(ctx context.Context, base, ours, theirs []byte, o merge.Options) ([]byte, int, error) {
	return gitx.MergeFile(ctx, base, ours, theirs, gitx.MergeLabels{Ours: o.Ours, Base: o.Base, Theirs: o.Theirs, MarkerSize: o.MarkerSize, Diff3: o.Diff3})
}

// diff3 reports whether the repository asks for conflicts with the base's
// version (merge.conflictStyle diff3 or zdiff3), which Git does not pass
// to a driver.
func diff3(ctx context.Context, dir string) bool {
	c := &gitx.Client{Dir: dir}
	out, err := c.Run(ctx, "config", "--get", "merge.conflictStyle")
	if err != nil {
		return false
	}
	style := strings.TrimSpace(string(out))
	return style == "diff3" || style == "zdiff3"
}

// path resolves a file name Git gave against -C.
func (opts *options) path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(opts.dir, p)
}
