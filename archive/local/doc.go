// Package local is afterimage's default object store: a directory on the
// local filesystem, laid out exactly like a bucket (warc/, manifests/, log/,
// keys/).
//
// Every object is written once. Put copies the bytes into a temporary file
// under <root>/.tmp while hashing them, refuses them unless their SHA-256 and
// size match what the caller declared, fsyncs the file, makes it read-only
// (0444) and publishes it with a hard link, which fails if the key already
// exists, so an object is never replaced, even by a concurrent Put. The
// directory is fsynced afterwards, so a successful Put survives a crash.
//
// A crash can leave files in <root>/.tmp. They never become objects and may
// be deleted while no Put runs.
//
// Read-only file modes protect objects from accidents, not from an
// administrator: the evidence log and verify detect what a filesystem cannot
// prevent.
package local
