package verify

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"sort"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/warc"
)

// countingReader reports progress as bytes are read.
type countingReader struct {
	r io.Reader
	c *checker
}

func (cr countingReader) Read(p []byte) (int, error) {
	n, err := cr.r.Read(p)
	if n > 0 {
		cr.c.progress(int64(n))
	}
	return n, err
}

func (c *checker) checkWARC(ctx context.Context, key string) error {
	rc, err := c.s.Open(ctx, key)
	if err != nil {
		c.problem(key, "cannot read: %v", err)
		return nil
	}
	defer rc.Close()
	c.mu.Lock()
	c.stats.WARCs++
	c.mu.Unlock()
	var want map[int64]expected
	var pending []*warc.Entry // scanned before the manifests were parsed
	ready := false
	seen := map[int64]bool{}
	sum, err := warc.Scan(ctx, countingReader{rc, c}, func(e *warc.Entry) error {
		seen[e.Offset] = true
		for _, f := range e.Findings {
			c.problem(key, "%s", f)
		}
		if !ready {
			select {
			case <-c.ready:
				ready, want = true, c.expect[key]
				c.compareAll(key, want, pending)
				pending = nil
			default:
				pending = append(pending, e)
				return nil
			}
		}
		if exp, ok := want[e.Offset]; ok {
			c.compare(key, exp, e)
		}
		return nil
	})
	<-c.ready
	if !ready {
		want = c.expect[key] // read-only once ready is closed
		c.compareAll(key, want, pending)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c.problem(key, "cannot read: %v", err)
		return nil
	}
	c.mu.Lock()
	c.stats.Records += sum.Records
	c.stats.Bytes += sum.Size
	c.mu.Unlock()
	for _, f := range sum.Findings {
		c.problem(key, "%s", f)
	}
	if name, ok := archive.ParseHashKey(key); ok && name != sum.SHA256 {
		c.problem(key, "content SHA-256 is %s, not the %s its name says", hex.EncodeToString(sum.SHA256[:]), hex.EncodeToString(name[:]))
	}
	if len(want) == 0 {
		c.problem(key, "no manifest describes this WARC")
	}
	c.missing(key, want, seen)
	return nil
}

// compareAll compares scanned entries with their manifest entries.
func (c *checker) compareAll(key string, want map[int64]expected, es []*warc.Entry) {
	for _, e := range es {
		if exp, ok := want[e.Offset]; ok {
			c.compare(key, exp, e)
		}
	}
}

// missing reports records a manifest lists that the WARC does not hold.
func (c *checker) missing(key string, want map[int64]expected, seen map[int64]bool) {
	var offs []int64
	for off := range want {
		if !seen[off] {
			offs = append(offs, off)
		}
	}
	sort.Slice(offs, func(i, j int) bool { return offs[i] < offs[j] })
	for _, off := range offs {
		e := want[off]
		c.problem(e.manifestKey, "lists record %s at offset %d of %s, which the WARC does not hold", e.rec.ID, off, key)
	}
}

// compare checks one record against its manifest entry.
func (c *checker) compare(key string, exp expected, e *warc.Entry) {
	r := exp.rec
	diff := func(field, manifestVal, warcVal string) {
		if manifestVal != warcVal {
			c.problem(exp.manifestKey, "record %s (offset %d of %s): manifest %s %q, WARC has %q", r.ID, r.Offset, key, field, manifestVal, warcVal)
		}
	}
	diff("length", fmt.Sprint(r.Length), fmt.Sprint(e.Length))
	diff("sha256", r.SHA256, e.SHA256)
	diff("id", r.ID, e.ID)
	diff("type", r.Type, e.Type)
	diff("target_uri", r.TargetURI, e.TargetURI)
	diff("block_digest", r.BlockDigest, e.BlockDigest)
	if r.PayloadDigest != "" {
		diff("payload_digest", r.PayloadDigest, e.PayloadDigest)
	}
	if r.Type == "response" {
		diff("status", fmt.Sprint(r.Status), fmt.Sprint(e.HTTPStatus))
	}
}
