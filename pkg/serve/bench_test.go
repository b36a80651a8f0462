package serve

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roadlog/roadlog/internal/testws"
)

// BenchmarkEditMove is an edit's round trip on the server of a generated
// workspace of 10,000 items: one card moved back and forth between two
// columns as the board moves it, each from the version the last answer
// gave.
func BenchmarkEditMove(b *testing.B) {
	dir := b.TempDir()
	if err := testws.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	srv, err := New(context.Background(), Options{Root: dir, Now: func() time.Time { return fixedNow }, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(nil)
	hs.Config.Handler = srv.Handler(hs.Listener.Addr())
	hs.Start()
	b.Cleanup(hs.Close)
	res, err := hs.Client().Get(hs.URL + "/board.html")
	if err != nil {
		b.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	m := regexp.MustCompile(`data-id="(B-6)" data-version="([0-9a-f]+)"`).FindSubmatch(page)
	if m == nil {
		b.Fatal("the board has no card B-6")
	}
	version := string(m[2])
	statuses := []string{"discovery", "idea"}
	b.ResetTimer()
	for i := range b.N {
		form := url.Values{"record": {"B-6"}, "version": {version}, "status": {statuses[i%2]}}
		req, err := http.NewRequest(http.MethodPost, hs.URL+"/_edit/move", strings.NewReader(form.Encode()))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("X-Roadlog-Token", srv.token)
		res, err := hs.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out result
		err = json.NewDecoder(res.Body).Decode(&out)
		_ = res.Body.Close()
		if err != nil || !out.OK {
			b.Fatalf("move %d: %v %+v", i, err, out)
		}
		version = out.Version
	}
}
