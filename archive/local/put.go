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
	"strings"

	"github.com/afterimage-archive/afterimage/archive"
)

// Put stores size bytes read from r (from its current offset) under key,
// provided their SHA-256 equals sum. It fails with archive.ErrCorrupt when
// r yields other bytes or another length than declared, and with
// archive.ErrExists when key is already stored; in both cases nothing is
// written and an existing object is untouched. On success the file is
// read-only and fsynced, and so is its directory.
func (s *Store) Put(ctx context.Context, key string, r io.ReadSeeker, size int64, sum [32]byte) (archive.Info, error) {
	if err := archive.CheckKey(key); err != nil {
		return archive.Info{}, fmt.Errorf("local put: %w", err)
	}
	if size < 0 {
		return archive.Info{}, fmt.Errorf("local put %s: negative size %d", key, size)
	}
	dst := s.path(key)
	if fi, err := os.Lstat(dst); err == nil {
		if fi.IsDir() {
			return archive.Info{}, fmt.Errorf("local put %s: key names a directory of other keys", key)
		}
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, archive.ErrExists)
	}
	tmp, err := s.writeTemp(ctx, key, r, size, sum)
	if err != nil {
		return archive.Info{}, err
	}
	defer os.Remove(tmp)
	if err := s.mkdirs(filepath.Dir(dst)); err != nil {
		return archive.Info{}, fmt.Errorf("local put %s: %w", key, err)
	}
	// A hard link never replaces an existing name, unlike rename.
	if err := os.Link(tmp, dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return archive.Info{}, fmt.Errorf("local put %s: %w", key, archive.ErrExists)
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

// writeTemp copies r into a new read-only, fsynced file under the
// temporary directory while hashing it, and returns the file's name. It
// removes the file and fails with archive.ErrCorrupt when the bytes do not
// match size and sum.
func (s *Store) writeTemp(ctx context.Context, key string, r io.Reader, size int64, sum [32]byte) (name string, err error) {
	f, err := os.CreateTemp(filepath.Join(s.root, tmpDir), "put-*")
	if err != nil {
		return "", fmt.Errorf("local put %s: %w", key, err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("local put %s: %w", key, cerr)
		}
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(ctxReader{ctx, r}, size+1))
	if err != nil {
		return "", fmt.Errorf("local put %s: %w", key, err)
	}
	if n != size {
		return "", fmt.Errorf("local put %s: %w: read %s bytes, declared %d", key, archive.ErrCorrupt, readCount(n, size), size)
	}
	if got := h.Sum(nil); string(got) != string(sum[:]) {
		return "", fmt.Errorf("local put %s: %w: got sha256 %x, declared %x", key, archive.ErrCorrupt, got, sum)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("local put %s: %w", key, err)
	}
	if err := f.Chmod(0o444); err != nil {
		return "", fmt.Errorf("local put %s: %w", key, err)
	}
	return f.Name(), nil
}

// readCount renders how many bytes a reader yielded; n == size+1 means
// "more than size".
func readCount(n, size int64) string {
	if n > size {
		return fmt.Sprintf("more than %d", size)
	}
	return fmt.Sprint(n)
}

// mkdirs creates dir and its missing parents below the root, fsyncing each
// parent that gained an entry so the new directories survive a crash.
func (s *Store) mkdirs(dir string) error {
	if dir == s.root || !strings.HasPrefix(dir, s.root+string(filepath.Separator)) {
		return nil
	}
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return nil
	}
	parent := filepath.Dir(dir)
	if err := s.mkdirs(parent); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return syncDir(parent)
}

// syncDir fsyncs a directory so the names it holds are durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
