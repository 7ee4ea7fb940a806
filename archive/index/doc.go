// Package index is afterimage's queryable cache of the archive: captures,
// WARC records, failures, items with their latest metadata and tags, and
// the observations behind every item's state.
//
// The index is derived from manifests alone: AddCapture reads one
// manifest, and `afterimage reindex` rebuilds the whole index by Reset and
// AddCapture of every stored manifest. Adding the same capture twice
// changes nothing, and the result does not depend on the order captures
// are added in: the latest metadata of an item is the one seen last,
// tags accumulate, and states are derived (archive/state) from all of an
// item's observations in time order.
//
// # Storage
//
// The default database is SQLite (modernc.org/sqlite, pure Go) in WAL mode
// with a busy timeout, foreign keys on, and immediate write transactions.
// Times are stored as BIGINT Unix nanoseconds (NULL when unknown), lists as
// JSON text. The SQL is written to run on PostgreSQL too: $n placeholders,
// INSERT ... ON CONFLICT, no SQLite types or functions; the exceptions are
// the PRAGMAs of the connection string (see Open) and are marked in the
// code. The schema is versioned in schema_version and migrated on Open.
package index
