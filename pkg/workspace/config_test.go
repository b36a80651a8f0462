package workspace

import (
	"encoding/json"
	"testing"

	"github.com/roadlog/roadlog/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// pathCases are paths under paths: in roadlog.yaml and what PathProblem
// says of them: nothing may point into .git (in any case), at .roadlog,
// at roadlog.yaml, at the root or outside the workspace (issue 9, item 15).
var pathCases = []struct {
	path, problem string
}{
	{"backlog", ""},
	{"plan/items", ""},
	{"./roadmap.yaml", ""},
	{"plan/roadlog.yaml", ""},
	{"git/x", ""},
	{".github/roadmap.yaml", ""},
	{".gitx/roadmap.yaml", ""},
	{"my.roadlog/x.yaml", ""},
	{"a..b/x", ""},
	{"..", "leaves the workspace"},
	{"../roadmap.yaml", "leaves the workspace"},
	{"plan/../../x", "leaves the workspace"},
	{"plan/..", "leaves the workspace"},
	{"/etc/roadmap.yaml", "must be a relative path"},
	{`plan\items`, "must be a relative path"},
	{"C:/plan", "must be a relative path"},
	{"c:plan", "must be a relative path"},
	{".git", "is inside .git or .roadlog"},
	{".git/info/exclude", "is inside .git or .roadlog"},
	{".GIT/config", "is inside .git or .roadlog"},
	{"./.Git/hooks", "is inside .git or .roadlog"},
	{"vendor/.git/config", "is inside .git or .roadlog"},
	{".roadlog", "is inside .git or .roadlog"},
	{".roadlog/backup", "is inside .git or .roadlog"},
	{".RoadLog/journal", "is inside .git or .roadlog"},
	{"./.roadlog/x", "is inside .git or .roadlog"},
	// Windows reads these as .git, .roadlog and roadlog.yaml.
	{"GIT~1/config", "is inside .git or .roadlog"},
	{"git~2", "is inside .git or .roadlog"},
	{".git./config", "is inside .git or .roadlog"},
	{".git /hooks", "is inside .git or .roadlog"},
	{".git. ./hooks", "is inside .git or .roadlog"},
	{"ROADLO~1/journal", "is inside .git or .roadlog"},
	{".roadlog./x", "is inside .git or .roadlog"},
	{"roadlog.yaml.", "is roadlog.yaml"},
	{"git~", ""},
	{"git~x", ""},
	{"git", ""},
	{".", "is the workspace root"},
	{"./", "is the workspace root"},
	{"././", "is the workspace root"},
	{"roadlog.yaml", "is roadlog.yaml"},
	{"./roadlog.yaml", "is roadlog.yaml"},
	{"Roadlog.YAML", "is roadlog.yaml"},
}

func TestPathProblem(t *testing.T) {
	for _, tc := range pathCases {
		if got, _ := PathProblem(tc.path); got != tc.problem {
			t.Errorf("PathProblem(%q) = %q, want %q", tc.path, got, tc.problem)
		}
	}
}

// TestPathSchemaAgrees checks that schema/config.schema.json, which editors
// check as one types, refuses exactly the paths PathProblem refuses.
func TestPathSchemaAgrees(t *testing.T) {
	raw, err := schema.FS.ReadFile("config.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("path.json", doc.Defs["path"]); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("path.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range pathCases {
		valid := sch.Validate(tc.path) == nil
		if valid != (tc.problem == "") {
			t.Errorf("schema accepts %q: %v; PathProblem says %q", tc.path, valid, tc.problem)
		}
	}
}

// TestConfigRefusedPathKeepsDefault checks that a path PathProblem refuses
// is not used: the default stays, so that no edit writes there.
func TestConfigRefusedPathKeepsDefault(t *testing.T) {
	c := configFrom(map[string]any{"paths": map[string]any{
		"roadmap": ".git/info/exclude", "backlog": "../elsewhere", "product": "roadlog.yaml",
		"risks": "/etc/risks.yaml", "insights": ".roadlog", "decisions": "plan/decisions",
	}})
	want := DefaultConfig().Paths
	want.Decisions = "plan/decisions"
	if c.Paths != want {
		t.Errorf("paths = %+v, want %+v", c.Paths, want)
	}
}
