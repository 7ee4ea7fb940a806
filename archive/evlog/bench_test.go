package evlog_test

import (
	"context"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/evlog"
)

// BenchmarkAppendLocal appends one manifest per Append to a local store,
// as each capture does: leaf record, tiles and checkpoint, fsynced.
func BenchmarkAppendLocal(b *testing.B) {
	ctx := context.Background()
	s, _ := newLocal(b)
	k := newKey(b, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	for i := 0; i < b.N; i++ {
		putManifest(b, s, manifest(i))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := l.Append(ctx, k.signer, manifest(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}

// BenchmarkAppendBatch appends batches of 1000 manifests (in memory: the
// hashing and tiling cost without disk).
func BenchmarkAppendBatch(b *testing.B) {
	ctx := context.Background()
	s := newMem()
	k := newKey(b, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	const batch = 1000
	leaves := make([][]byte, batch)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range leaves {
			leaves[j] = manifest(i*batch + j)
		}
		if _, _, err := l.Append(ctx, k.signer, leaves...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "leaves/s")
}

// bigLog is a 10,000-leaf log with 100 checkpoints, in memory.
func bigLog(b *testing.B) (archive.Store, testKey, *evlog.Log) {
	ctx := context.Background()
	s := newMem()
	k := newKey(b, origin)
	l, _ := evlog.Open(ctx, s, origin, k.verifier)
	for n := 0; n < 10000; n += 100 {
		appendN(b, l, s, k, n, n+100)
	}
	return s, k, l
}

// BenchmarkOpen opens a 10,000-leaf log and looks one manifest up
// (Contains reads every leaf record once).
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	s, k, _ := bigLog(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l, err := evlog.Open(ctx, s, origin, k.verifier)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := l.Contains(ctx, [32]byte{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAudit audits a 10,000-leaf log with 100 checkpoints.
func BenchmarkAudit(b *testing.B) {
	ctx := context.Background()
	s, k, _ := bigLog(b)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		_, err := evlog.Audit(ctx, s, origin, k.verifier, evlog.AuditOptions{}, func(p evlog.Problem) { b.Fatal(p) })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*10000)/time.Since(start).Seconds(), "leaves/s")
}

// BenchmarkProveRecord proves one leaf in a 10,000-leaf log.
func BenchmarkProveRecord(b *testing.B) {
	ctx := context.Background()
	_, _, l := bigLog(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := l.ProveRecord(ctx, int64(i%10000), 10000); err != nil {
			b.Fatal(err)
		}
	}
}
