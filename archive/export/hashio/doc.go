// Package hashio counts and hashes (SHA-256) the bytes written through it
// on another goroutine, so that writing a large export and hashing it use
// both cores.
package hashio
