package evlog

import (
	"bytes"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
)

// checkNeededTiles reports tiles that valid checkpoints need but the store
// lacks: every full tile of the latest tree and the partial tiles of each
// checkpointed size.
func (a *auditor) checkNeededTiles(good []Checkpoint) {
	missing := make(map[tlog.Tile]int64)
	need := func(t tlog.Tile, size int64) {
		if !a.tiles[t] {
			if _, seen := missing[t]; !seen {
				missing[t] = size
			}
		}
	}
	if len(good) > 0 {
		size := good[len(good)-1].Size
		for l := 0; size>>(uint(l)*height) > 0; l++ {
			for n := int64(0); tileWidth(l, n, size) == 1<<height; n++ {
				need(tlog.Tile{H: height, L: l, N: n, W: 1 << height}, size)
			}
		}
	}
	for _, cp := range good {
		for l := 0; cp.Size>>(uint(l)*height) > 0; l++ {
			n := cp.Size >> (uint(l) * height) >> height
			if w := tileWidth(l, n, cp.Size); w > 0 && w < 1<<height {
				need(tlog.Tile{H: height, L: l, N: n, W: w}, cp.Size)
			}
		}
	}
	keys := make([]tlog.Tile, 0, len(missing))
	for t := range missing {
		keys = append(keys, t)
	}
	slices.SortFunc(keys, func(x, y tlog.Tile) int { return compareTiles(x, y) })
	for _, t := range keys {
		a.problem(tileKey(t), "hash tile missing (needed by %s): %w", CheckpointKey(missing[t]), archive.ErrNotFound)
	}
}

// compareTiles orders tiles by level, number and width.
func compareTiles(x, y tlog.Tile) int {
	switch {
	case x.L != y.L:
		return x.L - y.L
	case x.N != y.N:
		if x.N < y.N {
			return -1
		}
		return 1
	}
	return x.W - y.W
}

// checkTiles checks every stored hash tile: each is a prefix of the widest
// stored tile at its place, and every hash of a tile above level 0 is the
// root of the full tile below it.
func (a *auditor) checkTiles() {
	widest := make(map[tlog.Tile]tlog.Tile) // keyed by the tile with W 0
	sorted := make([]tlog.Tile, 0, len(a.tiles))
	for t := range a.tiles {
		sorted = append(sorted, t)
		place := tlog.Tile{H: t.H, L: t.L, N: t.N}
		if t.W > widest[place].W {
			widest[place] = t
		}
	}
	slices.SortFunc(sorted, compareTiles)
	for _, t := range sorted {
		data, err := a.r.read(t)
		if err != nil {
			a.problem(tileKey(t), "%w", err)
			continue
		}
		w := widest[tlog.Tile{H: t.H, L: t.L, N: t.N}]
		if w != t {
			if wide, err := a.r.read(w); err == nil && !bytes.HasPrefix(wide, data) {
				a.problem(tileKey(t), "hash tile and %s disagree (one was altered): %w", tileKey(w), ErrInconsistent)
			}
			continue
		}
		if t.L > 0 {
			a.checkTileHashes(t, data)
		}
	}
}

// checkTileHashes recomputes each hash of tile t (level > 0) from the full
// tile below it.
func (a *auditor) checkTileHashes(t tlog.Tile, data []byte) {
	for j := 0; j < t.W; j++ {
		child := tlog.Tile{H: height, L: t.L - 1, N: t.N<<height + int64(j), W: 1 << height}
		if !a.tiles[child] {
			a.problem(tileKey(child), "hash tile missing (below %s): %w", tileKey(t), archive.ErrNotFound)
			continue
		}
		cdata, err := a.r.read(child)
		if err != nil {
			continue // reported by checkTiles
		}
		if subtreeHash(cdata) != tlog.Hash(data[j*tlog.HashSize:(j+1)*tlog.HashSize]) {
			a.problem(tileKey(t), "hash %d is not the root of %s: %w", j, tileKey(child), ErrInconsistent)
		}
	}
}

// subtreeHash is the root of the complete subtree whose bottom hashes are
// data (a power of two of them).
func subtreeHash(data []byte) tlog.Hash {
	if len(data) == tlog.HashSize {
		return tlog.Hash(data)
	}
	half := len(data) / 2
	return tlog.NodeHash(subtreeHash(data[:half]), subtreeHash(data[half:]))
}

// checkLeafRecords checks the leaf record tiles and returns the SHA-256 of
// every recorded leaf's data, as far as the records run without a gap.
func (a *auditor) checkLeafRecords(size int64) [][32]byte {
	widest := make(map[int64]tlog.Tile)
	for _, t := range a.leafTiles {
		if t.W > widest[t.N].W {
			widest[t.N] = t
		}
	}
	read := func(t tlog.Tile) []byte {
		b, err := readTileObject(a.ctx, a.s, leafKey(t), t.W)
		if err != nil {
			a.problem(leafKey(t), "%w", err)
		}
		return b
	}
	full := make(map[int64][]byte)
	for _, t := range a.leafTiles { // in key order
		if widest[t.N] == t {
			full[t.N] = read(t)
		}
	}
	for _, t := range a.leafTiles {
		if w := widest[t.N]; w != t && full[t.N] != nil {
			if b := read(t); b != nil && !bytes.HasPrefix(full[t.N], b) {
				a.problem(leafKey(t), "leaf records and %s disagree (one was altered): %w", leafKey(w), ErrInconsistent)
			}
		}
	}
	return a.joinLeafRecords(size, widest, full)
}

// joinLeafRecords concatenates the widest leaf record tiles from tile 0 on,
// reporting gaps, a shortfall against size, and repeated manifests.
func (a *auditor) joinLeafRecords(size int64, widest map[int64]tlog.Tile, full map[int64][]byte) [][32]byte {
	var shas [][32]byte
	seen := make(map[[32]byte]int64)
	for n := int64(0); ; n++ {
		t, ok := widest[n]
		if !ok || full[n] == nil {
			break
		}
		for j := 0; j < t.W; j++ {
			sum := [32]byte(full[n][j*32 : j*32+32])
			if k, dup := seen[sum]; dup {
				a.problem(leafKey(t), "leaf %d repeats the manifest of leaf %d: %w", len(shas), k, ErrInconsistent)
			}
			seen[sum] = int64(len(shas))
			shas = append(shas, sum)
		}
		if t.W < 1<<height {
			break
		}
	}
	if int64(len(shas)) < size {
		n := int64(len(shas)) >> height
		a.problem(leafKey(leafTile(n, tileWidth(0, n, size))), "leaf records cover %d of the %d leaves of %s: %w",
			len(shas), size, CheckpointKey(size), archive.ErrNotFound)
	} else {
		a.sum.Pending = int64(len(shas)) - size
	}
	return shas
}

// callLeaves hands each covered leaf's data SHA-256 and record hash to
// opts.Leaf.
func (a *auditor) callLeaves(shas [][32]byte) {
	if a.opts.Leaf == nil {
		return
	}
	size := a.sum.Size
	for i := int64(0); i < size && i < int64(len(shas)); i++ {
		t := tlog.Tile{H: height, L: 0, N: i >> height, W: tileWidth(0, i>>height, size)}
		data, err := a.r.read(t)
		if err != nil {
			continue // reported by checkNeededTiles
		}
		j := int(i & (1<<height - 1))
		a.opts.Leaf(i, shas[i], tlog.Hash(data[j*tlog.HashSize:(j+1)*tlog.HashSize]))
	}
}
