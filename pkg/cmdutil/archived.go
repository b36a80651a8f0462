package cmdutil

import "github.com/spf13/cobra"

// ArchivedFlag registers --archived on a view of items: archived items
// (roadlog archive) are left out of views unless it is given.
func ArchivedFlag(cmd *cobra.Command, archived *bool) {
	cmd.Flags().BoolVar(archived, "archived", false, "include archived items (roadlog archive)")
}
