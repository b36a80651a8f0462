package workspace

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
)

// ConfigFile is the name of the file that marks a workspace's root.
const ConfigFile = "roadlog.yaml"

// Config is roadlog.yaml with every default applied.
type Config struct {
	Version  int
	Product  ProductConfig
	IDs      string // sequential | random
	Workflow Workflow
	Types    []string
	Scoring  Scoring
	Fields   map[string]any // custom field name → its JSON Schema
	People   map[string]Person
	Rules    map[string]string // rule → error | warning | info | off
	Paths    Paths
	Report   ReportConfig
	Board    BoardConfig
}

// ProductConfig names the product.
type ProductConfig struct {
	Name string
	Key  string // prefix of item IDs made by `roadlog new`
}

// Workflow is the item lifecycle.
type Workflow struct {
	Statuses []string       // in board column order
	Closed   []string       // statuses that count as finished
	WIP      map[string]int // limits per status
}

// Scoring selects how an item's score is computed.
type Scoring struct {
	Model   string // rice | ice | wsjf | formula
	Formula string
}

// Person is someone who can own records.
type Person struct {
	Name  string
	Role  string
	Email string
}

// Paths locates each kind of file, relative to the workspace root.
type Paths struct {
	Product    string
	Objectives string
	Roadmap    string
	Releases   string
	Risks      string
	Backlog    string
	Insights   string
	Decisions  string
}

// ReportConfig configures `roadlog report`.
type ReportConfig struct {
	Title          string
	InternalFields []string
}

// BoardConfig configures the board.
type BoardConfig struct {
	// ClosedRecentDays is how long, in days after its closed date, a closed
	// item is listed in its column; older ones are only counted. 0 lists
	// every closed item.
	ClosedRecentDays int
}

// DefaultConfig returns the configuration of a workspace whose roadlog.yaml
// sets nothing.
func DefaultConfig() *Config {
	return &Config{
		Version: 1,
		IDs:     "sequential",
		Workflow: Workflow{
			Statuses: []string{"idea", "discovery", "ready", "in-progress", "review", "done", "dropped"},
			Closed:   []string{"done", "dropped"},
			WIP:      map[string]int{},
		},
		Types:   []string{"epic", "story", "bug", "task", "spike"},
		Scoring: Scoring{Model: "rice"},
		Fields:  map[string]any{},
		People:  map[string]Person{},
		Rules:   map[string]string{},
		Paths: Paths{
			Product:    "product.md",
			Objectives: "objectives.yaml",
			Roadmap:    "roadmap.yaml",
			Releases:   "releases.yaml",
			Risks:      "risks.yaml",
			Backlog:    "backlog",
			Insights:   "insights",
			Decisions:  "decisions",
		},
		Board: BoardConfig{ClosedRecentDays: DefaultClosedRecentDays},
	}
}

// PathOf returns where the records of a kind live: the folder of records
// kept one per file, or the file that lists them (see [model.KindInfo]).
func (c *Config) PathOf(k model.Kind) string {
	p := c.Paths
	switch k.Info().Path {
	case "backlog":
		return p.Backlog
	case "insights":
		return p.Insights
	case "decisions":
		return p.Decisions
	case "roadmap":
		return p.Roadmap
	case "objectives":
		return p.Objectives
	case "releases":
		return p.Releases
	case "risks":
		return p.Risks
	case "product":
		return p.Product
	}
	return ""
}

// IsClosed reports whether status counts as finished.
func (c *Config) IsClosed(status string) bool { return slices.Contains(c.Workflow.Closed, status) }

// PeopleKeys returns the keys of people, sorted.
func (c *Config) PeopleKeys() []string { return slices.Sorted(maps.Keys(c.People)) }

// FieldNames returns the names of the custom fields, sorted.
func (c *Config) FieldNames() []string { return slices.Sorted(maps.Keys(c.Fields)) }

// configFrom reads a roadlog.yaml value leniently: a key of the wrong type
// keeps its default (the schema reports it).
func configFrom(v map[string]any) *Config {
	c := DefaultConfig()
	if n, ok := v["version"].(int64); ok {
		c.Version = int(n)
	}
	if s := str(v, "ids"); s != "" {
		c.IDs = s
	}
	if s := strs(v, "types"); len(s) > 0 {
		c.Types = s
	}
	for _, sec := range configSections {
		if m, ok := v[sec.key].(map[string]any); ok {
			sec.read(c, m)
		}
	}
	return c
}

// configSections read the sections of roadlog.yaml that are mappings, one
// reader a key.
var configSections = []struct {
	key  string
	read func(c *Config, m map[string]any)
}{
	{"product", readProduct},
	{"workflow", readWorkflow},
	{"scoring", readScoring},
	{"fields", readFields},
	{"people", readPeople},
	{"rules", readRules},
	{"paths", readPaths},
	{"report", readReport},
	{"board", readBoard},
}

func readProduct(c *Config, p map[string]any) {
	c.Product.Name = str(p, "name")
	c.Product.Key = str(p, "key")
}

func readWorkflow(c *Config, w map[string]any) {
	if s := strs(w, "statuses"); len(s) > 0 {
		c.Workflow.Statuses = s
	}
	if _, set := w["closed"]; set {
		c.Workflow.Closed = strs(w, "closed")
	}
	if wip, ok := w["wip"].(map[string]any); ok {
		for k, n := range wip {
			if i, ok := n.(int64); ok {
				c.Workflow.WIP[k] = int(i)
			}
		}
	}
}

func readScoring(c *Config, s map[string]any) {
	if m := str(s, "model"); m != "" {
		c.Scoring.Model = m
	}
	c.Scoring.Formula = str(s, "formula")
}

func readFields(c *Config, f map[string]any) {
	for k, sch := range f {
		if m, ok := sch.(map[string]any); ok {
			c.Fields[k] = m
		}
	}
}

func readPeople(c *Config, p map[string]any) {
	for k, pv := range p {
		m, _ := pv.(map[string]any)
		c.People[k] = Person{Name: str(m, "name"), Role: str(m, "role"), Email: str(m, "email")}
	}
}

func readRules(c *Config, r map[string]any) {
	for k, sev := range r {
		if s, ok := sev.(string); ok {
			c.Rules[k] = s
		}
	}
}

func readPaths(c *Config, p map[string]any) {
	setPath(&c.Paths.Product, p, "product")
	setPath(&c.Paths.Objectives, p, "objectives")
	setPath(&c.Paths.Roadmap, p, "roadmap")
	setPath(&c.Paths.Releases, p, "releases")
	setPath(&c.Paths.Risks, p, "risks")
	setPath(&c.Paths.Backlog, p, "backlog")
	setPath(&c.Paths.Insights, p, "insights")
	setPath(&c.Paths.Decisions, p, "decisions")
}

// setPath sets *dst to the path at key in p. A path that PathProblem
// refuses keeps its default (validate reports it): nothing is read from or
// written to .git, .roadlog, roadlog.yaml or outside the workspace, even
// with --force.
func setPath(dst *string, p map[string]any, key string) {
	if s := str(p, key); s != "" {
		if problem, _ := PathProblem(s); problem == "" {
			*dst = s
		}
	}
}

func readReport(c *Config, r map[string]any) {
	c.Report.Title = str(r, "title")
	c.Report.InternalFields = strs(r, "internal_fields")
}

func readBoard(c *Config, b map[string]any) {
	if n, ok := b["closed_recent_days"].(int64); ok && n >= 0 {
		c.Board.ClosedRecentDays = int(n)
	}
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func strs(m map[string]any, key string) []string {
	list, _ := m[key].([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// PathProblem says why p cannot be a path under paths: in roadlog.yaml, with
// a hint, or returns "" when it can. A path is relative, uses '/', stays
// inside the workspace and out of .git, .roadlog and roadlog.yaml: roadlog
// writes to these paths, and must never write there. Names are compared
// without regard to case, as case-insensitive file systems do.
// schema/config.schema.json says the same for editors.
func PathProblem(p string) (problem, hint string) {
	switch {
	case strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || hasDrive(p):
		return "must be a relative path", "write it relative to the folder of roadlog.yaml, with /"
	case slices.Contains(strings.Split(p, "/"), ".."):
		return "leaves the workspace", `remove the ".." parts`
	case InStateOrGit(p):
		return "is inside .git or " + StateDir, "keep plan files out of the folders of Git and roadlog"
	}
	switch clean := path.Clean(p); {
	case clean == ".":
		return "is the workspace root", "name a file or folder inside it"
	case strings.EqualFold(strings.TrimRight(clean, ". "), ConfigFile):
		return "is " + ConfigFile, "keep the configuration and the plan in separate files"
	}
	return "", ""
}

// hasDrive reports whether p starts with a Windows drive letter ("C:").
func hasDrive(p string) bool {
	return len(p) >= 2 && p[1] == ':' && ('a' <= p[0] && p[0] <= 'z' || 'A' <= p[0] && p[0] <= 'Z')
}

// InStateOrGit reports whether a slash-separated path inside the workspace
// has a .git or .roadlog folder (in any case) among its parts: Git's
// folder, and roadlog's own, where no edit of a plan file may write. The
// names Windows reads as those folders count too, as Git's own check
// does: with trailing dots or spaces (".git.", ".git "), and the 8.3
// short names (GIT~1, ROADLO~1).
func InStateOrGit(p string) bool {
	for part := range strings.SplitSeq(p, "/") {
		name := strings.ToLower(strings.TrimRight(part, ". "))
		if part != "." && part != ".." && (name == ".git" || name == StateDir || shortName(name, "git~") || shortName(name, "roadlo~")) {
			return true
		}
	}
	return false
}

// shortName reports whether name is an 8.3 short name made from prefix:
// prefix and a number (git~1).
func shortName(name, prefix string) bool {
	n, ok := strings.CutPrefix(name, prefix)
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}
