package diag

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/safetext"
)

var (
	colourCodes = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	annotation  = regexp.MustCompile(`^::(error|warning|notice) file=([^,:]*),line=(-?\d+),col=(-?\d+),title=([^,:]*)::(.*)$`)
)

// FuzzWrite writes findings with any path, message, hint, rule and
// position (rule names are roadlog's own) in every format: text is one line per finding with no unsafe
// character but its own colours; JSON and SARIF parse and keep every
// finding; GitHub annotations are one line each whose properties cannot
// be broken out of; JUnit is well-formed XML.
func FuzzWrite(f *testing.F) {
	f.Add("backlog/A-1-x.md", "unknown status \"redy\"", "did you mean \"ready\"?", "schema", 5, 9, uint8(2), "plan/", false, false)
	f.Add("a,b:c%0A.md", "line\nbreak\r\n::error::x", "", "parse", 0, -1, uint8(1), "", true, true)
	f.Add("\x1b[2J\u202e.md", "\x1b]0;t\x07 \u0085 \u2028", "\x9b", "rule with spaces", 1<<40, 3, uint8(0), "p,q/", true, false)
	f.Add("é/\xff.md", "<![CDATA[ ]]> & </x>", "\x00", "", 1, 1, uint8(3), "", false, true)
	f.Fuzz(func(t *testing.T, path, msg, hint, rule string, line, col int, sev uint8, prefix string, color, strict bool) {
		// Rule names come from roadlog, not from files.
		rule = strings.Map(func(r rune) rune {
			if r == '-' || 'a' <= r && r <= 'z' {
				return r
			}
			return -1
		}, rule)
		d := Diagnostic{Path: path, Pos: Pos{Line: line, Col: col}, Severity: Severity(sev % 4), Rule: rule, Message: msg, Hint: hint}
		other := Diagnostic{Path: "z.md", Pos: Pos{Line: 1, Col: 1}, Severity: Error, Rule: "schema", Message: "second"}
		r := &Report{
			Diagnostics: List{d, other}, Files: []string{path, "z.md"}, Rules: []Rule{{Name: "schema", Description: "d", Default: Error}},
			Tool: Tool{Name: "roadlog", Version: "1"}, PathPrefix: prefix, Color: color, Strict: strict,
		}
		write := func(format string) []byte {
			var b bytes.Buffer
			if err := Write(&b, format, r); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			return b.Bytes()
		}

		text := write("text")
		plain := colourCodes.ReplaceAll(text, nil)
		if n := bytes.Count(plain, []byte("\n")); n != 2 || !bytes.HasSuffix(plain, []byte("\n")) {
			t.Fatalf("text: %d lines for 2 findings: %q", n, text)
		}
		if i := bytes.IndexFunc(plain, func(r rune) bool { return r != '\n' && safetext.Unsafe(r) }); i >= 0 {
			t.Fatalf("text: unsafe character at %d: %q", i, plain)
		}
		if !utf8.Valid(text) {
			t.Fatalf("text: not UTF-8: %q", text)
		}

		var js struct {
			Findings []JSONFinding `json:"findings"`
		}
		if err := json.Unmarshal(write("json"), &js); err != nil || len(js.Findings) != 2 {
			t.Fatalf("json: %v, %d findings", err, len(js.Findings))
		}
		if got := js.Findings[0]; got.Path != asJSON(path) || got.Message != asJSON(msg) || got.Line != line {
			t.Fatalf("json: finding %+v does not keep %q %q %d", got, path, msg, line)
		}

		var sarif struct {
			Runs []struct {
				Results []struct {
					RuleIndex int `json:"ruleIndex"` //nolint:tagliatelle // SARIF's name
				} `json:"results"`
				Tool struct {
					Driver struct {
						Rules []struct {
							ID string `json:"id"`
						} `json:"rules"`
					} `json:"driver"`
				} `json:"tool"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(write("sarif"), &sarif); err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 2 {
			t.Fatalf("sarif: %v", err)
		}
		for _, res := range sarif.Runs[0].Results {
			if res.RuleIndex < 0 || res.RuleIndex >= len(sarif.Runs[0].Tool.Driver.Rules) {
				t.Fatalf("sarif: ruleIndex %d of %d rules", res.RuleIndex, len(sarif.Runs[0].Tool.Driver.Rules))
			}
		}

		gh := strings.Split(strings.TrimSuffix(string(write("github")), "\n"), "\n")
		if len(gh) != 2 {
			t.Fatalf("github: %d lines for 2 findings: %q", len(gh), gh)
		}
		m := annotation.FindStringSubmatch(gh[0])
		if m == nil {
			t.Fatalf("github: %q is not one annotation", gh[0])
		}
		// file= carries the name as the text format shows it: sanitized,
		// then escaped for the workflow command.
		if file, err := url.PathUnescape(m[2]); err != nil || file != safetext.Line(prefix+path) {
			t.Fatalf("github: file=%q reads back as %q (%v), want %q", m[2], file, err, safetext.Line(prefix+path))
		}
		if m[3] != strconv.Itoa(line) || m[4] != strconv.Itoa(col) {
			t.Fatalf("github: position %s:%s, want %d:%d", m[3], m[4], line, col)
		}

		dec := xml.NewDecoder(bytes.NewReader(write("junit")))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("junit: %v", err)
			}
		}
	})
}

// asJSON returns s as encoding/json writes it: each byte that is not UTF-8
// becomes U+FFFD.
func asJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}
