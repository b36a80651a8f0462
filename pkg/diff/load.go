package diff

import (
	"context"
	"fmt"

	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// LoadCommit reads the workspace at a commit, from the folder the client
// runs in, with the loader every command uses. Nothing is checked out.
func LoadCommit(ctx context.Context, git *gitx.Client, commit string) (*workspace.Workspace, error) {
	tree, err := git.Tree(ctx, commit)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", gitx.Short(commit), err)
	}
	defer func() { _ = tree.Close() }() // read only: nothing to lose
	ws, err := workspace.Load(ctx, tree)
	if err != nil {
		return nil, fmt.Errorf("load the workspace at %s: %w", gitx.Short(commit), err)
	}
	// Load has read every file: the tree is not needed after this.
	if err := tree.Err(); err != nil {
		return nil, fmt.Errorf("read the workspace at %s: %w", gitx.Short(commit), err)
	}
	return ws, nil
}
