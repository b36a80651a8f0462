// Package gitsetup sets a repository up for roadlog: the .gitattributes
// lines that send plan files to roadlog's merge driver, the merge.roadlog
// configuration that names the driver, and the lines roadlog needs in
// ignore files. `roadlog init` and `roadlog git-setup` share it.
package gitsetup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Driver is the merge driver's name in .gitattributes (merge=roadlog) and
// in Git's configuration (merge.roadlog.*).
const Driver = "roadlog"

// DriverName is what Git's merge.roadlog.name says.
const DriverName = "roadlog: merge plan files by record and field"

// DriverCommand is the command Git runs for each file both sides changed:
// %O the base, %A ours (the result is written there), %B theirs, %L the
// conflict marker size, %P the file's path.
const DriverCommand = "roadlog merge-driver %O %A %B %L %P"

// AttributesFile is the file, at the workspace's root, the lines go in.
const AttributesFile = ".gitattributes"

// AttributesComment is the comment above the lines roadlog adds.
const AttributesComment = "# roadlog: merge plan files by record and field (roadlog git-setup)"

// Attributes returns the .gitattributes lines that send the workspace's
// files to the merge driver, relative to the workspace's root. A path
// .gitattributes cannot name exactly (blanks, wildcards, quotes) is left
// out and returned in skipped.
func Attributes(cfg *workspace.Config) (lines, skipped []string) {
	add := func(pattern, p string) {
		if strings.ContainsAny(p, " \t\"\\*?[]#!") || strings.HasPrefix(p, "../") || p == ".." || p == "" || strings.HasPrefix(p, "/") {
			skipped = append(skipped, p)
			return
		}
		lines = append(lines, "/"+pattern+" merge="+Driver)
	}
	add(workspace.ConfigFile, workspace.ConfigFile)
	p := cfg.Paths
	for _, f := range []string{p.Product, p.Objectives, p.Roadmap, p.Releases, p.Risks} {
		clean := path.Clean(f)
		add(clean, clean)
	}
	for _, d := range []string{p.Backlog, p.Insights, p.Decisions} {
		clean := path.Clean(d)
		prefix := clean + "/"
		if clean == "." {
			prefix = "" // the whole workspace
		}
		add(prefix+"**/*.md", clean)
		add(prefix+"**/*.markdown", clean)
	}
	return slices.Compact(lines), slices.Compact(skipped)
}

// EnsureLines appends to the text file name (under root) the lines it
// lacks, under comment, changing no byte of what is there and ending the
// new lines as the file ends its own (CRLF or LF). A missing file is
// created. It returns the lines it added. A file that is not a regular one
// (a symlink) is left alone, with an error.
func EnsureLines(root *os.Root, name, comment string, lines []string) ([]string, error) {
	old, perm, err := read(root, name)
	if err != nil {
		return nil, err
	}
	added := missingFrom(old, lines)
	if len(added) == 0 {
		return nil, nil
	}
	eol := "\n"
	if bytes.Contains(old, []byte("\r\n")) {
		eol = "\r\n"
	}
	out := slices.Clone(old)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, eol...)
	}
	out = append(out, comment+eol...)
	for _, l := range added {
		out = append(out, l+eol...)
	}
	if err := atomicfile.WriteFile(root, name, out, perm); err != nil {
		return nil, fmt.Errorf("write %s: %w", name, err)
	}
	return added, nil
}

// MissingLines returns the lines the text file name (under root) lacks.
func MissingLines(root *os.Root, name string, lines []string) ([]string, error) {
	old, _, err := read(root, name)
	if err != nil {
		return nil, err
	}
	return missingFrom(old, lines), nil
}

// read returns a text file and its permissions; nothing, when it is not
// there.
func read(root *os.Root, name string) ([]byte, fs.FileMode, error) {
	fi, err := root.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, 0o644, nil
	case err != nil:
		return nil, 0, err
	case !fi.Mode().IsRegular():
		return nil, 0, fmt.Errorf("%s is not a regular file; add the lines by hand", name)
	}
	old, err := root.ReadFile(name)
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", name, err)
	}
	return old, fi.Mode().Perm(), nil
}

// missingFrom returns the lines text lacks, blanks aside.
func missingFrom(text []byte, lines []string) []string {
	have := map[string]bool{}
	for line := range strings.SplitSeq(string(text), "\n") {
		have[strings.Join(strings.Fields(line), " ")] = true
	}
	var out []string
	for _, l := range lines {
		if !have[l] {
			out = append(out, l)
			have[l] = true
		}
	}
	return out
}

// Configure sets merge.roadlog.name and merge.roadlog.driver in the
// repository's own configuration (.git/config), and reports whether it
// changed anything.
func Configure(ctx context.Context, c *gitx.Client) (bool, error) {
	changed := false
	for _, kv := range [][2]string{{"merge." + Driver + ".name", DriverName}, {"merge." + Driver + ".driver", DriverCommand}} {
		out, err := c.Run(ctx, "config", "--local", "--get", kv[0])
		if err == nil && strings.TrimRight(string(out), "\n") == kv[1] {
			continue
		}
		if _, err := c.Run(ctx, "config", "--local", kv[0], kv[1]); err != nil {
			return changed, err
		}
		changed = true
	}
	return changed, nil
}

// Configured reports whether the repository names the driver as
// [Configure] sets it.
func Configured(ctx context.Context, c *gitx.Client) bool {
	out, err := c.Run(ctx, "config", "--get", "merge."+Driver+".driver")
	return err == nil && strings.TrimRight(string(out), "\n") == DriverCommand
}
