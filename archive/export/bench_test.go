package export

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

// benchCase builds an archive of captures holding items posts with
// bodies of bodySize incompressible bytes, plus after one post in 20 a
// record no item names (so the WARCs are exported as selections), and
// returns the items and the stored WARC files.
func benchCase(b *testing.B, items, perCapture, bodySize int) (*archiveFixture, []Item, []string) {
	f := newArchive(b)
	rng := rand.New(rand.NewChaCha8([32]byte{1}))
	body := make([]byte, bodySize)
	var ids []string
	for n := 0; n < items; {
		c := f.begin(t0.Add(time.Duration(n)*time.Second), "collect")
		for i := 0; i < perCapture && n < items; i++ {
			for k := range body {
				body[k] = byte(rng.Uint32())
			}
			p := testPost{key: strconv.Itoa(n), author: fmt.Sprintf("acct%d", n%997), text: fmt.Sprintf("post %d #FreeIran", n),
				created: t0.Add(time.Duration(n) * time.Second)}
			rec := f.exchange(c, host+"/@"+p.author+"/"+p.key, 200, "text/html", body)
			c.Item(manifest.Item{ID: postID(p), Platform: "mastodon", Kind: "post", URL: host + "/@" + p.author + "/" + p.key,
				Tags: []string{"freeiran"}, Text: p.text, CreatedAt: p.created.Format(time.RFC3339), Records: []string{rec}})
			c.Observe(manifest.Observation{Item: postID(p), Status: "seen", At: p.created.Format(time.RFC3339Nano), HTTPStatus: 200, Records: []string{rec}})
			ids = append(ids, postID(p))
			if i%20 == 19 { // a record no item names: the WARC is exported as a selection
				f.exchange(c, host+"/unselected/"+p.key, 200, "text/html", body[:bodySize/2])
			}
			n++
		}
		f.seal(c)
	}
	var warcs []string
	for _, cid := range f.captures {
		for _, w := range f.m[cid].WARCs {
			warcs = append(warcs, filepath.Join(f.dir, "store", filepath.FromSlash(w.Key)))
		}
	}
	return f, f.items(ids...), warcs
}

// baseline times `cp` of the stored WARC files followed by `sha256sum`
// of the copies: the cost of copying and checking the same bytes.
func baseline(b *testing.B, warcs []string) time.Duration {
	dir := b.TempDir()
	start := time.Now()
	if out, err := exec.Command("cp", append(warcs, dir)...).CombinedOutput(); err != nil {
		b.Fatalf("cp: %v %s", err, out)
	}
	copies, _ := filepath.Glob(filepath.Join(dir, "*"))
	if out, err := exec.Command("sha256sum", copies...).CombinedOutput(); err != nil {
		b.Fatalf("sha256sum: %v %s", err, out)
	}
	d := time.Since(start)
	os.RemoveAll(dir)
	return d
}

// BenchmarkExport exports 10,000 items backed by about 1 GB of WARC
// (AFTERIMAGE_BENCH_MB and AFTERIMAGE_BENCH_ITEMS scale it) and compares the time with
// cp + sha256sum of the same stored WARC bytes in the same run. Target:
// at most 1.5 times the baseline.
func BenchmarkExport(b *testing.B) {
	mb := 1024
	if s := os.Getenv("AFTERIMAGE_BENCH_MB"); s != "" {
		mb, _ = strconv.Atoi(s)
	}
	items := 10000
	if s := os.Getenv("AFTERIMAGE_BENCH_ITEMS"); s != "" {
		items, _ = strconv.Atoi(s)
	}
	bodySize := mb << 20 / items
	built := time.Now()
	f, sel, warcs := benchCase(b, items, 1000, bodySize)
	var total int64
	for _, p := range warcs {
		fi, _ := os.Stat(p)
		total += fi.Size()
	}
	b.Logf("built %d captures, %d items, %.0f MB of WARC in %s", len(f.captures), len(sel), float64(total)/1e6, time.Since(built).Round(time.Millisecond))
	base := baseline(b, warcs)
	for _, full := range []bool{false, true} {
		b.Run(fmt.Sprintf("full=%v", full), func(b *testing.B) {
			b.SetBytes(total)
			var elapsed time.Duration
			n := 0
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "bundle")
				opt := exportOptions(f, out, sel)
				opt.Full = full
				start := time.Now()
				if _, err := Export(context.Background(), opt); err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
				n++
				b.StopTimer()
				os.RemoveAll(out)
				b.StartTimer()
			}
			per := elapsed / time.Duration(n)
			b.ReportMetric(per.Seconds(), "export-s")
			b.ReportMetric(base.Seconds(), "cp+sha256sum-s")
			b.ReportMetric(per.Seconds()/base.Seconds(), "x-baseline")
		})
	}
}
