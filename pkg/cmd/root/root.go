// Package root builds the `roadlog` command and wires in every subcommand.
package root

import (
	archivecmd "github.com/roadlog/roadlog/pkg/cmd/archive"
	backlogcmd "github.com/roadlog/roadlog/pkg/cmd/backlog"
	boardcmd "github.com/roadlog/roadlog/pkg/cmd/board"
	checkcmd "github.com/roadlog/roadlog/pkg/cmd/check"
	completioncmd "github.com/roadlog/roadlog/pkg/cmd/completion"
	configcmd "github.com/roadlog/roadlog/pkg/cmd/config"
	diffcmd "github.com/roadlog/roadlog/pkg/cmd/diff"
	editcmd "github.com/roadlog/roadlog/pkg/cmd/edit"
	exportcmd "github.com/roadlog/roadlog/pkg/cmd/export"
	fmtcmd "github.com/roadlog/roadlog/pkg/cmd/fmt"
	forecastcmd "github.com/roadlog/roadlog/pkg/cmd/forecast"
	gitsetupcmd "github.com/roadlog/roadlog/pkg/cmd/gitsetup"
	helptopics "github.com/roadlog/roadlog/pkg/cmd/helptopics"
	importcmd "github.com/roadlog/roadlog/pkg/cmd/importcmd"
	initcmd "github.com/roadlog/roadlog/pkg/cmd/init"
	listcmd "github.com/roadlog/roadlog/pkg/cmd/list"
	logcmd "github.com/roadlog/roadlog/pkg/cmd/log"
	mergedrivercmd "github.com/roadlog/roadlog/pkg/cmd/mergedriver"
	metricscmd "github.com/roadlog/roadlog/pkg/cmd/metrics"
	movecmd "github.com/roadlog/roadlog/pkg/cmd/move"
	newcmd "github.com/roadlog/roadlog/pkg/cmd/new"
	notecmd "github.com/roadlog/roadlog/pkg/cmd/note"
	objectivescmd "github.com/roadlog/roadlog/pkg/cmd/objectives"
	peoplecmd "github.com/roadlog/roadlog/pkg/cmd/people"
	rankcmd "github.com/roadlog/roadlog/pkg/cmd/rank"
	renumbercmd "github.com/roadlog/roadlog/pkg/cmd/renumber"
	reportcmd "github.com/roadlog/roadlog/pkg/cmd/report"
	rmcmd "github.com/roadlog/roadlog/pkg/cmd/rm"
	roadmapcmd "github.com/roadlog/roadlog/pkg/cmd/roadmap"
	schemacmd "github.com/roadlog/roadlog/pkg/cmd/schema"
	searchcmd "github.com/roadlog/roadlog/pkg/cmd/search"
	servecmd "github.com/roadlog/roadlog/pkg/cmd/serve"
	setcmd "github.com/roadlog/roadlog/pkg/cmd/set"
	showcmd "github.com/roadlog/roadlog/pkg/cmd/show"
	statscmd "github.com/roadlog/roadlog/pkg/cmd/stats"
	validatecmd "github.com/roadlog/roadlog/pkg/cmd/validate"
	versioncmd "github.com/roadlog/roadlog/pkg/cmd/version"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/spf13/cobra"
)

// NewCmd returns the root command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "roadlog <command> [flags]",
		Short: "product management as code: vision, roadmap and backlog in Git",
		Long: `roadlog keeps a product's vision, objectives, roadmap and backlog as Markdown
and YAML files in a Git repository. It checks them, shows them as tables,
edits them safely, compares them between revisions and publishes them as a
static site.`,
		Example: `  roadlog init --example
  roadlog validate
  roadlog -C plan validate --format github`,
		Version:       f.Build.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	cmd.SetVersionTemplate(f.Build.String() + "\n")
	// -C sets f.Dir as it is parsed, not in a PersistentPreRun: cobra runs
	// none for shell completion (__complete), which must read the same
	// workspace as the command it completes.
	cmd.PersistentFlags().VarP(dirFlag{&f.Dir}, "dir", "C", "run as if roadlog was started in `DIR`")
	cmd.PersistentFlags().BoolVar(&f.NoCache, "no-cache", false, "read every file rather than use the workspace's index in "+workspace.CacheFile)
	cmd.PersistentFlags().BoolVar(&f.IO.NoPager, "no-pager", false, "print long output (show, log) straight to the terminal, not through $PAGER")
	cmd.CompletionOptions.DisableDefaultCmd = true
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return cmdutil.UsageErrorf("%s", err)
	})
	cmd.AddGroup(
		&cobra.Group{ID: "view", Title: "Look at the plan:"},
		&cobra.Group{ID: "edit", Title: "Change the plan:"},
		&cobra.Group{ID: "check", Title: "Check and publish:"},
		&cobra.Group{ID: "setup", Title: "Set up:"},
	)

	add := func(group string, c *cobra.Command) {
		c.GroupID = group
		cmd.AddCommand(c)
	}
	add("view", backlogcmd.NewCmd(f))
	add("view", roadmapcmd.NewCmd(f))
	add("view", boardcmd.NewCmd(f))
	add("view", objectivescmd.NewCmd(f))
	add("view", listcmd.NewCmd(f))
	add("view", showcmd.NewCmd(f))
	add("view", statscmd.NewCmd(f))
	add("view", peoplecmd.NewCmd(f))
	add("view", searchcmd.NewCmd(f))
	add("edit", newcmd.NewCmd(f))
	add("edit", setcmd.NewCmd(f))
	add("edit", movecmd.NewCmd(f))
	add("edit", rankcmd.NewCmd(f))
	add("edit", checkcmd.NewCmd(f, true))
	add("edit", checkcmd.NewCmd(f, false))
	add("edit", notecmd.NewCmd(f))
	add("edit", editcmd.NewCmd(f))
	add("edit", renumbercmd.NewCmd(f))
	add("edit", archivecmd.NewCmd(f))
	add("edit", rmcmd.NewCmd(f))
	add("edit", fmtcmd.NewCmd(f))
	add("edit", importcmd.NewCmd(f))
	add("setup", initcmd.NewCmd(f))
	add("check", validatecmd.NewCmd(f))
	add("check", diffcmd.NewCmd(f))
	add("check", logcmd.NewCmd(f))
	add("check", metricscmd.NewCmd(f))
	add("check", forecastcmd.NewCmd(f))
	add("check", reportcmd.NewCmd(f))
	add("check", servecmd.NewCmd(f))
	add("check", exportcmd.NewCmd(f))
	add("setup", schemacmd.NewCmd(f))
	add("setup", configcmd.NewCmd(f))
	add("setup", gitsetupcmd.NewCmd(f))
	add("setup", mergedrivercmd.NewCmd(f))
	add("setup", completioncmd.NewCmd(f))
	add("setup", versioncmd.NewCmd(f))
	cmd.AddCommand(helptopics.Expressions())
	// Words users of other tools type, suggested as the nearest command.
	for name, words := range map[string][]string{"show": {"view", "cat", "get"}, "list": {"ls"}, "move": {"mv", "status"}, "set": {"update"}} {
		if c, _, err := cmd.Find([]string{name}); err == nil && c != cmd {
			c.SuggestFor = append(c.SuggestFor, words...)
		}
	}
	return cmd
}

// dirFlag is the value of -C: it sets the factory's Dir when given, and an
// empty DIR leaves the current directory. It shows no default in --help.
type dirFlag struct{ dir *string }

func (d dirFlag) String() string { return "" }

func (d dirFlag) Set(s string) error {
	if s != "" {
		*d.dir = s
	}
	return nil
}

func (d dirFlag) Type() string { return "string" }
