// Package reportcmd implements `roadlog report`: the static HTML site.
package reportcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/report"
	"github.com/roadlog/roadlog/pkg/validate"
	"github.com/spf13/cobra"
)

// Marker is the file that marks a folder as a roadlog site, so that a
// later report may clean it.
const Marker = ".roadlog-site"

// Options are the inputs of the command.
type Options struct {
	Factory *cmdutil.Factory

	Dir        string
	SingleFile string
	Public     bool
	Stamp      bool
}

// NewCmd returns the report command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "report [flags]",
		Short: "write the plan as a static HTML site",
		Long: `Write the workspace as a static HTML site: an overview (vision, objective
progress, roadmap, backlog health, validation status), the roadmap (now /
next / later and a timeline of quarters), the ranked backlog (sortable and
filterable in the page), the board, objectives with progress bars, releases,
risks on a likelihood × impact matrix, the dependency graph, the findings of
roadlog validate, and a page per record with everything that links to it.

The site works from file://, makes no network request and loads no font or
script from elsewhere. The same files give the same bytes: there is no
timestamp unless SOURCE_DATE_EPOCH is set or --stamp asks for one.

--public leaves out records with visibility: internal, the fields named in
report.internal_fields, and every link to them. --single-file writes one
self-contained HTML file instead of a folder.

The path of index.html is printed.`,
		Example: `  roadlog report -o site
  roadlog report --public -o public-site
  roadlog report --single-file roadmap.html`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.SingleFile != "" && cmd.Flags().Changed("output") {
				return cmdutil.UsageErrorf("give -o DIR or --single-file FILE, not both")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Dir, "output", "o", "site", "write the site into `DIR`")
	cmd.Flags().StringVar(&opts.SingleFile, "single-file", "", "write one self-contained HTML `FILE` instead")
	cmd.Flags().BoolVar(&opts.Public, "public", false, "leave out internal records and fields")
	cmd.Flags().BoolVar(&opts.Stamp, "stamp", false, "print the time of the report in every page's footer")
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	f := opts.Factory
	ws, err := f.Workspace(ctx)
	if err != nil {
		return err
	}
	now := f.Now()
	findings, err := validate.Run(ctx, ws, validate.Options{Now: now})
	if err != nil {
		return cmdutil.FailureErrorf("validate: %w", err)
	}
	ropts := report.Options{Public: opts.Public, SingleFile: opts.SingleFile != "", Version: f.Build.Version, Findings: findings}
	if opts.Stamp || f.Getenv("SOURCE_DATE_EPOCH") != "" {
		ropts.Stamp = now
	}
	site, err := report.Build(ctx, plan.New(ws, now), ropts)
	if err != nil {
		return cmdutil.FailureErrorf("report: %w", err)
	}
	cmdutil.NoteUnreadable(f.IO, ws)

	if opts.SingleFile != "" {
		out := opts.SingleFile
		if !filepath.IsAbs(out) {
			out = filepath.Join(f.Dir, out)
		}
		if info, err := os.Stat(out); err == nil && info.IsDir() {
			return cmdutil.InputErrorf("--single-file %s is a folder; give a file name, or -o %s for a site", opts.SingleFile, opts.SingleFile)
		}
		if err := writeAtomic(out, site["index.html"]); err != nil {
			return cmdutil.FailureErrorf("write %s: %w", opts.SingleFile, err)
		}
		fmt.Fprintln(f.IO.Out, out)
		return nil
	}
	dir := opts.Dir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(f.Dir, dir)
	}
	if err := prepare(dir); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	defer func() { _ = root.Close() }() // files are written with WriteFile
	for _, d := range report.Dirs(site) {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return cmdutil.FailureErrorf("create %s: %w", d, err)
		}
	}
	if err := report.Write(site, func(name string, data []byte) error {
		return root.WriteFile(name, data, 0o644)
	}); err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	if err := removeStale(root, site); err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	if err := root.WriteFile(Marker, []byte("This folder is written by roadlog report; it may be replaced.\n"), 0o644); err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	fmt.Fprintf(f.IO.ErrOut, "wrote %d files\n", len(site))
	fmt.Fprintln(f.IO.Out, filepath.Join(dir, "index.html"))
	return nil
}

// prepare creates dir, refusing a folder with other content that a report
// did not write.
func prepare(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return cmdutil.FailureErrorf("create %s: %w", dir, err)
		}
		return nil
	case err != nil:
		return cmdutil.FailureErrorf("%w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		return cmdutil.FailureErrorf("%s is not empty and was not written by roadlog report; choose another -o", dir)
	}
	return nil
}

// removeStale deletes pages of records that are gone, in a folder roadlog
// wrote before.
func removeStale(root *os.Root, site report.Site) error {
	return fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || p == Marker {
			return nil
		}
		if _, keep := site[p]; keep {
			return nil
		}
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".css") {
			return root.Remove(p)
		}
		return nil
	})
}

// writeAtomic writes a file through a temporary file renamed over it,
// creating its folder.
func writeAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer func() { _ = root.Close() }() // written by atomicfile.WriteFile
	return atomicfile.WriteFile(root, filepath.Base(name), data, 0o644)
}
