// Package hostilemd holds Markdown shaped to make a parser or renderer
// slow (what goldmark and roadlog's renderers once took quadratic time
// on), and a test that the time to render it grows linearly with its size.
package hostilemd

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// An Input makes Markdown of about n bytes in one hostile shape.
type Input struct {
	Name string
	Make func(n int) string
}

func rep(s string, n int) string { return strings.Repeat(s, max(n, 1)) }

// Inputs are the hostile shapes: deep containers, long runs of inline
// markup that never pairs up, many lines, one long line.
var Inputs = []Input{
	{"block quotes", func(n int) string { return rep(">", n) }},
	{"block quotes then lazy lines", func(n int) string { return rep(">", n/2) + " x\n" + rep("y\n", n/4) }},
	{"spaced block quotes", func(n int) string { return rep("> ", n/2) }},
	{"block quotes with emphasis", func(n int) string { return rep("> ", n/4) + rep("*a* ", n/8) }},
	{"lists", func(n int) string { return rep("- ", n/2) + "x" }},
	{"lists then lazy lines", func(n int) string { return rep("- ", n/4) + "x\n" + rep("y\n", n/4) }},
	{"lists then blank lines", func(n int) string { return rep("- ", n/4) + "x\n" + rep("\n", n/2) }},
	{"ordered lists", func(n int) string { return rep("1. ", n/3) + "x" }},
	{"lists in block quotes", func(n int) string { return rep("> - ", n/4) + "x" }},
	{"lists nested by indentation", func(n int) string {
		var b strings.Builder
		for k := 0; b.Len() < n; k++ {
			b.WriteString(rep(" ", 2*k) + "- a\n")
		}
		return b.String()
	}},
	{"emphasis run", func(n int) string { return rep("*", n) }},
	{"unpaired emphasis", func(n int) string { return rep("*a_ ", n/4) }},
	{"unpaired emphasis over lines", func(n int) string { return rep("*a_\n", n/4) }},
	{"nested emphasis", func(n int) string { return rep("*a ", n/6) + rep(" a*", n/6) }},
	{"nested strong emphasis", func(n int) string { return rep("*a **a ", n/14) + "b" + rep(" a** a*", n/14) }},
	{"nested strikethrough", func(n int) string { return rep("~a ", n/6) + rep(" a~", n/6) }},
	{"unclosed link destinations", func(n int) string { return rep("[a](", n/4) }},
	{"unclosed angle destinations", func(n int) string { return rep("[a](<b", n/6) }},
	{"unclosed destinations", func(n int) string { return rep("[a](b", n/5) }},
	{"link reference definitions", func(n int) string { return rep("[a]: b\n", n/7) }},
	{"reference links over lines", func(n int) string { return rep("[a]\n", n/4) + "\n[a]: u\n" }},
	{"reference link chain", func(n int) string { return rep("[a]", n/3) + "\n\n[a]: u\n" }},
	{"unclosed reference links", func(n int) string { return rep("[a][", n/4) }},
	{"nested brackets", func(n int) string { return rep("[", n/2) + "a" + rep("]", n/2) }},
	{"open brackets around emphasis", func(n int) string { return rep("[", 900) + rep("*a ", n/3) + rep("]", 900) }},
	{"nested images", func(n int) string { return rep("![", n/6) + "x" + rep("](u)", n/6) }},
	{"backtick runs", func(n int) string {
		var b strings.Builder
		for i := 1; b.Len() < n; i++ {
			b.WriteString("e" + rep("`", i))
		}
		return b.String()
	}},
	{"backticks", func(n int) string { return rep("`", n) }},
	{"headings alike", func(n int) string { return rep("# a\n", n/4) }},
	{"wide table", func(n int) string { return rep("|a", n/8) + "|\n" + rep("|-", n/8) + "|\n" + rep("|x", n/8) + "|\n" }},
	{"html declarations", func(n int) string { return rep("<!A", n/3) }},
	{"one long line", func(n int) string { return rep("word ", n/5) }},
	{"many lines", func(n int) string { return rep("a\n", n/2) }},
}

// CheckLinear checks that render takes about 8 times as long on every
// input of 8 times the size, not 64 times: the ratio must stay under 32.
// It asserts no absolute time; a noisy ratio is measured again. It does not
// run under the race detector, whose slowdown would make it take minutes
// and is uneven enough to distort the ratios (.ci/run runs it without).
func CheckLinear(t *testing.T, render func(string)) {
	t.Helper()
	if raceDetector {
		t.Skip("timings under the race detector say little; run go test without -race")
	}
	for _, in := range Inputs {
		t.Run(in.Name, func(t *testing.T) { checkRatio(t, in.Make, render) })
	}
}

// CheckLinearOn is [CheckLinear] for one shape of input of any kind: gen
// builds an input of about n bytes.
func CheckLinearOn(t *testing.T, gen func(n int) string, run func(string)) {
	t.Helper()
	if raceDetector {
		t.Skip("timings under the race detector say little; run go test without -race")
	}
	checkRatio(t, gen, run)
}

// checkRatio fails t when run takes 32 times as long or more on an input
// 8 times the size, in the best of five measures.
func checkRatio(t *testing.T, gen func(n int) string, run func(string)) {
	t.Helper()
	const n = 16 << 10
	small, large := gen(n), gen(8*n)
	best := 0.0
	for try := 0; try < 5; try++ {
		ratio := float64(fastest(run, large)) / float64(max(fastest(run, small), time.Microsecond))
		if try == 0 || ratio < best {
			best = ratio
		}
		if best < 32 {
			return
		}
	}
	t.Errorf("8 times the input took %.0f times as long: not linear", best)
}

// fastest returns the shortest of three runs of render on s, in CPU time
// of the thread that runs it where the system can tell (threadTime), so
// that other processes on a loaded machine do not count.
func fastest(render func(string), s string) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	best := time.Duration(1<<63 - 1)
	for range 3 {
		runtime.GC()
		start := threadTime()
		render(s)
		best = min(best, threadTime()-start)
	}
	return best
}

// Large returns hostile Markdown at full size, to be rendered once each: a
// renderer that is not linear on it shows as a test that does not finish.
func Large() map[string]string {
	return map[string]string{
		"1 MB single line": rep("word *a_ [b](c ", 1<<20/16),
		"100k lines":       rep("[a] *b_\n", 100_000),
		"50 KB of >":       rep(">", 50<<10),
	}
}

// epoch is when the package was loaded; wallTime counts from it.
var epoch = time.Now()

// wallTime is the monotonic time since the package was loaded.
func wallTime() time.Duration { return time.Since(epoch) }
