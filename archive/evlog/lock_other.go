//go:build !unix

package evlog

import (
	"context"
	"errors"
	"time"
)

// LockFile is the name of the append lock in the data directory.
const LockFile = "log.lock"

// ErrLocked means another process holds the append lock.
var ErrLocked = errors.New("evidence log is locked by another process")

// Lock is not available on this system: afterimage appends to the evidence
// log only where flock exists.
func Lock(ctx context.Context, dataDir string, wait time.Duration) (unlock func() error, err error) {
	return nil, errors.New("lock evidence log: file locks are not supported on this system")
}
