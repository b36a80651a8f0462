// Package importcmd implements `roadlog import SOURCE PATH`: records from
// another tool written into the workspace as one edit (see package
// importer).
package importcmd

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/importer"
	"github.com/roadlog/roadlog/pkg/importer/backlogmd"
	"github.com/roadlog/roadlog/pkg/importer/csvfile"
	"github.com/roadlog/roadlog/pkg/importer/github"
	"github.com/roadlog/roadlog/pkg/importer/roadlogjson"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/spf13/cobra"
)

// sources are the inputs import reads, by name.
var sources = map[string]func(*options) (*importer.Batch, error){
	"backlogmd": func(o *options) (*importer.Batch, error) { return backlogmd.Read(o.path) },
	"github":    func(o *options) (*importer.Batch, error) { return github.Read(o.path) },
	"csv":       csvSource(""),
	"jira":      csvSource("jira"),
	"linear":    csvSource("linear"),
	"json":      func(o *options) (*importer.Batch, error) { return roadlogjson.Read(o.path) },
}

// csvSource reads a CSV file with a preset ("": --preset, or found from
// the header); --map's FIELD=COLUMN rules name its columns, the others
// map statuses and types as for every source.
func csvSource(preset string) func(*options) (*importer.Batch, error) {
	return func(o *options) (*importer.Batch, error) {
		cols, rules := csvfile.SplitMap(o.imp.Map)
		o.imp.Map = rules
		p := preset
		if p == "" {
			p = o.preset
		}
		return csvfile.Read(o.path, csvfile.Options{Preset: p, Columns: cols})
	}
}

// options are the inputs of the command.
type options struct {
	factory *cmdutil.Factory

	source, path string
	preset       string // csv: jira, linear or csv
	imp          importer.Options
	dryRun       bool
	force        bool
}

// NewCmd returns the import command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{factory: f}
	cmd := &cobra.Command{
		Use:   "import SOURCE PATH [flags]",
		Short: "bring records in from Backlog.md, GitHub Issues, CSV (Jira, Linear) or roadlog JSON",
		Long: `Write the records of another tool into the workspace, as one edit: locked,
validated, all or nothing. It prints what it created, updated and left
unchanged, in the style of roadlog diff.

Sources:
  backlogmd DIR   a Backlog.md project (the folder with backlog/ in it):
                  tasks, drafts, completed and archived tasks → items
                  (task-1.1 a child of task-1, which becomes an epic),
                  decisions → decisions, docs → insights, milestones →
                  releases; assignees → owner and people in roadlog.yaml;
                  priority → moscow; ordinal → rank; dependencies →
                  depends_on; fields roadlog has no place for go under
                  origin.fields.
  github FILE     the JSON of gh issue list --state all --json
                  number,title,body,state,stateReason,labels,assignees,
                  milestone,author,createdAt,closedAt,url, or of the REST
                  issues API (pages may follow each other; pull requests
                  are skipped): issues → items GH-N, milestones → releases.
  csv FILE        a CSV export; --preset jira or linear (found from the
                  header when not given), or columns named like fields, or
                  --map FIELD=COLUMN; jira FILE and linear FILE name the
                  preset. Parent and blocking links survive; a file that is
                  not UTF-8 is read as Windows-1252, with a warning.
  json FILE       roadlog's own JSON, as roadlog export json (or export
                  jsonl, one record a line) writes it: every record with
                  its ID and fields as they were, no origin; a reference
                  to a record neither in the file nor in the workspace
                  stops the import. A record whose ID the workspace has
                  is that record: fields that differ are kept unless
                  --overwrite. Personas are skipped, with a warning.

Statuses and types map by name (case, spaces and hyphens folded), then by
well-known names (To Do → ready, Done → the first closed status, Won't Do
→ the last one); whatever is still unknown stops the import, with the
--map rule that would map it. Source IDs are kept when they are valid and
free (--prefix re-keys items), otherwise numbered, and references follow.

Every record remembers its source under origin: importing again updates
what changed upstream, adds what is new, never duplicates, and leaves
alone fields edited in roadlog since (--overwrite replaces them).`,
		Example: `  roadlog import backlogmd ../my-project --dry-run
  roadlog import backlogmd ../my-project --map status.Blocked=ready --map type.Chore=task
  roadlog import github issues.json
  roadlog import jira export.csv
  roadlog import json plan.json
  roadlog import csv sheet.csv --map title=What,status=State`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return cmdutil.UsageErrorf("%q needs a source (%s) and the file or folder to read", cmd.CommandPath(), names())
			}
			return nil
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return slices.Sorted(maps.Keys(sources)), cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.source, opts.path = args[0], args[1]
			if !filepath.IsAbs(opts.path) && f.Dir != "" {
				opts.path = filepath.Join(f.Dir, opts.path) // as every path after -C, like -o of export and report
			}
			if sources[opts.source] == nil {
				return cmdutil.UsageErrorf("unknown source %q; give one of %s", opts.source, names())
			}
			return run(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.imp.Map, "map", nil, "map a source's status or type: `status.NAME=STATUS` or type.NAME=TYPE; for CSV also FIELD=COLUMN (repeat it)")
	fl.StringVar(&opts.preset, "preset", "", "for csv: the export's `PRESET`, jira, linear or csv (default: found from the header)")
	fl.StringVar(&opts.imp.Prefix, "prefix", "", "give imported items IDs with this `PREFIX` (PREFIX-12 for task-12)")
	fl.BoolVar(&opts.imp.Overwrite, "overwrite", false, "replace fields edited in roadlog since the last import")
	fl.BoolVar(&opts.dryRun, "dry-run", false, "print what would change, and write nothing")
	fl.BoolVar(&opts.force, "force", false, "write even when the workspace would have new errors")
	return cmd
}

// names lists the sources for messages: "backlogmd", "csv", ….
func names() string {
	return `"` + strings.Join(slices.Sorted(maps.Keys(sources)), `", "`) + `"`
}

func run(ctx context.Context, opts *options) error {
	f := opts.factory
	if p := opts.imp.Prefix; p != "" && model.CheckID(p+"-1") != nil {
		return cmdutil.InputErrorf("--prefix %q: an ID prefix is a letter, then letters, digits, '.', '_' or '-'", p)
	}
	batch, err := sources[opts.source](opts)
	if err != nil {
		return inputError(f, err)
	}
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	plan, err := importer.Import(ctx, s, batch, opts.imp)
	if err != nil {
		return inputError(f, err)
	}
	plan.WriteWarnings(f.IO.ErrOut)
	if !opts.dryRun {
		if err := s.Commit(ctx, opts.force); err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}
	plan.Write(f.IO.Out, opts.dryRun)
	return nil
}

// inputError is input that cannot be imported: exit 2, nothing written.
func inputError(f *cmdutil.Factory, err error) error {
	var ie *importer.InputError
	var ue *importer.UnknownError
	if errors.As(err, &ie) || errors.As(err, &ue) {
		return cmdutil.InputErrorf("%w", err)
	}
	return cmdutil.EditError(f.IO, err)
}
