package evlog

import (
	"context"
	"crypto/sha256"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Append adds leaves to the log and signs a checkpoint covering them. Each
// leaf is the exact bytes of a manifest the caller has already stored
// under its key; a leaf whose SHA-256 is already in the log is not added
// again. idx gives every leaf's index, in argument order.
//
// Append first commits the leaves of an Append that died before writing
// its checkpoint, reading their manifests back from the store; calling it
// with no leaves does only that, and returns the latest checkpoint when
// there is nothing to commit.
//
// Writes go in this order: leaf records, hash tiles (level by level), then
// the checkpoint at log/checkpoints/<size>. An object already stored with
// other bytes fails with archive.ErrCorrupt (another writer, or tampering);
// the log is then left as it was at the last checkpoint. The caller holds
// the Lock and opened the log after taking it. signer must be the key that
// the log's verifier checks.
func (l *Log) Append(ctx context.Context, signer note.Signer, leaves ...[]byte) (idx []int64, cp Checkpoint, err error) {
	if signer.Name() != l.origin {
		return nil, Checkpoint{}, fmt.Errorf("append: signer %q is not the key of log %q", signer.Name(), l.origin)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	defer func() {
		if err != nil {
			l.leaves = nil // reload from the store next time
		}
	}()
	li, err := l.ensureLeaves(ctx)
	if err != nil {
		return nil, Checkpoint{}, fmt.Errorf("append: %w", err)
	}
	hashes, err := l.pendingHashes(ctx, li)
	if err != nil {
		return nil, Checkpoint{}, fmt.Errorf("append: %w", err)
	}
	idx = make([]int64, len(leaves))
	for k, leaf := range leaves {
		sum := sha256.Sum256(leaf)
		if i, ok := li.index[sum]; ok {
			idx[k] = i
			continue
		}
		idx[k] = li.add(sum)
		hashes = append(hashes, tlog.RecordHash(leaf))
	}
	if len(hashes) == 0 {
		return idx, l.cp, nil
	}
	cp, err = l.commit(ctx, signer, li, hashes)
	if err != nil {
		return nil, Checkpoint{}, fmt.Errorf("append: %w", err)
	}
	l.cp = cp
	return idx, cp, nil
}

// commit writes the records, tiles and checkpoint for the leaves with the
// given record hashes, which follow the latest checkpoint; li already
// holds their SHA-256s.
func (l *Log) commit(ctx context.Context, signer note.Signer, li *leafIndex, hashes []tlog.Hash) (Checkpoint, error) {
	size := l.cp.Size
	newSize := size + int64(len(hashes))
	r := l.reader(ctx)
	var stored []tlog.Hash
	hr := appendReader(r.treeHashes(size, l.cp.Root), tlog.StoredHashCount(size), &stored)
	for i, h := range hashes {
		hs, err := tlog.StoredHashesForRecordHash(size+int64(i), h, hr)
		if err != nil {
			return Checkpoint{}, fmt.Errorf("hash leaf %d: %w", size+int64(i), err)
		}
		stored = append(stored, hs...)
	}
	root, err := tlog.TreeHash(newSize, hr)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("hash tree %d: %w", newSize, err)
	}
	cp, err := signCheckpoint(signer, l.origin, newSize, root)
	if err != nil {
		return Checkpoint{}, err
	}
	if _, err := OpenCheckpoint(cp.Note, l.origin, l.v); err != nil {
		return Checkpoint{}, fmt.Errorf("the signer is not the log's key: %w", err)
	}
	tiles := tlog.NewTiles(height, size, newSize)
	if err := l.writeLeafRecords(ctx, li, tiles); err != nil {
		return Checkpoint{}, err
	}
	for _, t := range tiles {
		data, err := tlog.ReadTileData(t, hr)
		if err != nil {
			return Checkpoint{}, fmt.Errorf("build %s: %w", tileKey(t), err)
		}
		if err := putOnce(ctx, l.s, tileKey(t), data); err != nil {
			return Checkpoint{}, err
		}
		l.cache.put(t, data)
	}
	if err := putOnce(ctx, l.s, CheckpointKey(newSize), cp.Note); err != nil {
		return Checkpoint{}, err
	}
	return cp, nil
}

// writeLeafRecords stores the leaf record tiles at the coordinates of the
// new level-0 hash tiles.
func (l *Log) writeLeafRecords(ctx context.Context, li *leafIndex, tiles []tlog.Tile) error {
	for _, t := range tiles {
		if t.L != 0 {
			continue
		}
		b := make([]byte, 0, t.W*tlog.HashSize)
		for _, sum := range li.shas[t.N<<height : t.N<<height+int64(t.W)] {
			b = append(b, sum[:]...)
		}
		if err := putOnce(ctx, l.s, leafKey(t), b); err != nil {
			return err
		}
	}
	return nil
}

// appendReader reads stored hashes below base from committed and the rest
// from the hashes being appended.
func appendReader(committed tlog.HashReader, base int64, stored *[]tlog.Hash) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		var old []int64
		var pos []int
		for i, x := range indexes {
			switch {
			case x < base:
				old = append(old, x)
				pos = append(pos, i)
			case x-base < int64(len(*stored)):
				out[i] = (*stored)[x-base]
			default:
				return nil, fmt.Errorf("hash %d is not written yet", x)
			}
		}
		if len(old) == 0 {
			return out, nil
		}
		hs, err := committed.ReadHashes(old)
		if err != nil {
			return nil, err
		}
		for k, h := range hs {
			out[pos[k]] = h
		}
		return out, nil
	})
}
