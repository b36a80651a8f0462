//go:build !linux

package hostilemd

import "time"

// threadTime is the wall-clock time where a thread's CPU time cannot be
// read.
func threadTime() time.Duration { return wallTime() }
