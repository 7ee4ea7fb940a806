package local

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/afterimage-archive/afterimage/archive"
)

var _ archive.FilePutter = (*Store)(nil)

// PutFile stores the file at path under key, with Put's contract, without
// copying it when it lies on the store's file system: it checks the
// file's size and SHA-256, makes it read-only, fsyncs it and links it into
// place (never over an existing name). On another file system it falls
// back to Put. The caller must not change the file afterwards: it is the
// object.
func (s *Store) PutFile(ctx context.Context, key, path string, size int64, sum [32]byte) (archive.Info, error) {
	if err := archive.CheckKey(key); err != nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	dst := s.path(key)
	if _, err := os.Lstat(dst); err == nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, archive.ErrExists)
	}
	f, err := os.Open(path)
	if err != nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(ctxReader{ctx, f}, size+1))
	if err != nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	if n != size || string(h.Sum(nil)) != string(sum[:]) {
		return archive.Info{}, fmt.Errorf("local put %s: %w: %s holds %s bytes with sha256 %x, declared %d and %x",
			key, archive.ErrCorrupt, path, readCount(n, size), h.Sum(nil), size, sum)
	}
	if err := f.Sync(); err != nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	if err := s.mkdirs(filepath.Dir(dst)); err != nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	if err := os.Link(path, dst); err != nil {
		switch {
		case errors.Is(err, fs.ErrExist):
			return archive.Info{}, fmt.Errorf("local put %s: %w", key, archive.ErrExists)
		case errors.Is(err, syscall.EXDEV):
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
			}
			return s.Put(ctx, key, f, size, sum)
		}
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	in := info(key, fi)
	in.SHA256 = hex.EncodeToString(sum[:])
	return in, nil
}
