// Package archive holds afterimage's evidence layer: the write-once object
// store contract and its key layout. Sub-packages implement stores (local,
// s3), WARC writing and reading (warc), capture manifests (manifest), the
// signed evidence log (evlog), RFC 3161 timestamps (tsa), the SQLite index
// (index) and verification (verify).
//
// archive never imports colly or the crawler: it receives bytes and
// descriptions of them, and keeps them.
package archive
