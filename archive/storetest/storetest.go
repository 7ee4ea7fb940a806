package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
)

// Run runs the conformance suite as subtests of t. open must return a new,
// empty store each time it is called; it is called once per subtest.
func Run(t *testing.T, open func(t *testing.T) archive.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s archive.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"Empty", testEmpty},
		{"Large", testLarge},
		{"List", testList},
		{"ListStops", testListStops},
		{"NoOverwrite", testNoOverwrite},
		{"WrongChecksum", testWrongChecksum},
		{"WrongSize", testWrongSize},
		{"Missing", testMissing},
		{"ConcurrentKeys", testConcurrentKeys},
		{"ConcurrentSameKey", testConcurrentSameKey},
		{"ReaderOffset", testReaderOffset},
		{"InvalidKeys", testInvalidKeys},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// put stores data under key with its true SHA-256 and fails the test on error.
func put(t *testing.T, s archive.Store, key string, data []byte) archive.Info {
	t.Helper()
	info, err := s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), sha256.Sum256(data))
	if err != nil {
		t.Fatalf("%s: Put(%q): %v", s.Describe(), key, err)
	}
	return info
}

// read returns the bytes stored under key and fails the test on error.
func read(t *testing.T, s archive.Store, key string) []byte {
	t.Helper()
	rc, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("%s: Open(%q): %v", s.Describe(), key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("%s: reading %q: %v", s.Describe(), key, err)
	}
	return data
}

// checkAbsent fails the test unless Stat and Open of key report ErrNotFound
// and List does not show it.
func checkAbsent(t *testing.T, s archive.Store, key string) {
	t.Helper()
	ctx := t.Context()
	if _, err := s.Stat(ctx, key); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("Stat(%q) = %v, want ErrNotFound", key, err)
	}
	rc, err := s.Open(ctx, key)
	if err == nil {
		rc.Close()
	}
	if !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("Open(%q) = %v, want ErrNotFound", key, err)
	}
	if keys := list(t, s, key); len(keys) != 0 {
		t.Errorf("List(%q) = %q, want nothing", key, keys)
	}
}

// list returns the keys List reports for prefix.
func list(t *testing.T, s archive.Store, prefix string) []string {
	t.Helper()
	var keys []string
	err := s.List(t.Context(), prefix, func(in archive.Info) error {
		keys = append(keys, in.Key)
		return nil
	})
	if err != nil {
		t.Fatalf("%s: List(%q): %v", s.Describe(), prefix, err)
	}
	return keys
}

// checkInfo compares an Info returned by Put or Stat with what was stored.
func checkInfo(t *testing.T, op string, in archive.Info, key string, data []byte, before time.Time) {
	t.Helper()
	if in.Key != key || in.Size != int64(len(data)) {
		t.Errorf("%s: Key, Size = %q, %d; want %q, %d", op, in.Key, in.Size, key, len(data))
	}
	sum := sha256.Sum256(data)
	if in.SHA256 != "" && in.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("%s: SHA256 = %s, want %x or empty", op, in.SHA256, sum)
	}
	// Store clocks may lag ours slightly, and S3 keeps whole seconds.
	if in.Mod.Location() != time.UTC || in.Mod.Before(before.Add(-time.Minute)) || in.Mod.After(time.Now().Add(time.Minute)) {
		t.Errorf("%s: Mod = %v, want a UTC time near %v", op, in.Mod, before)
	}
}

func testRoundTrip(t *testing.T, s archive.Store) {
	data := []byte("WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n")
	key := archive.WARCKey(sha256.Sum256(data))
	before := time.Now()
	info := put(t, s, key, data)
	checkInfo(t, "Put", info, key, data, before)
	if info.SHA256 == "" {
		t.Errorf("Put returned no SHA256; it knows the sum it checked")
	}
	if got := read(t, s, key); !bytes.Equal(got, data) {
		t.Errorf("Open(%q) = %q, want %q", key, got, data)
	}
	st, err := s.Stat(t.Context(), key)
	if err != nil {
		t.Fatalf("Stat(%q): %v", key, err)
	}
	checkInfo(t, "Stat", st, key, data, before)
	if d := s.Describe(); d == "" {
		t.Errorf("Describe() is empty")
	}
}

func testEmpty(t *testing.T, s archive.Store) {
	key := archive.PrefixLog + "empty"
	before := time.Now()
	checkInfo(t, "Put", put(t, s, key, nil), key, nil, before)
	if got := read(t, s, key); len(got) != 0 {
		t.Errorf("Open(%q) = %d bytes, want 0", key, len(got))
	}
	st, err := s.Stat(t.Context(), key)
	if err != nil {
		t.Fatalf("Stat(%q): %v", key, err)
	}
	checkInfo(t, "Stat", st, key, nil, before)
}

func testLarge(t *testing.T, s archive.Store) {
	data := make([]byte, 5<<20)
	for i := range data {
		data[i] = byte(i*7 + i>>11)
	}
	sum := sha256.Sum256(data)
	key := archive.WARCKey(sum)
	put(t, s, key, data)
	if got := sha256.Sum256(read(t, s, key)); got != sum {
		t.Errorf("Open(%q): content differs from what was put", key)
	}
}

func testMissing(t *testing.T, s archive.Store) {
	put(t, s, "warc/present", []byte("x"))
	checkAbsent(t, s, "warc/absent")
	checkAbsent(t, s, "warc/present/below")
	checkAbsent(t, s, "manifests/none.json")
}

// testReaderOffset puts from a reader that is not at its start: Put takes
// size bytes from the current offset.
func testReaderOffset(t *testing.T, s archive.Store) {
	data := []byte("header|payload")
	r := bytes.NewReader(data)
	if _, err := r.Seek(7, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	payload := data[7:]
	if _, err := s.Put(t.Context(), "log/offset", r, int64(len(payload)), sha256.Sum256(payload)); err != nil {
		t.Fatalf("Put from offset 7: %v", err)
	}
	if got := read(t, s, "log/offset"); !bytes.Equal(got, payload) {
		t.Errorf("Open = %q, want %q", got, payload)
	}
}
