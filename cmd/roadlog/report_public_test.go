package main

import (
	"bytes"
	"html"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestReportPublicLeaksNothing builds the public site of a workspace with
// internal records of every kind (../../pkg/report/testdata/public-canary.txtar),
// as a folder and as a single file, and searches every byte roadlog
// writes — every file of the site, its manifest, the single file, stdout
// and stderr — and every file name for the canaries: internal IDs,
// titles, owners and values of internal fields. It searches the bytes as
// written and as a browser reads them (HTML entities decoded, then %XX
// twice). The site without --public holds every canary, so the search can
// find them.
func TestReportPublicLeaksNothing(t *testing.T) {
	a, err := txtar.ParseFile(filepath.Join("..", "..", "pkg", "report", "testdata", "public-canary.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	_, list, _ := strings.Cut(string(a.Comment), "\ncanaries: ")
	list, _, _ = strings.Cut(list, "\n")
	canaries := strings.Fields(list)
	if len(canaries) == 0 {
		t.Fatal("the archive lists no canaries")
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command("roadlog", append([]string{"-C", dir, "report"}, args...)...)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1796083200", "NO_COLOR=1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("roadlog report %s: %v\n%s", strings.Join(args, " "), err, out.Bytes())
		}
		return out.Bytes()
	}
	// written returns every file under root, by its path from dir.
	written := func(root string) map[string][]byte {
		t.Helper()
		files := map[string][]byte{}
		err := filepath.WalkDir(filepath.Join(dir, root), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}

	run("-o", "full")
	full := written("full")
	full["output"] = run("--single-file", "full.html")
	full["full.html"] = written("full.html")["full.html"]
	for _, c := range canaries {
		found := false
		for _, data := range full {
			found = found || strings.Contains(strings.ToLower(html.UnescapeString(string(data))), c)
		}
		if !found {
			t.Errorf("the site without --public does not hold %q: the search would prove nothing", c)
		}
	}

	pub := map[string][]byte{"output of report --public -o pub": run("--public", "-o", "pub")}
	for p, data := range written("pub") {
		pub[p] = data
	}
	pub["output of report --public --single-file"] = run("--public", "--single-file", "pub.html")
	pub["pub.html"] = written("pub.html")["pub.html"]
	if len(pub) < 10 {
		t.Fatalf("the public site has only %d files", len(pub))
	}
	for name, data := range pub {
		raw := strings.ToLower(string(data))
		decoded := html.UnescapeString(raw)
		for _, c := range canaries {
			if strings.Contains(strings.ToLower(name), c) {
				t.Errorf("roadlog wrote a file %s", name)
			}
			for _, s := range []string{raw, decoded, percentDecode(percentDecode(decoded))} {
				if i := strings.Index(s, c); i >= 0 {
					t.Errorf("%s holds %q: …%s…", name, c, s[max(i-80, 0):min(i+80, len(s))])
					break
				}
			}
		}
	}
}

// percentDecode decodes the %XX escapes of s, as a browser or server
// reads an address.
func percentDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
