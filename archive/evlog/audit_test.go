package evlog_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"slices"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
)

// audit runs Audit and returns the keys of the problems found, in order.
func audit(t *testing.T, s archive.Store, k testKey, opts evlog.AuditOptions) ([]string, []evlog.Problem, evlog.AuditSummary) {
	t.Helper()
	var keys []string
	var problems []evlog.Problem
	sum, err := evlog.Audit(context.Background(), s, origin, k.verifier, opts, func(p evlog.Problem) {
		keys = append(keys, p.Key)
		problems = append(problems, p)
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys, problems, sum
}

func TestAuditCleanLogAndLeaves(t *testing.T) {
	s := newMem()
	k := newKey(t, origin)
	l, _ := evlog.Open(context.Background(), s, origin, k.verifier)
	for _, to := range []int{1, 100, 256, 300} {
		appendN(t, l, s, k, int(l.Size()), to)
	}
	var n int64
	opts := evlog.AuditOptions{Leaf: func(i int64, sum [32]byte, hash tlog.Hash) {
		if i != n || sum != sha256.Sum256(manifest(int(i))) || hash != tlog.RecordHash(manifest(int(i))) {
			t.Errorf("leaf %d: %x %s", i, sum, hash)
		}
		n++
	}}
	keys, _, sum := audit(t, s, k, opts)
	if len(keys) != 0 || n != 300 {
		t.Fatalf("problems %v, %d leaves", keys, n)
	}
	want := evlog.AuditSummary{Size: 300, Root: l.Root(), Checkpoints: 4, Tiles: 5}
	if sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
}

func TestAuditNamesEveryProblem(t *testing.T) {
	s, root, k, _ := smallLog(t) // checkpoints 3, 5, 9
	forger := newKey(t, origin)
	replaceObject(t, root, "log/checkpoints/5", signed(t, forger, 5, refRoot(t, 5)))
	b := readFile(t, root, "log/leaves/000.p/3")
	b[0] ^= 1
	replaceObject(t, root, "log/leaves/000.p/3", b)
	replaceObject(t, root, "log/checkpoints/7.tsr.0", []byte("token"))
	replaceObject(t, root, "log/unknown-later-format", []byte("ignored"))

	keys, problems, sum := audit(t, s, k, evlog.AuditOptions{})
	want := []string{"log/checkpoints/5", "log/leaves/000.p/3", "log/checkpoints/7.tsr.0"}
	if !slices.Equal(keys, want) {
		t.Fatalf("problems %v, want keys %v", problems, want)
	}
	if !errors.Is(problems[0].Err, evlog.ErrSignature) {
		t.Errorf("forged checkpoint: %v", problems[0].Err)
	}
	if sum.Size != 9 {
		t.Errorf("latest valid checkpoint = %d, want 9", sum.Size)
	}
}

func TestAuditFindsAlteredTile(t *testing.T) {
	s := newMem()
	k := newKey(t, origin)
	l, _ := evlog.Open(context.Background(), s, origin, k.verifier)
	for _, to := range []int{100, 256, 300} {
		appendN(t, l, s, k, int(l.Size()), to)
	}
	// Leaf 10's hash in the full level-0 tile is altered.
	tile := s.objs["log/tile/8/0/000"]
	tile = bytes.Clone(tile)
	tile[10*32] ^= 1
	s.objs["log/tile/8/0/000"] = tile
	var bad []int64
	keys, problems, _ := audit(t, s, k, evlog.AuditOptions{Leaf: func(i int64, sum [32]byte, hash tlog.Hash) {
		if hash != tlog.RecordHash(manifest(int(i))) {
			bad = append(bad, i)
		}
	}})
	for _, key := range []string{"log/checkpoints/256", "log/tile/8/0/000.p/100", "log/tile/8/1/000.p/1"} {
		if !slices.Contains(keys, key) {
			t.Errorf("no problem named %s in %v", key, problems)
		}
	}
	if !slices.Equal(bad, []int64{10}) {
		t.Errorf("leaves with a wrong hash: %v, want [10]", bad)
	}
}

func TestAuditMissingObjects(t *testing.T) {
	s := newMem()
	k := newKey(t, origin)
	l, _ := evlog.Open(context.Background(), s, origin, k.verifier)
	for _, to := range []int{256, 300} {
		appendN(t, l, s, k, int(l.Size()), to)
	}
	delete(s.objs, "log/tile/8/0/000")
	delete(s.objs, "log/leaves/001.p/44")
	keys, problems, _ := audit(t, s, k, evlog.AuditOptions{})
	for _, key := range []string{"log/tile/8/0/000", "log/leaves/001.p/44"} {
		if !slices.Contains(keys, key) {
			t.Errorf("no problem named %s in %v", key, problems)
		}
	}
	for _, p := range problems {
		if p.Err == nil || p.String() == "" {
			t.Errorf("empty problem %+v", p)
		}
	}
}
