package storetest

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/afterimage-archive/afterimage/archive"
)

// writers is how many goroutines the concurrency tests start.
const writers = 8

func testConcurrentKeys(t *testing.T, s archive.Store) {
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			data := []byte(fmt.Sprintf("object %d", i))
			key := fmt.Sprintf("manifests/%d.json", i)
			_, errs[i] = s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), sha256.Sum256(data))
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Put of object %d: %v", i, err)
		}
	}
	for i := range writers {
		key := fmt.Sprintf("manifests/%d.json", i)
		if got, want := string(read(t, s, key)), fmt.Sprintf("object %d", i); got != want {
			t.Errorf("Open(%q) = %q, want %q", key, got, want)
		}
	}
	if keys := list(t, s, "manifests/"); len(keys) != writers {
		t.Errorf("List found %d objects, want %d: %q", len(keys), writers, keys)
	}
}

// testConcurrentSameKey races writers with different bytes for one key:
// exactly one wins, the others get ErrExists, and the winner's bytes stay.
func testConcurrentSameKey(t *testing.T, s archive.Store) {
	const key = "log/checkpoints/7"
	var wg sync.WaitGroup
	errs := make([]error, writers)
	start := make(chan struct{})
	for i := range writers {
		wg.Go(func() {
			data := bytes.Repeat([]byte{byte('a' + i)}, 64<<10)
			<-start
			_, errs[i] = s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), sha256.Sum256(data))
		})
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("writers %d and %d both succeeded", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, archive.ErrExists):
			t.Errorf("writer %d: %v, want success or ErrExists", i, err)
		}
	}
	if winner < 0 {
		t.Fatalf("no writer succeeded: %v", errs)
	}
	want := bytes.Repeat([]byte{byte('a' + winner)}, 64<<10)
	if got := read(t, s, key); !bytes.Equal(got, want) {
		t.Errorf("Open(%q) does not hold the winning writer's bytes", key)
	}
}
