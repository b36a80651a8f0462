// Package initcmd implements `roadlog init`: scaffold a workspace, or with
// --example write a realistic sample product.
package initcmd

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"github.com/roadlog/roadlog/examples"
	"github.com/roadlog/roadlog/pkg/atomicfile"
	"github.com/roadlog/roadlog/pkg/change"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/fold"
	"github.com/roadlog/roadlog/pkg/gitsetup"
	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamledit"
	"github.com/spf13/cobra"
)

// options are the inputs of the command.
type options struct {
	io      *iostreams.IOStreams
	baseDir string // where relative DIRs start: -C, or the current directory

	dir     string
	example bool
	name    string
	key     string
}

// NewCmd returns the init command.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	opts := &options{io: f.IO}
	cmd := &cobra.Command{
		Use:   "init [DIR] [flags]",
		Short: "create a workspace: roadlog.yaml, the plan files and folders",
		Long: `Create a roadlog workspace in DIR (default: the current directory): a commented
roadlog.yaml, empty plan files, the backlog/, insights/ and decisions/
folders, and the JSON Schemas in ` + change.SchemaDir + `/ that the files'
yaml-language-server modelines point to, so that editors check them as you
type. Existing files are never overwritten.

With --example, write the Acme Checkout sample product instead: a vision and
personas, objectives with key results, a roadmap across now/next/later, a
ranked backlog of epics, stories, bugs, tasks and spikes, releases, risks,
insights and decisions.`,
		Example: `  roadlog init
  roadlog init plan --name "Acme Checkout" --key ACME
  roadlog init demo --example && roadlog -C demo validate`,
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.baseDir = f.Dir
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			if opts.key != "" && !keyPattern.MatchString(opts.key) {
				return cmdutil.InputErrorf("--key %q: use letters and digits, starting with a letter (ACME)", opts.key)
			}
			if opts.example && (opts.name != "" || opts.key != "") {
				return cmdutil.UsageErrorf("--example writes the sample product; leave out --name and --key")
			}
			if !utf8.ValidString(opts.name) {
				return cmdutil.InputErrorf("--name: the name is not valid UTF-8")
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.example, "example", false, "write the Acme Checkout sample product")
	cmd.Flags().StringVar(&opts.name, "name", "", "product `name` (default: the folder's name)")
	cmd.Flags().StringVar(&opts.key, "key", "", "prefix of backlog item IDs, e.g. ACME (default: from the name)")
	return cmd
}

var keyPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)

func run(ctx context.Context, opts *options) error {
	dir := opts.dir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(opts.baseDir, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, workspace.ConfigFile)); err == nil {
		return cmdutil.FailureErrorf("%s already has a %s; nothing to do", opts.dir, workspace.ConfigFile)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cmdutil.FailureErrorf("create %s: %w", opts.dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return cmdutil.FailureErrorf("open %s: %w", opts.dir, err)
	}
	defer func() { _ = root.Close() }() // nothing buffered: files are written with WriteFile

	var files []file
	if opts.example {
		files, err = exampleFiles()
		if err != nil {
			return cmdutil.FailureErrorf("%w", err)
		}
	} else {
		name := opts.name
		if name == "" {
			name = titleFromDir(filepath.Base(abs))
		}
		key := opts.key
		if key == "" {
			key = keyFromName(name)
		}
		files, err = scaffold(name, strings.ToUpper(key))
		if err != nil {
			return cmdutil.FailureErrorf("%w", err)
		}
	}

	// Temporary files a killed roadlog leaves are never part of the plan.
	files = append(files, file{path: ".gitignore", content: []byte(ignoreComment + "\n" + atomicfile.TempPattern + "\n")})
	written, kept, err := write(root, files)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	ignoreAdded := false
	if slices.Contains(kept, ".gitignore") {
		if ignoreAdded, err = addIgnore(root, ".gitignore"); err != nil {
			return cmdutil.FailureErrorf("%w", err)
		}
		if ignoreAdded {
			kept = slices.DeleteFunc(kept, func(p string) bool { return p == ".gitignore" })
		}
	}

	ws, err := workspace.Open(ctx, abs)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	if _, err := change.WriteSchemas(abs, ws.Config); err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}

	merges, err := setUpMerges(ctx, root, abs, ws.Config)
	if err != nil {
		return cmdutil.FailureErrorf("%w", err)
	}
	if merges.created {
		written = append(written, gitsetup.AttributesFile)
	}

	out := opts.io.ErrOut
	fmt.Fprintf(out, "Created a roadlog workspace in %s (%d files).\n", safetext.Line(opts.dir), len(written))
	for _, k := range kept {
		fmt.Fprintf(out, "  kept the existing %s\n", k)
	}
	if ignoreAdded {
		fmt.Fprintf(out, "  added %s to the existing .gitignore\n", atomicfile.TempPattern)
	}
	if merges.added > 0 && !merges.created {
		fmt.Fprintf(out, "  added %d lines to the existing %s\n", merges.added, gitsetup.AttributesFile)
	}
	if merges.driverSet {
		fmt.Fprintf(out, "  Git merges the plan files by record and field here (roadlog git-setup in other clones)\n")
	}
	where := ""
	if opts.dir != "." {
		where = " -C " + safetext.Line(shellQuote(opts.dir))
	}
	fmt.Fprintf(out, "Next: roadlog%s validate\n", where)
	return nil
}

// ignoreComment says what the line init adds to .gitignore is for.
const ignoreComment = "# temporary files of roadlog writes that were interrupted"

// addIgnore appends the pattern of roadlog's temporary files to an
// existing .gitignore that lacks it, changing no byte of what is there
// and ending the new lines as the file ends its own (CRLF or LF). It
// reports whether it added the lines. A .gitignore that is not a regular
// file (a symlink) is left alone.
func addIgnore(root *os.Root, name string) (bool, error) {
	fi, err := root.Lstat(name)
	if err != nil {
		return false, err
	}
	if !fi.Mode().IsRegular() {
		return false, nil
	}
	added, err := gitsetup.EnsureLines(root, name, ignoreComment, []string{atomicfile.TempPattern})
	return len(added) > 0, err
}

// mergeSetup is what [setUpMerges] did.
type mergeSetup struct {
	created   bool // wrote a new .gitattributes
	added     int  // lines added to it
	driverSet bool // configured the driver in the repository around
}

// setUpMerges makes Git merge the plan files by record and field: the
// attributes are committed with the workspace; the driver is set in the
// repository around it when there is one (`roadlog git-setup` sets it in
// other clones).
func setUpMerges(ctx context.Context, root *os.Root, abs string, cfg *workspace.Config) (mergeSetup, error) {
	var s mergeSetup
	attrs, _ := gitsetup.Attributes(cfg)
	_, err := root.Lstat(gitsetup.AttributesFile)
	had := err == nil
	added, err := gitsetup.EnsureLines(root, gitsetup.AttributesFile, gitsetup.AttributesComment, attrs)
	if err != nil {
		return s, err
	}
	s.created, s.added = !had && len(added) > 0, len(added)
	if git, err := gitx.New(ctx, abs); err == nil {
		if _, err := gitsetup.Configure(ctx, git); err != nil {
			return s, err
		}
		s.driverSet = true
	}
	return s, nil
}

type file struct {
	path    string
	content []byte // nil: a folder
}

// write writes the files of a new workspace that are not there yet, each
// atomically, and returns which it wrote and which it kept. It writes only
// into plain folders: a symlinked folder on the way (which could lead into
// .git, or anywhere else in the workspace) is refused before anything is
// written.
func write(root *os.Root, files []file) (written, kept []string, err error) {
	for _, f := range files {
		dir := f.path
		if f.content != nil {
			dir = path.Dir(f.path)
		}
		if err := plainFolders(root, dir); err != nil {
			return nil, nil, err
		}
	}
	for _, f := range files {
		if f.content == nil {
			if err := root.MkdirAll(f.path, 0o755); err != nil {
				return written, kept, fmt.Errorf("create %s: %w", f.path, err)
			}
			continue
		}
		if _, err := root.Lstat(f.path); err == nil {
			kept = append(kept, f.path)
			continue
		}
		if d := path.Dir(f.path); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return written, kept, fmt.Errorf("create %s: %w", d, err)
			}
		}
		if err := atomicfile.WriteFile(root, f.path, f.content, 0o644); err != nil {
			return written, kept, fmt.Errorf("write %s: %w", f.path, err)
		}
		written = append(written, f.path)
	}
	return written, kept, nil
}

// plainFolders checks that each folder of dir that exists is a folder and
// not a symlink.
func plainFolders(root *os.Root, dir string) error {
	if dir == "." {
		return nil
	}
	parts := strings.Split(dir, "/")
	for i := range parts {
		p := path.Join(parts[:i+1]...)
		fi, err := root.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil // nor is anything under it
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s is a symlink; roadlog init writes only into plain folders: remove it, or init elsewhere", p)
		case !fi.IsDir():
			return fmt.Errorf("create %s: it is not a folder", p)
		}
	}
	return nil
}

// exampleFiles returns the files of the bundled sample workspace.
func exampleFiles() ([]file, error) {
	sub, err := fs.Sub(examples.FS, examples.Default)
	if err != nil {
		return nil, err
	}
	var out []file
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		if d.IsDir() {
			out = append(out, file{path: p})
			return nil
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		out = append(out, file{path: p, content: b})
		return nil
	})
	return out, err
}

//go:embed templates/*.tmpl
var templates embed.FS

// scaffoldFiles are the files `roadlog init` writes, each from
// templates/<name>.tmpl.
var scaffoldFiles = []string{"roadlog.yaml", "product.md", "objectives.yaml", "roadmap.yaml", "releases.yaml", "risks.yaml"}

// scaffold returns the files of an empty workspace. The templates write
// every value through the YAML encoder ({{yaml INDENT .Name}}, INDENT
// being the indentation of its key), so that any name reads back as itself.
func scaffold(name, key string) ([]file, error) {
	var out []file
	data := struct{ Name, Key string }{name, key}
	funcs := template.FuncMap{"yaml": func(indent int, v string) (string, error) { return yamledit.Scalar(v, indent) }}
	for _, p := range scaffoldFiles {
		t, err := template.New(p).Funcs(funcs).ParseFS(templates, "templates/"+p+".tmpl")
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, p+".tmpl", data); err != nil {
			return nil, err
		}
		out = append(out, file{path: p, content: buf.Bytes()})
	}
	for _, d := range []string{"backlog", "insights", "decisions"} {
		out = append(out, file{path: d}, file{path: d + "/.gitkeep", content: []byte{}})
	}
	return out, nil
}

// titleFromDir turns a folder name into a product name ("acme-checkout" →
// "Acme Checkout", "über-app" → "Über App"): each word's first letter
// upper-cased, by rune. What a name cannot hold (a control character, a
// byte that is not UTF-8) becomes a space or U+FFFD.
func titleFromDir(dir string) string {
	dir = safetext.Line(strings.ToValidUTF8(dir, "\uFFFD"))
	words := strings.FieldsFunc(dir, func(r rune) bool { return r == '-' || r == '_' || r == '.' || unicode.IsSpace(r) })
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToTitle(r)) + w[size:]
	}
	if len(words) == 0 {
		return "My Product"
	}
	return strings.Join(words, " ")
}

// maxKey is how many letters a derived key has at most.
const maxKey = 4

// keyFromName derives an ID prefix: the initials of a multi-word name, or
// the first four letters and digits of a single word, Latin letters in
// ASCII ([model.Fold]: "Über App" → "UA", "Ærø" → "AERO"); ITEM when the
// name has no Latin letter.
func keyFromName(name string) string {
	name = fold.Latin(name)
	var letters []rune
	words := strings.Fields(name)
	if len(words) > 1 {
		for _, w := range words {
			for _, r := range w {
				if r < 128 && (('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')) {
					letters = append(letters, r)
					break
				}
			}
			if len(letters) == maxKey {
				break
			}
		}
	}
	if len(letters) < 2 {
		letters = nil
		for _, r := range name {
			if r < 128 && (('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9' && len(letters) > 0)) {
				letters = append(letters, r)
			}
			if len(letters) == maxKey {
				break
			}
		}
	}
	if len(letters) == 0 {
		return "ITEM"
	}
	return strings.ToUpper(string(letters))
}

func shellQuote(s string) string {
	if regexp.MustCompile(`^[A-Za-z0-9_./-]+$`).MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
