package warc

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

// writeBenchFile writes a crawl-like WARC of about size bytes: for every 25
// pages (request + response, ~1.3 KB of HTML) one 100 KB image
// (incompressible, like a JPEG).
func writeBenchFile(tb testing.TB, path string, size int64) {
	tb.Helper()
	w, err := Create(path, testInfo(), time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	img := make([]byte, 100<<10)
	for i := 0; w.Size() < size; i++ {
		body := pseudoHTML(r, 1300)
		if i%25 == 24 {
			for j := range img {
				img[j] = byte(r.Uint32())
			}
			body = img
		}
		uri := fmt.Sprintf("https://example.org/p/%d", i)
		req := fmt.Sprintf("GET /p/%d HTTP/1.1\r\nHost: example.org\r\nUser-Agent: afterimage\r\nAccept-Encoding: gzip\r\n\r\n", i)
		resp := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nDate: Sat, 14 Mar 2026 15:09:26 GMT\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		recs := []Record{
			{Type: TypeRequest, TargetURI: uri, ContentType: ContentTypeHTTPRequest, Block: bytes.NewReader([]byte(req)), BlockLen: int64(len(req))},
			responseRecord(uri, resp),
		}
		for _, rec := range recs {
			if _, err := w.Write(rec); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if _, err := w.Seal(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkScan compares Scan with the floor it is measured against: one
// goroutine inflating the concatenated members and hashing the output
// (what `zcat FILE | sha256sum` does). The ratio is plain-ns / scan-ns.
func BenchmarkScan(b *testing.B) {
	// AFTERIMAGE_BENCH_WARC names a file to generate once and keep, to time
	// `zcat FILE | sha256sum` on the same bytes.
	path := os.Getenv("AFTERIMAGE_BENCH_WARC")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.warc.gz")
	}
	if _, err := os.Stat(path); err != nil {
		writeBenchFile(b, path, 100<<20)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(st.Size())
		defer reportCPU(b)()
		for b.Loop() {
			f, _ := os.Open(path)
			_, sum, err := ScanAll(context.Background(), f)
			f.Close()
			if err != nil || len(sum.Findings) > 0 {
				b.Fatal(err, sum.Findings)
			}
		}
	})
	b.Run("plain-gunzip-sha256", func(b *testing.B) {
		b.SetBytes(st.Size())
		defer reportCPU(b)()
		for b.Loop() {
			f, _ := os.Open(path)
			zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
			if err != nil {
				b.Fatal(err)
			}
			h := sha256.New()
			if _, err := io.Copy(h, zr); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}

// BenchmarkWrite writes ~1.3 KB response records from all cores into one
// file and reports records/s.
func BenchmarkWrite(b *testing.B) {
	w, err := Create(filepath.Join(b.TempDir(), "w.warc.gz"), testInfo(), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	body := pseudoHTML(rand.New(rand.NewPCG(3, 4)), 1300)
	resp := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	b.SetBytes(int64(len(resp)))
	b.ReportAllocs()
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := w.Write(responseRecord("https://example.org/", resp)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
	if _, err := w.Seal(); err != nil {
		b.Fatal(err)
	}
}

// reportCPU reports the process CPU time (user+system) per op: on a shared
// machine it is steadier than wall time. Call as defer reportCPU(b)().
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(b.N), "cpu-µs/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
