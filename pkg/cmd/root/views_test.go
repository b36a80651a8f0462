package root

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/spf13/cobra"
)

// wideWorkspace has at least two records of every kind, each kind's IDs in
// file order (so that --sort -id reorders every view), long titles, wide
// characters (中文), emoji with ZWJ (👩‍💻) and combining marks.
var wideWorkspace = map[string]string{
	"roadlog.yaml": `version: 1
product: {name: 宽字符 Checkout 👩‍💻, key: A}
workflow:
  statuses: [idea, ready, in-progress, done]
  closed: [done]
  wip: {in-progress: 1}
people:
  ana: {name: Ana Ruiz de la Fuente y Montenegro}
  李: {name: 李小龙}
fields:
  segment: {type: string, enum: [smb, enterprise]}
`,
	"product.md": `---
name: 宽字符 Checkout
vision: Every shopper 👩‍💻 pays in under a minute, 中文 included, on any device at all, without exception.
personas:
  - {id: p-1, name: Sam the mobile shopper who never stops scrolling, needs: [pay fast, 不要注册账户]}
  - {id: p-2, name: Maya 👩‍💻, needs: quick payouts}
---
# Strategy

A paragraph long enough to wrap several times in a narrow terminal, with 中文字符 and 👩‍💻 emoji and café crème (combining) in it, and a longwordthatcannotbebrokenanywhereatallbecauseithasnospacesinsideitwhatsoever.

| column one | column two with a long header | 三 |
| --- | --- | --- |
| a cell with a long text in it | 中文中文中文中文中文中文中文 | 👩‍💻👩‍💻👩‍💻 |

` + "```" + `
a code line that is far too long for a narrow terminal: roadlog backlog --where 'status == "ready"' --sort -score
` + "```" + `
`,
	"objectives.yaml": `objectives:
  - id: O-1
    title: 提高结账转化率 — grow checkout conversion for every single shopper everywhere 👩‍💻
    period: 2027-Q1
    owner: 李
    key_results:
      - {id: K-1, title: Checkout conversion rate measured over a whole quarter of traffic, unit: "%", baseline: 2.1, target: 3, current: 2.4}
      - {id: K-2, title: 购物车放弃率 on mobile devices of every kind, baseline: 71, target: 60}
  - id: O-2
    title: Win mid-market merchants
    owner: ana
    key_results:
      - {id: K-3, title: Merchants on annual plans, baseline: 40, target: 120, current: 55}
`,
	"roadmap.yaml": `themes:
  - {id: t-1, title: 转化 conversion and everything that makes shoppers finish 👩‍💻}
  - {id: t-2, title: Merchants}
initiatives:
  - {id: I-1, title: One-page checkout for every shopper on every device 中文, theme: t-1, horizon: now, status: in-progress, start: 2026-07-01, end: 2027-03-31, owner: ana, objectives: [O-1]}
  - {id: I-2, title: Frictionless checkout 👩‍💻 with wallets, theme: t-1, horizon: now, status: planned, start: 2027-01-01, end: 2027-12-31}
  - {id: I-3, title: Merchant self-onboarding, theme: t-2, horizon: next, start: 2027-04-01}
  - {id: I-4, title: Multi-currency pricing, horizon: later}
`,
	"releases.yaml": `releases:
  - {id: R-1, title: Spring release with a name long enough to be cut 中文, date: 2027-03-15, status: planned}
  - {id: R-2, title: Summer, date: 2027-06-15}
`,
	"risks.yaml": `risks:
  - {id: X-1, title: 支付提供商 changes its API without telling anyone in advance 👩‍💻, likelihood: 3, impact: 4, status: open, owner: 李, links: [I-1]}
  - {id: X-2, title: Wallet providers delay approval, likelihood: 2, impact: 3, owner: ana}
`,
	"backlog/A-1-a.md": `---
id: A-1
title: Guest checkout without an account 👩‍💻 for shoppers who never want to register 中文标题
type: epic
status: in-progress
owner: 李
initiative: I-1
release: R-1
labels: [checkout, 转化, a-very-long-label-indeed]
rank: a
score: {reach: 1200, impact: 2, confidence: 0.8, effort: 3}
insights: [N-1]
segment: smb
---
Shoppers want to pay without an account: 中文 and 👩‍💻 and café.

- [x] Guest can pay with a card of any kind from any issuer anywhere in the world, 中文 too
- [ ] Email receipt
`,
	"backlog/A-2-b.md": `---
id: A-2
title: Pay with 👩‍💻 wallets
type: story
status: in-progress
owner: ana
parent: A-1
depends_on: [A-1]
rank: b
score: {reach: 10, impact: 1, confidence: 1, effort: 1}
---
`,
	"backlog/A-3-c.md": `---
id: A-3
title: 退款 refunds that go back to the original card automatically within a day
type: story
status: ready
parent: A-1
rank: c
---
`,
	"backlog/A-4-d.md": `---
id: A-4
title: Done thing
type: task
status: done
parent: A-1
rank: d
---
`,
	"backlog/A-5-e.md": `---
id: A-5
title: Another idea with a café crème in its title
type: story
status: idea
initiative: I-3
rank: e
---
`,
	"insights/N-1-x.md": `---
id: N-1
title: 用户访谈 interviews with twelve shoppers who abandoned their carts 👩‍💻
source: interview
date: 2026-10-01
customer: A customer with a very long name indeed, GmbH & Co. KG
---
What we heard.
`,
	"insights/N-2-y.md": "---\nid: N-2\ntitle: Survey\nsource: survey\ndate: 2026-11-01\n---\n",
	"decisions/D-1-x.md": `---
id: D-1
title: 使用 one payment provider for every market we sell in 👩‍💻
status: accepted
date: 2026-09-01
links: [I-1]
---
Because.
`,
	"decisions/D-2-y.md": "---\nid: D-2\ntitle: Drop the old checkout\nstatus: proposed\nsupersedes: D-1\n---\n",
}

// writeWorkspace writes files into a new folder and returns it.
func writeWorkspace(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs roadlog with args in dir, on a terminal of the width (0: not a
// terminal), and returns what it printed.
func run(t *testing.T, dir string, width int, args ...string) string {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	if width > 0 {
		ios.SetStdoutTTY(true)
		ios.SetTerminalWidth(width)
	}
	f := cmdutil.New(ios, cmdutil.Build{Version: "test"})
	f.Dir = dir
	f.Getenv = func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1790000000"
		}
		return ""
	}
	cmd := NewCmd(f)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	if err := cmd.ExecuteContext(t.Context()); err != nil {
		t.Fatalf("roadlog %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out.String()
}

// viewCalls lists every view command (the "view" group of the root), with
// the arguments it takes: each of its ValidArgs (list KIND), or each
// candidate of its argument completion (show ID).
func viewCalls(t *testing.T, dir string) map[string][][]string {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios, cmdutil.Build{Version: "test"})
	f.Dir = dir
	calls := map[string][][]string{}
	for _, c := range NewCmd(f).Commands() {
		if c.GroupID != "view" {
			continue
		}
		switch {
		case c.Name() == "search": // a query, the words of several kinds
			for _, q := range []string{"checkout", "merchants"} {
				calls["search"] = append(calls["search"], []string{"search", q})
			}
		case len(c.ValidArgs) > 0:
			for _, a := range c.ValidArgs {
				calls[c.Name()] = append(calls[c.Name()], []string{c.Name(), a})
			}
		case c.ValidArgsFunction != nil:
			ids, _ := c.ValidArgsFunction(c, nil, "")
			for _, id := range ids {
				id, _, _ = strings.Cut(id, "\t")
				calls[c.Name()] = append(calls[c.Name()], []string{c.Name(), id})
			}
		default:
			calls[c.Name()] = [][]string{{c.Name()}}
		}
		if len(calls[c.Name()]) == 0 {
			t.Fatalf("%s: no arguments to call it with", c.Name())
		}
	}
	if len(calls) < 7 {
		t.Fatalf("only %d view commands: %v", len(calls), calls)
	}
	return calls
}

// TestViewsFitTheTerminal: at 40, 80 and 120 columns no line of any view is
// wider than the terminal, wide characters and emoji counted as the
// terminal draws them (issue 10, item 13).
func TestViewsFitTheTerminal(t *testing.T) {
	dir := writeWorkspace(t, wideWorkspace)
	for name, calls := range viewCalls(t, dir) {
		for _, args := range calls {
			for _, width := range []int{40, 80, 120} {
				out := run(t, dir, width, args...)
				if strings.TrimSpace(out) == "" {
					t.Errorf("%s: no output", strings.Join(args, " "))
				}
				for _, line := range strings.Split(out, "\n") {
					if w := render.Width(line); w > width {
						t.Errorf("%s at %d columns: a line %d wide: %s", strings.Join(args, " "), width, w, line)
					}
				}
			}
			_ = name
		}
	}
}

// viewFlags are the flags a view registers when it implements them.
var viewFlags = []string{"where", "sort", "columns", "limit", "format"}

// TestViewFlags: every view command either implements each view flag — the
// flag changes what it prints — or does not register it, and then says so
// in its help (issue 10, item 11). -f is --format wherever it exists.
func TestViewFlags(t *testing.T) {
	dir := writeWorkspace(t, wideWorkspace)
	values := map[string][]string{"where": {"false"}, "sort": {"-id"}, "columns": {"id"}, "limit": {"1"}}
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios, cmdutil.Build{Version: "test"})
	f.Dir = dir
	root := NewCmd(f)
	for name, calls := range viewCalls(t, dir) {
		cmd, _, err := root.Find([]string{name})
		if err != nil {
			t.Fatal(err)
		}
		for _, flag := range viewFlags {
			fl := cmd.Flags().Lookup(flag)
			if fl == nil {
				if !strings.Contains(cmd.Long, "--"+flag) {
					t.Errorf("%s does not register --%s, and its help does not say so", name, flag)
				}
				continue
			}
			if flag == "format" && fl.Shorthand != "f" {
				t.Errorf("%s: --format has the shorthand %q, want -f", name, fl.Shorthand)
			}
			vals := values[flag]
			if flag == "format" {
				vals = completions(t, cmd, "format")
				vals = slices.DeleteFunc(slices.Clone(vals), func(v string) bool { return v == fl.DefValue })
				if len(vals) == 0 {
					t.Errorf("%s: --format completes no value other than %q", name, fl.DefValue)
				}
			}
			for _, v := range vals {
				changed := false
				for _, args := range calls {
					base := args
					if flag == "format" { // piped, the default table is tsv: compare with the table itself
						base = append(slices.Clone(args), "--format", fl.DefValue)
					}
					if run(t, dir, 0, base...) != run(t, dir, 0, append(slices.Clone(args), "--"+flag, v)...) {
						changed = true
						break
					}
				}
				if !changed {
					t.Errorf("%s --%s %s changes nothing: implement it, or do not register it", name, flag, v)
				}
			}
		}
	}
	for _, c := range root.Commands() {
		if fl := c.Flags().Lookup("format"); fl != nil && fl.Shorthand != "f" {
			t.Errorf("%s: --format has the shorthand %q, want -f", c.Name(), fl.Shorthand)
		}
	}
}

// completions returns the values a flag completes to.
func completions(t *testing.T, cmd *cobra.Command, flag string) []string {
	t.Helper()
	fn, ok := cmd.GetFlagCompletionFunc(flag)
	if !ok {
		t.Fatalf("%s: --%s has no completion", cmd.Name(), flag)
	}
	vals, _ := fn(cmd, nil, "")
	return vals
}
