// Package gcpolicy paces Go's garbage collector for roadlog's processes: a
// short command collects nothing while its heap is small, a large one and a
// server collect as usual under a soft memory limit.
package gcpolicy

import (
	"runtime"
	"runtime/debug"
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

// mode says which pace is set: quiet until the first collection, or steady.
var (
	mu    sync.Mutex
	quiet bool
)

// Command sets the pace of a short command. GOGC and GOMEMLIMIT, when the
// environment sets them, are left as they say: with either set, there is
// no quiet phase.
func Command(getenv func(string) string) {
	mu.Lock()
	defer mu.Unlock()
	gogc, memlimit := getenv("GOGC") == "", getenv("GOMEMLIMIT") == ""
	if !gogc || !memlimit {
		steady(gogc, memlimit, CommandPercent)
		return
	}
	quiet = true
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(QuietHeap)
	// The first collection, which the limit above starts, finds this
	// object unreachable; its clean-up then sets the steady pace.
	runtime.AddCleanup(new([32]byte), func(struct{}) { endQuiet() }, struct{}{})
}

// Server sets the pace of a long-lived process, such as roadlog serve,
// where a quiet phase would only defer the collections. As Command, it
// leaves what GOGC and GOMEMLIMIT set.
func Server(getenv func(string) string) {
	mu.Lock()
	defer mu.Unlock()
	quiet = false
	steady(getenv("GOGC") == "", getenv("GOMEMLIMIT") == "", ServerPercent)
}

// endQuiet sets a command's steady pace after its first collection, unless
// Server has set another since.
func endQuiet() {
	mu.Lock()
	defer mu.Unlock()
	if quiet {
		quiet = false
		steady(true, true, CommandPercent)
	}
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
