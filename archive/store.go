package archive

import (
	"context"
	"errors"
	"io"
	"time"
)

// Errors returned by every Store. Implementations wrap them with the
// operation and key, so callers test with errors.Is.
var (
	// ErrNotFound means no object exists under the key.
	ErrNotFound = errors.New("object not found")
	// ErrExists means an object already exists under the key; stores never
	// replace an object.
	ErrExists = errors.New("object already exists")
	// ErrCorrupt means bytes did not match the SHA-256 they were declared or
	// named with. The store refused them, or a read found them altered.
	ErrCorrupt = errors.New("object content does not match its SHA-256")
)

// Info describes a stored object.
type Info struct {
	Key    string    // full key, e.g. "warc/<hex>.warc.gz"
	Size   int64     // bytes
	SHA256 string    // lowercase hex when the store knows it, else ""
	Mod    time.Time // time the store recorded for the write (UTC)
	// VersionID is the object version the store assigned ("" on stores
	// without versions).
	VersionID string
	// LockMode is "COMPLIANCE" or "GOVERNANCE" when the object is under
	// retention, else "".
	LockMode string
	// RetainUntil is the end of retention; zero when not locked.
	RetainUntil time.Time
	// LegalHold reports an active legal hold.
	LegalHold bool
}

// Store keeps write-once objects. Keys are slash-separated paths made by
// the functions in keys.go; the same keys are used on every store, so a
// spool ingested twice lands on the same objects.
//
// Contract:
//   - Put stores exactly size bytes read from r under key, provided their
//     SHA-256 equals sum. A mismatch fails with ErrCorrupt and stores nothing.
//     If key already exists, Put fails with ErrExists and leaves the existing
//     object untouched; it never overwrites. r may be read more than once
//     (retries), hence io.ReadSeeker. A successful Put is durable.
//   - Open returns the object's bytes; the caller closes the reader. Missing
//     keys fail with ErrNotFound. Open does not verify content; callers that
//     need it re-hash (verify does).
//   - Stat returns an object's Info or ErrNotFound.
//   - List calls fn for every object whose key starts with prefix, in
//     lexical key order, in the caller's goroutine, and stops at the first
//     error fn returns (returning it).
//
// All methods are safe for concurrent use.
type Store interface {
	Put(ctx context.Context, key string, r io.ReadSeeker, size int64, sum [32]byte) (Info, error)
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	Stat(ctx context.Context, key string) (Info, error)
	List(ctx context.Context, prefix string, fn func(Info) error) error
	// Describe names the store for messages and manifests, e.g.
	// "local:/data/store" or "s3://evidence@127.0.0.1:7070".
	Describe() string
}

// FilePutter is implemented by stores that can take a file already on
// local disk without copying it. PutFile has Put's contract; the caller
// must not change or reuse the file afterwards, since the store may keep
// it as the object.
type FilePutter interface {
	PutFile(ctx context.Context, key, path string, size int64, sum [32]byte) (Info, error)
}
