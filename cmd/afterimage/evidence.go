package main

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/spool"
	"golang.org/x/mod/sumdb/note"
)

// lockWait is how long a writing command waits for another writer.
const lockWait = 30 * time.Second

// writer is an opened archive ready for new evidence: the log lock is
// held, the key is loaded and published, the log is opened and checked,
// and whatever an interrupted run left in the spool has been stored.
type writer struct {
	a        *app
	dataDir  string
	store    archive.Store
	log      *evlog.Log
	signer   note.Signer
	vkey     string
	spool    *spool.Spool
	ingester *spool.Ingester
	unlock   func() error
	// mu serialises ingests: the daemon runs captures concurrently, but
	// the log has one writer.
	mu sync.Mutex
}

// openWriter prepares the archive for writing, waiting up to lockWait for
// another writer. Callers defer w.close().
func (a *app) openWriter(ctx context.Context) (*writer, error) {
	if a.lockWait > 0 {
		return a.openWriterWait(ctx, a.lockWait)
	}
	return a.openWriterWait(ctx, lockWait)
}

// openWriterNoWait is openWriter failing at once (evlog.ErrLocked) when
// another process holds the log lock.
func (a *app) openWriterNoWait(ctx context.Context) (*writer, error) {
	return a.openWriterWait(ctx, 0)
}

func (a *app) openWriterWait(ctx context.Context, wait time.Duration) (*writer, error) {
	c, err := a.config()
	if err != nil {
		return nil, err
	}
	dir, err := a.dataDir()
	if err != nil {
		return nil, err
	}
	unlock, err := evlog.Lock(ctx, dir, wait)
	if err != nil {
		return nil, err
	}
	w := &writer{a: a, dataDir: dir, unlock: unlock}
	if err := w.open(ctx, c.Log.Origin); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *writer) open(ctx context.Context, origin string) error {
	var err error
	if w.store, err = w.a.openStore(ctx); err != nil {
		return err
	}
	if w.signer, w.vkey, _, err = evlog.LoadOrCreateKey(w.dataDir, origin); err != nil {
		return err
	}
	if err := evlog.PublishKey(ctx, w.store, w.vkey); err != nil {
		return err
	}
	v, err := note.NewVerifier(w.vkey)
	if err != nil {
		return fmt.Errorf("log key: %w", err)
	}
	if w.log, err = evlog.Open(ctx, w.store, origin, v); err != nil {
		return fmt.Errorf("open evidence log in %s: %w", w.store.Describe(), err)
	}
	known, err := evlog.LoadKnown(w.dataDir)
	if err != nil {
		return err
	}
	if err := w.log.CheckKnown(ctx, known); err != nil {
		return fmt.Errorf("evidence log in %s: %w", w.store.Describe(), err)
	}
	if w.spool, err = spool.Open(filepath.Join(w.dataDir, "spool"), w.a.now); err != nil {
		return err
	}
	// Captures are indexed as they are stored only once a command has
	// brought the index up to date (syncIndex); otherwise the next command
	// that reads the index catches up from the log.
	w.ingester = &spool.Ingester{Store: w.store, Log: w.log, Signer: w.signer,
		Commit: func(cur map[string]string) error { return commitCursors(w.dataDir, cur) }}
	return w.ingestPending(ctx)
}

// syncIndex brings the index up to date with the log, for commands that
// read it, and has every capture stored from then on indexed at once.
func (w *writer) syncIndex(ctx context.Context) error {
	idx, err := w.a.openIndex(ctx)
	if err != nil {
		return err
	}
	if err := w.a.syncIndex(ctx, idx, w.store, w.log); err != nil {
		return err
	}
	w.ingester.Index = idx
	return nil
}

// ingestPending stores what earlier runs left in the spool.
func (w *writer) ingestPending(ctx context.Context) error {
	res, err := w.ingester.IngestAll(ctx, w.spool)
	for _, r := range res {
		if r.CaptureID == "" {
			fmt.Fprintf(w.a.stderr, "spool: removed an interrupted capture that had recorded nothing\n")
			continue
		}
		note := ""
		if r.Recovered {
			note = fmt.Sprintf(" (interrupted run recovered, %d unfinished records dropped)", r.Dropped)
		}
		fmt.Fprintf(w.a.stderr, "spool: stored capture %s from an earlier run%s\n", r.CaptureID, note)
		if err := w.afterAppend(ctx, r.Checkpoint); err != nil {
			return err
		}
	}
	if err != nil {
		return fmt.Errorf("store spooled capture: %w", err)
	}
	return nil
}

// IngestCapture stores one sealed capture (schedules.Store).
func (w *writer) IngestCapture(ctx context.Context, c *spool.Capture) (spool.Result, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, err := w.ingester.IngestCapture(ctx, c)
	if err != nil {
		return r, err
	}
	return r, w.afterAppend(ctx, r.Checkpoint)
}

// afterAppend remembers the new checkpoint outside the store and takes
// RFC 3161 timestamps over it when authorities are configured.
func (w *writer) afterAppend(ctx context.Context, cp evlog.Checkpoint) error {
	if err := evlog.SaveKnown(w.dataDir, cp); err != nil {
		return err
	}
	return w.a.timestamp(ctx, w.log, cp)
}

func (w *writer) close() {
	if w.unlock != nil {
		w.unlock()
	}
}

// allTSARoots pools the roots of every configured TSA (nil when none
// names a roots file: tokens are then checked against system roots).
func (a *app) allTSARoots() (*x509.CertPool, error) {
	c, err := a.config()
	if err != nil {
		return nil, err
	}
	var pool *x509.CertPool
	for _, t := range c.Log.TSA {
		if t.Roots == "" {
			continue
		}
		if pool == nil {
			pool = x509.NewCertPool()
		}
		if err := addPEM(pool, t.Roots); err != nil {
			return nil, &usageError{err}
		}
	}
	return pool, nil
}

// tsaRoots loads the PEM roots file of a TSA entry; "" means system roots.
func tsaRoots(path string) (*x509.CertPool, error) {
	if path == "" {
		return nil, nil
	}
	p := x509.NewCertPool()
	if err := addPEM(p, path); err != nil {
		return nil, err
	}
	return p, nil
}

// addPEM adds the certificates of a PEM file to pool.
func addPEM(pool *x509.CertPool, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("tsa roots: %w", err)
	}
	if !pool.AppendCertsFromPEM(b) {
		return fmt.Errorf("tsa roots %s: no PEM certificates", path)
	}
	return nil
}
