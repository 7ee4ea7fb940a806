// Package storetest is the conformance suite every afterimage object store
// runs: the local directory store, the S3 store against a real versitygw,
// and any store added later. It checks the archive.Store contract: round
// trips, lexical listing, refusal of overwrites and of bytes that do not
// match their declared SHA-256 or size, ErrNotFound for missing keys, and
// concurrent writers.
package storetest
