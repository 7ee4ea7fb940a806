package local

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/afterimage-archive/afterimage/archive"
)

func TestPutFileLinksAndChecks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := New(filepath.Join(dir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	body := []byte("sealed warc bytes")
	sum := sha256.Sum256(body)
	src := filepath.Join(dir, "spool.warc.gz")
	os.WriteFile(src, body, 0o644)
	key := archive.WARCKey(sum)

	// A wrong declared hash is refused and stores nothing.
	bad := sha256.Sum256([]byte("other"))
	if _, err := s.PutFile(ctx, archive.WARCKey(bad), src, int64(len(body)), bad); !errors.Is(err, archive.ErrCorrupt) {
		t.Fatalf("wrong sum: %v", err)
	}
	if _, err := s.PutFile(ctx, key, src, int64(len(body))+1, sum); !errors.Is(err, archive.ErrCorrupt) {
		t.Fatalf("wrong size: %v", err)
	}
	if _, err := s.Stat(ctx, archive.WARCKey(bad)); !errors.Is(err, archive.ErrNotFound) {
		t.Fatalf("refused put stored something: %v", err)
	}
	info, err := s.PutFile(ctx, key, src, int64(len(body)), sum)
	if err != nil || info.Size != int64(len(body)) {
		t.Fatalf("put file: %+v, %v", info, err)
	}
	// The object is the same file, read-only; the source may go away.
	os.Remove(src)
	fi, err := os.Stat(s.path(key))
	if err != nil || fi.Mode().Perm() != 0o444 {
		t.Fatalf("stored object: %v, %v", fi, err)
	}
	got, _ := os.ReadFile(s.path(key))
	if string(got) != string(body) {
		t.Fatalf("stored bytes %q", got)
	}
	os.WriteFile(src, []byte("replacement"), 0o644)
	if _, err := s.PutFile(ctx, key, src, int64(len(body)), sum); !errors.Is(err, archive.ErrExists) {
		t.Fatalf("second put of the key: %v", err)
	}
}
