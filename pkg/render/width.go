package render

import (
	"strings"

	"github.com/clipperhouse/displaywidth"
)

// measure is the one measure of display width: tables, `show` and `diff`
// use it. It counts terminal cells by grapheme cluster, as terminals draw
// them: a wide character (中) takes two, an emoji, ZWJ sequences (👩‍💻)
// and flags included, two, a combining mark none, and an escape sequence
// (the styling `show` adds) none. Ambiguous-width characters (…, █, ─)
// take one, as in every modern terminal, whatever the locale: the same
// input gives the same bytes.
var measure = displaywidth.Options{ControlSequences: true}

// Width returns how many terminal cells s takes.
func Width(s string) int { return measure.String(s) }

// truncate cuts s to at most w cells (w >= 1), ending with "…" when it
// cuts.
func truncate(s string, w int) string {
	return measure.TruncateString(s, max(w, 1), "…")
}

// Wrap breaks text into lines of at most width cells: at spaces (runs of
// them count as one), and inside a word only when the word alone is wider.
// Text that fits is one line, as it is.
func Wrap(text string, width int) []string {
	width = max(width, 1)
	if Width(text) <= width {
		return []string{text}
	}
	var lines []string
	line, used := "", 0
	flush := func() {
		lines = append(lines, line)
		line, used = "", 0
	}
	for _, word := range strings.Fields(text) {
		w := Width(word)
		if w > width {
			// A word wider than a line: whole lines of it, then the rest
			// goes on as a word. Each piece is measured once, so a long
			// word costs its length, not its length squared.
			if used > 0 {
				flush()
			}
			for {
				head, rest := cut(word, width)
				if rest == "" {
					word, w = head, Width(head)
					break
				}
				lines = append(lines, head)
				word = rest
			}
		}
		if used > 0 && used+1+w > width {
			flush()
		}
		if used > 0 {
			line += " "
			used++
		}
		line += word
		used += w
	}
	if used > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// Break cuts a line into pieces of at most width cells, keeping every
// character (spaces included): for code, where words do not matter.
func Break(line string, width int) []string {
	width = max(width, 1)
	var out []string
	for {
		head, rest := cut(line, width)
		if rest == "" {
			return append(out, head)
		}
		out = append(out, head)
		line = rest
	}
}

// cut splits s after the longest head at most width cells wide, and at
// least one grapheme long.
func cut(s string, width int) (head, rest string) {
	g := measure.StringGraphemes(s)
	end, used := 0, 0
	for g.Next() {
		w := g.Width()
		if used+w > width && end > 0 {
			break
		}
		used += w
		end += len(g.Value())
	}
	return s[:end], s[end:]
}

// Fit cuts s to at most width cells, ending in "…" when it cuts, and pads
// it with spaces to width: a column of fixed width in text output.
func Fit(s string, width int) string {
	if Width(s) > width {
		s = truncate(s, width)
	}
	return pad(s, width, alignLeft)
}

// Right aligns s to the right of width cells.
func Right(s string, width int) string { return pad(s, width, alignRight) }

// Bar draws n of top as a bar of at most width cells, at least one cell
// when n is not 0: a bar chart's row in text output.
func Bar(n, top, width int) string {
	if top <= 0 || n <= 0 {
		return ""
	}
	return strings.Repeat("█", max(1, min(n, top)*width/top))
}
