package diff

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/parallel"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// LoadCommit reads the workspace at a commit, from the folder the client
// runs in, with the loader every command uses. Nothing is checked out.
func LoadCommit(ctx context.Context, git *gitx.Client, commit string) (*workspace.Workspace, error) {
	return LoadCommitWith(ctx, git, commit, LoadOptions{})
}

// LoadOptions tune [LoadCommitWith].
type LoadOptions struct {
	// Like is a workspace loaded already: the other side of a comparison,
	// or the working tree. Its files whose bytes are the blobs the commit
	// has at their paths are taken as they are, neither fetched from git
	// nor parsed again, and with the schema findings they carry, so that
	// validating the commit checks only the files that differ.
	Like *workspace.Workspace

	fetched *int // set to how many objects were read from git, for tests
}

// LoadCommitWith is [LoadCommit] with options. The files it has to read
// are fetched from git in one pipelined request.
func LoadCommitWith(ctx context.Context, git *gitx.Client, commit string, opts LoadOptions) (*workspace.Workspace, error) {
	tree, err := git.Tree(ctx, commit)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", gitx.Short(commit), err)
	}
	defer func() { _ = tree.Close() }() // read only: nothing to lose
	same, err := sameFiles(ctx, tree, opts.Like)
	if err != nil {
		return nil, fmt.Errorf("load the workspace at %s: %w", gitx.Short(commit), err)
	}
	reuse := func(p string, _ workspace.FileKind) *workspace.File { return same[p] }
	// roadlog.yaml first, alone: it says where the other files are, so
	// that those (and only those) can be fetched in one request.
	cfg, err := workspace.LoadWith(ctx, configOnly{tree}, workspace.Options{Reuse: reuse})
	if err == nil {
		if f := cfg.ConfigFile; f != nil && same[f.Path] == nil {
			same[f.Path] = f // read now: not again
		}
		wanted := planFiles(cfg.Config)
		err = tree.Prefetch(func(p string, size int64) bool {
			return size <= workspace.MaxFileSize && same[p] == nil && wanted(p)
		})
		if err != nil {
			return nil, fmt.Errorf("read the workspace at %s: %w", gitx.Short(commit), err)
		}
	} else if ctx.Err() != nil {
		return nil, fmt.Errorf("load the workspace at %s: %w", gitx.Short(commit), ctx.Err())
	}
	// A roadlog.yaml that cannot be read fails the same way below.
	ws, err := workspace.LoadWith(ctx, tree, workspace.Options{Reuse: reuse})
	if err != nil {
		return nil, fmt.Errorf("load the workspace at %s: %w", gitx.Short(commit), err)
	}
	// Load has read every file: the tree is not needed after this.
	if err := tree.Err(); err != nil {
		return nil, fmt.Errorf("read the workspace at %s: %w", gitx.Short(commit), err)
	}
	if opts.fetched != nil {
		*opts.fetched = tree.Fetched()
	}
	return ws, nil
}

// sameFiles returns the files of like, by path, whose bytes are the blob
// the tree has at the same path: git's object ID of the bytes is the one
// the tree lists.
func sameFiles(ctx context.Context, tree *gitx.Tree, like *workspace.Workspace) (map[string]*workspace.File, error) {
	out := map[string]*workspace.File{}
	if like == nil {
		return out, nil
	}
	files := like.Files
	match := make([]bool, len(files))
	if err := parallel.For(ctx, len(files), func(i int) {
		oid, ok := tree.OID(files[i].Path)
		match[i] = ok && gitx.IsBlob(oid, files[i].Raw)
	}); err != nil {
		return nil, err
	}
	for i, f := range files {
		if match[i] {
			out[f.Path] = f
		}
	}
	return out, nil
}

// planFiles returns whether the loader reads a path, given roadlog.yaml:
// one of the single files, or a Markdown file under a record folder (not
// hidden, not a README). It errs towards more, which only costs a read.
func planFiles(cfg *workspace.Config) func(p string) bool {
	single := map[string]bool{}
	for _, p := range []string{cfg.Paths.Product, cfg.Paths.Objectives, cfg.Paths.Roadmap, cfg.Paths.Releases, cfg.Paths.Risks} {
		single[path.Clean(strings.TrimPrefix(p, "./"))] = true
	}
	var dirs []string
	for _, d := range []string{cfg.Paths.Backlog, cfg.Paths.Insights, cfg.Paths.Decisions} {
		d = path.Clean(strings.TrimPrefix(d, "./"))
		if fs.ValidPath(d) && d != "." {
			dirs = append(dirs, d+"/")
		}
	}
	return func(p string) bool {
		if single[p] {
			return true
		}
		name := strings.ToLower(path.Base(p))
		if !strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, ".markdown") || name == "readme.md" || name == "readme.markdown" {
			return false
		}
		for _, d := range dirs {
			if rest, ok := strings.CutPrefix(p, d); ok && !strings.HasPrefix(rest, ".") && !strings.Contains(rest, "/.") {
				return true
			}
		}
		return false
	}
}

// configOnly is a file system in which only roadlog.yaml exists.
type configOnly struct{ fsys fs.FS }

func (c configOnly) Open(name string) (fs.File, error) {
	if name != workspace.ConfigFile {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return c.fsys.Open(name)
}
