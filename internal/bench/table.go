package main

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// measurement is what the table shows of a step's runs: the median wall
// time and the largest peak resident set size (0: not known).
type measurement struct {
	wall time.Duration
	rss  int64
}

// cell is "wall s / max RSS MB", as the table shows it.
func (m measurement) cell() string {
	rss := "-"
	if m.rss > 0 {
		rss = strconv.FormatInt((m.rss+1<<19)>>20, 10)
	}
	return seconds(m.wall) + " / " + rss
}

// seconds has two or three significant digits: 0.044, 0.31, 3.9, 13.4.
func seconds(d time.Duration) string {
	s := d.Seconds()
	prec := 1
	switch {
	case s < 0.1:
		prec = 3
	case s < 10:
		prec = 2
	}
	return strconv.FormatFloat(s, 'f', prec, 64)
}

// table is the suite's result: rows of steps, columns of sizes.
type table struct {
	sizes        []int
	runs, warmup int
	issues       int
	names        []string        // row names
	cells        [][]measurement // [row][size]
	goos, goarch string          // the machine; runtime's unless a test sets them
	cores        int
}

func (t *table) set(row, col int, name string, m measurement) {
	for len(t.names) <= row {
		t.names = append(t.names, "")
		t.cells = append(t.cells, make([]measurement, len(t.sizes)))
	}
	t.names[row] = name
	t.cells[row][col] = m
}

// write prints a sentence saying how the figures were taken, then the
// table: a column per size, one per pair of successive sizes with how the
// time grew, and one with each command's time over reading all the files
// at the largest size.
func (t *table) write(w io.Writer) error {
	if t.goos == "" {
		t.goos, t.goarch, t.cores = runtime.GOOS, runtime.GOARCH, runtime.NumCPU()
	}
	bw := bufio.NewWriter(w)
	warm := "no warm-up run"
	if t.warmup > 0 {
		warm = "after " + plural(t.warmup, "warm-up run")
	}
	fmt.Fprintf(bw, "Median wall time of %s (%s) and the largest peak memory (max RSS), on %s/%s with %s.\n\n",
		plural(t.runs, "run"), warm, t.goos, t.goarch, plural(t.cores, "core"))
	head := []string{"command (wall s / max RSS MB)"}
	for _, n := range t.sizes {
		head = append(head, label(n))
	}
	for i := 1; i < len(t.sizes); i++ {
		head = append(head, label(t.sizes[i])+" ÷ "+label(t.sizes[i-1]))
	}
	last := len(t.sizes) - 1
	head = append(head, label(t.sizes[last])+" ÷ read all files")
	row(bw, head)
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---"
	}
	row(bw, sep)
	for r, name := range t.names {
		cells := []string{name}
		for _, m := range t.cells[r] {
			cells = append(cells, m.cell())
		}
		for i := 1; i < len(t.sizes); i++ {
			cells = append(cells, ratio(t.cells[r][i].wall, t.cells[r][i-1].wall))
		}
		cells = append(cells, ratio(t.cells[r][last].wall, t.cells[0][last].wall))
		row(bw, cells)
	}
	return bw.Flush()
}

func row(w io.Writer, cells []string) {
	fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
}

// ratio is a/b as "12.6×", or "-" when b is 0.
func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "-"
	}
	r := float64(a) / float64(b)
	if r >= 100 {
		return strconv.FormatFloat(r, 'f', 0, 64) + "×"
	}
	return strconv.FormatFloat(r, 'f', 1, 64) + "×"
}

// label is a size as a column heading: 1k, 10k, 100k, 2.5k, 50.
func label(n int) string {
	switch {
	case n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	case n > 1000 && n%100 == 0:
		return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + "k"
	}
	return strconv.Itoa(n)
}

// thousands is n with a comma between thousands: 5,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
