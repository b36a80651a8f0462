package gitx

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// Commit is one commit of a [Client.Log] walk with the files it changed.
type Commit struct {
	ID          string
	Parents     []string // full IDs; none for a root commit or a shallow clone's graft
	AuthorName  string
	AuthorEmail string
	AuthorDate  time.Time
	CommitDate  time.Time
	Subject     string
	Files       []FileChange
}

// FileChange is a file a commit changed, as git diff --raw reports it.
// Paths are relative to the client's Dir.
type FileChange struct {
	Status  byte   // A, M, D, R (renamed), C (copied), T (type changed)
	OldPath string // "" when added
	NewPath string // "" when deleted
	OldID   string // blob ID before; "" when added
	NewID   string // blob ID after; "" when deleted
}

// LogOptions choose the commits of a [Client.Log] walk.
type LogOptions struct {
	Rev string // where the walk starts (HEAD when ""); checked with [CheckRev]
}

// logFormat starts each commit with a record separator, then its fields,
// each ended by NUL.
const logFormat = "%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI%x00%s%x00"

const logFields = 7

// Log walks the first-parent history of the folder Dir oldest first and
// calls fn for each commit with the files under Dir it changed, renames
// found (-M). A merge counts as one commit whose changes are those it
// brought into the first parent. It runs one git log for the whole walk.
// A commit that changed nothing under Dir is still passed, with no Files.
func (c *Client) Log(ctx context.Context, opts LogOptions, fn func(*Commit) error) error {
	rev := opts.Rev
	if rev == "" {
		rev = "HEAD"
	}
	if err := CheckRev(rev); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := []string{
		"-C", c.Dir, "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "--raw", "-M", "-z",
		"--no-abbrev", "--no-color", "--no-ext-diff", "--format=" + logFormat,
	}
	if c.Prefix != "" {
		// A workspace in a folder of the repository: its files only, with
		// paths relative to it. At the top this costs git twice the time.
		// An option, so before --end-of-options.
		args = append(args, "--relative")
	}
	args = append(args, "--end-of-options", rev)
	if c.Prefix != "" {
		args = append(args, "--", ".")
	}
	cmd := exec.CommandContext(ctx, "git", args...) //nolint:gosec // rev is checked and follows --end-of-options
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C")
	cmd.WaitDelay = WaitDelay
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git log: %w", err)
	}
	perr := parseLog(bufio.NewReaderSize(out, 256<<10), fn)
	if perr != nil {
		cancel() // stop git: the caller wants no more
		_, _ = io.Copy(io.Discard, out)
	}
	werr := cmd.Wait()
	switch {
	case perr != nil:
		return perr
	case werr != nil:
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = werr.Error()
		}
		if strings.Contains(msg, "does not have any commits") || strings.Contains(msg, "unknown revision") {
			return fmt.Errorf("git log: %s: %w", msg, ErrNoCommits)
		}
		return fmt.Errorf("git log: %s", msg)
	}
	return nil
}

// ErrNoCommits means the walk's start names no commit: a repository with no
// commits yet, or an unknown revision.
var ErrNoCommits = errors.New("no commits")

// parseLog reads the output of git log in [logFormat] with --raw -z.
func parseLog(r *bufio.Reader, fn func(*Commit) error) error {
	next := func() (string, bool, error) {
		tok, err := r.ReadString(0)
		if errors.Is(err, io.EOF) {
			return tok, tok != "", nil
		}
		if err != nil {
			return "", false, err
		}
		return tok[:len(tok)-1], true, nil
	}
	var cur *Commit
	flush := func() error {
		if cur == nil {
			return nil
		}
		c := cur
		cur = nil
		return fn(c)
	}
	for {
		tok, ok, err := next()
		if err != nil {
			return fmt.Errorf("git log: %w", err)
		}
		if !ok {
			return flush()
		}
		tok = strings.TrimLeft(tok, "\n")
		switch {
		case tok == "":
			continue
		case strings.HasPrefix(tok, "\x1e"):
			if err := flush(); err != nil {
				return err
			}
			fields := []string{tok[1:]}
			for len(fields) < logFields {
				f, ok, err := next()
				if err != nil || !ok {
					return fmt.Errorf("git log: a commit's header ends early")
				}
				fields = append(fields, f)
			}
			cur = &Commit{
				ID: fields[0], Parents: strings.Fields(fields[1]), AuthorName: fields[2], AuthorEmail: fields[3],
				Subject: fields[6],
			}
			cur.AuthorDate, _ = time.Parse(time.RFC3339, fields[4])
			cur.CommitDate, _ = time.Parse(time.RFC3339, fields[5])
		case strings.HasPrefix(tok, ":") && cur != nil:
			// :<old mode> <new mode> <old id> <new id> <status>[score]
			f := strings.Fields(tok[1:])
			if len(f) != 5 || f[4] == "" {
				return fmt.Errorf("git log: unexpected line %q", tok)
			}
			fc := FileChange{Status: f[4][0], OldID: noZero(f[2]), NewID: noZero(f[3])}
			p, ok, err := next()
			if err != nil || !ok {
				return fmt.Errorf("git log: a file change ends early")
			}
			switch fc.Status {
			case 'R', 'C':
				to, ok, err := next()
				if err != nil || !ok {
					return fmt.Errorf("git log: a rename ends early")
				}
				fc.OldPath, fc.NewPath = p, to
			case 'A':
				fc.NewPath = p
			case 'D':
				fc.OldPath = p
			default:
				fc.OldPath, fc.NewPath = p, p
			}
			cur.Files = append(cur.Files, fc)
		default:
			return fmt.Errorf("git log: unexpected output %q", tok)
		}
	}
}

// noZero returns "" for git's all-zero object ID (no object).
func noZero(id string) string {
	if strings.Trim(id, "0") == "" {
		return ""
	}
	return id
}
