package evlog

import (
	"context"
	"crypto/x509"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/tsa"
)

// Problem is one finding of Audit: the object concerned and what is wrong.
type Problem struct {
	Key string // store key, e.g. "log/checkpoints/12"
	Err error
}

// String formats the problem as "<key>: <error>".
func (p Problem) String() string { return p.Key + ": " + p.Err.Error() }

// AuditOptions selects Audit's optional checks.
type AuditOptions struct {
	// CheckTokens verifies every stored RFC 3161 token over its checkpoint
	// with TSARoots (nil: the system roots).
	CheckTokens bool
	TSARoots    *x509.CertPool
	// Leaf, when set, is called in index order for every leaf covered by
	// the latest valid checkpoint, with the SHA-256 of its data (naming
	// manifests/<sum>.json) and its record hash in the tree. verify checks
	// that the manifest hashes to sum and that tlog.RecordHash of its bytes
	// equals hash.
	Leaf func(i int64, sum [32]byte, hash tlog.Hash)
}

// AuditSummary describes what Audit found.
type AuditSummary struct {
	Size        int64     // leaves covered by the latest checkpoint whose signature verifies
	Root        tlog.Hash // its root
	Checkpoints int       // checkpoints stored
	Tokens      int       // timestamp tokens stored
	Tiles       int       // hash tiles stored
	Pending     int64     // leaves recorded beyond that checkpoint by an interrupted append
}

// auditor carries one Audit run.
type auditor struct {
	ctx    context.Context
	s      archive.Store
	origin string
	v      note.Verifier
	opts   AuditOptions
	report func(Problem)
	r      tileReader

	cps       []int64            // stored checkpoint sizes, ascending
	cpBytes   map[int64][]byte   // checkpoint bytes by size
	tokens    []string           // token keys
	tiles     map[tlog.Tile]bool // stored hash tiles
	leafTiles []tlog.Tile        // stored leaf record tiles
	sum       AuditSummary
}

// Audit checks the whole log in s and calls report for every problem
// found, going on after each: every checkpoint's signature (a forged or
// replaced checkpoint is named by its key), that its root is the one the
// stored tiles give, consistency between successive valid checkpoints,
// every hash tile against the tiles below it and against its wider
// versions, every needed tile's presence, the leaf records' continuity,
// and with opts.CheckTokens every timestamp token. The error is non-nil
// only when the audit could not run (listing failed, ctx ended).
func Audit(ctx context.Context, s archive.Store, origin string, v note.Verifier, opts AuditOptions, report func(Problem)) (AuditSummary, error) {
	a := &auditor{ctx: ctx, s: s, origin: origin, v: v, opts: opts, report: report,
		r: tileReader{ctx: ctx, s: s, cache: &tileCache{}}, cpBytes: make(map[int64][]byte),
		tiles: make(map[tlog.Tile]bool)}
	if err := a.list(); err != nil {
		return AuditSummary{}, fmt.Errorf("audit evidence log: %w", err)
	}
	good := a.checkCheckpoints()
	if len(good) > 0 {
		latest := good[len(good)-1]
		a.sum.Size, a.sum.Root = latest.Size, latest.Root
	}
	a.checkNeededTiles(good)
	a.checkTiles()
	shas := a.checkLeafRecords(a.sum.Size)
	a.callLeaves(shas)
	a.checkTokens()
	if err := ctx.Err(); err != nil {
		return a.sum, fmt.Errorf("audit evidence log: %w", err)
	}
	return a.sum, nil
}

// problem reports one finding.
func (a *auditor) problem(key string, format string, args ...any) {
	a.report(Problem{Key: key, Err: fmt.Errorf(format, args...)})
}

// list sorts every object under log/ into checkpoints, tokens, hash tiles
// and leaf records; other names are ignored.
func (a *auditor) list() error {
	err := a.s.List(a.ctx, archive.PrefixLog, func(info archive.Info) error {
		key := info.Key
		switch {
		case strings.HasPrefix(key, archive.PrefixCheckpoints):
			if size, tok, ok := parseCheckpointKey(key); ok && tok < 0 {
				a.cps = append(a.cps, size)
			} else if ok {
				a.tokens = append(a.tokens, key)
			}
		case strings.HasPrefix(key, prefixTiles):
			t, err := tlog.ParseTilePath(strings.TrimPrefix(key, archive.PrefixLog))
			if err == nil && t.H == height && t.L >= 0 {
				a.tiles[t] = true
			}
		case strings.HasPrefix(key, prefixLeaves):
			if t, ok := parseLeafKey(key); ok {
				a.leafTiles = append(a.leafTiles, t)
			}
		}
		return nil
	})
	slices.Sort(a.cps)
	a.sum.Checkpoints, a.sum.Tokens, a.sum.Tiles = len(a.cps), len(a.tokens), len(a.tiles)
	return err
}

// checkCheckpoints verifies every checkpoint's signature, its root
// against the stored tiles, and its consistency with the previous signed
// one. It returns the checkpoints whose signature verifies: they are the
// log's own statements, even where the tiles no longer support them.
func (a *auditor) checkCheckpoints() []Checkpoint {
	var good []Checkpoint
	for _, size := range a.cps {
		key := CheckpointKey(size)
		msg, err := readObject(a.ctx, a.s, key, maxCheckpoint)
		if err != nil {
			a.problem(key, "%w", err)
			continue
		}
		a.cpBytes[size] = msg
		cp, err := OpenCheckpoint(msg, a.origin, a.v)
		if err == nil && cp.Size != size {
			err = fmt.Errorf("checkpoint says size %d: %w", cp.Size, ErrInconsistent)
		}
		if err != nil {
			a.problem(key, "%w", err)
			continue
		}
		if err := checkRoot(a.r, cp); err != nil {
			a.problem(key, "%w", err)
		} else if len(good) > 0 {
			if err := checkConsistent(a.r, good[len(good)-1], cp); err != nil {
				a.problem(key, "%w", err)
			}
		}
		good = append(good, cp)
	}
	return good
}

// checkTokens verifies the stored tokens' names and, when asked, the
// tokens themselves.
func (a *auditor) checkTokens() {
	for _, key := range a.tokens {
		size, _, _ := parseCheckpointKey(key)
		cp, ok := a.cpBytes[size]
		if !ok {
			a.problem(key, "timestamp token for %s, which is missing or unreadable", CheckpointKey(size))
			continue
		}
		if !a.opts.CheckTokens {
			continue
		}
		der, err := readObject(a.ctx, a.s, key, maxToken)
		if err != nil {
			a.problem(key, "%w", err)
			continue
		}
		if _, err := tsa.Verify(der, cp, a.opts.TSARoots); err != nil {
			a.problem(key, "%w", err)
		}
	}
}
