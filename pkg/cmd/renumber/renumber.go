// Package renumber implements `roadlog renumber OLD NEW`: change an ID and
// every reference to it.
package renumber

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/spf13/cobra"
)

// Options are the inputs of the command.
type Options struct {
	Factory *cmdutil.Factory

	Old, New string
	Force    bool
}

// NewCmd returns the renumber command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "renumber OLD NEW [flags]",
		Short: "change an ID and every reference to it",
		Long: `Give a record a new ID: its id field, its file name (for items, insights and
decisions: ACME-12-guest-checkout.md becomes ACME-40-guest-checkout.md) and
every field in the workspace that names it (parent, depends_on, initiative,
release, insights, theme, objectives, links, supersedes). Mentions in
Markdown text are listed, not changed.

Use it to fix a duplicate ID that two branches brought in.`,
		Example: `  roadlog renumber ACME-12 ACME-40
  roadlog renumber INIT-2 INIT-9`,
		Args:              cmdutil.ExactArgs(2, "the old and the new ID"),
		ValidArgsFunction: cmdutil.CompleteIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Old, opts.New = args[0], args[1]
			if err := model.CheckID(opts.New); err != nil {
				return cmdutil.InputErrorf("%w", err)
			}
			if opts.Old == opts.New {
				return cmdutil.InputErrorf("the old and the new ID are the same")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write even when the workspace would have new errors")
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	f := opts.Factory
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	ws := s.WS
	recs := ws.Lookup(opts.Old)
	if len(recs) == 0 {
		_, err := cmdutil.FindRecord(ws, opts.Old)
		return err
	}
	if t := ws.Find(opts.New); t != nil {
		return cmdutil.InputErrorf("%s is taken by %s %q", opts.New, t.Kind().Label(), t.Meta().Title)
	}
	// With a duplicate ID, renumber the copy given by its file (the last
	// one loaded otherwise would be ambiguous): the first in file order.
	target := recs[0]
	if len(recs) > 1 {
		fmt.Fprintf(f.IO.ErrOut, "note: %d records have the ID %s; renumbering the one in %s\n", len(recs), opts.Old, safetext.Line(target.File.Path))
	}

	// Group the changes by file, so that each file is parsed once.
	type change struct {
		pointer []string
	}
	byFile := map[*workspace.File][]change{}
	byFile[target.File] = append(byFile[target.File], change{append(slices.Clone(target.Pointer), "id")})
	refs := 0
	if len(recs) == 1 { // with duplicates, references stay with the other copy
		for _, r := range ws.Records {
			for _, ref := range model.References(r.Kind()) {
				field := ref.Field
				switch v := r.Meta().Fields[field].(type) {
				case string:
					if v == opts.Old {
						byFile[r.File] = append(byFile[r.File], change{append(slices.Clone(r.Pointer), field)})
						refs++
					}
				case []any:
					for i, e := range v {
						if e == opts.Old {
							byFile[r.File] = append(byFile[r.File], change{append(slices.Clone(r.Pointer), field, strconv.Itoa(i))})
							refs++
						}
					}
				}
			}
		}
	}
	files := make([]*workspace.File, 0, len(byFile))
	for file := range byFile {
		files = append(files, file)
	}
	slices.SortFunc(files, func(a, b *workspace.File) int { return strings.Compare(a.Path, b.Path) })
	for _, file := range files {
		changes := byFile[file]
		err := s.EditYAML(file, func(d *yamledit.Doc) error {
			for _, c := range changes {
				if err := d.Set(c.pointer, opts.New); err != nil {
					return fmt.Errorf("%s: %w", strings.Join(c.pointer, "."), err)
				}
			}
			return nil
		})
		if err != nil {
			return cmdutil.EditError(f.IO, err)
		}
	}

	// A one-file record moves to a file named after its new ID.
	oldPath, newPath := target.File.Path, ""
	switch target.Kind() {
	case model.KindItem, model.KindInsight, model.KindDecision:
		base := path.Base(oldPath)
		rest, ok := strings.CutPrefix(base, opts.Old)
		if !ok {
			rest = "-" + strings.TrimPrefix(base, "-")
		}
		newPath = path.Join(path.Dir(oldPath), opts.New+rest)
		if _, exists := s.Content(newPath); exists {
			return cmdutil.InputErrorf("%s exists already", newPath)
		}
		content, _ := s.Content(oldPath)
		s.Write(newPath, content)
		s.Remove(oldPath)
	}
	if err := s.Commit(ctx, opts.Force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}

	moved := ""
	if newPath != "" {
		moved = fmt.Sprintf("; %s → %s", oldPath, newPath)
	}
	fmt.Fprintf(f.IO.ErrOut, "renumbered %s → %s: %d reference(s) in %d file(s) rewritten%s\n",
		opts.Old, opts.New, refs, len(files), safetext.Line(moved))
	mentionRE := regexp.MustCompile(`\b` + regexp.QuoteMeta(opts.Old) + `\b`)
	var mentions []string
	for _, file := range ws.Files {
		if file.Body != "" && mentionRE.MatchString(file.Body) {
			p := file.Path
			if p == oldPath && newPath != "" {
				p = newPath
			}
			mentions = append(mentions, p)
		}
	}
	if len(mentions) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "note: the text of these files still mentions %s: %s\n", opts.Old, safetext.Line(strings.Join(mentions, ", ")))
	}
	return nil
}
