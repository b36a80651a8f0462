// Package root builds the `roadlog` command and wires in every subcommand.
package root

import (
	backlogcmd "github.com/roadlog/roadlog/pkg/cmd/backlog"
	boardcmd "github.com/roadlog/roadlog/pkg/cmd/board"
	completioncmd "github.com/roadlog/roadlog/pkg/cmd/completion"
	diffcmd "github.com/roadlog/roadlog/pkg/cmd/diff"
	editcmd "github.com/roadlog/roadlog/pkg/cmd/edit"
	fmtcmd "github.com/roadlog/roadlog/pkg/cmd/fmt"
	initcmd "github.com/roadlog/roadlog/pkg/cmd/init"
	listcmd "github.com/roadlog/roadlog/pkg/cmd/list"
	movecmd "github.com/roadlog/roadlog/pkg/cmd/move"
	newcmd "github.com/roadlog/roadlog/pkg/cmd/new"
	objectivescmd "github.com/roadlog/roadlog/pkg/cmd/objectives"
	rankcmd "github.com/roadlog/roadlog/pkg/cmd/rank"
	renumbercmd "github.com/roadlog/roadlog/pkg/cmd/renumber"
	reportcmd "github.com/roadlog/roadlog/pkg/cmd/report"
	roadmapcmd "github.com/roadlog/roadlog/pkg/cmd/roadmap"
	schemacmd "github.com/roadlog/roadlog/pkg/cmd/schema"
	searchcmd "github.com/roadlog/roadlog/pkg/cmd/search"
	setcmd "github.com/roadlog/roadlog/pkg/cmd/set"
	showcmd "github.com/roadlog/roadlog/pkg/cmd/show"
	statscmd "github.com/roadlog/roadlog/pkg/cmd/stats"
	validatecmd "github.com/roadlog/roadlog/pkg/cmd/validate"
	versioncmd "github.com/roadlog/roadlog/pkg/cmd/version"
	"github.com/roadlog/roadlog/pkg/cmdutil"
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
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			if d, _ := cmd.Flags().GetString("dir"); d != "" {
				f.Dir = d
			}
		},
	}
	cmd.SetVersionTemplate(f.Build.String() + "\n")
	cmd.PersistentFlags().StringP("dir", "C", "", "run as if roadlog was started in `DIR`")
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
	add("view", backlogcmd.NewCmd(f, nil))
	add("view", roadmapcmd.NewCmd(f, nil))
	add("view", boardcmd.NewCmd(f, nil))
	add("view", objectivescmd.NewCmd(f, nil))
	add("view", listcmd.NewCmd(f, nil))
	add("view", showcmd.NewCmd(f, nil))
	add("view", searchcmd.NewCmd(f, nil))
	add("view", statscmd.NewCmd(f, nil))
	add("edit", newcmd.NewCmd(f, nil))
	add("edit", setcmd.NewCmd(f, nil))
	add("edit", movecmd.NewCmd(f, nil))
	add("edit", rankcmd.NewCmd(f, nil))
	add("edit", editcmd.NewCmd(f, nil))
	add("edit", renumbercmd.NewCmd(f, nil))
	add("edit", fmtcmd.NewCmd(f, nil))
	add("setup", initcmd.NewCmd(f, nil))
	add("check", validatecmd.NewCmd(f, nil))
	add("check", diffcmd.NewCmd(f, nil))
	add("check", reportcmd.NewCmd(f, nil))
	add("setup", schemacmd.NewCmd(f, nil))
	add("setup", completioncmd.NewCmd(f))
	add("setup", versioncmd.NewCmd(f))
	return cmd
}
