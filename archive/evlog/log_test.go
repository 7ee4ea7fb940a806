package evlog_test

import (
	"context"
	"crypto/sha256"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
)

func TestEmptyLog(t *testing.T) {
	ctx := context.Background()
	s, _ := newLocal(t)
	k := newKey(t, origin)
	l, err := evlog.Open(ctx, s, origin, k.verifier)
	if err != nil {
		t.Fatal(err)
	}
	if l.Size() != 0 {
		t.Errorf("Size = %d", l.Size())
	}
	if _, ok, err := l.Contains(ctx, sha256.Sum256(manifest(0))); ok || err != nil {
		t.Errorf("Contains on empty log = %v, %v", ok, err)
	}
	// Append with nothing to commit writes nothing.
	idx, cp, err := l.Append(ctx, k.signer)
	if err != nil || len(idx) != 0 || cp.Size != 0 {
		t.Errorf("empty Append = %v, %+v, %v", idx, cp, err)
	}
	if sizes, _ := l.Checkpoints(ctx); len(sizes) != 0 {
		t.Errorf("checkpoints after empty Append: %v", sizes)
	}
}

func TestAppendProveReopen(t *testing.T) {
	// In memory: hundreds of fsyncs on a disk store would make the test
	// slow; TestLocalStore runs the same steps on disk.
	testAppendProveReopen(t, newMem(), []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 5, 100, 1, 150, 7, 255, 1})
}

func TestLocalStore(t *testing.T) {
	s, _ := newLocal(t)
	testAppendProveReopen(t, s, []int{1, 1, 2, 3, 1})
}

func testAppendProveReopen(t *testing.T, s archive.Store, batches []int) {
	ctx := context.Background()
	k := newKey(t, origin)
	l, err := evlog.Open(ctx, s, origin, k.verifier)
	if err != nil {
		t.Fatal(err)
	}
	cps := map[int64]evlog.Checkpoint{}
	n := 0
	for _, batch := range batches {
		cp := appendN(t, l, s, k, n, n+batch)
		n += batch
		if cp.Size != int64(n) || l.Size() != int64(n) || l.Root() != cp.Root {
			t.Fatalf("after %d leaves: checkpoint %d, Size %d", n, cp.Size, l.Size())
		}
		if want := refRoot(t, n); cp.Root != want {
			t.Fatalf("root of %d leaves = %s, want %s", n, cp.Root, want)
		}
		if _, err := evlog.OpenCheckpoint(cp.Note, origin, k.verifier); err != nil {
			t.Fatal(err)
		}
		cps[cp.Size] = cp
	}
	checkAllProofs(t, l, cps)

	l2, err := evlog.Open(ctx, s, origin, k.verifier)
	if err != nil {
		t.Fatal(err)
	}
	if l2.Size() != int64(n) || l2.Root() != l.Root() {
		t.Fatalf("reopened: size %d root %s, want %d %s", l2.Size(), l2.Root(), n, l.Root())
	}
	sizes, err := l2.Checkpoints(ctx)
	if err != nil || len(sizes) != len(cps) {
		t.Fatalf("Checkpoints = %v, %v; want %d", sizes, err, len(cps))
	}
	for i := 0; i < n; i++ {
		sum := sha256.Sum256(manifest(i))
		j, ok, err := l2.Contains(ctx, sum)
		if err != nil || !ok || j != int64(i) {
			t.Fatalf("Contains(manifest %d) = %d, %v, %v", i, j, ok, err)
		}
		got, err := l2.LeafSHA256(ctx, int64(i))
		if err != nil || got != sum {
			t.Fatalf("LeafSHA256(%d) = %x, %v", i, got, err)
		}
		h, err := l2.LeafHash(ctx, int64(i))
		if err != nil || h != tlog.RecordHash(manifest(i)) {
			t.Fatalf("LeafHash(%d) = %s, %v", i, h, err)
		}
	}
	if _, ok, _ := l2.Contains(ctx, sha256.Sum256(manifest(n))); ok {
		t.Error("Contains reports a manifest never appended")
	}
	if _, err := l2.LeafSHA256(ctx, int64(n)); err == nil {
		t.Error("LeafSHA256 beyond the log succeeded")
	}
}

// checkAllProofs proves every leaf in every checkpointed tree and every
// checkpoint pair's consistency, and checks each proof.
func checkAllProofs(t *testing.T, l *evlog.Log, cps map[int64]evlog.Checkpoint) {
	t.Helper()
	ctx := context.Background()
	for size, cp := range cps {
		for i := int64(0); i < size; i++ {
			p, err := l.ProveRecord(ctx, i, size)
			if err != nil {
				t.Fatal(err)
			}
			if err := tlog.CheckRecord(p, size, cp.Root, i, tlog.RecordHash(manifest(int(i)))); err != nil {
				t.Fatalf("leaf %d in tree %d: %v", i, size, err)
			}
			if i == size/2 {
				if err := tlog.CheckRecord(p, size, cp.Root, i, tlog.RecordHash(manifest(int(i+1)))); err == nil {
					t.Fatalf("proof of leaf %d accepted other data", i)
				}
			}
		}
		for older, ocp := range cps {
			if older > size {
				continue
			}
			p, err := l.ProveTree(ctx, size, older)
			if err != nil {
				t.Fatal(err)
			}
			if err := tlog.CheckTree(p, size, cp.Root, older, ocp.Root); err != nil {
				t.Fatalf("tree %d contains %d: %v", size, older, err)
			}
		}
	}
	if _, err := l.ProveRecord(ctx, 5, 5); err == nil {
		t.Error("ProveRecord of a leaf outside its tree succeeded")
	}
	if _, err := l.ProveTree(ctx, l.Size()+1, 1); err == nil {
		t.Error("ProveTree beyond the log succeeded")
	}
}

func TestAppendSkipsLeavesAlreadyLogged(t *testing.T) {
	ctx := context.Background()
	s, _ := newLocal(t)
	k := newKey(t, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	cp := appendN(t, l, s, k, 0, 3)
	putManifest(t, s, manifest(3))
	// A repeated leaf (already logged, or twice in one call) keeps one index.
	idx, cp2, err := l.Append(ctx, k.signer, manifest(1), manifest(3), manifest(3))
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{1, 3, 3}; !equal(idx, want) || cp2.Size != 4 {
		t.Fatalf("Append = %v size %d, want %v size 4", idx, cp2.Size, want)
	}
	// Nothing new: no new checkpoint.
	idx, cp3, err := l.Append(ctx, k.signer, manifest(0))
	if err != nil || !equal(idx, []int64{0}) || cp3.Size != 4 {
		t.Fatalf("Append(logged) = %v %d %v", idx, cp3.Size, err)
	}
	_ = cp
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAppendRefusesOtherKeys(t *testing.T) {
	ctx := context.Background()
	s, _ := newLocal(t)
	k := newKey(t, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	putManifest(t, s, manifest(0))
	other := newKey(t, origin) // same name, another key
	if _, _, err := l.Append(ctx, other.signer, manifest(0)); err == nil {
		t.Fatal("Append signed with another key succeeded")
	}
	misnamed := newKey(t, "other.example/log")
	if _, _, err := l.Append(ctx, misnamed.signer, manifest(0)); err == nil {
		t.Fatal("Append signed with a key for another origin succeeded")
	}
	if sizes, _ := l.Checkpoints(ctx); len(sizes) != 0 {
		t.Fatalf("a refused Append left checkpoints %v", sizes)
	}
	// The log still works with its own key, and wrote nothing wrong before.
	appendN(t, l, s, k, 0, 2)
	if _, err := evlog.Open(ctx, s, origin, k.verifier); err != nil {
		t.Fatal(err)
	}
}

func TestBigTree(t *testing.T) {
	t.Parallel()
	// Crosses the second tile level (65536 leaves) in an in-memory store.
	ctx := context.Background()
	s := newMem()
	k := newKey(t, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	const n = 1<<16 + 300
	appendN(t, l, s, k, 0, 1000)
	appendN(t, l, s, k, 1000, 1<<16+1)
	cp := appendN(t, l, s, k, 1<<16+1, n)
	if want := refRoot(t, n); cp.Root != want {
		t.Fatalf("root = %s, want %s", cp.Root, want)
	}
	l2, err := evlog.Open(ctx, s, origin, k.verifier)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int64{0, 255, 256, 65535, 65536, n - 1} {
		p, err := l2.ProveRecord(ctx, i, n)
		if err != nil {
			t.Fatal(err)
		}
		if err := tlog.CheckRecord(p, n, cp.Root, i, tlog.RecordHash(manifest(int(i)))); err != nil {
			t.Fatalf("leaf %d: %v", i, err)
		}
	}
	var problems []evlog.Problem
	sum, err := evlog.Audit(ctx, s, origin, k.verifier, evlog.AuditOptions{}, func(p evlog.Problem) { problems = append(problems, p) })
	if err != nil || len(problems) != 0 || sum.Size != n {
		t.Fatalf("Audit = %+v, %v, problems %v", sum, err, problems)
	}
	if _, err := s.Stat(ctx, "log/tile/8/2/000.p/1"); err != nil {
		t.Errorf("level-2 tile: %v", err)
	}
}
