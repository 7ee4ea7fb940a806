package evlog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
)

// height is the height of every hash tile and leaf record tile.
const height = 8

// Key prefixes of the log layout (see the package documentation).
const (
	prefixTiles  = archive.PrefixLog + "tile/"
	prefixLeaves = archive.PrefixLog + "leaves/"
	tokenInfix   = ".tsr."
)

// tileKey is the store key of a hash tile.
func tileKey(t tlog.Tile) string { return archive.PrefixLog + t.Path() }

// leafTile is the tile coordinate of the leaf records for leaves
// [n*256, n*256+w).
func leafTile(n int64, w int) tlog.Tile { return tlog.Tile{H: height, L: 0, N: n, W: w} }

// leafKey is the store key of the leaf records described by t (t.L is 0).
func leafKey(t tlog.Tile) string {
	return prefixLeaves + strings.TrimPrefix(t.Path(), "tile/8/0/")
}

// parseLeafKey returns the coordinate of a leaf record key.
func parseLeafKey(key string) (tlog.Tile, bool) {
	rest, ok := strings.CutPrefix(key, prefixLeaves)
	if !ok {
		return tlog.Tile{}, false
	}
	t, err := tlog.ParseTilePath("tile/8/0/" + rest)
	return t, err == nil
}

// CheckpointKey is the store key of the checkpoint for a tree of size leaves.
func CheckpointKey(size int64) string {
	return archive.PrefixCheckpoints + strconv.FormatInt(size, 10)
}

// TokenKey is the store key of the i-th RFC 3161 token over the checkpoint
// for size leaves.
func TokenKey(size int64, i int) string {
	return CheckpointKey(size) + tokenInfix + strconv.Itoa(i)
}

// parseCheckpointKey splits log/checkpoints/<size>[.tsr.<i>]; token is -1
// for a checkpoint. ok is false for other names.
func parseCheckpointKey(key string) (size int64, token int, ok bool) {
	name, found := strings.CutPrefix(key, archive.PrefixCheckpoints)
	if !found {
		return 0, 0, false
	}
	name, tok, isToken := strings.Cut(name, tokenInfix)
	size, ok = parseDecimal(name)
	if !ok {
		return 0, 0, false
	}
	if !isToken {
		return size, -1, true
	}
	i, ok := parseDecimal(tok)
	if !ok || i > 1<<20 {
		return 0, 0, false
	}
	return size, int(i), true
}

// parseDecimal parses a canonical non-negative decimal: digits only, no
// leading zeros except "0" itself.
func parseDecimal(s string) (int64, bool) {
	if s == "" || len(s) > 18 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// putOnce stores b under key. An existing object with the same bytes is
// success (a retried write); one with other bytes fails with
// archive.ErrCorrupt naming the key.
func putOnce(ctx context.Context, s archive.Store, key string, b []byte) error {
	_, err := s.Put(ctx, key, bytes.NewReader(b), int64(len(b)), sha256.Sum256(b))
	if err == nil || !errors.Is(err, archive.ErrExists) {
		return err
	}
	old, rerr := readObject(ctx, s, key, int64(len(b))+1)
	if rerr != nil {
		return fmt.Errorf("put %s: exists and cannot be read back: %w", key, rerr)
	}
	if !bytes.Equal(old, b) {
		return fmt.Errorf("put %s: a different object is already stored there: %w", key, archive.ErrCorrupt)
	}
	return nil
}

// readObject reads a whole object of at most limit bytes.
func readObject(ctx context.Context, s archive.Store, key string, limit int64) ([]byte, error) {
	rc, err := s.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("read %s: larger than %d bytes: %w", key, limit, archive.ErrCorrupt)
	}
	return b, nil
}

// readTileObject reads a hash or leaf record tile and checks its length.
func readTileObject(ctx context.Context, s archive.Store, key string, w int) ([]byte, error) {
	b, err := readObject(ctx, s, key, int64(w)*tlog.HashSize)
	if err != nil {
		return nil, err
	}
	if len(b) != w*tlog.HashSize {
		return nil, fmt.Errorf("read %s: %d bytes, want %d: %w", key, len(b), w*tlog.HashSize, archive.ErrCorrupt)
	}
	return b, nil
}
