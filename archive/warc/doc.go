// Package warc writes and reads the WARC 1.1 files afterimage keeps as
// evidence.
//
// A Writer produces one spool file: a warcinfo record first, then one record
// per Write, each record its own gzip member (WARC 1.1 Annex D), so a
// manifest can name every record by offset, length and the SHA-256 of its
// stored bytes. Digests are written as "sha256:<lowercase hex>". Records are
// compressed in the caller's goroutine with pooled gzip writers and appended
// under a mutex; the file's SHA-256 is computed while writing and returned by
// Seal, which is the only fsync.
//
// Scan reads a .warc.gz stream member by member and reports, for every
// record, its offset, member length, the SHA-256 of the member bytes, its
// WARC header, the HTTP status and Content-Type of HTTP records, and the
// block and payload digests it computed. Everything wrong with the file is a
// Finding (digest mismatch, structural problem, truncated member, trailing
// garbage): Scan reads on where it can and lists all findings instead of
// stopping at the first. Recover cuts a spool left by a crash back to its
// last complete member. OpenRecord reads one record by the offset and
// length a manifest gives.
//
// The payload of an HTTP record is its entity body with the transfer
// encoding (chunked) removed and the content encoding kept, as WARC 1.1
// defines it. Scan and the recorder in crawler/recorder compute it that way.
//
// The package knows nothing about crawling: it receives blocks and
// descriptions of them, and keeps them.
package warc
