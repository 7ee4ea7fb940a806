// Package evlog is afterimage's evidence log: an append-only RFC 6962
// Merkle tree (golang.org/x/mod/sumdb/tlog) with one leaf per manifest,
// whose heads are Ed25519-signed C2SP checkpoints (golang.org/x/mod/sumdb/note),
// kept as write-once objects in an archive.Store.
//
// # Leaves
//
// Leaf i's data is the exact bytes of one manifest, stored by the caller
// under manifests/<sha256>.json before it is appended. Its leaf hash is
// tlog.RecordHash(data) = SHA-256(0x00 || data). The log never stores leaf
// data itself; it records the SHA-256 of the data, which names the manifest.
// A manifest is appended at most once: Append skips leaves already in the log.
//
// # Storage layout
//
// Every object below is written once through archive.Store.Put and never
// replaced. All hash tiles have height 8 (256 hashes per full tile).
//
//	log/tile/8/<L>/<N>[.p/<W>]     hash tiles: tlog.Tile{H: 8, L, N, W}.Path(), the
//	                               W stored hashes of level 8L starting at N*256,
//	                               32 bytes each; full tiles (W=256) and every
//	                               partial tile a checkpoint needed
//	log/leaves/<N>[.p/<W>]         leaf records: the SHA-256 of the data of
//	                               leaves N*256 .. N*256+W-1, 32 bytes each, with
//	                               N encoded as in tile paths (x001/234)
//	log/checkpoints/<size>         signed checkpoint for the tree of <size>
//	                               leaves (decimal, no leading zeros)
//	log/checkpoints/<size>.tsr.<i> RFC 3161 TimeStampResp (DER) over the exact
//	                               bytes of log/checkpoints/<size>; i = 0, 1, ...
//	keys/<origin>.vkey             the signer's verifier key (note vkey) and "\n"
//
// A checkpoint is a signed note (C2SP signed-note) whose text is
//
//	<origin>\n<size>\n<base64 root hash>\n
//
// (C2SP tlog-checkpoint without extension lines), signed by the log key
// whose name is the origin. Every partial tile of a checkpointed size is
// kept, so every checkpoint's root can be recomputed from the store.
//
// Forward compatibility: readers ignore objects under log/ whose names they
// do not know, so a later version may add kinds of objects beside these.
// A change of hash, tile height or record layout uses new names (the height
// is part of tile paths). Readers reject checkpoints with extension lines:
// afterimage writes none, and a format that needs them gets a new origin.
//
// # Writing
//
// One process appends at a time (Lock). Append writes leaf records first,
// then hash tiles, level by level, then the checkpoint. An Append that dies
// before its checkpoint leaves leaf records and tiles beyond the last
// checkpoint; the next Append commits those leaves first (reading their
// manifests back from the store), so nothing already written is lost or
// appended twice. A write that meets an existing object with other bytes is
// reported as corruption.
//
// # Checking
//
// Open verifies the latest checkpoint's signature, recomputes its root
// from the stored tiles, and proves it consistent with the previous
// checkpoint; CheckKnown compares the log with a checkpoint remembered
// outside the store (SaveKnown keeps one in the data directory), which
// detects a store truncated to an earlier checkpoint. Audit checks every
// checkpoint, tile, leaf record and timestamp token and lists every problem.
//
// Exports carry C2SP tlog-proof@v1 files (FormatProof, VerifyProof) so that
// one manifest can be checked against a checkpoint without the archive.
package evlog
