package local_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/local"
	"github.com/afterimage-archive/afterimage/archive/storetest"
)

func newStore(t *testing.T) (*local.Store, string) {
	t.Helper()
	root := t.TempDir()
	s, err := local.New(root)
	if err != nil {
		t.Fatalf("New(%s): %v", root, err)
	}
	return s, root
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) archive.Store {
		s, _ := newStore(t)
		return s
	})
}

func TestReadOnly(t *testing.T) {
	s, root := newStore(t)
	data := []byte("sealed")
	key := archive.WARCKey(sha256.Sum256(data))
	if _, err := s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), sha256.Sum256(data)); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(key)))
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o444 {
		t.Errorf("object mode = %v, want -r--r--r--", mode)
	}
}

func TestNoTempLeft(t *testing.T) {
	s, root := newStore(t)
	data := []byte("some bytes")
	sum := sha256.Sum256(data)
	ctx := t.Context()
	if _, err := s.Put(ctx, "log/a", bytes.NewReader(data), int64(len(data)), sha256.Sum256(nil)); !errors.Is(err, archive.ErrCorrupt) {
		t.Errorf("Put with wrong sum = %v, want ErrCorrupt", err)
	}
	if _, err := s.Put(ctx, "log/a", bytes.NewReader(data), 3, sum); !errors.Is(err, archive.ErrCorrupt) {
		t.Errorf("Put with wrong size = %v, want ErrCorrupt", err)
	}
	if _, err := s.Put(ctx, "log/a", bytes.NewReader(data), int64(len(data)), sum); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, "log/a", bytes.NewReader(data), int64(len(data)), sum); !errors.Is(err, archive.ErrExists) {
		t.Errorf("second Put = %v, want ErrExists", err)
	}
	left, err := os.ReadDir(filepath.Join(root, ".tmp"))
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestTmpKeysRefused(t *testing.T) {
	s, _ := newStore(t)
	data := []byte("x")
	for _, key := range []string{".tmp/put-1", ".tmp"} {
		_, err := s.Put(t.Context(), key, bytes.NewReader(data), 1, sha256.Sum256(data))
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("Put(%q) = %v, want an error naming the key", key, err)
		}
		if _, err := s.Stat(t.Context(), key); err == nil {
			t.Errorf("Stat(%q) succeeded", key)
		}
	}
	// A key merely starting with ".tmp" in a deeper segment is fine.
	if _, err := s.Put(t.Context(), "log/.tmp", bytes.NewReader(data), 1, sha256.Sum256(data)); err != nil {
		t.Errorf("Put(log/.tmp): %v", err)
	}
}

func TestDescribe(t *testing.T) {
	s, root := newStore(t)
	if got, want := s.Describe(), "local:"+root; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
}

// BenchmarkPut measures a durable 1 MiB Put (hash, fsync, link, dir fsync).
func BenchmarkPut(b *testing.B) {
	s, err := local.New(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	data := bytes.Repeat([]byte("evidence"), 1<<17)
	sum := sha256.Sum256(data)
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		i++
		key := fmt.Sprintf("warc/%d.warc.gz", i)
		if _, err := s.Put(b.Context(), key, bytes.NewReader(data), int64(len(data)), sum); err != nil {
			b.Fatal(err)
		}
	}
}
