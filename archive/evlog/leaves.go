package evlog

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
)

// maxManifest bounds the size of a manifest read back by the log.
const maxManifest = 1 << 30

// leafIndex is the in-memory copy of the leaf records: the SHA-256 of
// every leaf's data, including leaves written by an interrupted Append
// beyond the latest checkpoint (pending leaves).
type leafIndex struct {
	shas  [][32]byte
	index map[[32]byte]int64
}

// add records a leaf at the next index.
func (li *leafIndex) add(sum [32]byte) int64 {
	i := int64(len(li.shas))
	li.shas = append(li.shas, sum)
	li.index[sum] = i
	return i
}

// leafTileWidths lists the stored leaf record tiles, widest width per
// tile number.
func leafTileWidths(ctx context.Context, s archive.Store) (map[int64]int, error) {
	widest := make(map[int64]int)
	err := s.List(ctx, prefixLeaves, func(info archive.Info) error {
		if t, ok := parseLeafKey(info.Key); ok && t.W > widest[t.N] {
			widest[t.N] = t.W
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list leaf records: %w", err)
	}
	return widest, nil
}

// loadLeaves reads every leaf record. Records must cover leaves 0..n-1
// without gaps and name each manifest once.
func loadLeaves(ctx context.Context, s archive.Store) (*leafIndex, error) {
	widest, err := leafTileWidths(ctx, s)
	if err != nil {
		return nil, err
	}
	ns := make([]int64, 0, len(widest))
	for n := range widest {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	li := &leafIndex{index: make(map[[32]byte]int64)}
	for i, n := range ns {
		t := leafTile(n, widest[n])
		if n != int64(i) || (i < len(ns)-1 && t.W != 1<<height) {
			return nil, fmt.Errorf("leaf records: %s is missing: %w", leafKey(leafTile(int64(i), 1<<height)), ErrInconsistent)
		}
		b, err := readTileObject(ctx, s, leafKey(t), t.W)
		if err != nil {
			return nil, fmt.Errorf("leaf records: %w", err)
		}
		for j := 0; j < t.W; j++ {
			sum := [32]byte(b[j*32 : j*32+32])
			if k, dup := li.index[sum]; dup {
				return nil, fmt.Errorf("%s: leaf %d repeats leaf %d: %w", leafKey(t), len(li.shas), k, ErrInconsistent)
			}
			li.add(sum)
		}
	}
	return li, nil
}

// ensureLeaves loads the leaf records once; l.mu is held.
func (l *Log) ensureLeaves(ctx context.Context) (*leafIndex, error) {
	if l.leaves != nil {
		return l.leaves, nil
	}
	li, err := loadLeaves(ctx, l.s)
	if err != nil {
		return nil, err
	}
	if int64(len(li.shas)) < l.cp.Size {
		return nil, fmt.Errorf("leaf records cover %d leaves but %s covers %d: %w",
			len(li.shas), CheckpointKey(l.cp.Size), l.cp.Size, ErrInconsistent)
	}
	l.leaves = li
	return li, nil
}

// Contains reports whether a leaf whose data has SHA-256 sum is in the
// log (covered by the latest checkpoint), and its index. Leaves of an
// interrupted Append do not count until the next Append commits them
// (appending them again is then harmless). The first call reads every
// leaf record; later calls use memory.
func (l *Log) Contains(ctx context.Context, sum [32]byte) (int64, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	li, err := l.ensureLeaves(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("evidence log contains: %w", err)
	}
	i, ok := li.index[sum]
	if !ok || i >= l.cp.Size {
		return 0, false, nil
	}
	return i, true, nil
}

// LeafSHA256 returns the SHA-256 of leaf i's data, which names its
// manifest (archive.ManifestKey). Leaf records are not covered by the
// signed tree: check the manifest's tlog.RecordHash against LeafHash.
func (l *Log) LeafSHA256(ctx context.Context, i int64) ([32]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i < 0 || i >= l.cp.Size {
		return [32]byte{}, fmt.Errorf("leaf %d: out of range (log size %d)", i, l.cp.Size)
	}
	li, err := l.ensureLeaves(ctx)
	if err != nil {
		return [32]byte{}, fmt.Errorf("leaf %d: %w", i, err)
	}
	return li.shas[i], nil
}

// pendingHashes reads back the manifests of leaves recorded beyond the
// latest checkpoint by an interrupted Append and returns their record
// hashes.
func (l *Log) pendingHashes(ctx context.Context, li *leafIndex) ([]tlog.Hash, error) {
	var hashes []tlog.Hash
	for i := l.cp.Size; i < int64(len(li.shas)); i++ {
		key := archive.ManifestKey(li.shas[i])
		data, err := readObject(ctx, l.s, key, maxManifest)
		if err != nil {
			return nil, fmt.Errorf("recover leaf %d of an interrupted append: %w", i, err)
		}
		if sha256.Sum256(data) != li.shas[i] {
			return nil, fmt.Errorf("recover leaf %d of an interrupted append: %s: %w", i, key, archive.ErrCorrupt)
		}
		hashes = append(hashes, tlog.RecordHash(data))
	}
	return hashes, nil
}
