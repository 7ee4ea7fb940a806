package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/index"
	"golang.org/x/mod/sumdb/note"
)

// syncIndex adds to the index every capture of the evidence log it lacks.
// The index is a cache of the log: a writer that stores a capture without
// indexing it (capture does, to return sooner), or dies between the log
// append and the index update, leaves the index behind, and the next
// command brings it up to date from the store.
func (a *app) syncIndex(ctx context.Context, idx *index.Index, st archive.Store, l *evlog.Log) error {
	have, err := idx.LogIndexes(ctx)
	if err != nil {
		return err
	}
	if int64(len(have)) >= l.Size() {
		return nil
	}
	prog := newProgress(a.stderr, "index")
	defer prog.clear()
	for i := int64(0); i < l.Size(); i++ {
		if have[i] {
			continue
		}
		sum, err := l.LeafSHA256(ctx, i)
		if err != nil {
			return fmt.Errorf("log leaf %d: %w", i, err)
		}
		id := hex.EncodeToString(sum[:])
		_, m, err := a.readManifest(ctx, st, id)
		if err != nil {
			return fmt.Errorf("log leaf %d: %w", i, err)
		}
		if err := idx.AddCapture(ctx, id, i, m); err != nil {
			return fmt.Errorf("index capture %s: %w", id, err)
		}
		prog.count("%d of %d captures", i+1, l.Size())
	}
	return nil
}

// readIndex opens the index for a command that only reads, first bringing
// it up to date with the evidence log when the archive can be opened. An
// archive that cannot be opened (no key yet, a damaged log) leaves the
// index as it is, with a warning for the latter.
func (a *app) readIndex(ctx context.Context) (*index.Index, error) {
	idx, err := a.openIndex(ctx)
	if err != nil {
		return nil, err
	}
	dir, err := a.dataDir()
	if err != nil {
		return nil, err
	}
	vkey, ok, err := a.existingKey(dir)
	if err != nil || !ok {
		return idx, err // no key: nothing was ever captured here
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return nil, err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, err
	}
	l, err := evlog.Open(ctx, st, a.cfg.Log.Origin, v)
	if err == nil {
		err = a.syncIndex(ctx, idx, st, l)
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "warning: the index may lag behind the evidence log: %v (run verify)\n", err)
	}
	return idx, nil
}

// existingKey returns the log's verifier key when the data directory has a
// signing key, without making one; ok is false when it has none.
func (a *app) existingKey(dir string) (vkey string, ok bool, err error) {
	if _, err := os.Stat(filepath.Join(dir, evlog.KeyFile)); err != nil {
		return "", false, nil
	}
	_, vkey, _, err = evlog.LoadOrCreateKey(dir, a.cfg.Log.Origin)
	return vkey, err == nil, err
}
