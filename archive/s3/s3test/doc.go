// Package s3test starts a real S3 server for afterimage's tests: versitygw
// v1.8.0 with its posix backend and versioning, so buckets can have Object
// Lock. Tests never skip when the binary is missing; they fail and print the
// command that installs it.
package s3test
