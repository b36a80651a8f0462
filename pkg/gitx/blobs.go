package gitx

import (
	"bufio"
	"context"
	"crypto/sha1" //nolint:gosec // git's object IDs
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// Blobs reads objects by ID through one long-running git cat-file --batch,
// started on the first read: however many files are read, git runs once.
// It is safe for concurrent use; Close stops git.
type Blobs struct {
	mu      sync.Mutex
	start   func() (*batch, error)
	b       *batch
	err     error
	fetched int // objects read from git
}

type batch struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

// Blobs returns a reader of the repository's objects. git is killed when
// ctx is cancelled, so that a read waiting on it returns.
func (c *Client) Blobs(ctx context.Context) *Blobs {
	return &Blobs{start: func() (*batch, error) {
		cmd := exec.CommandContext(ctx, "git", "-C", c.Dir, "cat-file", "--batch") //nolint:gosec // fixed arguments
		cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
		cmd.WaitDelay = WaitDelay
		in, err := cmd.StdinPipe()
		if err != nil {
			return nil, err
		}
		outPipe, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		cmd.Cancel = func() error {
			// A process git started may hold the pipe open after git is
			// killed: closing it ends a read waiting on it.
			err := cmd.Process.Kill()
			_ = outPipe.Close()
			return err
		}
		if err := cmd.Start(); err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		return &batch{cmd: cmd, in: in, out: bufio.NewReaderSize(outPipe, 64<<10)}, nil
	}}
}

var errClosed = errors.New("the object reader is closed")

// Close stops git cat-file.
func (bl *Blobs) Close() error {
	bl.mu.Lock()
	defer bl.mu.Unlock()
	if bl.b == nil {
		return nil
	}
	_ = bl.b.in.Close() // git exits at end of input
	_, _ = io.Copy(io.Discard, bl.b.out)
	err := bl.b.cmd.Wait()
	bl.b = nil
	bl.err = errClosed
	return err
}

// Err returns what went wrong reading from git, if anything did: files that
// could not be read show up in a loaded workspace as unreadable, and this
// tells a failing git from a bad file.
func (bl *Blobs) Err() error {
	bl.mu.Lock()
	defer bl.mu.Unlock()
	if errors.Is(bl.err, errClosed) {
		return nil
	}
	return bl.err
}

// Fetched returns how many objects were read from git so far: what tests
// check to know that a file was taken from elsewhere rather than read.
func (bl *Blobs) Fetched() int {
	bl.mu.Lock()
	defer bl.mu.Unlock()
	return bl.fetched
}

// Read returns the content of an object, given by its full ID.
func (bl *Blobs) Read(oid string) ([]byte, error) {
	out, err := bl.ReadMany([]string{oid})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ReadMany returns the contents of objects, in the order asked. The IDs are
// sent to git while the answers come back, so that reading many objects
// costs no round trip each.
func (bl *Blobs) ReadMany(oids []string) ([][]byte, error) {
	bl.mu.Lock()
	defer bl.mu.Unlock()
	if bl.err != nil {
		return nil, bl.err
	}
	var req strings.Builder
	for _, oid := range oids {
		if oid == "" || strings.ContainsAny(oid, " \t\n") {
			return nil, fmt.Errorf("%q is not an object ID", oid)
		}
		req.WriteString(oid + "\n")
	}
	if bl.b == nil {
		b, err := bl.start()
		if err != nil {
			bl.err = err
			return nil, err
		}
		bl.b = b
	}
	fail := func(err error) ([][]byte, error) {
		bl.err = fmt.Errorf("git cat-file: %w", err)
		return nil, bl.err
	}
	wrote := make(chan error, 1)
	go func() {
		_, err := io.WriteString(bl.b.in, req.String())
		wrote <- err
	}()
	out := make([][]byte, len(oids))
	for i, oid := range oids {
		header, err := bl.b.out.ReadString('\n')
		if err != nil {
			return fail(err)
		}
		// <oid> SP <type> SP <size> LF, or <object> SP missing LF
		f := strings.Fields(header)
		if len(f) != 3 {
			// "<oid> missing": a partial or broken clone. Nothing read
			// after this can be trusted to be complete.
			bl.err = fmt.Errorf("git cat-file: object %s is %s in this clone; fetch it (git fetch)", oid, f[len(f)-1])
			return nil, bl.err
		}
		n, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil || n < 0 {
			return fail(fmt.Errorf("bad header %q", header))
		}
		data := make([]byte, n+1) // content and LF
		if _, err := io.ReadFull(bl.b.out, data); err != nil {
			return fail(err)
		}
		out[i] = data[:n]
		bl.fetched++
	}
	if err := <-wrote; err != nil {
		return fail(err)
	}
	return out, nil
}

// IsBlob reports whether data is the content of the blob oid: whether git
// hash-object would give data that ID, in the object format the ID's
// length says (SHA-1, or SHA-256 for a repository that uses it). A file
// of the working tree for which it is true has the bytes of that blob.
func IsBlob(oid string, data []byte) bool {
	var h hash.Hash
	switch len(oid) {
	case sha1.Size * 2:
		h = sha1.New() //nolint:gosec // git's object IDs, not a security check
	case sha256.Size * 2:
		h = sha256.New()
	default:
		return false
	}
	h.Write([]byte("blob " + strconv.Itoa(len(data)) + "\x00"))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil)) == strings.ToLower(oid)
}
