// Package s3 keeps afterimage's write-once objects in an S3 bucket through
// minio-go, with the same keys as the local store.
//
// Every object is written with one single-part PUT that carries
//   - the caller's SHA-256 as x-amz-checksum-sha256, so the server hashes
//     what it received and refuses a mismatch (BadDigest, reported as
//     archive.ErrCorrupt);
//   - If-None-Match: *, so the server refuses to replace an existing key
//     (PreconditionFailed, reported as archive.ErrExists);
//   - when configured, Object Lock retention (COMPLIANCE or GOVERNANCE until
//     now + N days, from an injected clock) and a legal hold, so no one can
//     delete or rewrite the version through the S3 API until it expires.
//
// The version ID the server assigns is returned in archive.Info. Lock state
// is read from the headers of a HEAD request, which works on servers whose
// GetObjectRetention answer minio-go cannot parse (versitygw v1.8.0).
//
// Object Lock protects only what goes through the S3 API: a posix-backed
// gateway keeps plain files anyone with filesystem access can change. The
// evidence log and verify detect such changes.
package s3
