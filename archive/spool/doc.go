// Package spool keeps captures on local disk until they are stored, and
// turns them into stored evidence.
//
// A capture in progress is a directory <spool>/<id>/ holding:
//
//	context.json        the manifest context and start time (written at Begin)
//	data.warc.gz.open   the WARC being written (data.warc.gz once sealed)
//	records.jsonl       one manifest.Record per line, appended as records are written
//	items.jsonl         one manifest.Item per line
//	observations.jsonl  one manifest.Observation per line
//	failures.jsonl      one manifest.Failure per line
//	cursors.json        incremental collection state to commit once stored
//	sealed.json         written last by Seal: end time, WARC size and SHA-256
//
// Ingest stores a sealed capture: the WARC under its hash, the manifest
// under its hash, one log leaf, the index. Every step is idempotent, so a
// capture interrupted at any point (even by kill -9) is ingested by the
// next command without loss or duplication: an unsealed capture is cut back
// to the last record whose stored bytes match what records.jsonl says, and
// sealed then.
package spool
