// Package archivetest builds real archives for tests: a local store, an
// evidence log with its key, and captures made through the spool the way
// the crawler makes them.
package archivetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/local"
	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/archive/spool"
	"github.com/afterimage-archive/afterimage/archive/warc"
)

// Origin is the log origin of test archives.
const Origin = "test.afterimage/log"

// Archive is a real archive in a temporary directory.
type Archive struct {
	t        testing.TB
	Dir      string
	Store    *local.Store
	Log      *evlog.Log
	Signer   note.Signer
	VKey     string
	Verifier note.Verifier
	Spool    *spool.Spool
	Ingester *spool.Ingester
	now      time.Time
}

// New makes an empty archive with a fresh key, published in the store.
func New(t testing.TB) *Archive {
	t.Helper()
	a := &Archive{t: t, Dir: t.TempDir(), now: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)}
	var err error
	if a.Spool, err = spool.Open(filepath.Join(a.Dir, "spool"), a.Now); err != nil {
		t.Fatal(err)
	}
	if a.Store, err = local.New(filepath.Join(a.Dir, "store")); err != nil {
		t.Fatal(err)
	}
	skey, vkey, err := evlog.GenerateKey(Origin)
	if err != nil {
		t.Fatal(err)
	}
	a.VKey = vkey
	if a.Signer, err = note.NewSigner(skey); err != nil {
		t.Fatal(err)
	}
	if a.Verifier, err = note.NewVerifier(vkey); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := evlog.PublishKey(ctx, a.Store, vkey); err != nil {
		t.Fatal(err)
	}
	if a.Log, err = evlog.Open(ctx, a.Store, Origin, a.Verifier); err != nil {
		t.Fatal(err)
	}
	a.Ingester = &spool.Ingester{Store: a.Store, Log: a.Log, Signer: a.Signer}
	return a
}

// Now is the archive's clock: a fixed start, one millisecond per call.
func (a *Archive) Now() time.Time {
	a.now = a.now.Add(time.Millisecond)
	return a.now
}

// Page is one fetched page of a capture.
type Page struct {
	URL    string
	Status int
	Body   string
}

// Capture records the pages as request/response pairs with a page item
// and an observation each, seals the capture and stores it.
func (a *Archive) Capture(pages ...Page) spool.Result {
	a.t.Helper()
	c, err := a.Spool.Begin(manifest.Context{Software: "afterimage test", Command: "capture", Robots: "ignore",
		BodyCap: 1 << 20, Timeout: "30s"}, warc.Warcinfo{Software: "afterimage test"})
	if err != nil {
		a.t.Fatal(err)
	}
	for _, p := range pages {
		id := a.record(c, p)
		status := "seen"
		if p.Status == 404 {
			status = "missing"
		}
		c.Item(manifest.Item{ID: "web:" + p.URL, Platform: "web", Kind: "page", URL: p.URL, Records: []string{id}})
		c.Observe(manifest.Observation{Item: "web:" + p.URL, Status: status, HTTPStatus: p.Status, Records: []string{id}})
	}
	if err := c.Seal(); err != nil {
		a.t.Fatal(err)
	}
	res, err := a.Ingester.IngestCapture(context.Background(), c)
	if err != nil {
		a.t.Fatal(err)
	}
	return res
}

// record writes one exchange as the recorder does and notes its records.
func (a *Archive) record(c *spool.Capture, p Page) string {
	a.t.Helper()
	w := c.WARC()
	reqID, respID := w.NewID(), w.NewID()
	req := "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"
	resp := fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", p.Status, len(p.Body), p.Body)
	sum := sha256.Sum256([]byte(p.Body))
	start := w.Now()
	wq, err := w.Write(warc.Record{Type: warc.TypeRequest, ID: reqID, TargetURI: p.URL, ContentType: warc.ContentTypeHTTPRequest,
		ConcurrentTo: []string{respID}, Block: bytes.NewReader([]byte(req)), BlockLen: int64(len(req))})
	if err != nil {
		a.t.Fatal(err)
	}
	wr, err := w.Write(warc.Record{Type: warc.TypeResponse, ID: respID, TargetURI: p.URL, ContentType: warc.ContentTypeHTTPResponse,
		ConcurrentTo: []string{reqID}, IPAddress: "127.0.0.1", PayloadDigest: warc.SHA256Digest(sum[:]),
		Block: bytes.NewReader([]byte(resp)), BlockLen: int64(len(resp))})
	if err != nil {
		a.t.Fatal(err)
	}
	end := w.Now()
	c.AddRecord(spool.RecordFromWritten(wq, 0, "", "", start, end))
	c.AddRecord(spool.RecordFromWritten(wr, p.Status, "text/html", "", start, end))
	return respID
}
