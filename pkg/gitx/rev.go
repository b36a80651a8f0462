package gitx

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrShallow means a revision or the history between two revisions is
// missing because the clone is shallow.
var ErrShallow = errors.New("the clone is shallow")

// Resolve returns the full commit ID that rev names. rev is checked first
// and passed after --end-of-options, so it cannot become an option. In a
// shallow clone that lacks the commit the error wraps [ErrShallow] and says
// how to fetch it.
func (c *Client) Resolve(ctx context.Context, rev string) (string, error) {
	if err := CheckRev(rev); err != nil {
		return "", err
	}
	out, err := c.Run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil || len(strings.TrimSpace(string(out))) == 0 {
		if c.Shallow(ctx) {
			return "", fmt.Errorf("%w and does not have %s; fetch it (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)", ErrShallow, rev)
		}
		return "", fmt.Errorf("%q is not a commit in this repository; check the name with git log", rev)
	}
	return strings.TrimSpace(string(out)), nil
}

// Shallow reports whether the repository is a shallow clone.
func (c *Client) Shallow(ctx context.Context) bool {
	out, err := c.Run(ctx, "rev-parse", "--is-shallow-repository")
	return err == nil && strings.TrimSpace(string(out)) == "true"
}

// MergeBase returns the best common ancestor of two commit IDs.
func (c *Client) MergeBase(ctx context.Context, a, b string) (string, error) {
	for _, r := range []string{a, b} {
		if err := CheckRev(r); err != nil {
			return "", err
		}
	}
	out, err := c.Run(ctx, "merge-base", "--end-of-options", a, b)
	if err != nil || len(strings.TrimSpace(string(out))) == 0 {
		if c.Shallow(ctx) {
			return "", fmt.Errorf("%w: the common ancestor of %s and %s is not in it; fetch more history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)", ErrShallow, Short(a), Short(b))
		}
		return "", fmt.Errorf("%s and %s have no common ancestor; name the base to compare with", Short(a), Short(b))
	}
	return strings.TrimSpace(string(out)), nil
}

// DefaultBranch returns the branch that changes are compared with: the
// remote's default (origin/HEAD), else main, else master, local or on
// origin. It returns a name git resolves, such as "origin/main".
func (c *Client) DefaultBranch(ctx context.Context) (string, error) {
	if out, err := c.Run(ctx, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"); err == nil {
		ref := strings.TrimSpace(string(out))
		if c.exists(ctx, ref) {
			return strings.TrimPrefix(ref, "refs/remotes/"), nil
		}
	}
	for _, name := range []string{"main", "master"} {
		for _, ref := range []string{"refs/heads/" + name, "refs/remotes/origin/" + name} {
			if c.exists(ctx, ref) {
				return strings.TrimPrefix(strings.TrimPrefix(ref, "refs/heads/"), "refs/remotes/"), nil
			}
		}
	}
	return "", errors.New("found no default branch to compare with (origin/HEAD, main or master); name one: roadlog diff BASE")
}

func (c *Client) exists(ctx context.Context, ref string) bool {
	if CheckRev(ref) != nil {
		return false
	}
	_, err := c.Run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	return err == nil
}

// Changed lists the files under Dir that differ between rev and the working
// tree (staged or not), and the untracked files that are not ignored;
// paths are relative to Dir, slash-separated, sorted.
func (c *Client) Changed(ctx context.Context, rev string) ([]string, error) {
	if err := CheckRev(rev); err != nil {
		return nil, err
	}
	diff, err := c.Run(ctx, "diff", "--name-only", "--relative", "--no-renames", "-z", "--end-of-options", rev, "--", ".")
	if err != nil {
		return nil, err
	}
	others, err := c.Run(ctx, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var files []string
	for _, out := range [][]byte{diff, others} {
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" && !seen[f] {
				seen[f] = true
				files = append(files, f)
			}
		}
	}
	slices.Sort(files)
	return files, nil
}

// Short abbreviates a full commit ID to seven characters for display;
// other text is returned as it is.
func Short(rev string) string {
	if len(rev) == 40 && strings.Trim(rev, "0123456789abcdef") == "" {
		return rev[:7]
	}
	return rev
}

// Ancestors returns the commits reachable from rev, rev included.
func (c *Client) Ancestors(ctx context.Context, rev string) (map[string]bool, error) {
	if err := CheckRev(rev); err != nil {
		return nil, err
	}
	out, err := c.Run(ctx, "rev-list", "--end-of-options", rev, "--")
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, id := range strings.Fields(string(out)) {
		set[id] = true
	}
	return set, nil
}
