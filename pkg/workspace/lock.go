package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// LockFile is the file, relative to the root, that editing commands lock so
// that two of them never interleave.
const LockFile = ".roadlog/lock"

// GitIgnore is .roadlog/.gitignore: the lock and edit backups are not part
// of the plan; the schemas are.
const GitIgnore = "lock\nbackup/\n"

// ErrLocked is returned when another command holds the lock for longer
// than Lock waits.
var ErrLocked = errors.New("another roadlog command is editing this workspace")

// Lock takes the workspace's edit lock, waiting up to wait for another
// command to release it. The returned function releases it.
func Lock(ctx context.Context, root string, wait time.Duration) (func(), error) {
	p := filepath.Join(root, filepath.FromSlash(LockFile))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", filepath.Dir(LockFile), err)
	}
	// Git should not see the lock or the backups of roadlog edit.
	ignore := filepath.Join(filepath.Dir(p), ".gitignore")
	if _, err := os.Stat(ignore); errors.Is(err, os.ErrNotExist) {
		_ = os.WriteFile(ignore, []byte(GitIgnore), 0o644)
	}
	l := flock.New(p)
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	ok, err := l.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("lock %s: %w", LockFile, err)
	}
	if !ok {
		return nil, fmt.Errorf("%w (%s is locked)", ErrLocked, LockFile)
	}
	return func() { _ = l.Unlock() }, nil
}
