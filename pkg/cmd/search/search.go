// Package search implements `roadlog search QUERY`: ranked full-text
// search over every record's title, text and field values.
package search

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/script"
	"github.com/roadlog/roadlog/pkg/search"
	"github.com/roadlog/roadlog/pkg/view"
	"github.com/spf13/cobra"
)

// defaultLimit is how many hits a search shows unless told, as gh search
// does.
const defaultLimit = 30

// options are the inputs of the command.
type options struct {
	*cmdutil.ViewOptions

	query string
	kind  string // a search.Doc kind; "" for all
}

// NewCmd returns the search command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{ViewOptions: cmdutil.NewViewOptions(f)}
	var kind string
	cmd := &cobra.Command{
		Use:   "search QUERY [flags]",
		Short: "find records by their text, best match first",
		Long: `Search the titles, Markdown text and field values (labels, owner, status,
custom fields) of every record: items, insights, decisions, the sections of
product.md, and the records of the YAML files with their descriptions.
Several arguments are one query.

  guest checkout    records with both words, anywhere
  "guest checkout"  the words next to each other, in this order
  check*            any word that begins with check
  -refund           leave out records with the word (after --: roadlog search -- pay -refund)

Case and accents do not matter: "societe" finds "Société", "strasse" finds
"Straße". Hits are ranked by BM25F, a word in a title counting three times
one in the text; equal scores go by ID. Each hit shows its best matching
line, the matched words in bold on a terminal. --format json gives each
snippet's matched words as marks: [start, end) offsets in characters (code
points) of the snippet.

--where filters with an expression over the fields of the kinds searched,
body included: --where 'status != "done"', --where 'body contains "refund"'.
Hits are in the order of their scores, so search takes no --sort, and its
columns are fixed, so no --columns (--json FIELDS picks fields). No hit is
not an error: a note on stderr, exit status 0 (as gh search).`,
		Example: `  roadlog search checkout
  roadlog search '"guest checkout"' --kind items --where 'status == "ready"'
  roadlog search pay* --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.UsageErrorf("%q needs a QUERY", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.query = strings.Join(args, " ")
			if _, err := search.Parse(opts.query); err != nil {
				return cmdutil.UsageErrorf("%s", err)
			}
			if kind != "" {
				k, ok := search.ParseKind(kind)
				if !ok {
					return cmdutil.CheckEnum("--kind", "kind", kind, search.KindNames())
				}
				opts.kind = k
			}
			return opts.Run(cmd.Context(), func(ctx context.Context) error { return run(ctx, opts) })
		},
	}
	cmd.Flags().StringVarP(&kind, "kind", "k", "", "search only records of `KIND`: "+strings.Join(search.KindNames(), ", "))
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions(search.KindNames(), cobra.ShellCompDirectiveNoFileComp))
	opts.View.Register(cmd, cmdutil.Where|cmdutil.Format, nil)
	cmd.Flags().IntVarP(&opts.View.Limit, "limit", "n", defaultLimit, "show at most `N` hits, best first (0: all)")
	opts.Script.Register(cmd, func(*cobra.Command) []string { return hitFields })
	return cmd
}

func run(ctx context.Context, opts *options) error {
	q, err := search.Parse(opts.query)
	if err != nil {
		return cmdutil.UsageErrorf("%s", err)
	}
	ws, err := opts.Workspace(ctx)
	if err != nil {
		return err
	}
	p := plan.New(ws, opts.Now())
	ix, err := search.New(ctx, p)
	if err != nil {
		return err
	}
	hits, err := ix.Search(ctx, q)
	if err != nil {
		return err
	}
	hits, err = search.Filter(p, hits, opts.kind, opts.View.Where, cmdutil.Bind(ctx, opts.Me))
	if err != nil {
		return cmdutil.ViewError(err)
	}
	cmdutil.NoteUnreadable(opts.IO, ws)
	total := len(hits)
	if opts.View.Limit > 0 && total > opts.View.Limit {
		hits = hits[:opts.View.Limit]
	}
	if opts.Script.On() { // the hits, best first
		return opts.Script.Write(ctx, opts.IO, jsonHits(hits), hitFields)
	}
	if opts.View.Format == "json" {
		return render.JSON(opts.IO.Out, output{Query: opts.query, Hits: jsonHits(hits)})
	}
	if total == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "no records match %s\n", strconv.Quote(safetext.Line(opts.query)))
		return nil
	}
	bold := opts.View.Format == "table" && opts.IO.ColorEnabled()
	if err := render.Write(opts.IO.Out, opts.View.Format, table(hits, bold), render.Options{Width: opts.IO.TableWidth()}); err != nil {
		return err
	}
	if len(hits) < total {
		fmt.Fprintf(opts.IO.ErrOut, "note: showing the best %d of %d hits; --limit 0 shows all\n", len(hits), total)
	}
	return nil
}

// table lays the hits out; bold marks the matched words with SGR bold.
func table(hits []*search.Hit, bold bool) *render.Table {
	t := &render.Table{Columns: []render.Column{
		{Name: "id", Fixed: true},
		{Name: "kind", Fixed: true, Drop: view.DropRank("kind")},
		{Name: "title", Flex: true},
		{Name: "score", Right: true, Fixed: true},
		{Name: "snippet", Flex: true, Styled: bold},
	}}
	for _, h := range hits {
		sn := h.Snippet()
		text := sn.Text
		if bold {
			text = sn.Marked("\x1b[1m", "\x1b[22m")
		}
		t.Rows = append(t.Rows, []string{h.Doc.ID, h.Doc.Kind, h.Doc.Title, strconv.FormatFloat(h.Score, 'f', 2, 64), text})
	}
	return t
}

// output is the JSON of a search.
type output struct {
	Query string `json:"query"`
	Hits  []hit  `json:"hits"`
}

// hit is one hit in JSON. Marks are [start, end) offsets in characters
// (code points) of the snippet.
type hit struct {
	ID      string        `json:"id"`
	Kind    string        `json:"kind"`
	Title   string        `json:"title"`
	File    string        `json:"file"`
	Score   float64       `json:"score"`
	Snippet string        `json:"snippet"`
	Marks   []search.Mark `json:"marks"`
}

// hitFields are the fields of a hit, for --json.
var hitFields = script.Keys(hit{})

// jsonHits are the hits as JSON writes them.
func jsonHits(hits []*search.Hit) []hit {
	out := make([]hit, 0, len(hits))
	for _, h := range hits {
		sn := h.Snippet()
		marks := sn.Marks
		if marks == nil {
			marks = []search.Mark{}
		}
		out = append(out, hit{
			ID: h.Doc.ID, Kind: h.Doc.Kind, Title: h.Doc.Title, File: h.Doc.File,
			// Three decimals: the same figure on every platform.
			Score:   math.Round(h.Score*1000) / 1000,
			Snippet: sn.Text, Marks: marks,
		})
	}
	return out
}
