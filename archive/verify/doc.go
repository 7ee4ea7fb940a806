// Package verify checks an archive end to end, the way `restic check` does:
// it re-hashes every object, checks every manifest against the WARC records
// it names and their digests, every manifest against its evidence-log leaf,
// every checkpoint signature and the consistency of successive checkpoints.
// It reports every problem it finds, not only the first.
package verify
