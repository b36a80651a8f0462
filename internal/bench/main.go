// Command bench measures roadlog's commands on generated workspaces and
// prints a Markdown table of their median wall times and peak memory, with
// the time it takes only to read the same files for comparison:
//
//	go run ./internal/bench                        # 1,000 and 10,000 items, 5 runs each
//	go run ./internal/bench -sizes 1000,10000,100000 -runs 3
//	go run ./internal/bench generate DIR 10000     # only write a workspace of 10,000 items
//	go run ./internal/bench serve                  # the load test of roadlog serve on 10,000 items
//
// It builds roadlog once, generates each workspace once into a cache folder
// (-dir, kept between runs and put back to its generated state with Git
// before each), runs every command one untimed time and then -runs timed
// times, and prints the table on standard output, its progress on standard
// error. It is not part of roadlog: it lives under internal/ so that
// anyone with a clone can run it.
//
// serve [-size 10000] [-requests 300] [-edits 20] [-timeout 5m] [-dir DIR]
// [-roadlog PATH] is the load test of `roadlog serve`: on the workspace of
// -size items (generated or reused, put back to its generated state) it
// starts `roadlog serve --addr 127.0.0.1:0`, waits until it answers, then,
// one request at a time, GETs a fixed mix of pages (the overview, the
// board, the backlog and the roadmap in turn, and records' pages, each path
// asked more than once: its first request, which makes the page, and the
// others are shown apart), moves -edits distinct items from idea to
// discovery as the board does (POST /_edit/move with the page's token) and
// reads each one's page until it shows the new status. It reads the
// server's peak memory (VmHWM, on Linux), stops it with SIGINT, and prints
// the median, 95th percentile and largest round-trip time of each kind of
// request, the server's start, peak memory and exit status; a request that
// fails is counted and makes the exit status 1. At the -timeout deadline it
// stops and prints what it measured.
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
