package evlog_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
)

// crashAppend appends manifests from..to-1 through a store that fails puts
// under prefix, as if the process died there, and checks the failure.
func crashAppend(t *testing.T, s archive.Store, k testKey, prefix string, from, to int) {
	t.Helper()
	ctx := context.Background()
	var leaves [][]byte
	for i := from; i < to; i++ {
		putManifest(t, s, manifest(i))
		leaves = append(leaves, manifest(i))
	}
	l, err := evlog.Open(ctx, failingStore{s, prefix}, origin, k.verifier)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Append(ctx, k.signer, leaves...); !errors.Is(err, errCrash) {
		t.Fatalf("crashing Append: err = %v", err)
	}
}

func TestCrashBeforeCheckpointRecovers(t *testing.T) {
	ctx := context.Background()
	for _, prefix := range []string{"log/checkpoints/", "log/tile/8/1/", "log/tile/8/0/", "log/leaves/"} {
		t.Run(prefix, func(t *testing.T) {
			s := newMem()
			k := newKey(t, origin)
			l, _ := evlog.Open(ctx, s, origin, k.verifier)
			appendN(t, l, s, k, 0, 250)
			crashAppend(t, s, k, prefix, 250, 260) // crosses a full tile
			pending := int64(10)
			if prefix == "log/leaves/" {
				pending = 0
			}
			if sum := auditClean(t, s, k); sum.Size != 250 || sum.Pending != pending {
				t.Fatalf("audit after crash: %+v, want 250 leaves and %d pending", sum, pending)
			}

			l, err := evlog.Open(ctx, s, origin, k.verifier)
			if err != nil {
				t.Fatalf("Open after crash: %v", err)
			}
			if l.Size() != 250 {
				t.Fatalf("Size after crash = %d", l.Size())
			}
			if _, ok, _ := l.Contains(ctx, sha256.Sum256(manifest(255))); ok {
				t.Fatal("an uncommitted leaf counts as logged")
			}
			// The next capture appends 261 and re-offers 255 (a spool
			// ingested again): the crashed leaves are committed first, once.
			putManifest(t, s, manifest(260))
			idx, cp, err := l.Append(ctx, k.signer, manifest(260), manifest(255))
			if err != nil {
				t.Fatal(err)
			}
			want := []int64{260, 255}
			if prefix == "log/leaves/" {
				want = []int64{250, 251} // nothing of the crashed append survived
			}
			if !equal(idx, want) {
				t.Fatalf("indexes = %v, want %v", idx, want)
			}
			if prefix != "log/leaves/" && cp.Root != refRoot(t, 261) {
				t.Fatalf("root after recovery is not the root of leaves 0..260")
			}
			if _, err := evlog.Open(ctx, s, origin, k.verifier); err != nil {
				t.Fatal(err)
			}
			auditClean(t, s, k)
		})
	}
}

func TestRecoveryWithoutNewLeaves(t *testing.T) {
	ctx := context.Background()
	s := newMem()
	k := newKey(t, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	appendN(t, l, s, k, 0, 4)
	crashAppend(t, s, k, "log/checkpoints/", 4, 7)
	l, _ = evlog.Open(ctx, s, origin, k.verifier)
	_, cp, err := l.Append(ctx, k.signer)
	if err != nil || cp.Size != 7 || cp.Root != refRoot(t, 7) {
		t.Fatalf("Append() = %d, %v", cp.Size, err)
	}
}

func TestRecoveryNeedsTheManifests(t *testing.T) {
	ctx := context.Background()
	s := newMem()
	k := newKey(t, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	appendN(t, l, s, k, 0, 2)
	crashAppend(t, s, k, "log/checkpoints/", 2, 4)
	delete(s.objs, archive.ManifestKey(sha256.Sum256(manifest(3))))
	l, _ = evlog.Open(ctx, s, origin, k.verifier)
	_, _, err := l.Append(ctx, k.signer)
	if !errors.Is(err, archive.ErrNotFound) || !strings.Contains(err.Error(), "leaf 3") {
		t.Fatalf("err = %v", err)
	}
}

func TestConflictingObjectIsCorruption(t *testing.T) {
	// Another writer (no lock) or an intruder stored a different tile
	// where the next append writes: Append refuses and reports the key.
	ctx := context.Background()
	s := newMem()
	k := newKey(t, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	appendN(t, l, s, k, 0, 2)
	bad := bytes.Repeat([]byte{7}, 3*32)
	if _, err := s.Put(ctx, "log/tile/8/0/000.p/3", bytes.NewReader(bad), int64(len(bad)), sha256.Sum256(bad)); err != nil {
		t.Fatal(err)
	}
	putManifest(t, s, manifest(2))
	_, _, err := l.Append(ctx, k.signer, manifest(2))
	if !errors.Is(err, archive.ErrCorrupt) || !strings.Contains(err.Error(), "log/tile/8/0/000.p/3") {
		t.Fatalf("err = %v", err)
	}
	if l.Size() != 2 {
		t.Fatalf("Size after refused append = %d", l.Size())
	}
}

// auditClean runs Audit and fails on any problem.
func auditClean(t *testing.T, s archive.Store, k testKey) evlog.AuditSummary {
	t.Helper()
	sum, err := evlog.Audit(context.Background(), s, origin, k.verifier, evlog.AuditOptions{}, func(p evlog.Problem) {
		t.Errorf("audit: %s", p)
	})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}
