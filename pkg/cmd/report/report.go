// Package reportcmd implements `roadlog report`: the static HTML site.
package reportcmd

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/flow"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/report"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	dir        string
	singleFile string
	public     bool
	stamp      bool
	force      bool
}

// NewCmd returns the report command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "report [flags]",
		Short: "write the plan as a static HTML site",
		Long: `Write the workspace as a static HTML site: an overview (vision, objective
progress, roadmap, backlog health, validation status), the roadmap (now /
next / later and a timeline of quarters), the ranked backlog (sortable and
filterable in the page), the board, objectives with progress bars, releases,
risks on a likelihood × impact matrix, the dependency graph, the findings of
roadlog validate, and a page per record with everything that links to it.
In a Git repository with commits, a Flow page adds the flow metrics of
roadlog metrics as charts (cumulative flow, throughput, cycle times, WIP,
aging) and, per release, its burn-up, scope change, say/do and forecast,
all as of today (SOURCE_DATE_EPOCH when set) and the commit at HEAD.

The site works from file://, makes no network request and loads no font or
script from elsewhere. The same files give the same bytes: there is no
timestamp unless SOURCE_DATE_EPOCH is set or --stamp asks for one.

--public fails closed: it leaves out every record whose visibility is not
absent or "public", the fields named in report.internal_fields, and every
mention of what it leaves out (links, references, IDs in text, counts). It
refuses to run (exit 1) while a visibility is misspelled.

-o DIR writes the site into DIR and lists what it wrote in DIR/.roadlog-site;
the next run replaces or removes those files only, so files of your own in
DIR stay. Pages are written as they are made; a file whose bytes did not
change is not written again, and a page whose inputs did not change is not
even made again (their hashes are kept in the user's cache folder,
$XDG_CACHE_HOME/roadlog or ~/.cache/roadlog). A folder that is not empty and has no such list is refused, as
are the workspace's own folder, a folder holding a roadlog.yaml and
anything inside .git. --single-file writes one self-contained HTML file
instead, and replaces only a file that roadlog wrote; --force replaces
files roadlog did not write.

The path of index.html is printed.`,
		Example: `  roadlog report -o site
  roadlog report --public -o public-site
  roadlog report --single-file roadmap.html`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.singleFile != "" && cmd.Flags().Changed("output") {
				return cmdutil.UsageErrorf("give -o DIR or --single-file FILE, not both")
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.dir, "output", "o", "site", "write the site into `DIR`")
	cmd.Flags().StringVar(&opts.singleFile, "single-file", "", "write one self-contained HTML `FILE` instead")
	cmd.Flags().BoolVar(&opts.public, "public", false, "leave out internal records and fields")
	cmd.Flags().BoolVar(&opts.stamp, "stamp", false, "print the time of the report in every page's footer")
	cmd.Flags().BoolVar(&opts.force, "force", false, "replace files that roadlog did not write")
	return cmd
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	ws, err := f.Workspace(ctx)
	if err != nil {
		return err
	}
	out, err := outputPath(f.Dir, ws.Root, opts)
	if err != nil {
		return err
	}
	now := f.Now()
	findings, err := validate.Checked(ctx, ws, validate.Options{Now: now, Forecast: cmdutil.ReleaseRisks})
	if err != nil {
		return cmdutil.FailureErrorf("validate: %w", err)
	}
	if opts.public {
		if err := publicProblems(f.IO.ErrOut, ws, findings); err != nil {
			return err
		}
	}
	ropts := report.Options{Public: opts.public, SingleFile: opts.singleFile != "", Version: f.Build.Version, Findings: findings}
	if opts.stamp || f.Getenv("SOURCE_DATE_EPOCH") != "" {
		ropts.Stamp = now
	}
	if ropts.Flow, err = history(ctx, f, ws, now); err != nil {
		return err
	}
	pl := plan.New(ws, now)
	if opts.singleFile != "" {
		site, err := report.Build(ctx, pl, ropts)
		if err != nil {
			return cmdutil.FailureErrorf("report: %w", err)
		}
		cmdutil.NoteUnreadable(f.IO, ws)
		if err := writeSingle(out, site["index.html"], opts); err != nil {
			return err
		}
		fmt.Fprintln(f.IO.Out, out)
		return nil
	}
	cmdutil.NoteUnreadable(f.IO, ws)
	wopts := report.WriteOptions{Force: opts.force}
	wopts.CacheRoot, wopts.CacheName = cacheFile(out)
	st, err := report.Write(ctx, out, pl, ropts, wopts)
	var foreign *report.ForeignError
	switch {
	case errors.As(err, &foreign) && len(foreign.Paths) == 0 && len(foreign.Changed) == 0:
		return cmdutil.FailureErrorf("%s is not empty and was not written by roadlog report; choose another -o, or --force to write into it", opts.dir)
	case errors.As(err, &foreign):
		var what []string
		if len(foreign.Paths) > 0 {
			what = append(what, "roadlog did not write "+describePaths(foreign.Paths))
		}
		if len(foreign.Changed) > 0 {
			what = append(what, describePaths(foreign.Changed)+" changed since roadlog wrote "+pronoun(foreign.Changed))
		}
		them := pronoun(append(foreign.Paths, foreign.Changed...))
		return cmdutil.FailureErrorf("-o %s: %s; move %s away, or use --force to replace %[3]s", opts.dir, strings.Join(what, ", and "), them)
	case err != nil:
		return cmdutil.FailureErrorf("-o %s: %w", opts.dir, err)
	}
	fmt.Fprintf(f.IO.ErrOut, "wrote %d files", st.Written+st.Unchanged)
	if st.Removed > 0 {
		fmt.Fprintf(f.IO.ErrOut, ", removed %d", st.Removed)
	}
	fmt.Fprintln(f.IO.ErrOut)
	if len(st.Kept) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "kept %s: the site no longer has %s, but %s bytes are not what roadlog wrote; remove %[2]s if you do not need %[2]s\n",
			safetext.Line(describePaths(st.Kept)), pronoun(st.Kept), possessive(st.Kept))
	}
	fmt.Fprintln(f.IO.Out, filepath.Join(out, "index.html"))
	return nil
}

// history returns what the Flow page is made from: the Git history of
// the workspace up to HEAD, read as `roadlog metrics` reads it (cached
// under .roadlog). nil when the workspace is not in a Git repository or
// the repository has no commit: then the site has no Flow page. A history
// that cannot be read costs the Flow page too, with a note saying why.
func history(ctx context.Context, f *cmdutil.Factory, ws *workspace.Workspace, now time.Time) (*report.Flow, error) {
	git, err := gitx.New(ctx, ws.Root)
	if err != nil {
		return nil, nil //nolint:nilerr // not in a Git repository: no Flow page
	}
	oo := f.OpenOptions()
	h, _, err := flow.Load(ctx, git, ws.Root, flow.Options{NoCache: oo.NoCache, VerifyCache: oo.VerifyCache})
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, gitx.ErrNoCommits):
		return nil, nil
	case err != nil:
		fmt.Fprintf(f.IO.ErrOut, "note: the report has no Flow page: %s\n", safetext.Line(err.Error()))
		return nil, nil
	}
	return &report.Flow{History: h, Rules: flow.NewRules(ws.Config), Today: flow.DayOf(now)}, nil
}

// publicProblems prints what makes `report --public` refuse to run and
// returns [cmdutil.ErrFindings], or returns nil: a misspelled visibility,
// and a file that did not load (it does not parse, has a duplicate key, or
// cannot be read), which may hold internal records whose IDs public text
// mentions.
func publicProblems(w io.Writer, ws *workspace.Workspace, findings diag.List) error {
	visibility := report.VisibilityProblems(ws, findings)
	unloaded := report.LoadProblems(ws)
	if len(visibility) == 0 && len(unloaded) == 0 {
		return nil
	}
	all := append(slices.Clone(visibility), unloaded...)
	all.Sort()
	fmt.Fprintln(w, "roadlog: report --public: nothing written, because it is not clear what must stay internal:")
	for _, d := range all {
		fmt.Fprintln(w, "  "+safetext.Line(d.String()))
	}
	switch {
	case len(unloaded) == 0:
		fmt.Fprintln(w, "write visibility: internal or visibility: public there, then run the report again")
	case len(visibility) == 0:
		fmt.Fprintln(w, "a file that does not load may hold internal records; fix it, then run the report again")
	default:
		fmt.Fprintln(w, "write visibility: internal or visibility: public there, and fix the files that do not load (they may hold internal records), then run the report again")
	}
	return cmdutil.ErrFindings
}

// cacheFile is where the report keeps, between runs, what each page of
// the site at out was made from, so that a page whose inputs did not
// change is not made again: a file of its own for each output folder in
// roadlog's folder of the user's cache ($XDG_CACHE_HOME/roadlog/report,
// ~/.cache/roadlog/report), as that folder and a name inside it. Not in
// the workspace, whose index knows its files and not where their sites
// went, nor in the site, which is the same bytes for the same plan. "" when there is no such folder: then
// every page is made.
func cacheFile(out string) (dir, name string) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", ""
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", ""
	}
	state := filepath.Join(base, "roadlog")
	if err := os.MkdirAll(state, 0o755); err != nil {
		return "", ""
	}
	sum := sha256.Sum256([]byte(resolve(abs)))
	return state, "report/" + hex.EncodeToString(sum[:16])
}

// pronoun is "it" for one path, "them" for more.
func pronoun(paths []string) string {
	if len(paths) == 1 {
		return "it"
	}
	return "them"
}

// possessive is "its" for one path, "their" for more.
func possessive(paths []string) string {
	if len(paths) == 1 {
		return "its"
	}
	return "their"
}

func describePaths(paths []string) string {
	if len(paths) > 3 {
		return strings.Join(paths[:3], ", ") + fmt.Sprintf(" and %d more", len(paths)-3)
	}
	return strings.Join(paths, ", ")
}

// outputPath returns where the report goes, as given (joined to dir when
// relative), refusing places a site must not be written to: the
// workspace's folder, a folder with a roadlog.yaml (another workspace),
// and anything inside .git.
func outputPath(dir, wsRoot string, opts *options) (string, error) {
	flag, out := "-o", opts.dir
	if opts.singleFile != "" {
		flag, out = "--single-file", opts.singleFile
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(dir, out)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", cmdutil.FailureErrorf("%s %s: %w", flag, out, err)
	}
	resolved := resolve(abs)
	for p := resolved; ; p = filepath.Dir(p) {
		if filepath.Base(p) == ".git" {
			return "", cmdutil.InputErrorf("%s %s is inside a .git folder; write the report somewhere else", flag, opts.outName())
		}
		if filepath.Dir(p) == p {
			break
		}
	}
	if opts.singleFile != "" {
		return out, nil
	}
	if root := resolve(wsRoot); wsRoot != "" && resolved == root {
		return "", cmdutil.InputErrorf("-o %s is the workspace's own folder; give the site a folder of its own, such as -o site", opts.dir)
	}
	if _, err := os.Stat(filepath.Join(resolved, workspace.ConfigFile)); err == nil {
		return "", cmdutil.InputErrorf("-o %s holds a %s; give the site a folder of its own, such as -o site", opts.dir, workspace.ConfigFile)
	}
	return out, nil
}

func (o *options) outName() string {
	if o.singleFile != "" {
		return o.singleFile
	}
	return o.dir
}

// resolve follows the symbolic links of the part of p that exists.
func resolve(p string) string {
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// writeSingle writes a single-file report to name, replacing only a file
// roadlog wrote (unless --force), never a folder.
func writeSingle(name string, data []byte, opts *options) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	root, err := os.OpenRoot(filepath.Dir(name))
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	defer func() { _ = root.Close() }() // written by atomicfile.WriteFile
	base := filepath.Base(name)
	info, err := root.Lstat(base)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return cmdutil.FailureErrorf("%w", err)
	case info.IsDir():
		return cmdutil.InputErrorf("--single-file %s is a folder; give a file name, or -o %s for a site", opts.singleFile, opts.singleFile)
	case !opts.force && !ownSingleFile(root, base, info):
		return cmdutil.InputErrorf("--single-file %s exists and roadlog did not write it; give another file name, or use --force to replace it", opts.singleFile)
	}
	if err := atomicfile.WriteFile(root, base, data, 0o644); err != nil {
		return cmdutil.FailureErrorf("write %s: %w", opts.singleFile, err)
	}
	return nil
}

// ownSingleFile reports whether the file is a single-file report roadlog
// wrote: a regular file with roadlog's marker at its start.
func ownSingleFile(root *os.Root, name string, info fs.FileInfo) bool {
	if !info.Mode().IsRegular() {
		return false
	}
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer func() { _ = f.Close() }() // read only
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return report.IsSingleFile(head[:n])
}
