package report

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestVendored checks the vendored libraries of live pages against the
// hashes and licences live/VENDOR.md records for them.
func TestVendored(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("live", "VENDOR.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile("(?m)^\\| `([^`]+)` \\|.*\\| [^|]*`(LICENSE\\.[a-z]+)` \\| `([0-9a-f]{64})` \\|$").FindAllStringSubmatch(string(doc), -1)
	if len(rows) != 2 {
		t.Fatalf("VENDOR.md lists %d libraries, want 2", len(rows))
	}
	for _, row := range rows {
		data, err := liveFS.ReadFile("live/" + row[1])
		if err != nil {
			t.Fatalf("%s is not embedded: %v", row[1], err)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != row[3] {
			t.Errorf("%s: SHA-256 %x, VENDOR.md says %s", row[1], sum, row[3])
		}
		if _, err := os.Stat(filepath.Join("live", row[2])); err != nil {
			t.Errorf("%s: no licence: %v", row[1], err)
		}
	}
}
