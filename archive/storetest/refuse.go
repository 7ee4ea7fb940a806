package storetest

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive"
)

func testList(t *testing.T, s archive.Store) {
	// "a.b" sorts before "a/b" ('.' < '/'): a store that walks directories
	// in name order without care gets this wrong.
	keys := []string{"b", "a/c/d", "ab", "a.b", "a/b", "a-", "a/c/e", "warc/x.warc.gz"}
	for _, k := range keys {
		put(t, s, k, []byte(k))
	}
	want := slices.Sorted(slices.Values(keys))
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"", want},
		{"a", []string{"a-", "a.b", "a/b", "a/c/d", "a/c/e", "ab"}},
		{"a/", []string{"a/b", "a/c/d", "a/c/e"}},
		{"a/c", []string{"a/c/d", "a/c/e"}},
		{"a/c/e", []string{"a/c/e"}},
		{"warc/", []string{"warc/x.warc.gz"}},
		{"c", nil},
		{"a/c/e/", nil},
	} {
		if got := list(t, s, tc.prefix); !slices.Equal(got, tc.want) {
			t.Errorf("List(%q) = %q, want %q", tc.prefix, got, tc.want)
		}
	}
	err := s.List(t.Context(), "a/b", func(in archive.Info) error {
		if in.Key != "a/b" || in.Size != 3 || in.Mod.IsZero() {
			t.Errorf("List(a/b) gave %+v, want key a/b, size 3, a Mod time", in)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("List(a/b): %v", err)
	}
}

func testListStops(t *testing.T, s archive.Store) {
	for _, k := range []string{"log/1", "log/2", "log/3"} {
		put(t, s, k, []byte(k))
	}
	stop := errors.New("stop here")
	var seen []string
	err := s.List(t.Context(), "log/", func(in archive.Info) error {
		seen = append(seen, in.Key)
		if in.Key == "log/2" {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("List returned %v, want the error fn returned", err)
	}
	if !slices.Equal(seen, []string{"log/1", "log/2"}) {
		t.Errorf("List visited %q after fn failed, want [log/1 log/2]", seen)
	}
}

func testNoOverwrite(t *testing.T, s archive.Store) {
	key := "log/checkpoints/1"
	first := []byte("first checkpoint")
	put(t, s, key, first)
	other := []byte("a rewritten checkpoint")
	_, err := s.Put(t.Context(), key, bytes.NewReader(other), int64(len(other)), sha256.Sum256(other))
	if !errors.Is(err, archive.ErrExists) {
		t.Errorf("second Put(%q) = %v, want ErrExists", key, err)
	}
	// The same bytes again are refused too: Put never rewrites.
	_, err = s.Put(t.Context(), key, bytes.NewReader(first), int64(len(first)), sha256.Sum256(first))
	if !errors.Is(err, archive.ErrExists) {
		t.Errorf("Put(%q) of identical bytes = %v, want ErrExists", key, err)
	}
	if got := read(t, s, key); !bytes.Equal(got, first) {
		t.Errorf("after refused overwrite Open(%q) = %q, want %q", key, got, first)
	}
	if keys := list(t, s, key); !slices.Equal(keys, []string{key}) {
		t.Errorf("List(%q) = %q, want exactly one object", key, keys)
	}
}

func testWrongChecksum(t *testing.T, s archive.Store) {
	data := []byte("bytes on the wire")
	forged := []byte("bytes someone claims")
	key := archive.WARCKey(sha256.Sum256(forged))
	_, err := s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), sha256.Sum256(forged))
	if !errors.Is(err, archive.ErrCorrupt) {
		t.Fatalf("Put with a wrong SHA-256 = %v, want ErrCorrupt", err)
	}
	checkAbsent(t, s, key)
	// A refused Put leaves the key free for the right bytes.
	put(t, s, key, forged)
}

func testWrongSize(t *testing.T, s archive.Store) {
	data := []byte("twenty bytes of data")
	sum := sha256.Sum256(data)
	for _, size := range []int64{int64(len(data)) - 1, int64(len(data)) + 1, 0} {
		_, err := s.Put(t.Context(), "log/sized", bytes.NewReader(data), size, sum)
		if !errors.Is(err, archive.ErrCorrupt) {
			t.Errorf("Put of %d bytes declared as %d = %v, want ErrCorrupt", len(data), size, err)
		}
	}
	checkAbsent(t, s, "log/sized")
	_, err := s.Put(t.Context(), "log/sized", bytes.NewReader(data), -1, sum)
	if err == nil {
		t.Errorf("Put with size -1 succeeded, want an error")
	}
	checkAbsent(t, s, "log/sized")
}

// testInvalidKeys checks that keys which could escape a directory root or
// alias another key are refused by every store, with the key named.
func testInvalidKeys(t *testing.T, s archive.Store) {
	data := []byte("x")
	for _, key := range []string{"", "/warc/a", "warc/../a", "warc/./a", "..", ".", "warc//a", "warc/", "warc\\a", "warc/a\x00"} {
		_, err := s.Put(t.Context(), key, bytes.NewReader(data), 1, sha256.Sum256(data))
		if err == nil {
			t.Errorf("Put(%q) succeeded, want an invalid key error", key)
		} else if key != "" && !strings.Contains(err.Error(), strconv.Quote(key)) {
			t.Errorf("Put(%q) error %q does not name the key", key, err)
		}
	}
	if keys := list(t, s, ""); len(keys) != 0 {
		t.Errorf("after refused puts List = %q, want nothing", keys)
	}
}
