package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/local"
	"github.com/afterimage-archive/afterimage/archive/warc"
	"golang.org/x/sync/errgroup"
)

// exchange is one recorded HTTP exchange of the store corpus.
type exchange struct {
	req, resp     []byte
	payloadDigest string
}

// storeCorpus returns crawl-like exchanges: ~1.2 KB HTML pages and, for
// every 25 pages, one 100 KB image (incompressible, like a JPEG).
func storeCorpus() []exchange {
	r := rand.New(rand.NewPCG(3, 4))
	spec := siteSpec{Pages: 1, PageSize: 1200}
	img := make([]byte, 100<<10)
	var xs []exchange
	for i := range 100 {
		body := renderPage(r, i, spec)
		ct := "text/html; charset=utf-8"
		path := fmt.Sprintf("/p/%d.html", i)
		if i%25 == 24 {
			for j := 0; j+8 <= len(img); j += 8 {
				binary.LittleEndian.PutUint64(img[j:], r.Uint64())
			}
			body, ct, path = bytes.Clone(img), "image/jpeg", fmt.Sprintf("/img/%d.jpg", i)
		}
		req := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: example.org\r\nUser-Agent: afterimage/0.1\r\nAccept-Encoding: gzip\r\n\r\n", path)
		head := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nDate: Sat, 14 Mar 2026 15:09:26 GMT\r\nContent-Length: %d\r\n\r\n", ct, len(body))
		sum := sha256.Sum256(body)
		xs = append(xs, exchange{req: []byte(req), resp: append([]byte(head), body...), payloadDigest: warc.SHA256Digest(sum[:])})
	}
	return xs
}

// storeFigures writes about StoreMB megabytes of WARC records from every
// core into one spool file, seals it and puts it into a local store.
func (b *bench) storeFigures(ctx context.Context) error {
	dir := filepath.Join(b.work, "store-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	st, err := local.New(filepath.Join(dir, "store"))
	if err != nil {
		return err
	}
	corpus := storeCorpus()
	b.logf("store: writing %d MB of WARC records, sealing, putting into a local store", b.opt.StoreMB)
	start := time.Now()
	w, err := warc.Create(filepath.Join(dir, "spool.warc.gz"), warc.Warcinfo{Software: "afterimage bench"}, time.Now)
	if err != nil {
		return err
	}
	records, err := writeCorpus(ctx, w, corpus, b.opt.StoreMB*1e6)
	if err != nil {
		return err
	}
	sealed, err := w.Seal()
	if err != nil {
		return err
	}
	written := time.Since(start)
	f, err := os.Open(sealed.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	putStart := time.Now()
	if _, err := st.Put(ctx, archive.WARCKey(sealed.SHA256), f, sealed.Size, sealed.SHA256); err != nil {
		return err
	}
	put := time.Since(putStart)
	total := written + put
	b.logf("store: %d records, %.0f MB written and sealed in %s, put in %s", records, mb(sealed.Size), written.Round(time.Millisecond), put.Round(time.Millisecond))
	b.add(
		infoFig("store", "records written (~1.3 KB pages, 100 KB images)", float64(records)/written.Seconds(), "records/s"),
		infoFig("store", "write records + seal (fsync)", mb(sealed.Size)/written.Seconds(), "MB/s"),
		infoFig("store", "local.Store.Put (hash, copy, fsync)", mb(sealed.Size)/put.Seconds(), "MB/s"),
		infoFig("store", "seal and store, end to end", mb(sealed.Size)/total.Seconds(), "MB/s"),
	)
	return nil
}

// writeCorpus writes request and response records of the corpus from
// GOMAXPROCS goroutines until the file holds at least size bytes, and
// returns the number of records written.
func writeCorpus(ctx context.Context, w *warc.Writer, corpus []exchange, size int64) (int64, error) {
	var next, records atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	for range runtime.GOMAXPROCS(0) {
		g.Go(func() error {
			for ctx.Err() == nil && w.Size() < size {
				i := next.Add(1)
				x := corpus[i%int64(len(corpus))]
				uri := fmt.Sprintf("https://example.org/x/%d", i)
				req := warc.Record{Type: warc.TypeRequest, ID: w.NewID(), TargetURI: uri, ContentType: warc.ContentTypeHTTPRequest,
					Block: bytes.NewReader(x.req), BlockLen: int64(len(x.req))}
				resp := warc.Record{Type: warc.TypeResponse, TargetURI: uri, ContentType: warc.ContentTypeHTTPResponse,
					IPAddress: "127.0.0.1", ConcurrentTo: []string{req.ID}, PayloadDigest: x.payloadDigest,
					Block: bytes.NewReader(x.resp), BlockLen: int64(len(x.resp))}
				for _, rec := range []warc.Record{req, resp} {
					if _, err := w.Write(rec); err != nil {
						return err
					}
				}
				records.Add(2)
			}
			return ctx.Err()
		})
	}
	err := g.Wait()
	return records.Load(), err
}
