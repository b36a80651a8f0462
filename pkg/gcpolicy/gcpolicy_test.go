package gcpolicy

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// settings reads the GC percent and the soft memory limit without changing
// them.
func settings() (percent int, limit int64) {
	percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

// restore puts back the runtime's settings when the test ends.
func restore(t *testing.T) {
	t.Helper()
	p, l := settings()
	t.Cleanup(func() {
		debug.SetGCPercent(p)
		debug.SetMemoryLimit(l)
		mu.Lock()
		quiet, ownsLimit = false, false
		mu.Unlock()
	})
}

// waitFor collects garbage until the settings are the ones wanted: the
// clean-up that ends the quiet phase runs after a collection, on its own
// goroutine.
func waitFor(t *testing.T, percent int, limit int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		p, l := settings()
		if p == percent && l == limit {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GC percent %d, limit %d; want %d, %d", p, l, percent, limit)
		}
		time.Sleep(time.Millisecond)
	}
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestCommandQuietThenSteady(t *testing.T) {
	restore(t)
	Command(env(nil))
	if p, l := settings(); p != -1 || l != QuietHeap {
		t.Fatalf("quiet phase: GC percent %d, limit %d; want -1, %d", p, l, QuietHeap)
	}
	waitFor(t, CommandPercent, Limit)
}

func TestServerAfterCommandStaysServer(t *testing.T) {
	restore(t)
	Command(env(nil))
	Server(env(nil))
	if p, l := settings(); p != ServerPercent || l != Limit {
		t.Fatalf("server: GC percent %d, limit %d; want %d, %d", p, l, ServerPercent, Limit)
	}
	// The command's clean-up runs after this collection, and must not
	// set the command's pace over the server's.
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if p, l := settings(); p != ServerPercent || l != Limit {
		t.Fatalf("after a collection: GC percent %d, limit %d; want %d, %d", p, l, ServerPercent, Limit)
	}
}

func TestEnvironmentWins(t *testing.T) {
	restore(t)
	debug.SetGCPercent(77)
	debug.SetMemoryLimit(1 << 30)
	Command(env(map[string]string{"GOGC": "77"}))
	if p, l := settings(); p != 77 || l != Limit {
		t.Fatalf("GOGC set: GC percent %d, limit %d; want 77, %d", p, l, Limit)
	}
	debug.SetMemoryLimit(1 << 30)
	Command(env(map[string]string{"GOMEMLIMIT": "1GiB"}))
	if p, l := settings(); p != CommandPercent || l != 1<<30 {
		t.Fatalf("GOMEMLIMIT set: GC percent %d, limit %d; want %d, %d", p, l, CommandPercent, 1<<30)
	}
	Server(env(map[string]string{"GOGC": "77", "GOMEMLIMIT": "1GiB"}))
	if p, l := settings(); p != CommandPercent || l != 1<<30 {
		t.Fatalf("both set: server changed GC percent %d, limit %d", p, l)
	}
}

func TestLimitFor(t *testing.T) {
	for _, tt := range []struct {
		live uint64
		want int64
	}{
		{0, Limit},
		{100 << 20, Limit},
		{Limit * 2 / 3, Limit},
		{500 << 20, 750 << 20},
		{1 << 30, 3 << 29},
		{1 << 63, 3 << 60},
	} {
		if got := LimitFor(tt.live); got != tt.want {
			t.Errorf("LimitFor(%d) = %d, want %d", tt.live, got, tt.want)
		}
	}
}

// TestLimitFollowsLiveHeap shows the soft limit set again after every
// collection: above a large live heap, and back to Limit when it shrinks.
func TestLimitFollowsLiveHeap(t *testing.T) {
	restore(t)
	live := uint64(1 << 30)
	mu.Lock()
	old := liveHeap
	liveHeap = func() (uint64, bool) { return live, true }
	mu.Unlock()
	t.Cleanup(func() {
		mu.Lock()
		liveHeap = old
		mu.Unlock()
	})
	Command(env(nil))
	waitFor(t, CommandPercent, 3<<29)
	mu.Lock()
	live = 10 << 20
	mu.Unlock()
	waitFor(t, CommandPercent, Limit)
	mu.Lock()
	ownsLimit = false // as with GOMEMLIMIT set: the limit is left alone
	live = 1 << 30
	mu.Unlock()
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if _, l := settings(); l != Limit {
		t.Fatalf("limit %d, want %d left as it was", l, Limit)
	}
}
