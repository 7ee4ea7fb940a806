package s3

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-archive/afterimage/archive"
)

// Put stores size bytes read from r (from its current offset) under key
// with one single-part PUT. The server checks the bytes against sum and
// refuses a mismatch: archive.ErrCorrupt. Put itself only checks that r
// holds exactly size bytes (archive.ErrCorrupt otherwise) and leaves the
// hashing to the server, which is what makes its answer evidence. An
// existing key fails with archive.ErrExists and is left untouched. The
// returned Info carries the version ID and lock state the server recorded.
//
// If a response is lost and the client resends a PUT that had succeeded,
// the resend fails with archive.ErrExists; keys named by content hashes
// make that harmless.
func (s *Store) Put(ctx context.Context, key string, r io.ReadSeeker, size int64, sum [32]byte) (archive.Info, error) {
	if err := archive.CheckKey(key); err != nil {
		return archive.Info{}, fmt.Errorf("s3 put: %w", err)
	}
	body, err := window(r, size)
	if err != nil {
		return archive.Info{}, fmt.Errorf("s3 put %s: %w", key, err)
	}
	up, err := s.client.PutObject(ctx, s.cfg.Bucket, key, body, size, s.putOptions(sum))
	if err != nil {
		return archive.Info{}, translate("put", key, err)
	}
	info, err := s.stat(ctx, key, up.VersionID)
	if err != nil {
		return archive.Info{}, fmt.Errorf("s3 put %s: stored as version %q, but %w", key, up.VersionID, err)
	}
	info.SHA256 = hex.EncodeToString(sum[:])
	return info, nil
}

// putOptions builds the headers of one write-once PUT.
func (s *Store) putOptions(sum [32]byte) minio.PutObjectOptions {
	opts := minio.PutObjectOptions{
		ContentType:      "application/octet-stream",
		DisableMultipart: true,
		// Sent as the x-amz-checksum-sha256 header, computed by us; the
		// server hashes the body and compares. PutObjectOptions.Checksum
		// would send a trailing checksum instead, which versitygw rejects.
		UserMetadata: map[string]string{"x-amz-checksum-sha256": base64.StdEncoding.EncodeToString(sum[:])},
	}
	opts.SetMatchETagExcept("*") // If-None-Match: *
	lock := s.cfg.Lock
	switch lock.Mode {
	case ModeCompliance:
		opts.Mode = minio.Compliance
	case ModeGovernance:
		opts.Mode = minio.Governance
	}
	if lock.Mode != "" {
		opts.RetainUntilDate = s.cfg.Now().UTC().Add(time.Duration(lock.Days) * 24 * time.Hour)
	}
	if lock.LegalHold {
		opts.LegalHold = minio.LegalHoldEnabled
	}
	return opts
}

// window returns a reader over the size bytes from r's current offset
// whose Seek is relative to that offset, so client retries resend the same
// bytes. It fails with archive.ErrCorrupt unless exactly size bytes remain.
func window(r io.ReadSeeker, size int64) (*section, error) {
	if size < 0 {
		return nil, fmt.Errorf("negative size %d", size)
	}
	start, err := r.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, err
	}
	end, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	if end-start != size {
		return nil, fmt.Errorf("%w: reader holds %d bytes, declared %d", archive.ErrCorrupt, end-start, size)
	}
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return nil, err
	}
	return &section{r: r, base: start, size: size}, nil
}

// section reads bytes [base, base+size) of r.
type section struct {
	r          io.ReadSeeker
	base, size int64
	off        int64 // relative to base
}

func (s *section) Read(p []byte) (int, error) {
	if s.off >= s.size {
		return 0, io.EOF
	}
	if rest := s.size - s.off; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := s.r.Read(p)
	s.off += int64(n)
	if err == io.EOF && s.off < s.size {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func (s *section) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += s.off
	case io.SeekEnd:
		offset += s.size
	}
	if offset < 0 || offset > s.size {
		return s.off, errors.New("seek outside the object")
	}
	if _, err := s.r.Seek(s.base+offset, io.SeekStart); err != nil {
		return s.off, err
	}
	s.off = offset
	return offset, nil
}
