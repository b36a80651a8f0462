//go:build unix

package main

import (
	"bytes"
	"fmt"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"unicode/utf16"
)

// wsFile is one entry of a generated workspace: a regular file, a symbolic
// link, a FIFO, a Unix socket, a character device, a directory, or the
// removal of a file of the base workspace. (No file of mode 000: the tests
// run as root in CI, where it would read like any other.)
type wsFile struct {
	data   []byte
	link   string // a symbolic link to this target; "$OUTSIDE" is the folder beside the workspace
	fifo   bool
	socket bool
	device bool // /dev/zero's major and minor numbers
	dir    bool
	remove bool // the base file is not there
}

// badInput is a workspace that is hostile in one way: the base workspace
// with files replaced, added or removed.
type badInput struct {
	name  string
	files map[string]wsFile
	// id is the record that show, set, move, rank and renumber act on; the
	// story A-2 when empty.
	id string
	// only, when set, names the commands the input runs: an input that
	// takes a second or more per command runs those that read what it makes
	// big, with heavyTimeout, so that the matrix stays fast.
	only []string
}

func text(s string) wsFile  { return wsFile{data: []byte(s)} }
func raw(b []byte) wsFile   { return wsFile{data: b} }
func link(to string) wsFile { return wsFile{link: to} }

var removed = wsFile{remove: true}

// baseFiles is a small workspace that validates clean and has a record of
// every kind, so that every command has something to show and to edit.
var baseFiles = map[string]string{
	"roadlog.yaml": `version: 1

product: {name: Bad Input, key: A}

workflow:
  statuses: [idea, ready, in-progress, done]
  closed: [done]
  wip: {in-progress: 3}

types: [epic, story, bug]

scoring: {model: rice}

people: {ana: {name: Ana Ruiz, role: product-manager}}

report: {title: Bad input roadmap}
`,
	"product.md": `---
name: Bad Input
vision: Nothing we read can crash us.
personas:
  - id: tester
    name: Tess the tester
    needs: [hostile files, clear errors]
---
# Strategy

Read everything, trust nothing.
`,
	"roadmap.yaml": `themes:
  - id: T-1
    title: Robustness

initiatives:
  - id: INIT-1
    title: Survive bad input
    theme: T-1
    horizon: now
    status: in-progress
    start: 2026-10-01
    end: 2027-03-31
    objectives: [OBJ-1]
    owner: ana
    description: Every command, every input.
`,
	"objectives.yaml": `objectives:
  - id: OBJ-1
    title: No crash
    period: 2027-Q1
    owner: ana
    key_results:
      - id: KR-1
        title: Crashes found by the matrix
        baseline: 10
        target: 0
        current: 4
`,
	"releases.yaml": `releases:
  - id: R-1
    title: Spring release
    date: 2027-03-15
    status: planned
`,
	"risks.yaml": `risks:
  - id: RISK-1
    title: A file we did not foresee
    likelihood: 2
    impact: 3
    status: open
    owner: ana
    mitigation: Fuzz it.
    links: [INIT-1, A-2]
`,
	"backlog/A-1-epic.md": `---
id: A-1
title: Read anything
type: epic
status: in-progress
initiative: INIT-1
rank: a
---
The epic.
`,
	"backlog/A-2-story.md": `---
id: A-2
title: Survive a hostile file
type: story
status: ready
owner: ana
parent: A-1
release: R-1
labels: [x, y]
rank: m
estimate: 3
score: {reach: 100, impact: 2, confidence: 0.5, effort: 2}
insights: [INS-1]
created: 2026-11-02
due: 2027-01-15
---
A story with *Markdown*.

## Acceptance criteria
- [ ] never crashes
- [x] no hang
`,
	"backlog/A-3-bug.md": `---
id: A-3
title: It crashed once
type: bug
status: idea
parent: A-1
rank: t
depends_on: [A-2]
---
Steps to reproduce.
`,
	"backlog/A-4-shipped.md": `---
id: A-4
title: Shipped already
type: story
status: done
parent: A-1
rank: w
closed: 2026-11-20
---
Done, to be archived.
`,
	"insights/INS-1-evidence.md": `---
id: INS-1
title: Users feed us odd files
source: support
date: 2026-09-01
---
> It hung on my FIFO.
`,
	"decisions/DEC-1-choice.md": `---
id: DEC-1
title: Fail closed
status: accepted
date: 2026-09-02
links: [INIT-1]
---
## Decision

Refuse what we cannot read.
`,
}

// The slots a generic payload is put into: a file of each loader path.
const (
	slotConfig  = "roadlog.yaml"
	slotRoadmap = "roadmap.yaml"
	slotItem    = "backlog/A-2-story.md"
	slotProduct = "product.md"
)

var slotNames = map[string]string{slotConfig: "config", slotRoadmap: "roadmap", slotItem: "item", slotProduct: "product"}

// withFrag returns the slot's file with frag (YAML lines at the top level)
// added to its YAML: after a minimal valid header, inside the front matter
// of a Markdown file.
func withFrag(slot, frag string) []byte {
	switch slot {
	case slotConfig:
		return []byte("version: 1\nproduct: {name: Bad Input, key: A}\n" + frag)
	case slotRoadmap:
		return []byte(frag)
	case slotItem:
		return []byte("---\nid: A-2\ntitle: Survive a hostile file\nstatus: ready\n" + frag + "---\nBody.\n")
	case slotProduct:
		return []byte("---\nname: Bad Input\n" + frag + "---\nStrategy.\n")
	}
	panic("unknown slot " + slot)
}

// payload is hostile content for one or more slots.
type payload struct {
	name  string
	data  func(slot string) []byte
	slots []string
}

// rawPayloads are bytes that replace a whole file, whatever its kind.
func rawPayloads() []payload {
	c, r, i := slotConfig, slotRoadmap, slotItem
	base := func(slot string) []byte { return []byte(baseFiles[slot]) }
	huge := func(n int) func(string) []byte {
		return func(slot string) []byte {
			b := bytes.NewBuffer(base(slot))
			line := "# padding padding padding padding padding padding padding padding\n"
			if slot == slotItem || slot == slotProduct {
				line = "A long body paragraph that goes on and on, with *emphasis* and `code`.\n"
			}
			for b.Len() < n {
				b.WriteString(line)
			}
			out := b.Bytes()[:n]
			out[n-1] = '\n'
			return out
		}
	}
	const maxFile = 8 << 20 // workspace.MaxFileSize
	return []payload{
		{"empty", func(string) []byte { return nil }, []string{c, i}},
		{"binary", func(string) []byte {
			b := make([]byte, 4096)
			for i := range b {
				b[i] = byte(i * 7)
			}
			return b
		}, []string{i}},
		{"nul", func(slot string) []byte { return bytes.Replace(base(slot), []byte("\n"), []byte("\n\x00"), 1) }, []string{i}},
		{"invalid-utf8", func(slot string) []byte {
			// A lone byte, an overlong "/" and a surrogate half.
			return bytes.Replace(base(slot), []byte("\n"), []byte(" \xff \xc0\xaf \xed\xa0\x80\n"), 2)
		}, []string{c, i}},
		{"bom", func(slot string) []byte { return append([]byte("\xef\xbb\xbf"), base(slot)...) }, []string{i}},
		{"utf16le", func(slot string) []byte { return utf16Bytes(string(base(slot)), false) }, []string{i}},
		{"utf16be", func(slot string) []byte { return utf16Bytes(string(base(slot)), true) }, []string{r}},
		{"lone-cr", func(slot string) []byte { return bytes.ReplaceAll(base(slot), []byte("\n"), []byte("\r")) }, []string{c, r, i}},
		{"crlf", func(slot string) []byte { return bytes.ReplaceAll(base(slot), []byte("\n"), []byte("\r\n")) }, []string{i}},
		{"mixed-eol", func(slot string) []byte {
			b := bytes.ReplaceAll(base(slot), []byte("\n"), []byte("\r\n"))
			b = bytes.Replace(b, []byte("\r\n"), []byte("\r"), 2)
			b = bytes.Replace(b, []byte("\r\n"), []byte("\u0085"), 1)
			return bytes.Replace(b, []byte("\r\n"), []byte("\u2028"), 1)
		}, []string{r}},
		{"doc-markers", func(string) []byte { return []byte("---\n---\n...\n---\n") }, []string{c, r}},
		{"huge-over", huge(maxFile + 1), []string{c, i}},
		{"huge-under", huge(maxFile - 1), []string{r, i}},
	}
}

// utf16Bytes encodes s as UTF-16 with a byte order mark.
func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune("\ufeff" + s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// fragment is hostile YAML, put at the top level of one or more slots.
type fragment struct {
	name, frag string
	slots      []string
}

// yamlPayloads are YAML fragments put at the top level of a file's YAML.
func yamlPayloads() []fragment {
	c, r, i := slotConfig, slotRoadmap, slotItem
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 9), ", "))
	}
	var mapBomb strings.Builder
	mapBomb.WriteString("m0: &m0 {a: lol, b: lol, c: lol, d: lol}\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&mapBomb, "m%d: &m%d {a: *m%d, b: *m%d, c: *m%d, d: *m%d}\n", i, i, i-1, i-1, i-1, i-1)
	}
	var deepMap strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&deepMap, "%sk:\n", strings.Repeat(" ", i))
	}
	fmt.Fprintf(&deepMap, "%sv\n", strings.Repeat(" ", 2000))
	var manyKeys strings.Builder
	for i := range 40000 {
		fmt.Fprintf(&manyKeys, "k%d: %d\n", i, i)
	}
	return []fragment{
		{"alias-bomb", bomb.String() + "labels: *a9\n", []string{i}},
		{"alias-bomb-map", mapBomb.String(), []string{r}},
		{"merge-chain", "b0: &b0 {x: 1}\nb1: &b1 {<<: *b0}\nb2: &b2 {<<: [*b1, *b0]}\nlabels: {<<: *b2}\n", []string{i}},
		{"deep-flow-map", "deep: " + strings.Repeat("{a: ", 10000) + "x" + strings.Repeat("}", 10000) + "\n", []string{r, i}},
		{"deep-block-seq", "deep:\n" + strings.Repeat("- ", 10000) + "x\n", []string{r}},
		{"deep-block-map", "deep:\n" + indentAll(deepMap.String(), "  "), []string{i}},
		{"unclosed-flow", "labels: [a, b\nother: 1\n", []string{i}},
		{"tab-indent", "deep:\n\tk: v\n", []string{i}},
		{"duplicate-keys", "dup: 1\ndup: 2\n", []string{i}},
		{"tag-binary-timestamp", "bin: !!binary aGVsbG8gd29ybGQ=\nts: !!timestamp 2026-01-01T10:00:00Z\nlabels: [!!binary AAAA, !!timestamp 2026-02-30]\n", []string{i}},
		{"tag-custom", "c: !custom {a: 1}\nlabels: !<tag:evil.example,2026:x> [a]\n", []string{r}},
		{"tag-bad-core", "i: !!int abc\nf: !!float [1]\nb: !!bool maybe\nn: !!null x\ns: !!set {a, b}\no: !!omap [{a: 1}]\nq: [!!str 12, !!int '3']\n", []string{c}},
		{"numbers-overflow", "n1: 99999999999999999999999999999\nn2: 1e999\nn3: -1e999\nn4: 0x7fffffffffffffffffff\nn5: .nan\nn6: -.inf\nn7: 0o7777777777777777777777\nestimate: 1_000\n", []string{i}},
		{"complex-keys", "? [a, b]\n: seq key\n? {c: d}\n: map key\n~: null key\n'': empty key\n1: int key\n", []string{c}},
		{"long-line", "long: " + strings.Repeat("a", 1<<20) + "\n", []string{i}},
		{"many-keys", manyKeys.String(), []string{i}},
		{"control-chars", "ctl: \"\\e[2J\\e[H\\e]0;pwned\\a\\x9b\\u202e\"\n", []string{i}},
		{"fast-parser-odd", "labels: [l1z?akc]\nother: [a:b, 'c', \"d\", -e, ?f]\n", []string{i}},
	}
}

func indentAll(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+prefix) + "\n"
}

// itemWith returns backlog item A-2 with the front matter fm (which must
// hold every key it wants) and the Markdown body.
func itemWith(fm, body string) wsFile {
	return text("---\n" + fm + "---\n" + body)
}

// story is the front matter of A-2 without its optional fields.
const story = "id: A-2\ntitle: Survive a hostile file\ntype: story\nstatus: ready\nparent: A-1\nrank: m\n"

// badInputs returns every hostile workspace of the matrix.
func badInputs() []badInput {
	var ins []badInput
	add := func(name string, files map[string]wsFile) { ins = append(ins, badInput{name: name, files: files}) }
	addID := func(name, id string, files map[string]wsFile) {
		ins = append(ins, badInput{name: name, files: files, id: id})
	}

	add("base", nil)

	// Generic payloads in each kind of file.
	for _, p := range rawPayloads() {
		for _, slot := range p.slots {
			add(p.name+"-"+slotNames[slot], map[string]wsFile{slot: raw(p.data(slot))})
		}
	}
	for _, p := range yamlPayloads() {
		for _, slot := range p.slots {
			add(p.name+"-"+slotNames[slot], map[string]wsFile{slot: raw(withFrag(slot, p.frag))})
		}
	}

	// Front matter.
	add("fm-unclosed", map[string]wsFile{slotItem: text("---\nid: A-2\ntitle: t\nstatus: ready\nbody without a closing fence\n")})
	add("fm-missing", map[string]wsFile{slotItem: text("id: A-2\ntitle: t\nstatus: ready\n")})
	add("fm-fence-variants", map[string]wsFile{
		slotItem:               text("--- \nid: A-2\ntitle: t\nstatus: ready\n...\nbody\n"),
		"backlog/A-4-four.md":  text("----\nid: A-4\ntitle: t\nstatus: ready\n----\n"),
		"backlog/A-5-five.md":  text("---yaml\nid: A-5\ntitle: t\nstatus: ready\n---\n"),
		"backlog/A-6-six.md":   text("\n---\nid: A-6\ntitle: t\nstatus: ready\n---\n"),
		"backlog/A-7-seven.md": text("---\r\nid: A-7\r\ntitle: t\r\nstatus: ready\r\n---"),
	})
	add("fm-list", map[string]wsFile{slotItem: text("---\n- id: A-2\n- title: t\n---\n")})
	add("fm-lone-cr", map[string]wsFile{slotItem: text("---\rid: A-2\rtitle: t\rstatus: ready\rlabels: [a,\r  b]\r---\rbody\r")})

	// IDs: non-strings, path tricks, duplicates, escapes.
	for _, v := range []struct{ name, id string }{
		{"int", "12"},
		{"seq", "[a]"},
		{"map", "{x: 1}"},
		{"null", "null"},
		{"bool", "true"},
		{"escape", `"\e[2JA-2"`},
	} {
		add("id-"+v.name, map[string]wsFile{slotItem: itemWith("id: "+v.id+"\ntitle: t\nstatus: ready\n", "")})
	}
	for _, v := range []struct{ name, id string }{
		{"dotdot-index", "../index"}, {"dotdot2", "../../x"}, {"dash", "--help"},
	} {
		addID("id-"+v.name, v.id, map[string]wsFile{
			"backlog/X-1-odd.md": itemWith(fmt.Sprintf("id: %q\ntitle: Odd\nstatus: ready\n", v.id), "Odd ID.\n"),
			"roadmap.yaml":       text(baseFiles["roadmap.yaml"] + fmt.Sprintf("  - id: %q\n    title: Odd too\n", v.id+"-i")),
		})
	}
	add("id-duplicate", map[string]wsFile{
		"backlog/A-1-copy.md": text(baseFiles["backlog/A-1-epic.md"]),
		"roadmap.yaml":        text(baseFiles["roadmap.yaml"] + "  - id: A-2\n    title: Clash\n"),
	})
	add("id-list-entries", map[string]wsFile{slotRoadmap: text("initiatives:\n  - id: 12\n  - id: [a]\n  - id: {x: 1}\n  - id: null\n  - id: true\n  - title: no id\n  - 7\n  - [a, b]\n  - ~\n")})

	// Field values.
	add("dates-impossible", map[string]wsFile{
		slotItem:          itemWith(story+"created: 2026-02-30\ndue: 2026-13-01\n", ""),
		slotRoadmap:       text("initiatives:\n  - {id: INIT-1, title: t, start: 2026-02-29, end: 0000-00-00}\n  - {id: INIT-2, title: t, start: 9999-12-31, end: 0001-01-01, horizon: now}\n"),
		"releases.yaml":   text("releases:\n  - {id: R-1, title: r, date: 2026-04-31, status: planned}\n  - {id: R-2, title: r, date: 20260101}\n"),
		"objectives.yaml": text("objectives:\n  - {id: OBJ-1, title: o, period: 2027-Q5, key_results: [{id: KR-1, title: k, baseline: 1, target: 1, current: 5}]}\n"),
	})
	add("numbers-extreme", map[string]wsFile{
		slotItem:           itemWith(story+"estimate: 1e400\nscore: {reach: .inf, impact: -.inf, confidence: .nan, effort: 0}\n", ""),
		"backlog/A-4-x.md": itemWith("id: A-4\ntitle: t\nstatus: ready\nestimate: 99999999999999999999\nscore: {reach: 1e308, impact: 1e308, confidence: 1e308, effort: 1e-308}\n", ""),
		"risks.yaml":       text("risks:\n  - {id: RISK-1, title: r, likelihood: 1e308, impact: 1e308}\n  - {id: RISK-2, title: r, likelihood: -1, impact: .nan}\n"),
		"objectives.yaml":  text("objectives:\n  - {id: OBJ-1, title: o, key_results: [{id: KR-1, title: k, baseline: 0, target: 0, current: 1}, {id: KR-2, title: k, baseline: .nan, target: .inf, current: 1e400}]}\n"),
	})
	add("types-wrong", map[string]wsFile{
		slotItem:          itemWith("id: A-2\ntitle: [a, b]\nstatus: {x: 1}\ntype: 12\nparent: [A-1]\nlabels: x\nrank: 5\nestimate: five\nscore: 7\ndepends_on: A-3\ninsights: {INS-1: 1}\ncreated: yesterday\nowner: [ana]\nvisibility: [internal]\n", ""),
		slotRoadmap:       text("themes: 3\ninitiatives: {id: INIT-1}\n"),
		"objectives.yaml": text("objectives:\n  - id: OBJ-1\n    title: o\n    key_results: {id: KR-1}\n"),
	})
	add("status-escape", map[string]wsFile{
		slotItem:           itemWith("id: A-2\ntitle: \"\\e]0;pwned\\aTitle \\u202eevil\"\nstatus: \"\\e[2J\\e[HFAKE\"\ntype: story\nowner: \"\\x9bowner\"\nlabels: [\"\\e[31mred\", \"\\u2066bidi\"]\n", "Body with \x1b[2J escape and \x1b]8;;http://x\x07link\x1b]8;;\x07.\n"),
		"backlog/A-4-x.md": itemWith("id: A-4\ntitle: Status column\ntype: \"\\e[1mbold\"\nstatus: \"\\u202edone\"\n", ""),
	})
	add("visibility-odd", map[string]wsFile{
		slotItem:           itemWith(story+"visibility: Internal\n", "Secret plan.\n"),
		"backlog/A-4-x.md": itemWith("id: A-4\ntitle: t\nstatus: ready\nvisibility: [internal]\n", ""),
		"backlog/A-5-x.md": itemWith("id: A-5\ntitle: t\nstatus: ready\nvisibility: \"internal \"\nparent: A-1\n", ""),
		slotRoadmap:        text(baseFiles[slotRoadmap] + "    visibility: private\n"),
	})
	add("references-odd", map[string]wsFile{
		slotItem:             itemWith(story+"depends_on: [A-2, A-3, A-3, NOPE, \"\", \"../x\"]\ninsights: [A-2]\nrelease: INIT-1\ninitiative: R-1\n", ""),
		"backlog/A-3-bug.md": itemWith("id: A-3\ntitle: t\ntype: bug\nstatus: done\nparent: A-3\ndepends_on: [A-2]\n", ""),
	})
	add("parent-cycle", map[string]wsFile{
		"backlog/A-1-epic.md":  itemWith("id: A-1\ntitle: e\ntype: epic\nstatus: ready\nparent: A-4\n", ""),
		"backlog/A-4-x.md":     itemWith("id: A-4\ntitle: e\ntype: epic\nstatus: ready\nparent: A-1\n", ""),
		slotItem:               itemWith(story+"depends_on: [A-3]\n", ""),
		"decisions/DEC-2-x.md": itemWith("id: DEC-2\ntitle: d\nstatus: superseded\ndate: 2026-01-01\nsupersedes: DEC-3\n", ""),
		"decisions/DEC-3-x.md": itemWith("id: DEC-3\ntitle: d\nstatus: superseded\ndate: 2026-01-01\nsupersedes: DEC-2\n", ""),
	})
	add("personas-odd", map[string]wsFile{slotProduct: text("---\nname: P\nvision: [a]\npersonas:\n  - id: p\n    name: P\n    needs: Fast capture in lectures, offline.\n  - needs: {a: 1}\n  - x\n---\n")})
	add("epic-deleted", map[string]wsFile{ // issue 9 item 1: what validate --since must catch
		"backlog/A-1-epic.md": removed,
		slotConfig:            text(strings.Replace(baseFiles[slotConfig], "[idea, ready, in-progress, done]", "[idea, in-progress, done]", 1)),
	})
	add("rank-odd", map[string]wsFile{
		slotItem:              itemWith(strings.Replace(story, "rank: m", `rank: ""`, 1), ""),
		"backlog/A-1-epic.md": itemWith("id: A-1\ntitle: e\ntype: epic\nstatus: ready\nrank: \"\\x7f\\x00\"\n", ""),
		"backlog/A-3-bug.md":  itemWith("id: A-3\ntitle: b\ntype: bug\nstatus: ready\nrank: \"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\"\n", ""),
		"backlog/A-4-x.md":    itemWith("id: A-4\ntitle: b\ntype: bug\nstatus: ready\nrank: \"0\"\n", ""),
	})

	// Markdown bodies that are slow for naive renderers.
	for _, v := range []struct{ name, body string }{
		{"quotes", strings.Repeat(">", 50000) + "\n"},
		{"emphasis", strings.Repeat("*a ", 20000) + strings.Repeat("_", 20000) + "\n"},
		{"brackets", strings.Repeat("[", 20000) + strings.Repeat("](", 10000) + "\n" + strings.Repeat("![", 10000) + "\n"},
		{"lists", nestedList(1000)},
		{"html", "<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n[x](javascript:alert(1)) [y](vbscript:x) <javascript:alert(1)>\n" + strings.Repeat("<a ", 20000) + "\n"},
		{"headings", strings.Repeat("# h\n", 40000) + strings.Repeat("#", 10000) + "\n"},
	} {
		add("md-"+v.name, map[string]wsFile{slotItem: itemWith(story, v.body)})
	}

	// Special files.
	add("fifo-item", map[string]wsFile{"backlog/A-4-fifo.md": {fifo: true}})
	add("fifo-roadmap", map[string]wsFile{slotRoadmap: {fifo: true}})
	add("socket-item", map[string]wsFile{"backlog/A-4-sock.md": {socket: true}})
	add("device-item", map[string]wsFile{"insights/INS-2-dev.md": {device: true}})
	add("symlink-loop-self", map[string]wsFile{"backlog/A-4-loop.md": link("A-4-loop.md")})
	add("symlink-loop-pair", map[string]wsFile{"backlog/A-4-a.md": link("A-5-b.md"), "backlog/A-5-b.md": link("A-4-a.md")})
	add("symlink-loop-dir", map[string]wsFile{"backlog/sub": link("."), "insights/up": link(".."), "decisions/deep/x": link("../../decisions")})
	add("symlink-dangling", map[string]wsFile{"backlog/A-4-gone.md": link("nowhere.md"), slotRoadmap: link("nowhere.yaml")})
	add("symlink-outside-item", map[string]wsFile{"backlog/A-4-out.md": link("$OUTSIDE/A-4-out.md"), "insights": link("$OUTSIDE")})
	add("symlink-outside-config", map[string]wsFile{slotConfig: link("$OUTSIDE/roadlog.yaml")})
	add("symlink-outside-roadmap", map[string]wsFile{slotRoadmap: link("/etc/passwd"), "releases.yaml": link("/dev/zero")})
	add("dir-as-file", map[string]wsFile{slotRoadmap: {dir: true}, "backlog/A-4-dir.md": {dir: true}})
	add("file-as-dir", map[string]wsFile{
		"backlog/A-1-epic.md": removed, "backlog/A-2-story.md": removed, "backlog/A-3-bug.md": removed,
		"backlog": text("not a folder\n"),
	})

	// File names.
	add("name-escape", map[string]wsFile{"backlog/A-4-\x1b[2J\x1b[Hclear.md": itemWith("id: A-4\ntitle: t\nstatus: ready\n", "")})
	add("name-newline", map[string]wsFile{"backlog/A-4-new\nline.md": itemWith("id: A-5\ntitle: t\nstatus: ready\n", "")})
	add("name-bidi", map[string]wsFile{"backlog/A-4-\u202egnp\u009b31m.md": itemWith("id: A-4\ntitle: t\nstatus: redy\n", "")})
	add("name-invalid-utf8", map[string]wsFile{"backlog/A-4-\xff\xfe.md": itemWith("id: A-4\ntitle: t\nstatus: ready\n", "")})
	add("name-dash", map[string]wsFile{"backlog/-rf.md": itemWith("id: A-4\ntitle: t\nstatus: ready\n", ""), "backlog/--help.md": itemWith("id: A-5\ntitle: t\nstatus: ready\n", "")})
	add("name-dir-escape", map[string]wsFile{"backlog/\x1b]0;title\x07/A-4-x.md": itemWith("id: A-4\ntitle: t\nstatus: redy\n", "")})
	add("stale-temp-files", map[string]wsFile{
		"backlog/.A-2-story.md.roadlog-123.tmp": text("---\nid: A-2\n"),
		".roadmap.yaml.roadlog-9.tmp":           text("initiatives: [\n"),
	})

	// Configuration.
	add("config-workflow-odd", map[string]wsFile{slotConfig: text("version: 1\nworkflow:\n  statuses: []\n  closed: [nope, nope]\n  wip: {ready: -1, nope: 1e400}\ntypes: []\n")})
	add("config-statuses-dup", map[string]wsFile{slotConfig: text("version: 1\nworkflow:\n  statuses: [ready, ready, \"\", \"\\e[2J\", 12]\n  closed: ready\ntypes: [story, story, epic]\n")})
	add("config-formula", map[string]wsFile{slotConfig: text("version: 1\nscoring: {model: formula, formula: \"1/0 + reach / effort + len(repeat('a', 1000000000)) + (\"}\n")})
	add("config-formula-hostile", map[string]wsFile{slotConfig: text("version: 1\nscoring: {model: formula, formula: \"reach / effort + len(repeat('a', 100000000)) + len(1..100000000)\"}\n")})
	add("config-fields-schema", map[string]wsFile{slotConfig: text("version: 1\nfields:\n  a: {type: string, pattern: \"[\"}\n  b: {type: nonsense}\n  c: {$ref: \"http://169.254.169.254/latest\"}\n  d: {$ref: \"file:///etc/passwd\"}\n  e: {type: string, pattern: \"(a+)+$\", format: uri}\n  f: [1]\n  id: {type: number}\n")})
	add("config-paths-escape", map[string]wsFile{slotConfig: text("version: 1\npaths: {backlog: ../outside, insights: /etc, decisions: \"..\", roadmap: ../../x.yaml}\n")})
	add("config-paths-git", map[string]wsFile{
		slotConfig:          text("version: 1\npaths: {roadmap: .git/info/exclude, releases: .git/description}\n"),
		".git/info/exclude": text("# git ls-files --others --exclude-from=.git/info/exclude\n"),
		".git/description":  text("Unnamed repository\n"),
	})
	add("config-paths-overlap", map[string]wsFile{slotConfig: text("version: 1\npaths: {backlog: \".\", insights: backlog, decisions: backlog, roadmap: backlog/A-1-epic.md, risks: roadlog.yaml}\n")})
	add("config-key-odd", map[string]wsFile{slotConfig: text("version: 1\nproduct: {name: \"\\e[2JX\", key: \"../x\"}\n")})
	add("config-report-html", map[string]wsFile{slotConfig: text("version: 1\nreport: {title: \"</title><script>alert(1)</script>\", internal_fields: [id, title]}\n")})

	// The workspace's own folders.
	add("roadlog-dir-outside", map[string]wsFile{".roadlog": link("$OUTSIDE")})
	add("roadlog-lock-dangling", map[string]wsFile{".roadlog/lock": link("$OUTSIDE/lock"), ".roadlog/.gitignore": link("$OUTSIDE/gitignore")})

	// Size.
	add("list-100k", map[string]wsFile{slotRoadmap: raw(bigList(100000))})
	add("deps-chain", chain(2000))
	add("empty-workspace", emptyWorkspace())

	heavy := map[string][]string{
		"list-100k":          {"validate", "set"},
		"deps-chain":         {"validate", "validate-json", "backlog", "board", "show", "stats", "report-single", "fmt-check", "set", "renumber", "fmt"},
		"huge-under-roadmap": {"validate", "validate-json", "backlog", "show", "report-single", "fmt-check", "set", "fmt"},
		"huge-under-item":    {"validate", "validate-json", "backlog", "show", "report-single", "fmt-check", "set", "fmt"},
		"many-keys-item":     {"validate", "validate-json", "show", "report-single", "fmt-check", "set", "fmt"},
	}
	for i := range ins {
		ins[i].only = heavy[ins[i].name]
	}
	return ins
}

// nestedList returns a Markdown list nested n levels deep.
func nestedList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- level\n")
	}
	return b.String()
}

// bigList returns a roadmap with n initiatives in one list.
func bigList(n int) []byte {
	var b bytes.Buffer
	b.WriteString("themes:\n  - {id: T-1, title: t}\ninitiatives:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {id: INIT-%d, title: Initiative %d, theme: T-1, horizon: next}\n", i+1, i+1)
	}
	return b.Bytes()
}

// chain returns n items, each depending on and a child of the one before.
func chain(n int) map[string]wsFile {
	m := map[string]wsFile{}
	for i := 4; i < n+4; i++ {
		m[fmt.Sprintf("backlog/A-%d-c.md", i)] = itemWith(fmt.Sprintf("id: A-%d\ntitle: c\ntype: epic\nstatus: ready\nparent: A-%d\ndepends_on: [A-%d]\n", i, i-1, i-1), "")
	}
	return m
}

// emptyWorkspace removes every file but the configuration.
func emptyWorkspace() map[string]wsFile {
	m := map[string]wsFile{}
	for p := range baseFiles {
		if p != slotConfig {
			m[p] = removed
		}
	}
	return m
}

// writeWorkspace writes the base workspace with in's changes into dir, and
// the folder beside it that symbolic links may point to. It returns what
// it could not create (a device node without the privilege, say) as an
// error.
func writeWorkspace(dir, outside string, in badInput) error {
	files := map[string]wsFile{}
	for p, s := range baseFiles {
		files[p] = text(s)
	}
	maps.Copy(files, in.files)
	if err := os.MkdirAll(outside, 0o755); err != nil {
		return err
	}
	for p, s := range map[string]string{
		"roadlog.yaml": "version: 1\n",
		"A-4-out.md":   "---\nid: A-4\ntitle: Outside\nstatus: ready\n---\n",
		"secret.md":    "---\nid: INS-9\ntitle: Secret\nsource: other\n---\ntop secret\n",
	} {
		if err := os.WriteFile(filepath.Join(outside, p), []byte(s), 0o644); err != nil {
			return err
		}
	}
	return writeFiles(dir, outside, files)
}

// special reports whether f is a file Git cannot hold: a FIFO, a socket
// or a device.
func (f wsFile) special() bool { return f.fifo || f.socket || f.device }

// split returns in without its special files, and those files alone.
func (in badInput) split() (plain badInput, specials map[string]wsFile) {
	plain = in
	plain.files = map[string]wsFile{}
	specials = map[string]wsFile{}
	for p, f := range in.files {
		if f.special() {
			specials[p] = f
			plain.files[p] = removed
		} else {
			plain.files[p] = f
		}
	}
	return plain, specials
}

// writeFiles creates files under dir, in path order.
func writeFiles(dir, outside string, files map[string]wsFile) error {
	for _, p := range slices.Sorted(maps.Keys(files)) {
		f := files[p]
		if f.remove {
			continue
		}
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		var err error
		switch {
		case f.link != "":
			err = os.Symlink(strings.ReplaceAll(f.link, "$OUTSIDE", outside), full)
		case f.fifo:
			err = syscall.Mkfifo(full, 0o644)
		case f.socket:
			err = makeSocket(full)
		case f.device:
			err = syscall.Mknod(full, syscall.S_IFCHR|0o644, 1<<8|5)
		case f.dir:
			err = os.MkdirAll(full, 0o755)
		default:
			err = os.WriteFile(full, f.data, 0o644)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// makeSocket leaves a Unix socket file at p. It is made in a short
// temporary folder and moved, as a socket's path may not be longer than
// about 100 bytes.
func makeSocket(p string) error {
	tmp, err := os.MkdirTemp("", "sock")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	l, err := net.Listen("unix", filepath.Join(tmp, "s"))
	if err != nil {
		return err
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	if err := l.Close(); err != nil {
		return err
	}
	return os.Rename(filepath.Join(tmp, "s"), p)
}
