// Package export writes case bundles: what a researcher hands over with a
// report, checkable offline by anyone, and checks them (VerifyBundle).
//
// # Bundle
//
// Export writes a directory, or a ZIP file when the output path ends in
// ".zip" (same files, no top-level folder):
//
//	evidence.wacz              WACZ 1.1.1 (package wacz): the WARC records that
//	                           back the selected items, each a byte-identical copy
//	                           of its stored gzip member, so its SHA-256 equals the
//	                           manifest's and nothing unselected leaks; with Full,
//	                           the whole stored WARC files
//	items.jsonl, items.csv     the items (the fields of `afterimage items --format
//	                           json`, with the removal interval and capture ids)
//	accounts.csv               the accounts behind them, with the signal traits
//	observations.csv           every observation of every item
//	records.csv                every copied record: capture, SHA-256, stored and
//	                           bundle location, items it backs
//	report.html                the case report (package report)
//	VERIFY.md                  how a third party checks everything
//	proofs/<capture>.json      manifests of the captures used, byte copies
//	proofs/<capture>.tlog-proof  C2SP tlog-proof@v1 of each, against one checkpoint
//	proofs/checkpoint          that checkpoint: the log's latest at export time
//	proofs/checkpoint.tsr.<i>  its RFC 3161 tokens, when the log has any
//	proofs/log.vkey            the log's verifier key
//	SHA256SUMS                 `sha256sum -c` list of every other file
//
// # Record selection
//
// For each item: the records its captures' manifests list with it or
// observe it by (and its author by), the records its observations name,
// and Item.Records; then each selected record's concurrent record (a
// response's request, and back) and the warcinfo record of every WARC
// used. A WARC all of whose records are selected is copied whole and
// keeps its stored name <sha256>.warc.gz; otherwise the bundle holds
// <sha256>.selected.warc.gz, the selected members in file order.
//
// # What a bundle discloses
//
// Only the selected records' WARC bytes are copied, but the manifests in
// proofs/ are whole: an inclusion proof covers a manifest's exact bytes,
// so the metadata it holds of other items of the same captures (ids,
// URLs, texts, account metadata, record digests) travels with the
// bundle. A record shared by several items (a timeline page, say) is
// copied whole when any selected item names it.
//
// # Integrity while exporting
//
// Every member copied is hashed and compared with its manifest (a whole
// file with the manifest's file SHA-256); manifests are checked against
// their names (SHA-256) and validated (VerifyBundle parses them
// strictly); every proof is verified before it is written. A missing or
// altered object fails the export with an error naming it. The bundle is
// written under a temporary name next to the output, flushed to disk as
// it goes, and published only when complete and synced (a directory by
// rename, a ZIP by link), so a failed export leaves nothing that looks
// whole.
//
// # Export event
//
// Result.Event is what the evidence log records of the export (a manifest
// of kind "export"): the bundle name, the SHA-256 of SHA256SUMS, the item
// and capture ids and the filter. The caller appends it; EventManifest
// builds the manifest.
package export
