package evlog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// KnownFile is the name of the copy of the latest checkpoint kept in the
// data directory, outside the store.
const KnownFile = "log.checkpoint"

// SaveKnown keeps cp's signed note in <dataDir>/log.checkpoint (temporary
// file, fsync, rename), so that a later CheckKnown notices a store that
// lost checkpoints. Call it after each Append.
func SaveKnown(dataDir string, cp Checkpoint) error {
	if len(cp.Note) == 0 {
		return nil
	}
	f, err := os.CreateTemp(dataDir, KnownFile+".tmp*")
	if err != nil {
		return fmt.Errorf("save known checkpoint: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(cp.Note)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dataDir, KnownFile))
	}
	if err != nil {
		return fmt.Errorf("save known checkpoint: %w", err)
	}
	return syncDir(dataDir)
}

// LoadKnown returns the checkpoint note kept by SaveKnown, or nil when
// there is none.
func LoadKnown(dataDir string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, KnownFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load known checkpoint: %w", err)
	}
	return b, nil
}

// CheckKnown checks the log against a checkpoint remembered outside the
// store (LoadKnown; nil is accepted and checks nothing). The remembered
// checkpoint must be signed by the log key, still be stored with the same
// bytes, and be consistent with the latest one. A store whose latest
// checkpoint is older than the remembered one was truncated or rolled
// back: that fails with ErrInconsistent.
func (l *Log) CheckKnown(ctx context.Context, known []byte) error {
	if known == nil {
		return nil
	}
	k, err := OpenCheckpoint(known, l.origin, l.v)
	if err != nil {
		return fmt.Errorf("check known checkpoint: %w", err)
	}
	latest := l.Latest()
	if k.Size > latest.Size {
		return fmt.Errorf("the data directory remembers checkpoint %d but the store's latest is %d: the store was truncated or rolled back: %w",
			k.Size, latest.Size, ErrInconsistent)
	}
	stored, err := readObject(ctx, l.s, CheckpointKey(k.Size), maxCheckpoint)
	if err != nil {
		return fmt.Errorf("check known checkpoint: %w", err)
	}
	if !bytes.Equal(stored, known) {
		return fmt.Errorf("%s differs from the checkpoint the data directory remembers: %w", CheckpointKey(k.Size), ErrInconsistent)
	}
	if err := checkConsistent(l.reader(ctx), k, latest); err != nil {
		return fmt.Errorf("check known checkpoint: %s against the remembered one: %w", CheckpointKey(latest.Size), err)
	}
	return nil
}
