package recorder

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/warc"
	"github.com/afterimage-archive/afterimage/crawler/netguard"
)

// BenchmarkCrawl crawls a generated site (3,000 pages of ~1.2 KB, each with
// one ~2 KB image: 6,001 responses) with colly, Async, Parallelism 8, once
// bare and once through the recorder writing a real WARC, alternating, and
// reports responses/s of both and their ratio (median over b.N pairs: the
// machine is shared, so only ratios from one run compare).
func BenchmarkCrawl(b *testing.B) {
	srv := httptest.NewServer(site(3000, 1200, 2000))
	defer srv.Close()
	var bare, rec, ratios, bareCPU, recCPU []float64
	for i := 0; b.Loop(); i++ {
		start, cpu := time.Now(), cpuTime()
		n := crawl(b, srv.URL+"/", nil)
		bare = append(bare, float64(n)/time.Since(start).Seconds())
		bareCPU = append(bareCPU, float64((cpuTime()-cpu).Microseconds())/float64(n))
		start, cpu = time.Now(), cpuTime()
		n = recordedCrawl(b, srv.URL+"/", i)
		rec = append(rec, float64(n)/time.Since(start).Seconds())
		recCPU = append(recCPU, float64((cpuTime()-cpu).Microseconds())/float64(n))
		ratios = append(ratios, rec[i]/bare[i])
	}
	b.ReportMetric(median(bare), "bare-resp/s")
	b.ReportMetric(median(rec), "recorded-resp/s")
	b.ReportMetric(median(ratios), "ratio")
	// CPU per response (server included: it runs in this process) is
	// steadier than wall time on a shared machine.
	b.ReportMetric(median(bareCPU), "bare-cpu-µs/resp")
	b.ReportMetric(median(recCPU), "recorded-cpu-µs/resp")
}

// cpuTime is the CPU time (user+system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// recordedCrawl crawls through a recorder into a new WARC, sealed at the
// end (the time includes the fsync).
func recordedCrawl(b *testing.B, url string, i int) int {
	w, err := warc.Create(filepath.Join(b.TempDir(), fmt.Sprintf("c%d.warc.gz", i)), warc.Warcinfo{Software: "bench"}, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	tr, err := New(Config{Writer: w, Policy: netguard.Policy{Allow: []netguard.Class{netguard.Loopback}}, SpoolDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	n := crawl(b, url, tr)
	tr.CloseIdleConnections()
	if _, err := w.Seal(); err != nil {
		b.Fatal(err)
	}
	return n
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// BenchmarkCaptureMemory fetches 1 GiB (20 bodies of ~51 MiB) through the
// recorder with 4 at a time and reports the peak heap in use, sampled
// while it runs (target: under 300 MB).
func BenchmarkCaptureMemory(b *testing.B) {
	const bodySize, bodies = 51 << 20, 20
	chunk := []byte(strings.Repeat("evidence video bytes, not very compressible? ", 1500))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(bodySize))
		for sent := 0; sent < bodySize; sent += len(chunk) {
			w.Write(chunk[:min(len(chunk), bodySize-sent)])
		}
	}))
	defer srv.Close()
	for b.Loop() {
		w, err := warc.Create(filepath.Join(b.TempDir(), "mem.warc.gz"), warc.Warcinfo{Software: "bench"}, time.Now)
		if err != nil {
			b.Fatal(err)
		}
		tr, _ := New(Config{Writer: w, Policy: netguard.Policy{Allow: []netguard.Class{netguard.Loopback}}, SpoolDir: b.TempDir()})
		stop := make(chan struct{})
		peak := make(chan uint64)
		go samplePeak(stop, peak)
		sem := make(chan struct{}, 4)
		done := make(chan error, bodies)
		for i := range bodies {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				done <- fetchDiscard(tr, fmt.Sprintf("%s/v/%d", srv.URL, i))
			}()
		}
		for range bodies {
			if err := <-done; err != nil {
				b.Fatal(err)
			}
		}
		close(stop)
		b.ReportMetric(float64(<-peak)/(1<<20), "peak-heap-MiB")
		sealed, err := w.Seal()
		if err != nil {
			b.Fatal(err)
		}
		os.Remove(sealed.Path)
	}
}

func fetchDiscard(tr http.RoundTripper, url string) error {
	resp, err := (&http.Client{Transport: tr}).Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// samplePeak samples HeapInuse every 20 ms until stop is closed.
func samplePeak(stop <-chan struct{}, peak chan<- uint64) {
	var peakSeen uint64
	var ms runtime.MemStats
	for {
		runtime.ReadMemStats(&ms)
		peakSeen = max(peakSeen, ms.HeapInuse)
		select {
		case <-stop:
			peak <- peakSeen
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}
