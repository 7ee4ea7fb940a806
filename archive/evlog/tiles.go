package evlog

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
)

// tileCache holds hash tiles read from or written to the store. Tiles are
// write-once, so a cached tile never goes stale; tiles are authenticated
// by whoever reads hashes from them, not by the cache.
type tileCache struct {
	mu    sync.Mutex
	tiles map[tlog.Tile][]byte
}

func (c *tileCache) get(t tlog.Tile) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.tiles[t]
	return b, ok
}

func (c *tileCache) put(t tlog.Tile, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tiles == nil {
		c.tiles = make(map[tlog.Tile][]byte)
	}
	c.tiles[t] = b
}

// tileReader reads hash tiles from a store for tlog; it implements
// tlog.TileReader for one operation's context.
type tileReader struct {
	ctx   context.Context
	s     archive.Store
	cache *tileCache
}

// Height returns the height of the log's tiles.
func (r tileReader) Height() int { return height }

// ReadTiles returns the data of each tile, from the cache or the store.
func (r tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		b, err := r.read(t)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// SaveTiles does nothing: tiles are stored when they are written.
func (r tileReader) SaveTiles([]tlog.Tile, [][]byte) {}

// read returns one tile.
func (r tileReader) read(t tlog.Tile) ([]byte, error) {
	if b, ok := r.cache.get(t); ok {
		return b, nil
	}
	b, err := readTileObject(r.ctx, r.s, tileKey(t), t.W)
	if err != nil {
		return nil, fmt.Errorf("read hash tile: %w", err)
	}
	r.cache.put(t, b)
	return b, nil
}

// tileWidth is the width of tile (l, n) in a tree of size leaves: the
// number of complete level-8l subtrees it covers, at most 256.
func tileWidth(l int, n int64, size int64) int {
	count := size >> (uint(l) * height)
	w := count - n<<height
	switch {
	case w <= 0:
		return 0
	case w > 1<<height:
		return 1 << height
	}
	return int(w)
}

// rawHashes returns a reader of the stored hashes of the tree of size
// leaves, taken from its tiles without authenticating them. Open and Audit
// recompute roots with it and compare them with signed ones.
func (r tileReader) rawHashes(size int64) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			t := tlog.TileForIndex(height, x)
			w := tileWidth(t.L, t.N, size)
			if w < t.W {
				return nil, fmt.Errorf("hash %d is not in a tree of %d leaves", x, size)
			}
			t.W = w
			data, err := r.read(t)
			if err != nil {
				return nil, err
			}
			if out[i], err = tlog.HashFromTile(t, data, x); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// treeHashes returns a reader of stored hashes that authenticates every
// tile it uses against the tree's signed root.
func (r tileReader) treeHashes(size int64, root tlog.Hash) tlog.HashReader {
	return tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, r)
}
