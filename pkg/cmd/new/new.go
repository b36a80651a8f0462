// Package newcmd implements `roadlog new`: create a backlog item with the
// next free ID, or add an initiative, objective, key result, release, risk,
// theme, insight or decision.
package newcmd

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"github.com/roadlog/roadlog/schema"

	editcmd "github.com/roadlog/roadlog/pkg/cmd/edit"
	setcmd "github.com/roadlog/roadlog/pkg/cmd/set"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/edit"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/rank"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/roadlog/roadlog/pkg/yamlfmt"
	"github.com/spf13/cobra"
)

// Options are the inputs of the command.
type Options struct {
	Factory *cmdutil.Factory

	Kind      model.Kind
	Type      string // for items
	Title     string
	ID        string // --id: instead of the next free one
	Objective string // for key results
	Sets      []string
	Edit      bool
	Force     bool
}

// recordKinds are the kinds `new KIND TITLE` adds besides items.
var recordKinds = map[string]model.Kind{
	"initiative": model.KindInitiative, "objective": model.KindObjective, "key-result": model.KindKeyResult,
	"release": model.KindRelease, "risk": model.KindRisk, "theme": model.KindTheme,
	"insight": model.KindInsight, "decision": model.KindDecision,
}

// NewCmd returns the new command.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "new [TYPE|KIND] TITLE [flags]",
		Short: "create a backlog item, or add an initiative, objective, release, risk…",
		Long: `Create a backlog item: backlog/<ID>-<slug>.md with the next free ID, the first
status of the workflow, today as created, a rank at the bottom of the
backlog and a body to fill in. Its path is printed.

The next ID is one above every ID roadlog can see: in the working tree and in
every local and remote-tracking branch, so that two branches do not both take
"the next" one. With ids: random in roadlog.yaml, IDs are short and random
(ACME-k7q2).

With a KIND instead of a type — initiative, objective, key-result (with
--objective), release, risk, theme, insight or decision — the record is added
to its file (roadmap.yaml, objectives.yaml, …) or written as a new one
(insights/, decisions/).

--set field=value sets more fields, typed as roadlog set types them.`,
		Example: `  roadlog new "Guest checkout without an account"
  roadlog new bug "Wallet button flickers" --set owner=ana --set labels=[wallets]
  roadlog new initiative "Buy now, pay later" --set horizon=later
  roadlog new key-result "Checkout conversion rate" --objective OBJ-1 --set target=3`,
		Args:              cobra.RangeArgs(1, 2),
		ValidArgsFunction: cmdutil.SafeCompletions(completeNew(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Title = args[len(args)-1]
			if strings.TrimSpace(opts.Title) == "" {
				return cmdutil.InputErrorf("the title is empty")
			}
			opts.Kind = model.KindItem
			if len(args) == 2 {
				if k, ok := recordKinds[args[0]]; ok {
					opts.Kind = k
				} else {
					opts.Type = args[0]
				}
			}
			if opts.Kind == model.KindKeyResult && opts.Objective == "" {
				return cmdutil.UsageErrorf("a key result needs --objective OBJ-ID")
			}
			if opts.Kind != model.KindKeyResult && opts.Objective != "" {
				return cmdutil.UsageErrorf("--objective is for key results")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Sets, "set", nil, "also set `FIELD=VALUE` (repeat)")
	cmd.Flags().StringVar(&opts.ID, "id", "", "use this `ID` instead of the next free one")
	cmd.Flags().StringVar(&opts.Objective, "objective", "", "the objective a key result belongs to")
	cmd.Flags().BoolVarP(&opts.Edit, "edit", "e", false, "open the new item in $VISUAL or $EDITOR")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write even when the workspace would have new errors")
	_ = cmd.RegisterFlagCompletionFunc("objective", cmdutil.CompleteIDFlag(f))
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	f := opts.Factory
	s, err := cmdutil.BeginEdit(ctx, f)
	if err != nil {
		return err
	}
	defer s.Close()
	cfg := s.WS.Config

	var changes []setcmd.Change
	for _, a := range opts.Sets {
		c, err := setcmd.ParseChange(a)
		if err != nil {
			return cmdutil.InputErrorf("--set: %s", err)
		}
		changes = append(changes, c)
	}
	steps, err := setcmd.Steps(cfg, opts.Kind, changes, nil, opts.Force)
	if err != nil {
		return err
	}
	for _, st := range steps {
		for _, p := range st.Path[1:] {
			if _, err := strconv.Atoi(p); err == nil {
				return cmdutil.InputErrorf("--set %s: a new record has no list to set an element of; give the whole list: %s=[…]",
					strings.Join(st.Path, "."), strings.Join(st.Path[:slices.Index(st.Path, p)], "."))
			}
		}
	}

	id := opts.ID
	if id == "" {
		id, err = nextID(ctx, s, opts)
		if err != nil {
			return err
		}
	} else if r := s.WS.Find(id); r != nil {
		return cmdutil.InputErrorf("--id %s is taken by %s %q", id, r.Kind().Label(), r.Meta().Title)
	}
	if err := model.CheckID(id); err != nil {
		return cmdutil.InputErrorf("%w", err)
	}

	var where string
	switch opts.Kind {
	case model.KindItem, model.KindInsight, model.KindDecision:
		where, err = newFile(s, opts, id, steps)
	default:
		where, err = addToList(s, opts, id, steps)
	}
	if err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	if err := s.Commit(ctx, opts.Force); err != nil {
		return cmdutil.EditError(f.IO, err)
	}
	s.Close()
	fmt.Fprintf(f.IO.ErrOut, "created %s %s %q\n", opts.Kind.Label(), id, opts.Title)
	fmt.Fprintln(f.IO.Out, safetext.Line(where))
	if opts.Edit {
		return editcmd.Run(ctx, &editcmd.Options{Factory: f, ID: id})
	}
	return nil
}

// prefixes give the IDs of each kind.
var prefixes = map[model.Kind]string{
	model.KindInitiative: "INIT", model.KindObjective: "OBJ", model.KindKeyResult: "KR", model.KindRelease: "R",
	model.KindRisk: "RISK", model.KindInsight: "INS", model.KindDecision: "DEC",
}

// nextID returns the ID of the new record.
func nextID(ctx context.Context, s *edit.Session, opts *Options) (string, error) {
	cfg := s.WS.Config
	if opts.Kind == model.KindTheme {
		id := model.Slug(opts.Title, 32)
		if id == "" || s.WS.Find(id) != nil {
			return "", cmdutil.InputErrorf("give the theme an ID with --id")
		}
		return id, nil
	}
	prefix := prefixes[opts.Kind]
	if opts.Kind == model.KindItem {
		prefix = cfg.Product.Key
		if prefix == "" {
			return "", cmdutil.InputErrorf("roadlog.yaml sets no product.key to number items with; add one (key: ACME) or use --id")
		}
		if cfg.IDs == "random" {
			return randomID(s.WS, prefix)
		}
	}
	highest := 0
	note := func(id string) {
		if n, ok := numberOf(id, prefix); ok {
			highest = max(highest, n)
		}
	}
	for _, r := range s.WS.Records {
		note(r.ID())
	}
	branchIDs(ctx, s, opts.Kind, note)
	return prefix + "-" + strconv.Itoa(highest+1), nil
}

// numberOf reads N from PREFIX-N.
func numberOf(id, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(id, prefix+"-")
	if !ok || rest == "" {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n >= 0
}

var (
	idInName = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9._]*-\d+)`)
	idInYAML = regexp.MustCompile(`(?m)^\s*-?\s*id:\s*["']?([A-Za-z][A-Za-z0-9._-]*)`)
)

// branchIDs feeds note with the IDs of the kind found in every local and
// remote-tracking branch: from file names for one-file records, from the
// list file's text otherwise. Without git it does nothing.
func branchIDs(ctx context.Context, s *edit.Session, k model.Kind, note func(string)) {
	git, err := gitx.New(ctx, s.Root)
	if err != nil {
		return
	}
	refs, err := git.Branches(ctx)
	if err != nil {
		return
	}
	p := s.WS.Config.Paths
	dir, file := "", ""
	switch k {
	case model.KindItem:
		dir = p.Backlog
	case model.KindInsight:
		dir = p.Insights
	case model.KindDecision:
		dir = p.Decisions
	case model.KindInitiative:
		file = p.Roadmap
	case model.KindObjective, model.KindKeyResult:
		file = p.Objectives
	case model.KindRelease:
		file = p.Releases
	case model.KindRisk:
		file = p.Risks
	}
	for _, ref := range refs {
		if dir != "" {
			names, err := git.Files(ctx, ref, dir)
			if err != nil {
				continue
			}
			for _, n := range names {
				if m := idInName.FindStringSubmatch(path.Base(n)); m != nil {
					note(m[1])
				}
			}
			continue
		}
		text, err := git.Show(ctx, ref, file)
		if err != nil {
			continue
		}
		for _, m := range idInYAML.FindAllSubmatch(text, -1) {
			note(string(m[1]))
		}
	}
}

// randomID returns PREFIX-xxxx with four random letters and digits that no
// record has.
func randomID(ws *workspace.Workspace, prefix string) (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789" // no 0/o, 1/l
	for range 100 {
		b := make([]byte, 4)
		for i := range b {
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
			if err != nil {
				return "", err
			}
			b[i] = alphabet[n.Int64()]
		}
		id := prefix + "-" + string(b)
		if ws.Find(id) == nil {
			return id, nil
		}
	}
	return "", cmdutil.FailureErrorf("could not find a free random ID")
}

// bodies are the Markdown a new file starts with.
var bodies = map[model.Kind]string{
	model.KindItem:     "## Description\n\nWhat it is, who it is for, and why it matters.\n\n## Acceptance criteria\n\n- [ ] \n",
	model.KindInsight:  "What we heard or saw, from whom, and where it is recorded.\n",
	model.KindDecision: "## Context\n\nWhat forces the decision.\n\n## Decision\n\nWhat we will do.\n\n## Consequences\n\nWhat becomes easier or harder.\n",
}

// newFile writes an item, insight or decision file.
func newFile(s *edit.Session, opts *Options, id string, steps []setcmd.Step) (string, error) {
	cfg := s.WS.Config
	today := s.Now.UTC().Format("2006-01-02")
	fields := yamledit.Map{{Key: "id", Value: id}, {Key: "title", Value: opts.Title}}
	dir := cfg.Paths.Backlog
	switch opts.Kind {
	case model.KindItem:
		typ := opts.Type
		if typ == "" {
			typ = "story"
			if !slices.Contains(cfg.Types, typ) && len(cfg.Types) > 0 {
				typ = cfg.Types[0]
			}
		}
		if !slices.Contains(cfg.Types, typ) {
			return "", cmdutil.InputErrorf("unknown type %q; use one of: %s", typ, strings.Join(cfg.Types, ", "))
		}
		status := "idea"
		if len(cfg.Workflow.Statuses) > 0 {
			status = cfg.Workflow.Statuses[0]
		}
		r, err := bottomRank(s.WS)
		if err != nil {
			return "", err
		}
		fields = append(fields, yamledit.KV{Key: "type", Value: typ}, yamledit.KV{Key: "status", Value: status},
			yamledit.KV{Key: "rank", Value: r}, yamledit.KV{Key: "created", Value: today})
	case model.KindInsight:
		dir = cfg.Paths.Insights
		fields = append(fields, yamledit.KV{Key: "source", Value: "other"}, yamledit.KV{Key: "date", Value: today})
	case model.KindDecision:
		dir = cfg.Paths.Decisions
		fields = append(fields, yamledit.KV{Key: "status", Value: "proposed"}, yamledit.KV{Key: "date", Value: today})
	}
	var front strings.Builder
	for _, kv := range fields {
		v, err := yamledit.Flow(kv.Value)
		if err != nil {
			return "", err
		}
		front.WriteString(kv.Key + ": " + v + "\n")
	}
	doc, err := yamledit.Parse([]byte(front.String()))
	if err != nil {
		return "", err
	}
	if err := setcmd.ApplySteps(doc, nil, steps); err != nil {
		return "", err
	}
	name := id
	if sl := model.Slug(opts.Title, model.SlugLength); sl != "" {
		name += "-" + sl
	}
	p := path.Join(dir, name+".md")
	if _, exists := s.Content(p); exists {
		return "", cmdutil.InputErrorf("%s exists already", p)
	}
	content := []byte("---\n" + string(doc.Bytes()) + "---\n" + bodies[opts.Kind])
	// Written in canonical form, so that roadlog fmt leaves it as it is.
	kind := map[model.Kind]workspace.FileKind{model.KindItem: workspace.FileItem, model.KindInsight: workspace.FileInsight, model.KindDecision: workspace.FileDecision}[opts.Kind]
	if file, diags := workspace.Parse(p, kind, content); len(diags) == 0 {
		if out, err := yamlfmt.Format(file); err == nil {
			content = out
		}
	}
	s.Write(p, content)
	return p, nil
}

// bottomRank returns a rank after every ranked item.
func bottomRank(ws *workspace.Workspace) (string, error) {
	last := ""
	for _, it := range ws.Items {
		if it.Rank > last {
			last = it.Rank
		}
	}
	r, err := rank.Between(last, "")
	if err != nil {
		return "", cmdutil.FailureErrorf("rank: %w", err)
	}
	return r, nil
}

// addToList adds a record to a list file: initiatives and themes to
// roadmap.yaml, objectives to objectives.yaml, a key result under its
// objective, releases and risks to theirs.
func addToList(s *edit.Session, opts *Options, id string, steps []setcmd.Step) (string, error) {
	cfg := s.WS.Config
	rec := yamledit.Map{{Key: "id", Value: id}, {Key: "title", Value: opts.Title}}
	var file, list string
	var pointer []string
	switch opts.Kind {
	case model.KindInitiative:
		file, list = cfg.Paths.Roadmap, "initiatives"
		rec = append(rec, yamledit.KV{Key: "horizon", Value: "later"}, yamledit.KV{Key: "status", Value: "planned"})
	case model.KindTheme:
		file, list = cfg.Paths.Roadmap, "themes"
	case model.KindObjective:
		file, list = cfg.Paths.Objectives, "objectives"
	case model.KindRelease:
		file, list = cfg.Paths.Releases, "releases"
		rec = append(rec, yamledit.KV{Key: "status", Value: "planned"})
	case model.KindRisk:
		file, list = cfg.Paths.Risks, "risks"
		rec = append(rec, yamledit.KV{Key: "status", Value: "open"})
	case model.KindKeyResult:
		r := s.WS.Find(opts.Objective)
		if r == nil || r.Kind() != model.KindObjective {
			return "", cmdutil.InputErrorf("--objective %s is not an objective", opts.Objective)
		}
		file, list, pointer = r.File.Path, "key_results", r.Pointer
	}
	raw, exists := s.Content(file)
	if !exists {
		raw = nil
	}
	var frontOffset, frontEnd int
	yamlText := raw
	if exists {
		f, _ := workspace.Parse(file, fileKind(opts.Kind), raw)
		if !f.Parsed {
			return "", &edit.FileError{Path: file, Err: fmt.Errorf("does not parse; fix it first (roadlog validate shows where)")}
		}
		frontOffset, frontEnd = f.YAMLOffset, f.YAMLEnd
		yamlText = f.YAML()
	}
	doc, err := yamledit.Parse(yamlText)
	if err != nil {
		return "", &edit.FileError{Path: file, Err: err}
	}
	doc.SetLayout(yamlfmt.Layout(fileKind(opts.Kind)))
	rec, err = withSteps(rec, steps)
	if err != nil {
		return "", err
	}
	order := schema.Record(opts.Kind).Names()
	pos := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(rec, func(a, b yamledit.KV) int { return pos(a.Key) - pos(b.Key) })
	listPath := append(append([]string(nil), pointer...), list)
	if cur, ok := yamlvalue.At(doc.Value(), listPath).([]any); ok && len(cur) > 0 {
		err = doc.Append(listPath, rec)
	} else {
		err = doc.Set(listPath, []any{rec})
	}
	if err != nil {
		return "", &edit.FileError{Path: file, Err: err}
	}
	out := append(append(append([]byte(nil), raw[:frontOffset]...), doc.Bytes()...), raw[frontEnd:]...)
	s.Write(file, out)
	return file, nil
}

// withSteps applies --set changes to a new record and puts its keys in
// schema order, as roadlog fmt would.
func withSteps(rec yamledit.Map, steps []setcmd.Step) (yamledit.Map, error) {
	index := func(m yamledit.Map, k string) int {
		return slices.IndexFunc(m, func(kv yamledit.KV) bool { return kv.Key == k })
	}
	for _, st := range steps {
		if len(st.Path) > 2 {
			return nil, cmdutil.InputErrorf("--set %s: too deep for a new record; set it afterwards", strings.Join(st.Path, "."))
		}
		k := st.Path[0]
		i := index(rec, k)
		if len(st.Path) == 2 {
			var inner yamledit.Map
			if i >= 0 {
				inner, _ = rec[i].Value.(yamledit.Map)
			}
			inner = append(inner, yamledit.KV{Key: st.Path[1], Value: st.Value})
			if i >= 0 {
				rec[i].Value = inner
			} else {
				rec = append(rec, yamledit.KV{Key: k, Value: inner})
			}
			continue
		}
		v := st.Value
		switch st.Op {
		case setcmd.OpAppend:
			var list []any
			if i >= 0 {
				list, _ = rec[i].Value.([]any)
			}
			list = append(list, st.Value)
			v = list
		case setcmd.OpRemove:
			continue
		}
		if i >= 0 {
			rec[i].Value = v
		} else {
			rec = append(rec, yamledit.KV{Key: k, Value: v})
		}
	}
	return rec, nil
}

func fileKind(k model.Kind) workspace.FileKind {
	switch k {
	case model.KindInitiative, model.KindTheme:
		return workspace.FileRoadmap
	case model.KindObjective, model.KindKeyResult:
		return workspace.FileObjectives
	case model.KindRelease:
		return workspace.FileReleases
	case model.KindRisk:
		return workspace.FileRisks
	}
	return workspace.FileItem
}

// completeNew completes types and kinds first.
func completeNew(f *cmdutil.Factory) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		if ws, err := f.Workspace(context.Background()); err == nil {
			out = append(out, ws.Config.Types...)
		}
		for k := range recordKinds {
			out = append(out, k)
		}
		slices.Sort(out)
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
