package diag

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/safetext"
)

// JUnit XML as read by Jenkins' xUnit plugin and GitLab (the junit-10.xsd
// dialect): one test case per checked file, failing when the file has an
// error (or, with Strict, a warning). Every finding of the file is listed in
// the failure's text; findings that do not fail go to system-out.
//
// The report is read by people, in CI pages and logs, and XML cannot hold
// most control characters anyway: file names and findings are cleaned
// ([safetext.Line]) like text output.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

func writeJUnit(w io.Writer, r *Report) error {
	byFile := map[string][]Diagnostic{}
	for _, d := range r.Diagnostics {
		byFile[d.Path] = append(byFile[d.Path], d)
	}
	// Files with findings that were not in the checked list (none today)
	// still get a test case.
	files := append([]string(nil), r.Files...)
	seen := map[string]bool{}
	for _, f := range files {
		seen[f] = true
	}
	for _, d := range r.Diagnostics {
		if !seen[d.Path] {
			seen[d.Path] = true
			files = append(files, d.Path)
		}
	}

	suite := junitSuite{Name: "roadlog validate", Time: "0"}
	for _, f := range files {
		c := junitCase{Name: safetext.Line(f), Classname: "roadlog.validate", Time: "0"}
		var failing, other []string
		failRule := ""
		for _, d := range byFile[f] {
			line := safetext.Line(d.String())
			if d.Severity == Error || (r.Strict && d.Severity == Warning) {
				if failRule == "" {
					failRule = d.Rule
				}
				failing = append(failing, line)
			} else {
				other = append(other, line)
			}
		}
		if len(failing) > 0 {
			msg := strconv.Itoa(len(failing)) + " problems"
			if len(failing) == 1 {
				msg = "1 problem"
			}
			c.Failure = &junitFailure{Message: msg, Type: safetext.Line(failRule), Text: strings.Join(append(failing, other...), "\n") + "\n"}
			suite.Failures++
		} else if len(other) > 0 {
			c.SystemOut = &junitText{Text: strings.Join(other, "\n") + "\n"}
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{
		Name: suite.Name, Tests: suite.Tests, Failures: suite.Failures, Time: "0",
		Suites: []junitSuite{suite},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
