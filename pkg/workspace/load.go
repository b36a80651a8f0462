package workspace

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/frontmatter"
	"github.com/roadlog/roadlog/pkg/parallel"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest file roadlog reads. A plan file beyond it is
// almost certainly not one (a build artefact, a dump) and parsing it would
// only waste time and memory.
const MaxFileSize = 8 << 20

// ErrNotFound is returned by [Find] when no roadlog.yaml is found.
var ErrNotFound = errors.New("no roadlog.yaml found")

// ConfigError is returned by [Load] when roadlog.yaml exists but cannot be
// read: a folder, a FIFO, a symlink out of the workspace, a file over
// [MaxFileSize], or one without read permission.
type ConfigError struct {
	Diag diag.Diagnostic // what is wrong, at roadlog.yaml:1:1
}

func (e *ConfigError) Error() string {
	msg := e.Diag.Path + ": " + e.Diag.Message
	if e.Diag.Hint != "" {
		msg += "; " + e.Diag.Hint
	}
	return msg
}

// Find walks up from dir to the nearest directory holding roadlog.yaml, as
// Git does for .git, and returns that directory as an absolute path. Any
// entry named roadlog.yaml counts, whatever it is (a folder, a FIFO, a
// symlink leading out): it is looked at with Lstat, never followed or
// opened, so that the workspace it marks fails to load with an error
// naming it, rather than a parent workspace being used instead.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(abs); err != nil {
		return "", err
	} else if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory", dir)
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ConfigFile)); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%w in %s or any parent directory", ErrNotFound, abs)
		}
		d = parent
	}
}

// Open loads the workspace rooted at dir, through its index (see
// [OpenWith]). Files are read through os.Root, so nothing outside dir is
// read, symlinks included.
func Open(ctx context.Context, dir string) (*Workspace, error) {
	return OpenWith(ctx, dir, OpenOptions{})
}

// OpenOptions tune [OpenWith].
type OpenOptions struct {
	// NoCache reads and parses every file, neither reading nor writing the
	// index kept in [CacheFile].
	NoCache bool
	// VerifyCache reads and parses every file as NoCache does, and fails
	// when a file the index says is unchanged differs from what the index
	// holds for it: a check for tests, which run every script with it.
	VerifyCache bool
	// Prev, when set, is a workspace opened before from the same folder
	// through the index, kept in memory (roadlog serve keeps one): it is
	// the index, rather than the index file, so that nothing is decoded.
	// Its files whose stat data still match are taken as they are, with
	// the same care for recent changes as the index's.
	Prev *Workspace
}

// OpenWith loads the workspace rooted at dir. Unless opts.NoCache, files
// whose stat data match the index of [CacheFile] are taken from it, parsed
// and checked already, rather than read; [Workspace.SaveCache] writes the
// index back.
func OpenWith(ctx context.Context, dir string, opts OpenOptions) (*Workspace, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = root.Close() }() // read only
	opened := time.Now().UnixNano()     // before any stat data is taken
	var idx *cacheIndex
	var lo Options
	state := &cacheState{verify: opts.VerifyCache, dirs: map[string]dirStat{}, names: map[string][]string{}}
	st := newStatter(root)
	defer st.close()
	lo.open = st.open
	if !opts.NoCache {
		if idx = opts.Prev.asIndex(dir); idx == nil || opts.VerifyCache {
			idx = readCache(root)
		} else {
			lo.keep = opts.Prev
		}
		lo.Reuse = idx.reuse(root, st)
		if list := idx.listingFor(st); list != nil {
			lo.listing = func(cfg *Config) ([]target, bool) {
				t, ok := list(cfg)
				if ok {
					state.dirs, state.listed, state.temps = idx.listing.dirs, true, idx.listing.temps
				}
				return t, ok
			}
		}
		lo.walked = state.walked
	}
	ws, err := LoadWith(ctx, root.FS(), lo)
	if err != nil {
		return nil, err
	}
	ws.Root, ws.opened = dir, opened
	if !opts.NoCache {
		state.old = idx
		ws.cache = state
		if opts.VerifyCache {
			if err := ws.verifyCache(ctx, root.FS()); err != nil {
				return nil, err
			}
		}
	}
	return ws, nil
}

// Options tune [LoadWith].
type Options struct {
	// Reuse returns a file parsed before that is, byte for byte, what the
	// file system still holds at the path, for a file of the kind; or nil
	// to read and parse the file.
	Reuse func(p string, kind FileKind) *File

	// Like, when set, is a workspace loaded earlier from the same files
	// but for those of Changed (a path and whether it still exists): the
	// record folders are not walked again, the files are those Like found
	// with the changed ones added or removed. It is not used when
	// roadlog.yaml changed, since the folders may then be others.
	Like    *Workspace
	Changed map[string]bool

	// open, when set, opens a regular file for reading quickly, or
	// returns nil for readFile to take the careful way.
	open func(p string) fs.File

	// keep, when set, is a workspace loaded earlier whose records are kept
	// for the files this load takes from it, as Like's are.
	keep *Workspace

	// listing, when set, gives the files of the record folders as an
	// earlier walk found them, or false to walk them.
	listing func(cfg *Config) ([]target, bool)
	// walked, when set, is told every entry the walk saw, and the stat data
	// of each folder it walked (zero for a record folder that is not there).
	walked func(p string, folder bool, st fileStat)
}

// target is a file to read.
type target struct {
	path string
	kind FileKind
}

// Load reads the workspace whose root is the top of fsys. Files are read and
// parsed in parallel; what cannot be read or parsed becomes a diagnostic in
// the result. Load returns an error only when the context is cancelled, the
// root itself cannot be listed, or roadlog.yaml exists but cannot be read
// (a [*ConfigError]).
func Load(ctx context.Context, fsys fs.FS) (*Workspace, error) {
	return LoadWith(ctx, fsys, Options{})
}

// LoadWith is [Load] with options: files that opts.Reuse gives are taken as
// they are rather than read.
func LoadWith(ctx context.Context, fsys fs.FS, opts Options) (*Workspace, error) {
	ws := &Workspace{}
	get := func(t target) (*File, diag.List, error) {
		if opts.Reuse != nil {
			if f := opts.Reuse(t.path, t.kind); f != nil && f.Kind == t.kind && f.Path == t.path {
				return f, f.loadDiags, nil
			}
		}
		return readAndParse(fsys, t, opts.open)
	}

	cfgFile, cfgDiags, err := get(target{ConfigFile, FileConfig})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		ws.Config = DefaultConfig()
	case err != nil:
		return nil, err
	case cfgFile == nil:
		// roadlog.yaml is there but cannot be read: without it no other
		// file can be found or checked, so this is no finding but a failure.
		return nil, &ConfigError{Diag: cfgDiags[0]}
	default:
		ws.ConfigFile = cfgFile
		ws.Files = append(ws.Files, cfgFile)
		ws.Diagnostics = append(ws.Diagnostics, cfgDiags...)
		m, _ := cfgFile.Value.(map[string]any)
		ws.Config = configFrom(m)
	}

	var targets []target
	listed := false
	if opts.listing != nil {
		targets, listed = opts.listing(ws.Config)
	}
	if _, cfgChanged := opts.Changed[ConfigFile]; !listed && opts.Like != nil && opts.Like.walkClean && !cfgChanged {
		targets, listed = relist(opts.Like.targets, opts.Changed, ws.Config), true
	}
	if !listed {
		var walkDiags diag.List
		targets, walkDiags = listTargets(fsys, ws.Config, opts.walked)
		ws.Diagnostics = append(ws.Diagnostics, walkDiags...)
		ws.walkClean = len(walkDiags) == 0
	} else {
		ws.walkClean = true
	}
	ws.targets = targets

	files, built, diags, errs, err := readAll(ctx, targets, get, keptRecords(cmp.Or(opts.Like, opts.keep)))
	if err != nil {
		return nil, err
	}
	loaded := make([]int, 0, len(targets)) // indexes of the files read, by path
	for j, f := range files {
		if errs[j] != nil {
			if errors.Is(errs[j], fs.ErrNotExist) {
				continue // a single file that is not there: fine
			}
			return nil, errs[j]
		}
		ws.Diagnostics = append(ws.Diagnostics, diags[j]...)
		if f != nil {
			loaded = append(loaded, j)
		}
	}
	slices.SortFunc(loaded, func(a, b int) int { return strings.Compare(files[a].Path, files[b].Path) })
	ws.presize(targets, cmp.Or(opts.Like, opts.keep))
	if ws.ConfigFile != nil {
		ws.byPath[ws.ConfigFile.Path] = ws.ConfigFile
	}
	for _, j := range loaded {
		f := files[j]
		ws.Files = append(ws.Files, f)
		ws.byPath[f.Path] = f
		if p := built[j].product; p != nil {
			ws.Product = p
		}
		for _, r := range built[j].recs {
			ws.index(r)
		}
	}
	slices.SortFunc(ws.Files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) })
	ws.Diagnostics.Sort()
	return ws, nil
}

// readAll reads the targets, and builds the records of each file, on every
// core. A file taken from a workspace loaded before (one of kept) has the
// records built then. Each slice has an element a target.
func readAll(ctx context.Context, targets []target, get func(target) (*File, diag.List, error), kept map[*File][]*Record) (
	files []*File, built []fileRecords, diags []diag.List, errs []error, err error,
) {
	files = make([]*File, len(targets))
	built = make([]fileRecords, len(targets))
	diags = make([]diag.List, len(targets))
	errs = make([]error, len(targets))
	err = parallel.For(ctx, len(targets), func(j int) {
		files[j], diags[j], errs[j] = get(targets[j])
		if f := files[j]; f != nil && errs[j] == nil {
			if recs, ok := kept[f]; ok {
				built[j].recs = recs
			} else {
				built[j].build(f)
			}
		}
	})
	return files, built, diags, errs, err
}

// listTargets returns the files to read, sorted by path: the single files
// that exist and every Markdown file under the record folders. walked, when
// not nil, is told every entry seen, and the stat data of every folder
// walked (and of a record folder that is not one, or not there).
func listTargets(fsys fs.FS, cfg *Config, walked func(string, bool, fileStat)) ([]target, diag.List) {
	var out []target
	var diags diag.List
	for _, t := range []target{
		{cfg.Paths.Product, FileProduct},
		{cfg.Paths.Objectives, FileObjectives},
		{cfg.Paths.Roadmap, FileRoadmap},
		{cfg.Paths.Releases, FileReleases},
		{cfg.Paths.Risks, FileRisks},
	} {
		if p, ok := cleanPath(t.path); ok {
			out = append(out, target{p, t.kind})
		}
	}
	for _, d := range []target{
		{cfg.Paths.Backlog, FileItem},
		{cfg.Paths.Insights, FileInsight},
		{cfg.Paths.Decisions, FileDecision},
	} {
		dir, ok := cleanPath(d.path)
		if !ok {
			continue
		}
		err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if p == dir && errors.Is(err, fs.ErrNotExist) {
					if walked != nil {
						walked(p, true, fileStat{}) // not there: the index keeps that too
					}
					return nil
				}
				diags.Add(readFailure(p, err))
				if e != nil && e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			name := e.Name()
			if walked != nil {
				hidden := p != dir && strings.HasPrefix(name, ".")
				var st fileStat
				folder := p == dir || e.IsDir() && !hidden // the root whatever it is, and the folders walked
				if folder {
					if fi, err := e.Info(); err == nil {
						st = statOf(fi)
					}
				}
				walked(p, folder, st)
			}
			if p != dir && strings.HasPrefix(name, ".") {
				if e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if e.IsDir() {
				return nil
			}
			if !isRecordFile(name) {
				return nil
			}
			out = append(out, target{p, d.kind})
			return nil
		})
		if err != nil {
			diags.Add(readFailure(dir, err))
		}
	}
	slices.SortFunc(out, func(a, b target) int { return strings.Compare(a.path, b.path) })
	out = slices.CompactFunc(out, func(a, b target) bool { return a.path == b.path })
	return out, diags
}

// relist returns the files of an earlier listing with the changed paths
// added (those that exist and that a walk would find) or removed.
func relist(earlier []target, changed map[string]bool, cfg *Config) []target {
	out := make([]target, 0, len(earlier)+len(changed))
	for _, t := range earlier {
		if exists, ok := changed[t.path]; ok && !exists {
			if _, inFolder := folderKind(t.path, cfg); inFolder {
				continue // removed; the single files are listed whether they exist or not
			}
		}
		out = append(out, t)
	}
	for p, exists := range changed {
		if !exists {
			continue
		}
		if kind, ok := folderKind(p, cfg); ok {
			out = append(out, target{p, kind})
		}
	}
	slices.SortFunc(out, func(a, b target) int { return strings.Compare(a.path, b.path) })
	return slices.CompactFunc(out, func(a, b target) bool { return a.path == b.path })
}

// folderKind returns the kind of the record folder a walk would find the
// file at p in: under the folder, with no hidden name below it, and a
// record file's name.
func folderKind(p string, cfg *Config) (FileKind, bool) {
	for _, d := range []target{
		{cfg.Paths.Backlog, FileItem},
		{cfg.Paths.Insights, FileInsight},
		{cfg.Paths.Decisions, FileDecision},
	} {
		dir, ok := cleanPath(d.path)
		rest, under := strings.CutPrefix(p, dir+"/")
		if !ok || !under {
			continue
		}
		parts := strings.Split(rest, "/")
		if slices.ContainsFunc(parts, func(s string) bool { return strings.HasPrefix(s, ".") }) || !isRecordFile(parts[len(parts)-1]) {
			return "", false
		}
		return d.kind, true
	}
	return "", false
}

// isRecordFile reports whether a file in a record folder holds a record:
// Markdown, and not a README explaining the folder.
func isRecordFile(name string) bool {
	lower := strings.ToLower(name)
	if !strings.HasSuffix(lower, ".md") && !strings.HasSuffix(lower, ".markdown") {
		return false
	}
	return lower != "readme.md" && lower != "readme.markdown"
}

// cleanPath turns a configured path into an fs.FS path; paths that leave
// the root are refused (the schema reports them).
func cleanPath(p string) (string, bool) {
	p = path.Clean(strings.TrimPrefix(p, "./"))
	return p, fs.ValidPath(p) && p != "."
}

// readAndParse reads one file and parses it. It returns fs.ErrNotExist for a
// file that is not there and nil otherwise: every other failure is a
// diagnostic.
func readAndParse(fsys fs.FS, t target, open func(string) fs.File) (*File, diag.List, error) {
	var raw []byte
	var fi fs.FileInfo
	var d *diag.Diagnostic
	var err error
	if f := openWith(open, t.path); f != nil {
		raw, fi, d, err = readOpened(t.path, f)
		_ = f.Close() // read only
	} else {
		raw, fi, d, err = readFile(fsys, t.path)
	}
	if err != nil || d != nil {
		if d != nil {
			return nil, diag.List{*d}, nil
		}
		return nil, nil, err
	}
	f, diags := Parse(t.path, t.kind, raw)
	f.stat = statOf(fi)
	return f, diags, nil
}

// openWith opens p with open when there is one.
func openWith(open func(string) fs.File, p string) fs.File {
	if open == nil {
		return nil
	}
	return open(p)
}

// readFile reads a regular file of at most MaxFileSize bytes. It returns a
// diagnostic for a file that exists but cannot or should not be read, and
// fs.ErrNotExist for one that is not there.
//
// The file is looked at with Stat before it is opened: opening a FIFO
// blocks until something writes to it, and reading a device may never end,
// so anything but a regular file (symlinks followed inside the root) is
// refused unopened. The read itself stops past MaxFileSize, so a file that
// grows while it is read cannot make it run forever.
func readFile(fsys fs.FS, p string) ([]byte, fs.FileInfo, *diag.Diagnostic, error) {
	fail := func(msg, hint string) ([]byte, fs.FileInfo, *diag.Diagnostic, error) {
		return nil, nil, &diag.Diagnostic{Path: p, Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: "parse", Message: msg, Hint: hint}, nil
	}
	failure := func(err error) ([]byte, fs.FileInfo, *diag.Diagnostic, error) {
		d := readFailure(p, err)
		return nil, nil, &d, nil
	}
	fi, err := fs.Stat(fsys, p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if _, lerr := fs.Lstat(fsys, p); lerr == nil {
				return failure(errors.New("broken symlink"))
			}
			return nil, nil, nil, err
		}
		return failure(err)
	}
	if msg, hint := notReadable(p, fi); msg != "" {
		return fail(msg, hint)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return failure(err)
	}
	defer func() { _ = f.Close() }() // read only
	return readOpened(p, f)
}

// readOpened reads an opened file as [readFile] does.
func readOpened(p string, f fs.File) ([]byte, fs.FileInfo, *diag.Diagnostic, error) {
	fail := func(msg, hint string) ([]byte, fs.FileInfo, *diag.Diagnostic, error) {
		return nil, nil, &diag.Diagnostic{Path: p, Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: "parse", Message: msg, Hint: hint}, nil
	}
	failure := func(err error) ([]byte, fs.FileInfo, *diag.Diagnostic, error) {
		d := readFailure(p, err)
		return nil, nil, &d, nil
	}
	fi, err := f.Stat()
	if err != nil {
		return failure(err)
	}
	if msg, hint := notReadable(p, fi); msg != "" { // replaced since the Stat
		return fail(msg, hint)
	}
	raw := make([]byte, 0, fi.Size()+1)
	exact := exactSize(f)
	// As much as fstat said is all: no second read to see the end.
	for !exact || len(raw) != int(fi.Size()) || len(raw) == 0 {
		n, err := f.Read(raw[len(raw):cap(raw)])
		raw = raw[:len(raw)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return failure(err)
		}
		if len(raw) == cap(raw) {
			if len(raw) > MaxFileSize {
				return fail(fmt.Sprintf("file is larger than the %s limit", sizeText(MaxFileSize)), "split it, or move it out of the workspace")
			}
			raw = append(raw, 0)[:len(raw)] // grew while read: make room
		}
	}
	return raw, fi, nil, nil
}

// notReadable says why a file described by fi is not read, or "" when it
// is a regular file within the size limit.
func notReadable(p string, fi fs.FileInfo) (msg, hint string) {
	const notFile = "roadlog reads only regular files; remove it, or move it out of the workspace"
	switch mode := fi.Mode(); {
	case mode.IsDir():
		if p == ConfigFile {
			return "is a directory, not a file", "roadlog.yaml must be a file; rename or remove the folder"
		}
		return "is a directory, not a file", "check paths: in roadlog.yaml"
	case mode&fs.ModeNamedPipe != 0:
		return "is a named pipe (FIFO), not a file", notFile
	case mode&fs.ModeSocket != 0:
		return "is a socket, not a file", notFile
	case mode&fs.ModeDevice != 0:
		return "is a device, not a file", notFile
	case mode&fs.ModeSymlink != 0:
		// Only a file system that does not follow symlinks (a Git
		// revision) says this; following one could leave the workspace.
		return "is a symlink", "roadlog does not follow symlinks stored in Git; commit the file itself"
	case !mode.IsRegular():
		return "is not a regular file", notFile
	case fi.Size() > MaxFileSize:
		return fmt.Sprintf("file is %s, larger than the %s limit", sizeText(fi.Size()), sizeText(MaxFileSize)),
			"split it, or move it out of the workspace"
	}
	return "", ""
}

func sizeText(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// readFailure describes a file that cannot be read.
func readFailure(p string, err error) diag.Diagnostic {
	d := diag.Diagnostic{Path: p, Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: "parse"}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	switch {
	case strings.Contains(msg, "escapes from parent") || strings.Contains(msg, "outside"):
		d.Message = "symlink points outside the workspace"
		d.Hint = "roadlog reads nothing outside the folder of roadlog.yaml; copy the file in instead"
	case errors.Is(err, fs.ErrPermission):
		d.Message = "permission denied"
		d.Hint = "make the file readable"
	default:
		d.Message = "cannot read: " + msg
	}
	return d
}

// Parse parses the bytes of one file of the given kind. It never fails: the
// returned File keeps what could be parsed and the diagnostics say the rest.
func Parse(p string, kind FileKind, raw []byte) (*File, diag.List) {
	f, diags := parse(p, kind, raw)
	f.loadDiags = diags
	return f, diags
}

func parse(p string, kind FileKind, raw []byte) (*File, diag.List) {
	f := &File{Path: p, Kind: kind, Raw: raw}
	var diags diag.List
	add := func(pos diag.Pos, msg, hint string) {
		diags.Add(diag.Diagnostic{Path: p, Pos: pos, Severity: diag.Error, Rule: "parse", Message: msg, Hint: hint})
	}

	if line, col, what := firstInvalid(raw); what != "" {
		if what == "nul" {
			add(diag.Pos{Line: line, Col: col}, "binary file (it contains a NUL byte)", "roadlog reads UTF-8 text files only")
		} else {
			add(diag.Pos{Line: line, Col: col}, "invalid UTF-8", "save the file as UTF-8")
		}
		return f, diags
	}

	start := 0
	if bytes.HasPrefix(raw, bom) {
		start = len(bom)
	}
	f.YAMLOffset, f.YAMLEnd = start, len(raw)
	if kind.Markdown() {
		doc, err := frontmatter.Split(raw)
		if err != nil {
			var fe *frontmatter.Error
			if errors.As(err, &fe) {
				add(diag.Pos{Line: fe.Line, Col: fe.Col}, fe.Msg, fe.Hint)
			} else {
				add(diag.Pos{Line: 1, Col: 1}, err.Error(), "")
			}
			return f, diags
		}
		f.YAMLOffset, f.YAMLEnd = doc.FrontOffset, doc.FrontOffset+len(doc.Front)
		f.LineOffset = doc.FrontLine - 1
		f.Body = string(doc.Body)
		f.BodyLine = doc.BodyLine
	}

	src := f.YAML()
	if v, ok := yamlvalue.Fast(src); ok && len(v) > 0 {
		f.Value, f.Parsed = v, true
		return f, diags
	}
	var root yaml.Node
	if !hasDocumentMarker(src) {
		// One document: yaml.Unmarshal parses the bytes in place, without
		// the buffers of a Decoder (half the garbage for small files).
		if err := yaml.Unmarshal(src, &root); err != nil {
			pos, msg, hint := yamlError(err, src)
			pos.Line += f.LineOffset
			add(pos, msg, hint)
			return f, diags
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(src))
		err := dec.Decode(&root)
		if err != nil && !errors.Is(err, io.EOF) {
			pos, msg, hint := yamlError(err, src)
			pos.Line += f.LineOffset
			add(pos, msg, hint)
			return f, diags
		}
		var extra yaml.Node
		if err := dec.Decode(&extra); err == nil {
			pos := separatorPos(src, extra)
			pos.Line += f.LineOffset
			add(pos, "more than one YAML document in the file",
				`remove the "---" line that starts the second one`)
		} else if !errors.Is(err, io.EOF) {
			pos, msg, hint := yamlError(err, src)
			pos.Line += f.LineOffset
			add(pos, msg, hint)
		}
	}
	if root.Kind == 0 { // no document at all
		f.Parsed = true
		if kind.Markdown() {
			f.Value = map[string]any{} // empty front matter: an empty record
		}
		return f, diags
	}
	f.Parsed = true

	v, problems := yamlvalue.ConvertLines(&root, func(n *yaml.Node) int { return f.Pos(n).Line })
	f.Value = v
	for _, pr := range problems {
		add(f.Pos(pr.Node), pr.Msg, pr.Hint)
	}
	return f, diags
}

// hasDocumentMarker reports whether src has a line starting with "---" or
// "...", which may start or end a YAML document. Lines end as YAML ends
// them: a "---" after a NEL, LS or PS starts a document too.
func hasDocumentMarker(src []byte) bool {
	for _, marker := range []string{"---", "..."} {
		if bytes.HasPrefix(src, []byte(marker)) {
			return true
		}
		for _, brk := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029"} {
			if bytes.Contains(src, []byte(brk+marker)) {
				return true
			}
		}
	}
	return false
}

// separatorPos returns the position of the "---" that starts doc, the
// second document of src.
func separatorPos(src []byte, doc yaml.Node) diag.Pos {
	line := doc.Line
	if len(doc.Content) > 0 {
		line = doc.Content[0].Line
	}
	starts := yamlLineStarts(src)
	for l := min(line, len(starts)); l >= 1; l-- {
		if bytes.HasPrefix(src[starts[l-1]:], []byte("---")) {
			line = l
			break
		}
	}
	l, c := offsetPos(src, starts[min(max(line, 1), len(starts))-1])
	return diag.Pos{Line: l, Col: c}
}

var bom = []byte("\xef\xbb\xbf")

// KindOf returns the kind of the workspace file at p (workspace-relative,
// slash-separated), as loading would read it: roadlog.yaml, one of the
// plan files, or a record file in a record folder.
func (c *Config) KindOf(p string) (FileKind, bool) {
	if p == ConfigFile {
		return FileConfig, true
	}
	for _, t := range []target{
		{c.Paths.Product, FileProduct},
		{c.Paths.Objectives, FileObjectives},
		{c.Paths.Roadmap, FileRoadmap},
		{c.Paths.Releases, FileReleases},
		{c.Paths.Risks, FileRisks},
	} {
		if clean, ok := cleanPath(t.path); ok && clean == p {
			return t.kind, true
		}
	}
	return folderKind(p, c)
}
