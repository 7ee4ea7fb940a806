package evlog_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/local"
)

const origin = "afterimage.example.org/log"

// testKey is a log key pair for tests.
type testKey struct {
	signer   note.Signer
	verifier note.Verifier
	vkey     string
}

func newKey(t testing.TB, name string) testKey {
	t.Helper()
	skey, vkey, err := evlog.GenerateKey(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{s, v, vkey}
}

// newLocal returns a local store in a temporary directory and its root.
func newLocal(t testing.TB) (archive.Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := local.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

// manifest returns distinct leaf data standing in for manifest i.
func manifest(i int) []byte {
	return []byte(fmt.Sprintf(`{"kind":"capture","n":%d,"version":1}`, i))
}

// putManifest stores leaf data under its manifest key, as capture does
// before appending.
func putManifest(t testing.TB, s archive.Store, data []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	_, err := s.Put(context.Background(), archive.ManifestKey(sum), bytes.NewReader(data), int64(len(data)), sum)
	if err != nil && !errors.Is(err, archive.ErrExists) {
		t.Fatal(err)
	}
}

// appendN stores and appends manifests from..to-1 in one call.
func appendN(t testing.TB, l *evlog.Log, s archive.Store, k testKey, from, to int) evlog.Checkpoint {
	t.Helper()
	var leaves [][]byte
	for i := from; i < to; i++ {
		leaves = append(leaves, manifest(i))
		putManifest(t, s, manifest(i))
	}
	idx, cp, err := l.Append(context.Background(), k.signer, leaves...)
	if err != nil {
		t.Fatalf("append %d..%d: %v", from, to, err)
	}
	for j, i := range idx {
		if i != int64(from+j) {
			t.Fatalf("append %d..%d: leaf %d got index %d", from, to, from+j, i)
		}
	}
	return cp
}

// refTree is an independent in-memory tree built the way the tlog
// documentation shows, used as the oracle for roots.
type refTree struct{ h []tlog.Hash }

func (r *refTree) ReadHashes(ix []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(ix))
	for i, x := range ix {
		out[i] = r.h[x]
	}
	return out, nil
}

// refRoot returns the root of a tree of manifests 0..n-1.
func refRoot(t testing.TB, n int) tlog.Hash {
	t.Helper()
	var r refTree
	for i := 0; i < n; i++ {
		hs, err := tlog.StoredHashes(int64(i), manifest(i), &r)
		if err != nil {
			t.Fatal(err)
		}
		r.h = append(r.h, hs...)
	}
	root, err := tlog.TreeHash(int64(n), &r)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// storeFile is the path of an object of a local store.
func storeFile(root, key string) string { return filepath.Join(root, filepath.FromSlash(key)) }

// replaceObject overwrites an object of a local store behind its back, as
// an administrator could.
func replaceObject(t testing.TB, root, key string, b []byte) {
	t.Helper()
	p := storeFile(root, key)
	os.Remove(p)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o444); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, root, key string) []byte {
	t.Helper()
	b, err := os.ReadFile(storeFile(root, key))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// failingStore refuses puts of keys with a prefix, as if the process had
// died before writing them.
type failingStore struct {
	archive.Store
	prefix string
}

var errCrash = errors.New("simulated crash")

func (f failingStore) Put(ctx context.Context, key string, r io.ReadSeeker, size int64, sum [32]byte) (archive.Info, error) {
	if strings.HasPrefix(key, f.prefix) {
		return archive.Info{}, errCrash
	}
	return f.Store.Put(ctx, key, r, size, sum)
}

// memStore is an in-memory archive.Store honouring the Store contract,
// for tests whose size would make a disk store slow.
type memStore struct {
	mu   sync.Mutex
	objs map[string][]byte
}

func newMem() *memStore { return &memStore{objs: make(map[string][]byte)} }

func (m *memStore) Put(ctx context.Context, key string, r io.ReadSeeker, size int64, sum [32]byte) (archive.Info, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return archive.Info{}, err
	}
	if int64(len(b)) != size || sha256.Sum256(b) != sum {
		return archive.Info{}, fmt.Errorf("mem put %s: %w", key, archive.ErrCorrupt)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.objs[key]; ok {
		return archive.Info{}, fmt.Errorf("mem put %s: %w", key, archive.ErrExists)
	}
	m.objs[key] = b
	return archive.Info{Key: key, Size: size, Mod: time.Now().UTC()}, nil
}

func (m *memStore) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.objs[key]
	if !ok {
		return nil, fmt.Errorf("mem open %s: %w", key, archive.ErrNotFound)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (m *memStore) Stat(ctx context.Context, key string) (archive.Info, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.objs[key]
	if !ok {
		return archive.Info{}, fmt.Errorf("mem stat %s: %w", key, archive.ErrNotFound)
	}
	return archive.Info{Key: key, Size: int64(len(b))}, nil
}

func (m *memStore) List(ctx context.Context, prefix string, fn func(archive.Info) error) error {
	m.mu.Lock()
	var keys []string
	for k := range m.objs {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	m.mu.Unlock()
	sort.Strings(keys)
	for _, k := range keys {
		info, err := m.Stat(ctx, k)
		if err != nil {
			continue
		}
		if err := fn(info); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) Describe() string { return "mem" }
