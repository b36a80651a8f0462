package validate

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/roadlog/roadlog/pkg/score"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// frontMatterKinds take the custom fields of roadlog.yaml.
var frontMatterKinds = []workspace.FileKind{workspace.FileItem, workspace.FileInsight, workspace.FileDecision}

// Base returns the base schema of a kind, as embedded.
func Base(kind string) (map[string]any, error) {
	raw, err := fs.ReadFile(schema.FS, kind+".schema.json")
	if err != nil {
		return nil, fmt.Errorf("unknown schema kind %q", kind)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("schema %s: %w", kind, err)
	}
	return doc, nil
}

// Document returns the schema of a kind for a workspace: the base schema
// with what roadlog.yaml declares applied (statuses, types, people, the
// scoring model's inputs, custom fields). Custom fields whose schema does
// not compile are left out; [Run] reports them.
func Document(kind string, cfg *workspace.Config) (map[string]any, error) {
	doc, err := Base(kind)
	if err != nil {
		return nil, err
	}
	defs, _ := doc["$defs"].(map[string]any)
	if defs == nil {
		return doc, nil
	}
	if _, ok := defs["status"]; ok {
		defs["status"] = map[string]any{"enum": toAny(cfg.Workflow.Statuses), "description": "One of workflow.statuses in roadlog.yaml."}
	}
	if _, ok := defs["type"]; ok {
		defs["type"] = map[string]any{"enum": toAny(cfg.Types), "description": "One of types in roadlog.yaml."}
	}
	if _, ok := defs["person"]; ok && len(cfg.People) > 0 {
		// An example list, not an enum: an unknown owner is an
		// unknown-reference finding, with a hint, rather than a schema error.
		defs["person"] = map[string]any{
			"type": "string", "minLength": 1, "examples": toAny(cfg.PeopleKeys()),
			"description": "A key of people in roadlog.yaml.",
		}
	}
	if _, ok := defs["score"]; ok {
		defs["score"] = scoreSchema(cfg.Scoring.Model)
	}
	if slices.Contains(frontMatterKinds, workspace.FileKind(kind)) {
		props, _ := doc["properties"].(map[string]any)
		for _, name := range cfg.FieldNames() {
			if _, builtIn := props[name]; builtIn || fieldSchemaError(cfg.Fields[name]) != nil {
				continue
			}
			props[name] = cfg.Fields[name]
		}
	}
	return doc, nil
}

func toAny(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// scoreSchema describes the score: inputs of a model.
func scoreSchema(modelName string) map[string]any {
	num := func(extra map[string]any) map[string]any {
		m := map[string]any{"type": "number"}
		maps.Copy(m, extra)
		return m
	}
	props := map[string]any{}
	switch modelName {
	case "rice":
		props["reach"] = num(map[string]any{"minimum": 0, "description": "People or events per period."})
		props["impact"] = num(map[string]any{"minimum": 0, "description": "3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal."})
		props["confidence"] = num(map[string]any{"minimum": 0, "maximum": 1, "description": "0..1"})
		props["effort"] = num(map[string]any{"exclusiveMinimum": 0, "description": "Person-months (or any unit), more than 0."})
	case "ice":
		for _, k := range []string{"impact", "confidence", "ease"} {
			props[k] = num(map[string]any{"minimum": 1, "maximum": 10, "description": "1..10"})
		}
	case "wsjf":
		for _, k := range []string{"value", "time_criticality", "risk_reduction"} {
			props[k] = num(map[string]any{"minimum": 0})
		}
		props["job_size"] = num(map[string]any{"exclusiveMinimum": 0, "description": "More than 0."})
	default:
		return map[string]any{
			"type": "object", "additionalProperties": map[string]any{"type": "number"},
			"description": "Numbers the scoring formula uses.",
		}
	}
	return map[string]any{
		"type": "object", "properties": props, "additionalProperties": false,
		"description": fmt.Sprintf("Inputs of the %s scoring model; the score itself is computed.", modelName),
	}
}

// noLoader refuses every external reference: a schema in roadlog.yaml must
// not make roadlog read files or the network.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("external reference %s is not allowed", url)
}

func newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(noLoader{})
	return c
}

// fieldSchemaError compiles a custom field's schema on its own.
func fieldSchemaError(sch any) error {
	c := newCompiler()
	const url = "urn:roadlog:field"
	if err := c.AddResource(url, sch); err != nil {
		return err
	}
	_, err := c.Compile(url)
	return err
}

// compiled holds the compiled schemas of a workspace.
type compiled struct {
	schemas map[workspace.FileKind]*jsonschema.Schema
	docs    map[workspace.FileKind]map[string]any
	fast    map[workspace.FileKind]*fastNode // the fast path of each kind's schema
	allowed sync.Map                         // schema URL → the property names it declares, sorted
	// key identifies the schemas: a file's findings kept under the same key
	// ([workspace.File.Findings]) are what checking it again would give.
	key string
}

// compileAll returns the schemas of a workspace, compiled.
func compileAll(cfg *workspace.Config) (*compiled, error) {
	out, err := schemaDocs(cfg)
	if err != nil {
		return nil, err
	}
	if err := out.compile(); err != nil {
		return nil, err
	}
	return out, nil
}

// schemaDocs returns the schema documents of a workspace and their key, not
// yet compiled: when every file's findings are kept under the key, nothing
// needs the compiled schemas (compiling them was a tenth of a warm
// validate).
func schemaDocs(cfg *workspace.Config) (*compiled, error) {
	out := &compiled{
		schemas: map[workspace.FileKind]*jsonschema.Schema{},
		docs:    map[workspace.FileKind]map[string]any{},
		fast:    map[workspace.FileKind]*fastNode{},
	}
	for _, k := range schema.Kinds {
		doc, err := Document(k.Name, cfg)
		if err != nil {
			return nil, err
		}
		doc["$id"] = "urn:roadlog:schema:" + k.Name
		out.docs[workspace.FileKind(k.Name)] = doc
	}
	docs, err := json.Marshal(out.docs) // map keys sorted: the same bytes for the same schemas
	if err != nil {
		return nil, fmt.Errorf("schemas: %w", err)
	}
	out.key = fmt.Sprintf("%x", sha256.Sum256(docs))
	return out, nil
}

// compile compiles the documents of [schemaDocs], for the JSON Schema
// validator and for the fast path.
func (out *compiled) compile() error {
	c := newCompiler()
	for _, k := range schema.Kinds {
		url := "urn:roadlog:schema:" + k.Name
		if err := c.AddResource(url, out.docs[workspace.FileKind(k.Name)]); err != nil {
			return fmt.Errorf("schema %s: %w", k.Name, err)
		}
	}
	for _, k := range schema.Kinds {
		s, err := c.Compile("urn:roadlog:schema:" + k.Name)
		if err != nil {
			return fmt.Errorf("schema %s: %w", k.Name, err)
		}
		out.schemas[workspace.FileKind(k.Name)] = s
		out.fast[workspace.FileKind(k.Name)] = compileFast(out.docs[workspace.FileKind(k.Name)])
	}
	return nil
}

// compileMessage shortens a jsonschema compile error for a finding.
func compileMessage(err error) string {
	var se *jsonschema.SchemaValidationError
	if errors.As(err, &se) {
		msg := se.Err.Error()
		if i := strings.LastIndex(msg, "\n"); i >= 0 {
			msg = strings.TrimSpace(msg[i+1:])
		}
		return strings.TrimPrefix(msg, "- ")
	}
	return err.Error()
}

// scoreModel compiles the configured scoring model; nil when it does not
// compile (reported by the config checks).
func scoreModel(cfg *workspace.Config) *score.Model {
	m, err := score.New(cfg.Scoring.Model, cfg.Scoring.Formula)
	if err != nil {
		return nil
	}
	return m
}
