package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/diag"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/suggest"
	"github.com/roadlog/roadlog/pkg/workspace"
	"github.com/roadlog/roadlog/pkg/yamlvalue"
	"gopkg.in/yaml.v3"
)

// Visibility values of the schemas.
const (
	visibilityPublic   = "public"
	visibilityInternal = "internal"
)

// isPublic reports whether a record may appear in a public report: it sets
// no visibility, or exactly "public". Every other value — "internal", a
// misspelling, another type — keeps it out, so that a mistake hides a
// record rather than publishing it.
func isPublic(r *workspace.Record) bool {
	v, ok := r.Meta().Fields["visibility"]
	if !ok {
		return true
	}
	s, isString := v.(string)
	return isString && s == visibilityPublic
}

// VisibilityProblems returns what makes `report --public` refuse to run: a
// visibility that is neither "public" nor "internal", and a key that looks
// like a misspelled visibility ("Visibility", "visiblity"). A record with
// either is left out of a public site anyway, but its author meant
// something the files do not say, so the site is not written until it is
// fixed. The findings are validate's where it reports the same place, so
// that both commands say the same thing.
func VisibilityProblems(ws *workspace.Workspace, findings diag.List) diag.List {
	type place struct {
		path string
		pos  diag.Pos
	}
	var out diag.List
	found := map[place][]diag.Diagnostic{}
	for _, d := range findings {
		found[place{d.Path, d.Pos}] = append(found[place{d.Path, d.Pos}], d)
	}
	for _, r := range ws.Records {
		var places []place
		var own []diag.Diagnostic
		fields := r.Meta().Fields
		if v, ok := fields["visibility"]; ok {
			if s, isString := v.(string); !isString || (s != visibilityPublic && s != visibilityInternal) {
				pos := r.ValuePos("visibility")
				places = append(places, place{r.File.Path, pos}, place{r.File.Path, r.KeyPos("visibility")})
				own = append(own, diag.Diagnostic{
					Path: r.File.Path, Pos: pos, Severity: diag.Error, Rule: "schema",
					Message: fmt.Sprintf("visibility %s is neither %q nor %q", describe(v), visibilityPublic, visibilityInternal),
					Hint:    hintFor(v),
				})
			}
		}
		for k := range fields {
			if k == "visibility" || !looksLikeVisibility(k) {
				continue
			}
			pos := r.KeyPos(k)
			places = append(places, place{r.File.Path, pos})
			own = append(own, diag.Diagnostic{
				Path: r.File.Path, Pos: pos, Severity: diag.Error, Rule: "schema",
				Message: fmt.Sprintf("unknown field %q", k), Hint: suggest.Hint(k, []string{"visibility"}),
			})
		}
		if len(own) == 0 {
			continue
		}
		var same diag.List
		for i, pl := range places {
			if !slices.Contains(places[:i], pl) { // a record has a few places at most
				same = append(same, found[pl]...)
			}
		}
		if len(same) == 0 {
			same = own
		}
		out = append(out, same...)
	}
	out.Sort()
	return out
}

// LoadProblems returns what loading the workspace found — files that do
// not parse (broken YAML, a duplicate key, no closing front matter) or
// cannot be read — which makes `report --public` refuse to run: such a
// file may hold internal records, whose IDs a public site could then not
// take out of the text that mentions them, nor tell which of its records
// are internal (a second visibility: key). They are taken from loading,
// not from validate, so that turning the parse rule off in roadlog.yaml
// does not turn this off.
func LoadProblems(ws *workspace.Workspace) diag.List {
	out := slices.Clone(ws.Diagnostics)
	out.Sort()
	return out
}

// looksLikeVisibility reports whether a key is probably a misspelled
// "visibility".
func looksLikeVisibility(k string) bool {
	t := strings.ToLower(strings.TrimSpace(k))
	return t == "visibility" || suggest.Closest(t, []string{"visibility"}) != ""
}

func describe(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	out, err := yaml.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return strings.TrimSpace(strings.ReplaceAll(string(out), "\n", " "))
}

func hintFor(v any) string {
	s, ok := v.(string)
	if !ok {
		return `write public or internal`
	}
	if h := suggest.Hint(strings.TrimSpace(s), []string{visibilityPublic, visibilityInternal}); h != "" {
		return h
	}
	return `write public or internal`
}

// hiddenRecords returns the IDs of records a public site leaves out: every
// record that is not [isPublic] (an ID shared by several records is hidden
// when any of them is), and the key results of hidden objectives. An ID
// that is not text (id: 12345) is there as the file writes it, so that
// text that mentions it is redacted too.
func hiddenRecords(ws *workspace.Workspace) map[string]bool {
	hidden := map[string]bool{}
	for _, r := range ws.Records {
		if isPublic(r) {
			continue
		}
		if id := r.ID(); id != "" {
			hidden[id] = true
		} else if _, v := yamlvalue.Entry(r.Node(), "id"); v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
			hidden[v.Value] = true
		}
	}
	for _, kr := range ws.KeyResults {
		if hidden[kr.Objective] && kr.ID != "" {
			hidden[kr.ID] = true
		}
	}
	return hidden
}

// hiddenSpans returns, per file, the line ranges of hidden records, so that
// a public site's counts of findings leave out those about them. A file
// that holds one record is hidden whole.
func hiddenSpans(ws *workspace.Workspace, hidden map[string]bool) map[string][][2]int {
	spans := map[string][][2]int{}
	for _, r := range ws.Records {
		if isPublic(r) && !hidden[r.ID()] {
			continue
		}
		if len(r.Pointer) == 0 {
			spans[r.File.Path] = append(spans[r.File.Path], [2]int{0, int(^uint(0) >> 1)})
			continue
		}
		n := r.Node()
		if n == nil {
			continue
		}
		lo, hi := n.Line, n.Line
		var walk func(*yaml.Node)
		walk = func(n *yaml.Node) {
			lo, hi = min(lo, n.Line), max(hi, n.Line)
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(n)
		// A list entry's "- " sits on its first line; findings about the
		// entry as a whole point there too.
		spans[r.File.Path] = append(spans[r.File.Path], [2]int{lo + r.File.LineOffset, hi + r.File.LineOffset})
	}
	return spans
}

// publicFindings leaves out the findings about hidden records: those in
// their place in a file, and those whose text mentions one ("A-1 depends
// on INT-1, which is ready").
func publicFindings(list diag.List, spans map[string][][2]int, rules mentionRules) diag.List {
	var out diag.List
	for _, d := range list {
		in := false
		for _, s := range spans[d.Path] {
			if d.Pos.Line >= s[0] && d.Pos.Line <= s[1] {
				in = true
				break
			}
		}
		if _, mentions := rules.redact(d.Text(), ""); !in && !mentions {
			out = append(out, d)
		}
	}
	return out
}

// recordPageNames gives every record ID of the site the name of its page (and
// its anchor in a single file), unique and safe as a file name on every
// system: an ID that matches the ID pattern is its own name, unless it is
// a name Windows reserves, is long, or differs only in case from another
// ID of the site (case-insensitive file systems would merge the two).
// Every other ID is encoded: "_", then its bytes with everything but
// lower-case letters, digits, '.' and '-' written as _XX (hex), or, when
// that is long, "__h" and a SHA-256 of the ID. Encoded names start with
// '_', which no valid ID does, so the two kinds never meet, and an encoded
// name is all lower case, so no two differ only in case.
func recordPageNames(ids []string) map[string]string {
	folded := map[string]int{}
	for _, id := range ids {
		folded[strings.ToLower(id)]++
	}
	names := make(map[string]string, len(ids))
	for _, id := range ids {
		if model.CheckID(id) == nil && len(id) <= 100 && !reserved(id) && folded[strings.ToLower(id)] == 1 {
			names[id] = id
		} else {
			names[id] = encodeName(id)
		}
	}
	return names
}

// reserved reports whether Windows reserves the name (with any extension).
func reserved(id string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(id), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '0' && base[3] <= '9' {
		return true
	}
	return false
}

func encodeName(id string) string {
	const digits = "0123456789abcdef"
	var b strings.Builder
	b.WriteByte('_')
	for i := 0; i < len(id); i++ {
		c := id[i]
		if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || c == '-' || (c == '.' && i > 0) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('_')
		b.WriteByte(digits[c>>4])
		b.WriteByte(digits[c&15])
	}
	if b.Len() > 120 {
		sum := sha256.Sum256([]byte(id))
		return "__h" + hex.EncodeToString(sum[:])
	}
	return b.String()
}
