// Package completion implements `roadlog completion SHELL`.
package completion

import (
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/spf13/cobra"
)

var shells = []string{"bash", "zsh", "fish", "powershell"}

// NewCmd returns the completion command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "completion {bash|zsh|fish|powershell}",
		Short: "print a shell completion script",
		Long: `Print a script that makes the shell complete roadlog's commands, flags and
values (IDs, statuses, kinds).

  bash:        source <(roadlog completion bash)
  zsh:         roadlog completion zsh > "${fpath[1]}/_roadlog"
  fish:        roadlog completion fish > ~/.config/fish/completions/roadlog.fish
  powershell:  roadlog completion powershell | Out-String | Invoke-Expression`,
		Example:   `  roadlog completion bash > /etc/bash_completion.d/roadlog`,
		ValidArgs: shells,
		Args:      cmdutil.ExactArgs(1, "a shell: bash, zsh, fish or powershell"),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			out := f.IO.Out
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(out, true)
			case "zsh":
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(out)
			}
			return cmdutil.CheckEnum("", "shell", args[0], shells)
		},
	}
}
