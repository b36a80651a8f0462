package main

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"time"
)

// write prints a sentence saying what was measured, the table of the
// requests' round-trip times, and the server's start, peak memory and
// stop.
func (r *loadResult) write(w io.Writer) error {
	if r.goos == "" {
		r.goos, r.goarch, r.cores = runtime.GOOS, runtime.GOARCH, runtime.NumCPU()
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "roadlog serve on a workspace of %s items: %s and %s, one at a time over loopback, on %s/%s with %s.\n\n",
		thousands(r.size), plural(r.requests, "page request"), plural(r.edits, "edit"), r.goos, r.goarch, plural(r.cores, "core"))
	row(bw, []string{"request", "count", "ok", "median ms", "p95 ms", "max ms"})
	row(bw, []string{"---", "---", "---", "---", "---", "---"})
	for _, lr := range r.rows {
		cells := []string{lr.name, strconv.Itoa(lr.n), strconv.Itoa(lr.ok), "-", "-", "-"}
		if len(lr.times) > 0 {
			s := slices.Clone(lr.times)
			slices.Sort(s)
			cells[3], cells[4], cells[5] = millis(median(s)), millis(percentile(s, 95)), millis(s[len(s)-1])
		}
		row(bw, cells)
	}
	peak := "n/a"
	if r.peak > 0 {
		peak = strconv.FormatInt((r.peak+1<<19)>>20, 10) + " MB"
	}
	exit := fmt.Sprintf("exit %d within %s s", r.exitCode, seconds(r.exitAfter))
	if r.exitCode < 0 {
		exit = fmt.Sprintf("still running after %s s, killed", seconds(stopGrace))
	}
	fmt.Fprintf(bw, "\n- server start to first answer: %s s\n- server peak memory (VmHWM): %s\n- SIGINT: %s\n", seconds(r.ready), peak, exit)
	if r.stopped {
		fmt.Fprintf(bw, "- stopped at the deadline (-timeout %v) after %d of %d page requests and %d of %d edits\n",
			r.timeout, r.pagesDone, r.requests, r.editsDone, r.edits)
	}
	return bw.Flush()
}

// millis is a duration in milliseconds with one decimal: 3.2, 812.0.
func millis(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}

// percentile is the nearest-rank p-th percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p+99)/100 - 1
	return sorted[max(i, 0)]
}
