package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/afterimage-archive/afterimage/archive"
)

var _ archive.Store = (*Store)(nil)

// Store is a write-once object store in a local directory. It is safe for
// concurrent use by goroutines and by several processes sharing the root.
type Store struct {
	root string // absolute, cleaned
}

// New opens the store rooted at root, creating root and its temporary
// directory (<root>/.tmp) when missing. It fails when root cannot be made
// absolute or created.
func New(root string) (*Store, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("local store %s: %w", root, err)
	}
	if err := os.MkdirAll(filepath.Join(abs, tmpDir), 0o755); err != nil {
		return nil, fmt.Errorf("local store %s: %w", abs, err)
	}
	return &Store{root: abs}, nil
}

// Describe returns "local:" followed by the absolute root directory.
func (s *Store) Describe() string { return "local:" + s.root }

// path maps a checked key to its file name.
func (s *Store) path(key string) string {
	return filepath.Join(s.root, filepath.FromSlash(key))
}

// Open returns the object's bytes; the caller closes the reader. A missing
// key (or a key naming a directory of keys) fails with archive.ErrNotFound.
// Open does not verify the content.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := archive.CheckKey(key); err != nil {
		return nil, fmt.Errorf("local open: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("local open %s: %w", key, err)
	}
	f, err := os.Open(s.path(key))
	if err != nil {
		return nil, fmt.Errorf("local open %s: %w", key, notFound(err))
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = archive.ErrNotFound
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("local open %s: %w", key, err)
	}
	return f, nil
}

// Stat returns the object's key, size and modification time. SHA256 is
// empty: Stat does not re-hash. A missing key fails with archive.ErrNotFound.
func (s *Store) Stat(ctx context.Context, key string) (archive.Info, error) {
	if err := archive.CheckKey(key); err != nil {
		return archive.Info{}, fmt.Errorf("local stat: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return archive.Info{}, fmt.Errorf("local stat %s: %w", key, err)
	}
	fi, err := os.Stat(s.path(key))
	if err == nil && !fi.Mode().IsRegular() {
		err = archive.ErrNotFound
	}
	if err != nil {
		return archive.Info{}, fmt.Errorf("local stat %s: %w", key, notFound(err))
	}
	return info(key, fi), nil
}

// info describes a stored file.
func info(key string, fi fs.FileInfo) archive.Info {
	return archive.Info{Key: key, Size: fi.Size(), Mod: fi.ModTime().UTC()}
}

// notFound adds archive.ErrNotFound to errors that mean the file is absent,
// including a key below another object ("a/b" when "a" is a file).
func notFound(err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return fmt.Errorf("%w: %w", archive.ErrNotFound, err)
	}
	return err
}
