//go:build roadlog_crashtest && unix

package change

import (
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

// This file is compiled only with the roadlog_crashtest build tag, into the
// binary that cmd/roadlog's crash test builds: a released roadlog has no way
// to reach it.
//
// ROADLOG_CRASH_AT=N kills the process (SIGKILL, as kill -9 does) at the
// Nth crash point; ROADLOG_CRASH_PAUSE=D sleeps for D at every crash point,
// so that a kill sent from outside after a random delay lands between steps.

var crashCount atomic.Int64

func crashPoint(string) {
	if d, err := time.ParseDuration(os.Getenv("ROADLOG_CRASH_PAUSE")); err == nil {
		time.Sleep(d)
	}
	n, err := strconv.ParseInt(os.Getenv("ROADLOG_CRASH_AT"), 10, 64)
	if err == nil && crashCount.Add(1) == n {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}
