package local

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/afterimage-archive/afterimage/archive"
)

// List calls fn for every object whose key starts with prefix, in lexical
// key order, and returns the first error fn returns. It skips the temporary
// directory and descends only into directories that can hold matching keys.
func (s *Store) List(ctx context.Context, prefix string, fn func(archive.Info) error) error {
	return s.listDir(ctx, "", prefix, fn)
}

// listDir lists the directory holding keys that start with dir (""
// for the root, else a key prefix ending in "/").
func (s *Store) listDir(ctx context.Context, dir, prefix string, fn func(archive.Info) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("local list %s: %w", prefix, err)
	}
	entries, err := os.ReadDir(filepath.Join(s.root, filepath.FromSlash(dir)))
	if err != nil {
		return fmt.Errorf("local list %s: %w", prefix, err)
	}
	// Keys below a directory all start with its name and "/", so sorting
	// directories by name+"/" among plain file names gives key order.
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		name := dir + e.Name()
		if dir == "" && e.Name() == tmpDir {
			continue
		}
		if e.IsDir() {
			name += "/"
		}
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.visit(ctx, name, prefix, fn); err != nil {
			return err
		}
	}
	return nil
}

// visit lists one entry: a directory (name ends in "/") or an object.
func (s *Store) visit(ctx context.Context, name, prefix string, fn func(archive.Info) error) error {
	if strings.HasSuffix(name, "/") {
		if strings.HasPrefix(name, prefix) || strings.HasPrefix(prefix, name) {
			return s.listDir(ctx, name, prefix, fn)
		}
		return nil
	}
	if !strings.HasPrefix(name, prefix) {
		return nil
	}
	fi, err := os.Lstat(s.path(name))
	if err != nil {
		return fmt.Errorf("local list %s: %w", name, err)
	}
	if !fi.Mode().IsRegular() {
		return nil
	}
	return fn(info(name, fi))
}
