// Package gcpolicy paces Go's garbage collector for roadlog's processes: a
// short command collects nothing while its heap is small, a large one and a
// server collect as usual under a soft memory limit, which rises with the
// live heap rather than make the collector run back to back.
package gcpolicy

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

const (
	// QuietHeap is the heap a command grows to before its first collection.
	// A warm command on 10,000 items ends below it: its heap is mostly the
	// workspace, which lives to the end, so collecting it was time for
	// nothing (a fifth of a warm view's time).
	QuietHeap = 128 << 20
	// CommandPercent is the GOGC of a command once its heap passed QuietHeap.
	CommandPercent = 400
	// ServerPercent is the GOGC of a server, which lives on and holds the
	// workspace once or twice: it collects at each doubling.
	ServerPercent = 100
	// Limit is the soft memory limit past QuietHeap: the collector works
	// harder only when a very large workspace (100,000 items) would
	// otherwise take more.
	Limit = 640 << 20
)

var (
	mu        sync.Mutex
	quiet     bool // no collection yet: the quiet phase's settings hold
	ownsLimit bool // the soft limit is this package's (GOMEMLIMIT is unset)
	hooked    bool // afterGC runs after every collection
)

// LimitFor is the soft memory limit for a live heap of live bytes: Limit,
// or half as much again as the live heap when that is more. Under a limit
// close to the live heap each collection frees little, so the collector
// runs back to back (at 100,000 items, half of the report's time went to
// it); half the live heap again leaves each cycle that much to free.
func LimitFor(live uint64) int64 {
	return max(Limit, int64(min(live, 1<<61)*3/2)) //nolint:gosec // bounded above
}

// Command sets the pace of a short command. GOGC and GOMEMLIMIT, when the
// environment sets them, are left as they say: with either set, there is
// no quiet phase.
func Command(getenv func(string) string) {
	mu.Lock()
	defer mu.Unlock()
	gogc, memlimit := getenv("GOGC") == "", getenv("GOMEMLIMIT") == ""
	ownsLimit = memlimit
	if !gogc || !memlimit {
		steady(gogc, memlimit, CommandPercent)
		startHook()
		return
	}
	quiet = true
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(QuietHeap)
	startHook()
}

// Server sets the pace of a long-lived process, such as roadlog serve,
// where a quiet phase would only defer the collections. As Command, it
// leaves what GOGC and GOMEMLIMIT set.
func Server(getenv func(string) string) {
	mu.Lock()
	defer mu.Unlock()
	quiet = false
	ownsLimit = getenv("GOMEMLIMIT") == ""
	steady(getenv("GOGC") == "", ownsLimit, ServerPercent)
	startHook()
}

// startHook makes afterGC run after every collection from now on, once.
func startHook() {
	if !hooked {
		hooked = true
		hook()
	}
}

// hook makes afterGC run after the next collection, which finds the object
// made here unreachable; afterGC makes it run after the one after.
func hook() {
	runtime.AddCleanup(new([32]byte), func(struct{}) { afterGC() }, struct{}{})
}

// afterGC ends a command's quiet phase (unless Server has set another pace
// since) and sets the soft limit for the live heap the collection left.
func afterGC() {
	mu.Lock()
	defer mu.Unlock()
	if quiet {
		quiet = false
		steady(true, true, CommandPercent)
	}
	if ownsLimit {
		if live, ok := liveHeap(); ok {
			debug.SetMemoryLimit(LimitFor(live))
		}
	}
	hook()
}

// liveHeap returns the heap the last collection left live; tests replace it.
var liveHeap = func() (uint64, bool) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0, false
	}
	return s[0].Value.Uint64(), true
}

// steady sets the GC percent and the soft limit, each only where its
// environment variable is unset.
func steady(gogc, memlimit bool, percent int) {
	if gogc {
		debug.SetGCPercent(percent)
	}
	if memlimit {
		debug.SetMemoryLimit(Limit)
	}
}
