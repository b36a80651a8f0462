package model

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// KindInfo is what the registry knows of a kind of record: how users name
// it, where its records live, how `roadlog new` numbers them, and which of
// its fields name other records or people.
type KindInfo struct {
	Kind Kind
	// Plural is the kind's name as `roadlog list` takes it: "items",
	// "key-results".
	Plural string
	// File names the kind of file that holds the records, which is also the
	// name of its schema (schema/<File>.schema.json): "item", "roadmap".
	File string
	// Path is the key under paths: in roadlog.yaml that locates that file,
	// or, for records kept one per file, their folder.
	Path string
	// OwnFile says that each record is a file of its own whose name begins
	// with its ID (items, insights, decisions).
	OwnFile bool
	// List is where the records sit in their file, from its top mapping: a
	// list under each key in turn (key results: under "objectives", each
	// objective's "key_results"). Empty for records kept one per file.
	List []string
	// IDPrefix starts the IDs `roadlog new` numbers ("INIT" in INIT-3); ""
	// when they come from elsewhere: items take product.key, themes are
	// named after their title, personas are not made by `roadlog new`.
	IDPrefix string
	// People lists the fields that name a key of people in roadlog.yaml.
	People []string
	// References lists the fields that hold IDs of other records.
	References []Reference
}

// Reference is a field whose value names other records by ID.
type Reference struct {
	Field string
	// Targets are the kinds it may name; nil: a record of any kind.
	Targets []Kind
	// List says the value is a list of IDs; otherwise it is one ID.
	List bool
}

// IDsIn returns the IDs a reference field's value names: one text, or the
// texts of a list. Anything else names nothing (the schema reports it).
func IDsIn(v any) []string {
	var out []string
	EachIDIn(v, func(id string) { out = append(out, id) })
	return out
}

// EachIDIn calls fn with each ID that [IDsIn] returns, without building the
// list: the read model visits every reference of every record.
func EachIDIn(v any, fn func(string)) {
	switch x := v.(type) {
	case string:
		fn(x)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				fn(s)
			}
		}
	}
}

// registry lists every kind, in the order `roadlog list` names them.
var registry = []KindInfo{
	{
		Kind: KindItem, Plural: "items", File: "item", Path: "backlog", OwnFile: true, People: []string{"owner"},
		References: []Reference{
			{Field: "parent", Targets: []Kind{KindItem}},
			{Field: "initiative", Targets: []Kind{KindInitiative}},
			{Field: "release", Targets: []Kind{KindRelease}},
			{Field: "depends_on", Targets: []Kind{KindItem}, List: true},
			{Field: "insights", Targets: []Kind{KindInsight}, List: true},
		},
	},
	{Kind: KindTheme, Plural: "themes", File: "roadmap", Path: "roadmap", List: []string{"themes"}},
	{
		Kind: KindInitiative, Plural: "initiatives", File: "roadmap", Path: "roadmap", List: []string{"initiatives"},
		IDPrefix: "INIT", People: []string{"owner"},
		References: []Reference{
			{Field: "theme", Targets: []Kind{KindTheme}},
			{Field: "objectives", Targets: []Kind{KindObjective}, List: true},
		},
	},
	{
		Kind: KindObjective, Plural: "objectives", File: "objectives", Path: "objectives", List: []string{"objectives"},
		IDPrefix: "OBJ", People: []string{"owner"},
	},
	{
		Kind: KindKeyResult, Plural: "key-results", File: "objectives", Path: "objectives",
		List: []string{"objectives", "key_results"}, IDPrefix: "KR",
	},
	{Kind: KindRelease, Plural: "releases", File: "releases", Path: "releases", List: []string{"releases"}, IDPrefix: "R"},
	{
		Kind: KindRisk, Plural: "risks", File: "risks", Path: "risks", List: []string{"risks"}, IDPrefix: "RISK",
		People:     []string{"owner"},
		References: []Reference{{Field: "links", List: true}},
	},
	{Kind: KindInsight, Plural: "insights", File: "insight", Path: "insights", OwnFile: true, IDPrefix: "INS"},
	{
		Kind: KindDecision, Plural: "decisions", File: "decision", Path: "decisions", OwnFile: true, IDPrefix: "DEC",
		References: []Reference{
			{Field: "supersedes", Targets: []Kind{KindDecision}},
			{Field: "links", List: true},
		},
	},
	{Kind: KindPersona, Plural: "personas", File: "product", Path: "product", List: []string{"personas"}},
}

// Kinds returns every kind of record, in the order `roadlog list` names
// them.
func Kinds() []Kind {
	out := make([]Kind, len(registry))
	for i, ki := range registry {
		out[i] = ki.Kind
	}
	return out
}

// Info returns what the registry knows of the kind; the zero KindInfo for
// a kind it does not know.
func (k Kind) Info() KindInfo {
	if i, ok := registryIndex[k]; ok {
		return registry[i]
	}
	return KindInfo{}
}

var registryIndex = func() map[Kind]int {
	m := make(map[Kind]int, len(registry))
	for i, ki := range registry {
		m[ki.Kind] = i
	}
	return m
}()

// Plural is the kind's name as `roadlog list` takes it: "key-results".
func (k Kind) Plural() string { return k.Info().Plural }

// Name is the kind's singular name as users type it: "key-result".
func (k Kind) Name() string { return strings.ReplaceAll(string(k), "_", "-") }

// PluralNames lists the kinds as `roadlog list` takes them, in registry
// order.
func PluralNames() []string {
	out := make([]string, len(registry))
	for i, ki := range registry {
		out[i] = ki.Plural
	}
	return out
}

// ParseKind reads a kind's name as users type it: plural or singular, with
// "-" or "_", in any case.
func ParseKind(s string) (Kind, bool) {
	s = strings.ReplaceAll(strings.ToLower(s), "_", "-")
	for _, ki := range registry {
		if s == ki.Kind.Name() || s == ki.Plural {
			return ki.Kind, true
		}
	}
	return "", false
}

// References returns the fields of a kind that hold IDs of other records.
func References(k Kind) []Reference { return k.Info().References }

// referenceOf returns the reference a field of a kind is, and false when
// the field holds no IDs.
func referenceOf(k Kind, field string) (Reference, bool) {
	for _, r := range References(k) {
		if r.Field == field {
			return r, true
		}
	}
	return Reference{}, false
}

// IsReference reports whether a field of a kind holds IDs of other
// records.
func IsReference(k Kind, field string) bool {
	_, ok := referenceOf(k, field)
	return ok
}

// NamesPerson reports whether a field of a kind names a key of people.
func NamesPerson(k Kind, field string) bool { return slices.Contains(k.Info().People, field) }

// IDPattern is the pattern every record ID matches: a letter, then
// letters, digits, '.', '_' or '-'. The schemas declare the same.
const IDPattern = `^[A-Za-z][A-Za-z0-9._-]*$`

var idPattern = regexp.MustCompile(IDPattern)

// CheckID returns nil when id matches [IDPattern], else an error that says
// what an ID may hold.
func CheckID(id string) error {
	if idPattern.MatchString(id) {
		return nil
	}
	return fmt.Errorf("%q is not a valid ID: start with a letter, then letters, digits, '.', '_' or '-'", id)
}

// IsIDWordByte reports whether c belongs to the word around it: an ASCII
// letter, a digit or '_'. It is the one rule for where an ID stands in
// text: an ID is mentioned where its bytes stand with no such byte just
// before or after them, so '.', '-' and every other byte end the word.
// "A-1" is mentioned in "see A-1.", "(A-1)", "A-1.html", "#A-1",
// "?id=A-1" and "x-A-1", and not in "A-10", "BA-1" or "A-1_2"; "R-2027.1"
// is mentioned in "R-2027.1." and not in "R-2027.10". [IDSet.Find] applies
// it.
func IsIDWordByte(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// IDSet is a set of record IDs that finds where text mentions them.
type IDSet struct {
	ids []string // lower-cased (ASCII), sorted, unique, none empty
}

// NewIDSet returns the set of the IDs; empty ones are left out.
func NewIDSet(ids []string) *IDSet {
	s := &IDSet{ids: make([]string, 0, len(ids))}
	for _, id := range ids {
		if id != "" {
			s.ids = append(s.ids, FoldID(id))
		}
	}
	slices.Sort(s.ids)
	s.ids = slices.Compact(s.ids)
	return s
}

// FoldID lower-cases the ASCII letters of an ID, as [IDSet] compares IDs;
// every other byte stays, so offsets into the text do not move.
func FoldID(id string) string {
	for i := 0; i < len(id); i++ {
		if 'A' <= id[i] && id[i] <= 'Z' {
			b := []byte(id)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return id
}

// Mention is where a text mentions an ID: text[Start:End].
type Mention struct{ Start, End int }

// Find returns where text mentions IDs of the set, left to right and never
// overlapping: at each place where a word may begin, the longest ID of the
// set that stands there as a whole word (see [IsIDWordByte]), so that
// "R-2027.1" is a mention of R-2027.1 rather than of R-2027 when the set
// holds both. Letters compare without regard to ASCII case, so that the
// lower-case slug of a file name ("a-7-after-p-2.md") mentions P-2 too;
// callers that need the ID as written compare text[m.Start:m.End].
//
// It takes time linear in len(text) times the length of the longest ID of
// the set that a place in text begins to match.
func (s *IDSet) Find(text string) []Mention {
	if s == nil || len(s.ids) == 0 {
		return nil
	}
	var out []Mention
	for i := 0; i < len(text); {
		if i > 0 && IsIDWordByte(text[i-1]) {
			i++
			continue
		}
		if end := s.longestAt(text, i); end > i {
			out = append(out, Mention{Start: i, End: end})
			i = end
			continue
		}
		i++
	}
	return out
}

// longestAt returns the end of the longest ID of the set that text
// mentions from i, or -1. It walks the sorted IDs as a trie: after k bytes,
// ids[lo:hi] are those that begin with text[i:i+k], the one that is
// exactly that first.
func (s *IDSet) longestAt(text string, i int) int {
	best := -1
	lo, hi := 0, len(s.ids)
	for k := 0; i+k < len(text) && lo < hi; k++ {
		if len(s.ids[lo]) == k {
			lo++
		}
		c := text[i+k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		from := lo + sort.Search(hi-lo, func(x int) bool { return s.ids[lo+x][k] >= c })
		to := from + sort.Search(hi-from, func(x int) bool { return s.ids[from+x][k] > c })
		lo, hi = from, to
		end := i + k + 1
		if lo < hi && len(s.ids[lo]) == k+1 && (end == len(text) || !IsIDWordByte(text[end])) {
			best = end
		}
	}
	return best
}
