package s3

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-archive/afterimage/archive"
)

// Open returns the bytes of the object's current version; the caller
// closes the reader. A missing key fails with archive.ErrNotFound. Open does
// not verify the content.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := archive.CheckKey(key); err != nil {
		return nil, fmt.Errorf("s3 open: %w", err)
	}
	obj, err := s.client.GetObject(ctx, s.cfg.Bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, translate("open", key, err)
	}
	// GetObject is lazy; Stat sends the request and reports a missing key.
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		return nil, translate("open", key, err)
	}
	return obj, nil
}

// Stat returns the Info of the object's current version, including its
// version ID, lock state, and the SHA-256 the server recorded when it
// checked the upload (empty if it kept none). It does not re-hash. A
// missing key fails with archive.ErrNotFound.
func (s *Store) Stat(ctx context.Context, key string) (archive.Info, error) {
	if err := archive.CheckKey(key); err != nil {
		return archive.Info{}, fmt.Errorf("s3 stat: %w", err)
	}
	info, err := s.stat(ctx, key, "")
	if err != nil {
		return archive.Info{}, err
	}
	return info, nil
}

// stat describes one version of key ("" for the current one) from a HEAD
// request. Lock state comes from the response headers: GetObjectRetention
// cannot parse versitygw's answer.
func (s *Store) stat(ctx context.Context, key, version string) (archive.Info, error) {
	oi, err := s.client.StatObject(ctx, s.cfg.Bucket, key, minio.StatObjectOptions{VersionID: version, Checksum: true})
	if err != nil {
		return archive.Info{}, translate("stat", key, err)
	}
	h := oi.Metadata
	info := archive.Info{
		Key:       key,
		Size:      oi.Size,
		SHA256:    hexOf(oi.ChecksumSHA256),
		Mod:       oi.LastModified.UTC(),
		VersionID: oi.VersionID,
		LockMode:  strings.ToUpper(h.Get("X-Amz-Object-Lock-Mode")),
		LegalHold: strings.EqualFold(h.Get("X-Amz-Object-Lock-Legal-Hold"), "ON"),
	}
	if until := h.Get("X-Amz-Object-Lock-Retain-Until-Date"); until != "" {
		t, err := time.Parse(time.RFC3339, until)
		if err != nil {
			return archive.Info{}, fmt.Errorf("s3 stat %s: retain-until date %q: %w", key, until, err)
		}
		info.RetainUntil = t.UTC()
	}
	return info, nil
}

// hexOf turns a base64 SHA-256 from S3 into lowercase hex; anything that
// is not a 32-byte digest (a multipart composite) gives "".
func hexOf(b64 string) string {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) != 32 {
		return ""
	}
	return hex.EncodeToString(raw)
}

// List calls fn for every object whose key starts with prefix, in lexical
// key order (the order S3 lists in), and returns the first error fn
// returns. Listed Infos carry key, size and time only.
func (s *Store) List(ctx context.Context, prefix string, fn func(archive.Info) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing goroutine when fn fails
	for oi := range s.client.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if oi.Err != nil {
			return translate("list", prefix, oi.Err)
		}
		if err := fn(archive.Info{Key: oi.Key, Size: oi.Size, Mod: oi.LastModified.UTC()}); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3 list %s: %w", prefix, err)
	}
	return nil
}
