// Package manifest defines afterimage's capture manifest and its one
// encoding.
//
// A manifest describes one capture (one run of one command or job): the
// sealed WARC objects, every WARC record with its offset, length and
// digests, the fetches that failed, the collection context, and the items
// and observations the capture established, so that the whole index can be
// rebuilt from manifests alone. Export events are manifests of kind
// "export".
//
// # Encoding
//
// A manifest is stored as RFC 8785 canonical JSON (Canonical): object keys
// sorted by UTF-16 code units, no white space, ECMAScript string escaping,
// integers only (of magnitude at most 2^53), every field present and every
// list written as [] rather than null. Its SHA-256 in lowercase hex is the
// capture id; the bytes are stored as manifests/<id>.json and appended,
// unchanged, as one leaf of the evidence log.
//
// # Compatibility
//
// The "version" field is Version. Parse accepts only that version, only
// the known fields, and only canonical bytes: any new field or meaning gets
// a new version number, and a reader of version N rejects version N+1
// rather than silently dropping what it does not know. Times are RFC 3339
// in UTC with a "Z" suffix, as written by time.RFC3339Nano.
package manifest
