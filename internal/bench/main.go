// Command bench measures roadlog's commands on generated workspaces and
// prints a Markdown table of their median wall times and peak memory, with
// the time it takes only to read the same files for comparison:
//
//	go run ./internal/bench                        # 1,000 and 10,000 items, 5 runs each
//	go run ./internal/bench -sizes 1000,10000,100000 -runs 3
//	go run ./internal/bench generate DIR 10000     # only write a workspace of 10,000 items
//
// It builds roadlog once, generates each workspace once into a cache folder
// (-dir, kept between runs and put back to its generated state with Git
// before each), runs every command one untimed time and then -runs timed
// times, and prints the table on standard output, its progress on standard
// error. It is not part of roadlog: it lives under internal/ so that
// anyone with a clone can run it.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code) //nolint:forbidigo // a program's main ends with its exit status
}
