package s3

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/afterimage-archive/afterimage/archive"
)

var _ archive.Store = (*Store)(nil)

// Lock modes accepted in LockConfig.Mode.
const (
	ModeCompliance = "compliance"
	ModeGovernance = "governance"
)

// LockConfig is the Object Lock applied to every object Put writes.
type LockConfig struct {
	// Mode is "" (no retention), "compliance" (no one can delete or shorten
	// retention before it ends) or "governance" (users with the bypass
	// permission can).
	Mode string
	// Days of retention from the time of the Put; required with Mode.
	Days int
	// LegalHold places a legal hold (no expiry) on every object.
	LegalHold bool
}

// Enabled reports whether objects get retention or a legal hold, which
// needs a bucket created with Object Lock.
func (l LockConfig) Enabled() bool { return l.Mode != "" || l.LegalHold }

// Config names the bucket and how to reach it.
type Config struct {
	Endpoint  string // host[:port], without scheme
	Bucket    string
	Region    string // "" lets the client discover it
	Insecure  bool   // plain HTTP instead of HTTPS
	AccessKey string
	SecretKey string
	Lock      LockConfig
	// Now is the clock retention periods start from; nil means time.Now.
	Now func() time.Time
}

// Store is an archive.Store in an S3 bucket. It is safe for concurrent use.
type Store struct {
	client *minio.Client
	cfg    Config
}

// New returns a Store for cfg. It checks the configuration and builds the
// client but does not contact the server; call Init to create the bucket.
func New(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("s3 store %s: %w", cfg.describe(), err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("s3 store %s: %w", cfg.describe(), err)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: !cfg.Insecure,
		Region: cfg.Region,
		// minio-go refuses a caller-supplied x-amz-checksum-* header
		// unless trailing headers are enabled; with the header present it
		// sends no trailer of its own.
		TrailingHeaders: true,
	})
	if err != nil {
		return nil, fmt.Errorf("s3 store %s: %w", cfg.describe(), err)
	}
	return &Store{client: client, cfg: cfg}, nil
}

// check validates a configuration before any request is made.
func (c Config) check() error {
	switch {
	case c.Endpoint == "" || strings.Contains(c.Endpoint, "://"):
		return fmt.Errorf("endpoint %q must be host[:port] without a scheme", c.Endpoint)
	case c.Bucket == "":
		return errors.New("no bucket configured")
	case c.Lock.Mode != "" && c.Lock.Mode != ModeCompliance && c.Lock.Mode != ModeGovernance:
		return fmt.Errorf("lock mode %q: want %q, %q or empty", c.Lock.Mode, ModeCompliance, ModeGovernance)
	case c.Lock.Mode != "" && c.Lock.Days <= 0:
		return fmt.Errorf("lock mode %s needs a positive number of days, got %d", c.Lock.Mode, c.Lock.Days)
	case c.Lock.Mode == "" && c.Lock.Days != 0:
		return fmt.Errorf("lock days %d given without a lock mode", c.Lock.Days)
	}
	return nil
}

func (c Config) describe() string { return "s3://" + c.Bucket + "@" + c.Endpoint }

// Describe returns "s3://<bucket>@<endpoint>".
func (s *Store) Describe() string { return s.cfg.describe() }

// Init creates the bucket, with Object Lock when the configuration locks
// objects. An existing bucket is used as it is, but when objects are to be
// locked Init fails unless the bucket has Object Lock enabled: most servers
// can enable it only when a bucket is created.
func (s *Store) Init(ctx context.Context) error {
	b := s.cfg.Bucket
	exists, err := s.client.BucketExists(ctx, b)
	if err != nil {
		return fmt.Errorf("s3 init %s: %w", s.Describe(), err)
	}
	if !exists {
		err = s.client.MakeBucket(ctx, b, minio.MakeBucketOptions{Region: s.cfg.Region, ObjectLocking: s.cfg.Lock.Enabled()})
		switch {
		case err == nil:
			return nil
		case code(err) != "BucketAlreadyOwnedByYou": // not a concurrent Init
			return fmt.Errorf("s3 init %s: create bucket: %w", s.Describe(), err)
		}
	}
	if !s.cfg.Lock.Enabled() {
		return nil
	}
	enabled, _, _, _, err := s.client.GetObjectLockConfig(ctx, b)
	if err != nil && code(err) != "ObjectLockConfigurationNotFoundError" {
		return fmt.Errorf("s3 init %s: read object lock configuration: %w", s.Describe(), err)
	}
	if enabled != "Enabled" {
		return fmt.Errorf("s3 init %s: bucket %s exists without Object Lock, but the configuration locks objects; create a new bucket (Init does, with Object Lock) or enable Object Lock on it", s.Describe(), b)
	}
	return nil
}

// code returns the S3 error code in err, or "".
func code(err error) string {
	var er minio.ErrorResponse
	if errors.As(err, &er) {
		return er.Code
	}
	return ""
}

// translate wraps an S3 error with the operation and key, adding the
// archive sentinel its code means.
func translate(op, key string, err error) error {
	var sentinel error
	switch code(err) {
	case "NoSuchKey", "NoSuchVersion":
		sentinel = archive.ErrNotFound
	case "PreconditionFailed":
		sentinel = archive.ErrExists
	case "BadDigest":
		sentinel = archive.ErrCorrupt
	}
	if sentinel == nil {
		return fmt.Errorf("s3 %s %s: %w", op, key, err)
	}
	return fmt.Errorf("s3 %s %s: %w: %w", op, key, sentinel, err)
}
